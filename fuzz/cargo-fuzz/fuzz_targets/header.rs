//! libFuzzer entry point for `bpfkit_fuzz::header`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bpfkit_fuzz::header::run(data));

#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build with `cargo fuzz run --fuzz-dir fuzz/cargo-fuzz header` (see fuzz/README.md)");
}

//! libFuzzer entry point for `bpfkit_fuzz::reach`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bpfkit_fuzz::reach::run(data));

#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build with `cargo fuzz run --fuzz-dir fuzz/cargo-fuzz reach` (see fuzz/README.md)");
}

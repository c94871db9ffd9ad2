//! libFuzzer entry point for `bpfkit_fuzz::obj`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bpfkit_fuzz::obj::run(data));

#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build with `cargo fuzz run --fuzz-dir fuzz/cargo-fuzz obj` (see fuzz/README.md)");
}

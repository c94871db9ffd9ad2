//! libFuzzer entry point for `bpfkit_fuzz::btf_parse`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bpfkit_fuzz::btf_parse::run(data));

#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build with `cargo fuzz run --fuzz-dir fuzz/cargo-fuzz btf_parse` (see fuzz/README.md)");
}

//! libFuzzer entry point for `bpfkit_fuzz::insn`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bpfkit_fuzz::insn::run(data));

#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build with `cargo fuzz run --fuzz-dir fuzz/cargo-fuzz insn` (see fuzz/README.md)");
}

//! libFuzzer entry point for `bpfkit_fuzz::link`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bpfkit_fuzz::link::run(data));

#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build with `cargo fuzz run link`");
}

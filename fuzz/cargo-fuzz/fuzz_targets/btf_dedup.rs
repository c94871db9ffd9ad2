//! libFuzzer entry point for `bpfkit_fuzz::btf_dedup`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bpfkit_fuzz::btf_dedup::run(data));

#[cfg(not(fuzzing))]
fn main() {
    eprintln!("build with `cargo fuzz run btf_dedup`");
}

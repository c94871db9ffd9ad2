//! Fuzz logic for every bpfkit parser, as plain functions.
//!
//! Each module exposes `pub fn run(data: &[u8])`, which must never panic,
//! loop forever or allocate without bound on any input. The thin binaries in
//! `fuzz_targets/` hand libFuzzer's input to these functions; the unit tests
//! in each module drive the same functions with proptest and with mutated
//! testdata, so the logic runs under plain `cargo test`.

pub mod btf_ext;
pub mod btf_parse;
pub mod header;
pub mod insn;
pub mod obj;
pub mod relo;

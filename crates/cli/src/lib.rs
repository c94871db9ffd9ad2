//! The library half of the `bpfkit` and `btf-to-header` binaries: every
//! subcommand (one module each, with `pub fn main(args)`), argument
//! handling and file input. File I/O and the one
//! memory map live here, never in the `bpfkit-*` libraries.

pub mod btf;
pub mod core;
pub mod disasm;
pub mod error;
pub mod input;
pub mod obj;
pub mod validate;

//! The library half of the `bpfkit` and `btf-to-header` binaries: argument
//! handling and file input shared by the subcommands. File I/O and the one
//! memory map live here, never in the `bpfkit-*` libraries.

pub mod btf;
pub mod dedup;
pub mod disasm;
pub mod error;
pub mod input;

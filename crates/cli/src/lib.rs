//! The library half of the `bpfkit` and `btf-to-header` binaries: the clap
//! command line ([`app`]), every subcommand (one module each, with an
//! `Args` struct and `run(&Args)`), file input and output. File I/O and the
//! one memory map live here, never in the `bpfkit-*` libraries.

pub mod app;
pub mod btf;
pub mod completions;
pub mod core;
pub mod dedup;
pub mod disasm;
pub mod error;
pub mod generate;
pub mod input;
pub mod json;
pub mod link;
pub mod obj;
pub mod output;
pub mod pretty;
pub mod start;
pub mod validate;

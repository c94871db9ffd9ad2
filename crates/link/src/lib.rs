//! `bpfkit-link`: a static linker for clang-compiled BPF objects, rule for
//! rule libbpf 1.8's `bpf_linker` (what `bpftool gen object OUT A.o B.o`
//! runs), without libbpf.
//!
//! ```no_run
//! # fn main() -> Result<(), bpfkit_link::Error> {
//! use bpfkit_link::{LinkOptions, Linker};
//! let mut linker = Linker::new(LinkOptions::new());
//! for path in ["a.bpf.o", "b.bpf.o"] {
//!     linker.add_object(path, &std::fs::read(path).unwrap())?;
//! }
//! std::fs::write("out.bpf.o", linker.finish()?).unwrap();
//! # Ok(()) }
//! ```
//!
//! Sections are merged by name in input order with alignment padding;
//! `license`/`version` must be identical; global symbols are resolved
//! (strong beats weak, first weak wins, externs bind to definitions and
//! are matched by BTF, maps by their parsed definitions; hidden visibility
//! is contagious); relocations, BTF (DATASECs rebuilt, then deduplicated
//! with [`bpfkit_btf::dedup`]) and `.BTF.ext` are remapped. The output
//! equals libbpf's, with one deliberate difference (a weak variable or map
//! overridden by a later strong one: see `docs/link.md`).

mod btf;
mod error;
mod input;
mod linker;
mod strset;
mod write;

pub use error::{Error, ErrorKind, Result};
pub use linker::{LinkOptions, Linker};

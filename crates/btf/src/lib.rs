//! `bpfkit-btf`: a zero-copy reader, validator, writer and raw dumper for
//! BTF, the BPF Type Format.
//!
//! ```no_run
//! # fn main() -> Result<(), bpfkit_btf::Error> {
//! let bytes = std::fs::read("/sys/kernel/btf/vmlinux").unwrap();
//! let btf = bpfkit_btf::Btf::parse(&bytes)?;
//! let id = btf.find_by_name_kind("task_struct", bpfkit_btf::BtfKind::STRUCT).unwrap();
//! println!("task_struct is {} bytes", btf.resolve_size(id)?);
//! # Ok(()) }
//! ```
//!
//! Runnable, on BTF built in memory:
//!
//! ```
//! use bpfkit_btf::{Btf, BtfKind, Endian, IntEncoding, write::BtfBuilder};
//! let mut b = BtfBuilder::new();
//! let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
//! let bytes = b.encode(Endian::Big);
//! let btf = Btf::parse(&bytes).unwrap();
//! assert_eq!(btf.find_by_name_kind("int", BtfKind::INT), Some(int));
//! assert_eq!(btf.resolve_size(int).unwrap(), 4);
//! ```
//!
//! The reader ([`Btf`]) borrows its input and indexes it in one pass; type
//! records are decoded on demand through [`Type`] views ([`Records`] walks
//! them without the index, for work beside the parse). [`input`] finds the
//! BTF inside gzip or ELF files, [`ext`] reads `.BTF.ext`, [`dump`] prints
//! bpftool's raw text and JSON formats, [`validate`] runs a model of the
//! kernel's BTF verifier (Linux 6.18), [`write`](mod@write) builds and encodes
//! BTF, and [`dedup`] deduplicates it exactly as libbpf 1.8's `btf__dedup`.

mod btf;
pub mod btf_header;
pub mod dedup;
pub mod dump;
mod endian;
mod error;
pub mod ext;
mod fields;
pub mod input;
mod kind;
mod records;
mod resolve;
mod rule;
mod types;
pub mod validate;
pub mod write;

pub use btf::{Btf, MAX_TYPES, c_str};
pub use endian::Endian;
pub use error::{Error, ErrorKind, Result};
pub use kind::{BtfKind, IntEncoding, Linkage, StrOffset, TypeId};
pub use records::Records;
pub use types::{
    ArrayInfo, DatasecVar, DatasecVars, Enumerator, Enumerators, IntInfo, Member, Members, Param, Params, Type,
};

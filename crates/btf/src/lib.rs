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
//! The reader ([`Btf`]) borrows its input and indexes it in one pass; type
//! records are decoded on demand through [`Type`] views. [`input`] finds the
//! BTF inside gzip or ELF files, [`ext`] reads `.BTF.ext`, [`dump`] prints
//! bpftool's raw text and JSON formats, [`validate`] runs a model of the
//! kernel's BTF verifier (Linux 6.18), and [`write`](mod@write) builds and encodes BTF.

mod btf;
pub mod btf_header;
pub mod dump;
mod endian;
mod error;
pub mod ext;
pub mod input;
mod kind;
mod resolve;
mod rule;
mod types;
pub mod validate;
pub mod write;

pub use btf::{Btf, MAX_TYPES};
pub use endian::Endian;
pub use error::{Error, ErrorKind, Result};
pub use kind::{BtfKind, IntEncoding, Linkage, StrOffset, TypeId};
pub use types::{
    ArrayInfo, DatasecVar, DatasecVars, Enumerator, Enumerators, IntInfo, Member, Members, Param, Params, Type,
};

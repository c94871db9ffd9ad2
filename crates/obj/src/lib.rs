//! `bpfkit-obj`: a reader for clang-compiled BPF ELF objects (`.bpf.o`).
//!
//! ```no_run
//! # fn main() -> Result<(), bpfkit_obj::Error> {
//! let bytes = std::fs::read("prog.bpf.o").unwrap();
//! let obj = bpfkit_obj::Object::parse(&bytes)?;
//! for p in obj.programs().iter().filter(|p| !p.subprog) {
//!     println!("{} in {}: {} ({} insns)", p.name, p.section_name, p.prog_type(), p.insn_count());
//!     let layout = obj.loaded_layout(p.index)?;
//!     println!("  loaded with {} subprograms", layout.placed.len() - 1);
//! }
//! # Ok(()) }
//! ```
//!
//! Every input is untrusted; a damaged one is an error saying what and where:
//!
//! ```
//! let err = bpfkit_obj::Object::parse(b"\x7fELF\x02\x01 not really").unwrap_err();
//! assert!(err.to_string().contains("ELF"), "{err}");
//! ```
//!
//! [`Object`] borrows the input and reads, in one pass and with libbpf's
//! rules (`bpf_object__open`): sections and symbols ([`elf`]), programs and
//! what their section names mean ([`program`], [`section_def`]), maps
//! ([`map`]), global data ([`data`]), externs ([`externs`]), relocations
//! resolved to what they mean ([`reloc`]), subprogram calls ([`calls`]), and the `.BTF`/`.BTF.ext`
//! records tied to programs and instructions ([`ext`]), with CO-RE access
//! strings parsed as libbpf does ([`core_spec`]). [`layout`] gives
//! the instruction layout libbpf loads a program with. Malformed input
//! gives an [`Error`]; nothing panics.

pub mod calls;
pub mod core_spec;
pub mod data;
pub mod elf;
pub mod error;
pub mod ext;
pub mod externs;
pub mod ids;
pub mod layout;
pub mod map;
pub mod objdump;
mod object;
pub mod program;
pub mod reloc;
pub mod section_def;

pub use calls::SubprogRef;
pub use data::ARENA_SEC;
pub use data::{DataKind, DataSection, DataVar};
pub use elf::{RawReloc, RelocType, Section, Symbol, SymbolSection};
pub use error::{Error, ErrorKind, Result};
pub use ext::{AccessStep, CoreAccess, CoreRelo, FuncInfo, InsnLoc, LineInfo};
pub use externs::{Extern, ExternKind, KconfigType};
pub use ids::{DataIndex, ExternIndex, MapIndex, ProgramIndex, SectionIndex, SymbolIndex};
pub use layout::{LoadedLayout, LoadedRef, Placed};
pub use map::{LEGACY_MAPS_SEC, MAPS_SEC};
pub use map::{Map, MapDef, MapKind, MapSlot, Pinning, SlotTarget};
pub use object::Object;
pub use program::Program;
pub use reloc::{Reloc, RelocTarget};
pub use section_def::{AttachType, MapType, ProgSection, ProgType, SecDef, SecFlags, find_sec_def};

//! `bpfkit-relo`: CO-RE relocation, with libbpf's answer on every
//! relocation (`relo_core.c`, `bpf_core_find_cands`,
//! `bpf_object__relocate_core`).
//!
//! ```no_run
//! # #[cfg(feature = "reports")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let vmlinux_bytes = std::fs::read("/sys/kernel/btf/vmlinux")?;
//! let vmlinux = bpfkit_btf::Btf::parse(&vmlinux_bytes)?;
//! let obj_bytes = std::fs::read("prog.bpf.o")?;
//! let obj = bpfkit_obj::Object::parse(&obj_bytes)?;
//! let targets = bpfkit_relo::Targets::new(&vmlinux);
//! let relocated = bpfkit_relo::relocate(&obj, &targets)?;
//! for entry in bpfkit_relo::report::entries(&obj, &targets, &relocated) {
//!     println!("{}", entry.text_line());
//! }
//! # Ok(()) }
//! # #[cfg(not(feature = "reports"))] fn main() {}
//! ```
//!
//! One relocation, runnable: the program was compiled against a `struct
//! task` whose `pid` is at byte 0; on the target kernel it is at byte 8.
//!
//! ```
//! use bpfkit_btf::ext::CoreReloKind;
//! use bpfkit_btf::write::{BtfBuilder, MemberSpec};
//! use bpfkit_btf::{Btf, Endian, IntEncoding, TypeId};
//! use bpfkit_relo::{Resolver, Targets};
//!
//! let task = |pid_at: u32| {
//!     let mut b = BtfBuilder::new();
//!     let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
//!     b.add_struct("task", 16, &[MemberSpec::new("pid", int, pid_at * 8)]);
//!     b.encode(Endian::Little)
//! };
//! let (local, target) = (task(0), task(8));
//! let (local, target) = (Btf::parse(&local).unwrap(), Btf::parse(&target).unwrap());
//! let targets = Targets::new(&target);
//! let mut resolver = Resolver::new(&local, &targets, Endian::Little);
//! let r = resolver.resolve(TypeId(2), "0:0", CoreReloKind::FIELD_BYTE_OFFSET).unwrap();
//! assert_eq!((r.value.orig_val, r.value.new_val), (0, 8));
//! ```
//!
//! * [`spec`]: access strings and specs (`bpf_core_parse_spec`).
//! * [`cands`]: target BTFs and candidate search by essential name.
//! * [`compat`]: fields compatible, types compatible, types match, spec match.
//! * [`calc`]: the values of all 13 kinds, memory-size adjustment.
//! * [`resolve`]: one relocation against its candidates, ambiguity, cache.
//! * [`patch`]: patching and poisoning instructions.
//! * [`program`]: the whole object, program by program as loaded.
//! * `report` (feature `reports`, on by default): per-relocation reports, text and JSON.
//! * [`minimize`]: the minimal target BTF that resolves the same way.

pub mod calc;
pub mod cands;
pub mod compat;
mod error;
pub mod minimize;
pub mod patch;
pub mod program;
pub mod reach;
#[cfg(feature = "reports")]
pub mod report;
pub mod resolve;
pub mod spec;
pub mod verdict;

pub use calc::ReloValue;
pub use cands::{Candidate, Target, TargetIndex, Targets, essential_name, essential_name_len};
pub use error::{Error, ErrorKind, ReloRef, Result};
pub use patch::{POISON_IMM, Patched, PatchedField, patch_insn};
pub use program::{
    Applied, LoadedFuncInfo, LoadedInsn, LoadedLineInfo, LoadedProgram, LoadedReloc, Record, Relocation, relocate,
    relocate_with,
};
pub use resolve::{Resolution, Resolver, Tried};
pub use spec::{Accessor, MAX_SPEC_LEN, Spec, parse_access, parse_spec};

//! Patching instructions (libbpf's `bpf_core_patch_insn` and
//! `bpf_core_poison_insn`).

use crate::calc::ReloValue;
use crate::error::{Error, ErrorKind, Result};
use bpfkit_insn::{Class, Opcode, RawInsn, Size};

/// The helper id libbpf puts in a poisoned instruction (`0xbad2310`, "bad relo").
pub const POISON_IMM: i32 = 195_896_080;

/// Which instruction form was patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatchedField {
    /// `ALU/ALU64` immediate.
    AluImm,
    /// `LDX/ST/STX` offset (and maybe size).
    MemOff,
    /// `ld_imm64` 64-bit immediate.
    Imm64,
}

impl PatchedField {
    /// libbpf's log label (`ALU/ALU64`, `LDX/ST/STX`, `LDIMM64`).
    pub fn label(self) -> &'static str {
        match self {
            PatchedField::AluImm => "ALU/ALU64",
            PatchedField::MemOff => "LDX/ST/STX",
            PatchedField::Imm64 => "LDIMM64",
        }
    }
}

/// What patching did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Patched {
    /// Replaced by `call 0xbad2310` (both slots for `ld_imm64`); `memsz`
    /// when the cause is an unsafe load/store size change.
    Poisoned {
        /// Poisoned because the memory size can't be adjusted safely.
        memsz: bool,
    },
    /// A value was written.
    Value {
        /// Which field.
        field: PatchedField,
        /// The value found in the instruction.
        old: i64,
        /// The value written.
        new: u64,
        /// The load/store size change, in bytes (`orig`, `new`).
        mem_size: Option<(u32, u32)>,
    },
}

fn patch_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Patch, msg)
}

fn poison(insn: &mut RawInsn) {
    *insn = RawInsn { code: Opcode::CALL, dst: 0, src: 0, off: 0, imm: POISON_IMM };
}

fn size_bytes(code: Opcode) -> u32 {
    u32::from(code.size().bytes())
}

/// Patches `insns[idx]` with `res`, checking the compiler-encoded value
/// first when `res.validate` is set, as libbpf does.
pub fn patch_insn(insns: &mut [RawInsn], idx: usize, res: &ReloValue) -> Result<Patched> {
    let len = insns.len();
    let Some(&insn) = insns.get(idx) else {
        return Err(patch_err(format!("instruction #{idx} is outside the program ({len} instructions)")));
    };
    let class = insn.code.class();
    let poison_at = |insns: &mut [RawInsn], memsz: bool| {
        if insns[idx].code == Opcode::LD_IMM64
            && let Some(next) = insns.get_mut(idx + 1)
        {
            poison(next);
        }
        poison(&mut insns[idx]);
        Patched::Poisoned { memsz }
    };
    if res.poison {
        return Ok(poison_at(insns, false));
    }
    let (orig, new) = (res.orig_val, res.new_val);
    match class {
        Class::ALU | Class::ALU64 => {
            if insn.code.0 & 0x08 != 0 {
                return Err(patch_err(format!("insn #{idx} (ALU/ALU64) has a register operand, not an immediate")));
            }
            if res.validate && insn.imm as i64 as u64 != orig {
                return Err(patch_err(format!(
                    "unexpected insn #{idx} (ALU/ALU64) value: got {}, exp {orig} -> {new}",
                    insn.imm
                )));
            }
            insns[idx].imm = new as i32;
            Ok(Patched::Value { field: PatchedField::AluImm, old: i64::from(insn.imm), new, mem_size: None })
        }
        Class::LDX | Class::ST | Class::STX => {
            if res.validate && insn.off as i64 as u64 != orig {
                return Err(patch_err(format!(
                    "unexpected insn #{idx} (LDX/ST/STX) value: got {}, exp {orig} -> {new}",
                    insn.off
                )));
            }
            if new > i16::MAX as u64 {
                return Err(patch_err(format!("insn #{idx} (LDX/ST/STX) value too big: {new}")));
            }
            if res.fail_memsz_adjust {
                return Ok(poison_at(insns, true));
            }
            insns[idx].off = new as i16;
            let mut mem_size = None;
            if res.new_sz != res.orig_sz {
                let have = size_bytes(insn.code);
                if have != res.orig_sz {
                    return Err(patch_err(format!(
                        "insn #{idx} (LDX/ST/STX) unexpected mem size: got {have}, exp {}",
                        res.orig_sz
                    )));
                }
                let Some(sz) = u8::try_from(res.new_sz).ok().and_then(Size::from_bytes) else {
                    return Err(patch_err(format!("insn #{idx} (LDX/ST/STX) invalid new mem size: {}", res.new_sz)));
                };
                insns[idx].code = Opcode((insn.code.0 & 0xe0) | sz.0 | (insn.code.0 & 0x07));
                mem_size = Some((res.orig_sz, res.new_sz));
            }
            Ok(Patched::Value { field: PatchedField::MemOff, old: i64::from(insn.off), new, mem_size })
        }
        Class::LD => {
            let next = insns.get(idx + 1).copied();
            let ok = insn.code == Opcode::LD_IMM64
                && insn.src == 0
                && insn.off == 0
                && next.is_some_and(|n| n.code.0 == 0 && n.dst == 0 && n.src == 0 && n.off == 0);
            let Some(next) = next.filter(|_| ok) else {
                return Err(patch_err(format!("insn #{idx} (LDIMM64) has unexpected form")));
            };
            let imm = u64::from(insn.imm as u32) | (u64::from(next.imm as u32) << 32);
            if res.validate && imm != orig {
                return Err(patch_err(format!(
                    "unexpected insn #{idx} (LDIMM64) value: got {imm}, exp {orig} -> {new}"
                )));
            }
            insns[idx].imm = new as u32 as i32;
            insns[idx + 1].imm = (new >> 32) as u32 as i32;
            Ok(Patched::Value { field: PatchedField::Imm64, old: imm as i64, new, mem_size: None })
        }
        _ => Err(patch_err(format!(
            "trying to relocate unrecognized insn #{idx}, code:{:#x}, src:{:#x}, dst:{:#x}, off:{:#x}, imm:{:#x}",
            insn.code.0, insn.src, insn.dst, insn.off as u16, insn.imm as u32
        ))),
    }
}

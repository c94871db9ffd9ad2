//! Instruction text in LLVM's BPF assembly syntax.
//!
//! [`Flavor::Llvm`] prints exactly what `llvm-objdump -d` of LLVM 22 prints
//! for the instruction (without the branch-target annotation, which needs
//! symbols; `bpfkit_obj::objdump` adds it). That text is lossy for a few valid
//! encodings, so [`Flavor::Lossless`] extends it where needed:
//!
//! | instruction | LLVM | lossless |
//! |---|---|---|
//! | BPF-to-BPF call | `call 0x5` | `call pc+0x5` |
//! | kfunc call | `call 0x5` | `call kfunc 0x5` (`, 0x1` for a module index) |
//! | `ld_imm64` pseudo with second-slot offset | `ld_pseudo\tr1, 0x2, 0x7` | `ld_pseudo\tr1, 0x2, 0x7, 0x10` |
//! | `LD_IND` with an immediate | `r0 = *(u32 *)skb[r2]` | `r0 = *(u32 *)skb[r2 + 0x4]` |
//!
//! The assembler reads both flavors.

use crate::insn::{Insn, Operand, Swap, Width};
use crate::opcode::{AluOp, AtomicOp, JmpOp, Reg, Size};
use std::fmt::{self, Write};

/// Which text to print where LLVM's syntax loses information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Flavor {
    /// Byte-for-byte `llvm-objdump -d` text.
    #[default]
    Llvm,
    /// LLVM's text, extended so that every valid instruction assembles back
    /// to itself.
    Lossless,
}

/// Printer configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct DisplayConfig {
    /// Text flavor.
    pub flavor: Flavor,
}

impl DisplayConfig {
    /// `llvm-objdump` text.
    pub const LLVM: DisplayConfig = DisplayConfig { flavor: Flavor::Llvm };
    /// Lossless text.
    pub const LOSSLESS: DisplayConfig = DisplayConfig { flavor: Flavor::Lossless };
}

/// Writes `v` as LLVM formats a signed immediate: `0x1f`, `-0x1`.
#[inline]
pub fn write_signed_hex<W: Write + ?Sized>(out: &mut W, v: i64) -> fmt::Result {
    if v < 0 {
        out.write_char('-')?;
    }
    write_hex(out, v.unsigned_abs())
}

/// Writes `v` as `0x` and lower-case hex digits.
#[inline]
pub fn write_hex<W: Write + ?Sized>(out: &mut W, v: u64) -> fmt::Result {
    let mut buf = [0u8; 18];
    let mut i = buf.len();
    let mut x = v;
    loop {
        i -= 1;
        buf[i] = b"0123456789abcdef"[(x & 0xf) as usize];
        x >>= 4;
        if x == 0 {
            break;
        }
    }
    i -= 1;
    buf[i] = b'x';
    i -= 1;
    buf[i] = b'0';
    // Only ASCII was written.
    out.write_str(std::str::from_utf8(&buf[i..]).unwrap_or("0x?"))
}

/// Writes a jump offset: `+0x10`, `-0x10`, `+0x0`.
#[inline]
fn write_rel<W: Write + ?Sized>(out: &mut W, v: i64) -> fmt::Result {
    if v >= 0 {
        out.write_char('+')?;
    }
    write_signed_hex(out, v)
}

const REG_NAMES: [[&str; 16]; 2] = [
    ["w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "w11", "w12", "w13", "w14", "w15"],
    ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"],
];

#[inline]
fn rn(r: Reg, wide: bool) -> &'static str {
    REG_NAMES[usize::from(wide)][usize::from(r.0 & 0x0f)]
}

fn size_name(size: Size, signed: bool) -> &'static str {
    match (size.bytes(), signed) {
        (1, false) => "u8",
        (2, false) => "u16",
        (4, false) => "u32",
        (8, false) => "u64",
        (1, true) => "s8",
        (2, true) => "s16",
        (4, true) => "s32",
        _ => "s64",
    }
}

fn alu_sym(op: AluOp, signed: bool) -> &'static str {
    match op {
        AluOp::ADD => "+=",
        AluOp::SUB => "-=",
        AluOp::MUL => "*=",
        AluOp::DIV if signed => "s/=",
        AluOp::DIV => "/=",
        AluOp::OR => "|=",
        AluOp::AND => "&=",
        AluOp::LSH => "<<=",
        AluOp::RSH => ">>=",
        AluOp::MOD if signed => "s%=",
        AluOp::MOD => "%=",
        AluOp::XOR => "^=",
        AluOp::MOV => "=",
        AluOp::ARSH => "s>>=",
        _ => "?=",
    }
}

fn jmp_sym(op: JmpOp) -> &'static str {
    match op {
        JmpOp::JEQ => "==",
        JmpOp::JGT => ">",
        JmpOp::JGE => ">=",
        JmpOp::JSET => "&",
        JmpOp::JNE => "!=",
        JmpOp::JSGT => "s>",
        JmpOp::JSGE => "s>=",
        JmpOp::JLT => "<",
        JmpOp::JLE => "<=",
        JmpOp::JSLT => "s<",
        JmpOp::JSLE => "s<=",
        _ => "?",
    }
}

fn atomic_rmw_sym(op: AtomicOp) -> Option<&'static str> {
    Some(match AtomicOp(op.0 & !AtomicOp::FETCH) {
        AtomicOp::ADD => "add",
        AtomicOp::OR => "or",
        AtomicOp::AND => "and",
        AtomicOp::XOR => "xor",
        _ => return None,
    })
}

/// Writes `(rN + 0xOFF)` without parentheses: `rN + 0x10` / `rN - 0x8`.
#[inline]
fn write_addr<W: Write + ?Sized>(out: &mut W, base: Reg, off: i16) -> fmt::Result {
    out.write_str(rn(base, true))?;
    if off < 0 {
        out.write_str(" - ")?;
    } else {
        out.write_str(" + ")?;
    }
    write_hex(out, u64::from(off.unsigned_abs()))
}

#[inline]
fn write_mem<W: Write + ?Sized>(out: &mut W, size: Size, signed: bool, base: Reg, off: i16) -> fmt::Result {
    out.write_str("*(")?;
    out.write_str(size_name(size, signed))?;
    out.write_str(" *)(")?;
    write_addr(out, base, off)?;
    out.write_char(')')
}

/// Writes the text of one instruction (no trailing newline).
///
/// [`Insn::Unknown`] prints as `<unknown>`, like LLVM.
pub fn write_insn<W: Write + ?Sized>(out: &mut W, insn: &Insn, cfg: &DisplayConfig) -> fmt::Result {
    let lossless = cfg.flavor == Flavor::Lossless;
    match *insn {
        Insn::Alu { width, op, signed, dst, src } => {
            let w = width == Width::W64;
            out.write_str(rn(dst, w))?;
            out.write_char(' ')?;
            out.write_str(alu_sym(op, signed))?;
            out.write_char(' ')?;
            match src {
                Operand::Reg(s) => out.write_str(rn(s, w)),
                Operand::Imm(i) => write_signed_hex(out, i.into()),
            }
        }
        Insn::Neg { width, dst } => {
            let d = rn(dst, width == Width::W64);
            out.write_str(d)?;
            out.write_str(" = -")?;
            out.write_str(d)
        }
        Insn::MovSx { width, dst, src, bits } => {
            let w = width == Width::W64;
            write!(out, "{} = (s{}){}", rn(dst, w), bits, rn(src, w))
        }
        Insn::Endian { swap, dst, bits } => {
            let name = match swap {
                Swap::ToLe => "le",
                Swap::ToBe => "be",
                Swap::Always => "bswap",
            };
            let d = rn(dst, true);
            write!(out, "{d} = {name}{bits} {d}")
        }
        Insn::AddrSpaceCast { dst, src, dst_as, src_as } => {
            write!(out, "{} = addr_space_cast({}, ", rn(dst, true), rn(src, true))?;
            write_hex(out, dst_as.into())?;
            out.write_str(", ")?;
            write_hex(out, src_as.into())?;
            out.write_char(')')
        }
        Insn::LdImm64 { dst, src, imm, next_imm } => {
            if src.0 == 0 {
                out.write_str(rn(dst, true))?;
                out.write_str(" = ")?;
                write_signed_hex(out, insn.imm64().unwrap_or(0))?;
                out.write_str(" ll")
            } else {
                write!(out, "ld_pseudo\t{}, ", rn(dst, true))?;
                write_hex(out, src.0.into())?;
                out.write_str(", ")?;
                write_hex(out, u64::from(imm as u32))?;
                if lossless && next_imm != 0 {
                    out.write_str(", ")?;
                    write_hex(out, u64::from(next_imm as u32))?;
                }
                Ok(())
            }
        }
        Insn::LdAbs { size, imm } => {
            write!(out, "r0 = *({} *)skb[", size_name(size, false))?;
            write_signed_hex(out, imm.into())?;
            out.write_char(']')
        }
        Insn::LdInd { size, src, imm } => {
            write!(out, "r0 = *({} *)skb[{}", size_name(size, false), rn(src, true))?;
            if lossless && imm != 0 {
                out.write_str(if imm < 0 { " - " } else { " + " })?;
                write_hex(out, u64::from(imm.unsigned_abs()))?;
            }
            out.write_char(']')
        }
        Insn::Load { size, sign_extend, dst, src, off } => {
            out.write_str(rn(dst, sign_extend || size == Size::DW))?;
            out.write_str(" = ")?;
            write_mem(out, size, sign_extend, src, off)
        }
        Insn::Store { size, dst, off, src } => {
            write_mem(out, size, false, dst, off)?;
            out.write_str(" = ")?;
            match src {
                Operand::Reg(s) => out.write_str(rn(s, size == Size::DW)),
                Operand::Imm(i) => write_signed_hex(out, i.into()),
            }
        }
        Insn::Atomic { size, op, dst, src, off } => {
            let w = size == Size::DW;
            match op {
                AtomicOp::LOAD_ACQ => {
                    write!(out, "{} = load_acquire((", rn(dst, w))?;
                    write!(out, "{} *)(", size_name(size, false))?;
                    write_addr(out, src, off)?;
                    out.write_str("))")
                }
                AtomicOp::STORE_REL => {
                    write!(out, "store_release(({} *)(", size_name(size, false))?;
                    write_addr(out, dst, off)?;
                    write!(out, "), {})", rn(src, w))
                }
                AtomicOp::XCHG => {
                    let name = if w { "xchg_64" } else { "xchg32_32" };
                    write!(out, "{} = {name}(", rn(src, w))?;
                    write_addr(out, dst, off)?;
                    write!(out, ", {})", rn(src, w))
                }
                AtomicOp::CMPXCHG => {
                    let name = if w { "cmpxchg_64" } else { "cmpxchg32_32" };
                    let r0 = rn(Reg::R0, w);
                    write!(out, "{r0} = {name}(")?;
                    write_addr(out, dst, off)?;
                    write!(out, ", {r0}, {})", rn(src, w))
                }
                _ => {
                    let Some(name) = atomic_rmw_sym(op) else {
                        return out.write_str("<unknown>");
                    };
                    if op.0 & AtomicOp::FETCH != 0 {
                        write!(out, "{} = atomic_fetch_{name}((", rn(src, w))?;
                        write!(out, "{} *)(", size_name(size, false))?;
                        write_addr(out, dst, off)?;
                        write!(out, "), {})", rn(src, w))
                    } else {
                        out.write_str("lock ")?;
                        write_mem(out, size, false, dst, off)?;
                        let sym = match name {
                            "add" => " += ",
                            "or" => " |= ",
                            "and" => " &= ",
                            _ => " ^= ",
                        };
                        out.write_str(sym)?;
                        out.write_str(rn(src, w))
                    }
                }
            }
        }
        Insn::Ja { off } => {
            out.write_str("goto ")?;
            write_rel(out, off.into())
        }
        Insn::Gotol { imm } => {
            out.write_str("gotol ")?;
            write_rel(out, imm.into())
        }
        Insn::Gotox { dst } => {
            out.write_str("gotox ")?;
            out.write_str(rn(dst, true))
        }
        Insn::MayGoto { off } => {
            out.write_str("may_goto ")?;
            write_rel(out, off.into())
        }
        Insn::Jmp { width, op, dst, src, off } => {
            let w = width == Width::W64;
            out.write_str("if ")?;
            out.write_str(rn(dst, w))?;
            out.write_char(' ')?;
            out.write_str(jmp_sym(op))?;
            out.write_char(' ')?;
            match src {
                Operand::Reg(s) => out.write_str(rn(s, w))?,
                Operand::Imm(i) => write_signed_hex(out, i.into())?,
            }
            out.write_str(" goto ")?;
            write_rel(out, off.into())
        }
        Insn::CallHelper { id } => {
            out.write_str("call ")?;
            write_signed_hex(out, id.into())
        }
        Insn::CallLocal { imm } => {
            out.write_str(if lossless { "call pc" } else { "call " })?;
            if lossless { write_rel(out, imm.into()) } else { write_signed_hex(out, imm.into()) }
        }
        Insn::CallKfunc { btf_id, module } => {
            out.write_str(if lossless { "call kfunc " } else { "call " })?;
            write_signed_hex(out, btf_id.into())?;
            if lossless && module != 0 {
                out.write_str(", ")?;
                write_signed_hex(out, module.into())?;
            }
            Ok(())
        }
        Insn::Callx { dst } => {
            out.write_str("callx ")?;
            out.write_str(rn(dst, true))
        }
        Insn::Exit => out.write_str("exit"),
        Insn::Unknown(_) => out.write_str("<unknown>"),
    }
}

impl fmt::Display for Insn {
    /// LLVM text; `{:#}` selects the lossless flavor.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cfg = if f.alternate() { DisplayConfig::LOSSLESS } else { DisplayConfig::LLVM };
        write_insn(f, self, &cfg)
    }
}

//! The typed instruction: decoding from and encoding to raw slots.

use crate::error::Error;
use crate::opcode::{AluOp, AtomicOp, CallSrc, Class, JmpOp, Mode, Opcode, PseudoSrc, Reg, Size, Source};
use crate::raw::{Endian, RawInsn};

/// Operand width of arithmetic and jumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Width {
    /// 32-bit (`ALU`, `JMP32`; `wN` registers in text).
    W32,
    /// 64-bit (`ALU64`, `JMP`; `rN` registers in text).
    W64,
}

/// The second operand of arithmetic, jumps and stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operand {
    /// A register (`BPF_X`).
    Reg(Reg),
    /// The immediate (`BPF_K`).
    Imm(i32),
}

/// Kind of byte swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Swap {
    /// `leN`: convert to little endian (`ALU | END | K`).
    ToLe,
    /// `beN`: convert to big endian (`ALU | END | X`).
    ToBe,
    /// `bswapN`: unconditional swap (`ALU64 | END | K`, ISA v4).
    Always,
}

/// One eBPF instruction, decoded.
///
/// Every variant except [`Insn::Unknown`] is a valid instruction in its
/// canonical encoding: fields the instruction does not use are zero, as the
/// kernel verifier requires. Anything else decodes to `Unknown`, which keeps
/// the raw slot so it re-encodes to the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Insn {
    /// `dst op= src` for the binary arithmetic operations; `signed` selects
    /// `s/=` and `s%=` (offset 1) and is only valid with `DIV` and `MOD`.
    Alu {
        /// 32 or 64 bit.
        width: Width,
        /// One of [`AluOp::BINARY`].
        op: AluOp,
        /// Signed division or modulo (ISA v4).
        signed: bool,
        /// Destination register.
        dst: Reg,
        /// Source register or immediate.
        src: Operand,
    },
    /// `dst = -dst`.
    Neg {
        /// 32 or 64 bit.
        width: Width,
        /// Destination register.
        dst: Reg,
    },
    /// `dst = (sN)src`: sign-extending move (ISA v4).
    MovSx {
        /// 32 (bits 8 or 16) or 64 (bits 8, 16 or 32).
        width: Width,
        /// Destination register.
        dst: Reg,
        /// Source register.
        src: Reg,
        /// Width of the source value in bits.
        bits: u8,
    },
    /// Byte swap of `dst` to `bits` (16, 32 or 64).
    Endian {
        /// Which conversion.
        swap: Swap,
        /// Register converted in place.
        dst: Reg,
        /// 16, 32 or 64.
        bits: u8,
    },
    /// `dst = addr_space_cast(src, dst_as, src_as)` (arena pointers).
    AddrSpaceCast {
        /// Destination register.
        dst: Reg,
        /// Source register.
        src: Reg,
        /// Destination address space (upper 16 bits of imm).
        dst_as: u16,
        /// Source address space (lower 16 bits of imm).
        src_as: u16,
    },
    /// `ld_imm64`: two slots loading a 64-bit value or a pseudo reference.
    LdImm64 {
        /// Destination register.
        dst: Reg,
        /// What the immediate means.
        src: PseudoSrc,
        /// First slot's immediate (low half of a constant).
        imm: i32,
        /// Second slot's immediate (high half of a constant, or an offset).
        next_imm: i32,
    },
    /// Legacy `r0 = *(size *)skb[imm]`.
    LdAbs {
        /// B, H or W.
        size: Size,
        /// Packet offset.
        imm: i32,
    },
    /// Legacy `r0 = *(size *)skb[src + imm]`.
    LdInd {
        /// B, H or W.
        size: Size,
        /// Register holding the packet offset.
        src: Reg,
        /// Added to the register.
        imm: i32,
    },
    /// `dst = *(size *)(src + off)`, zero- or sign-extending.
    Load {
        /// Access size (DW only without sign extension).
        size: Size,
        /// Sign-extending load (`MEMSX`, ISA v4).
        sign_extend: bool,
        /// Destination register.
        dst: Reg,
        /// Base register.
        src: Reg,
        /// Displacement.
        off: i16,
    },
    /// `*(size *)(dst + off) = src`.
    Store {
        /// Access size.
        size: Size,
        /// Base register.
        dst: Reg,
        /// Displacement.
        off: i16,
        /// Stored register (`STX`) or immediate (`ST`).
        src: Operand,
    },
    /// An atomic operation on `*(size *)(dst + off)` (for load-acquire, the
    /// pointer is `src + off` and the result goes to `dst`).
    Atomic {
        /// Access size.
        size: Size,
        /// The operation.
        op: AtomicOp,
        /// Destination register field.
        dst: Reg,
        /// Source register field.
        src: Reg,
        /// Displacement.
        off: i16,
    },
    /// `goto +off`.
    Ja {
        /// Jump offset in slots, relative to the next instruction.
        off: i16,
    },
    /// `gotol +imm`: long unconditional jump (ISA v4).
    Gotol {
        /// Jump offset in slots, relative to the next instruction.
        imm: i32,
    },
    /// `gotox dst`: indirect jump to the address in `dst`.
    Gotox {
        /// Register holding the target.
        dst: Reg,
    },
    /// `may_goto +off`.
    MayGoto {
        /// Jump offset in slots, relative to the next instruction.
        off: i16,
    },
    /// `if dst op src goto +off`.
    Jmp {
        /// 64-bit (`JMP`) or 32-bit (`JMP32`) comparison.
        width: Width,
        /// One of [`JmpOp::CONDITIONAL`].
        op: JmpOp,
        /// Left operand.
        dst: Reg,
        /// Right operand.
        src: Operand,
        /// Jump offset in slots, relative to the next instruction.
        off: i16,
    },
    /// `call imm`: helper function by number.
    CallHelper {
        /// Helper number.
        id: i32,
    },
    /// `call`: BPF-to-BPF call (`BPF_PSEUDO_CALL`).
    CallLocal {
        /// Offset in slots of the callee, relative to the next instruction.
        imm: i32,
    },
    /// `call`: kernel function by BTF id (`BPF_PSEUDO_KFUNC_CALL`).
    CallKfunc {
        /// BTF type id of the function.
        btf_id: i32,
        /// Index into the fd array of the module BTF (0: vmlinux).
        module: i16,
    },
    /// `callx dst`: call through a register.
    Callx {
        /// Register holding the target.
        dst: Reg,
    },
    /// `exit`.
    Exit,
    /// A slot that is not a valid instruction, kept as is.
    Unknown(RawInsn),
}

/// The raw slots of an instruction: one, or two for `ld_imm64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encoded {
    /// The first (or only) slot.
    pub first: RawInsn,
    /// The second slot of `ld_imm64`.
    pub second: Option<RawInsn>,
}

/// A field of an instruction slot that relocations patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The 16-bit offset, bytes 2..4.
    Off,
    /// The 32-bit immediate, bytes 4..8.
    Imm,
    /// Both immediates of `ld_imm64`, bytes 4..8 and 12..16.
    Imm64,
}

impl Field {
    /// Byte ranges (start, length) of the field within the instruction.
    pub fn byte_ranges(self) -> &'static [(usize, usize)] {
        match self {
            Field::Off => &[(2, 2)],
            Field::Imm => &[(4, 4)],
            Field::Imm64 => &[(4, 4), (12, 4)],
        }
    }
}

fn width_of(class: Class) -> Width {
    if class == Class::ALU || class == Class::JMP32 { Width::W32 } else { Width::W64 }
}

fn reg(n: u8) -> Option<Reg> {
    let r = Reg(n);
    r.is_valid().then_some(r)
}

impl Insn {
    /// Decodes one instruction from its first slot and, for `ld_imm64`, the
    /// slot after it. Returns [`Insn::Unknown`] with the first slot when the
    /// encoding is not a valid, canonical instruction (including `ld_imm64`
    /// without a valid second slot); never panics.
    pub fn decode(first: RawInsn, second: Option<RawInsn>) -> Insn {
        decode_inner(first, second).unwrap_or(Insn::Unknown(first))
    }

    /// Number of 8-byte slots this instruction occupies (2 for `ld_imm64`).
    #[inline]
    pub fn slots(&self) -> usize {
        if matches!(self, Insn::LdImm64 { .. }) { 2 } else { 1 }
    }

    /// Size in bytes.
    #[inline]
    pub fn byte_len(&self) -> usize {
        self.slots() * 8
    }

    /// Whether this is a valid instruction (not [`Insn::Unknown`] and every
    /// field in range, so it encodes and decodes back to itself).
    pub fn is_valid(&self) -> bool {
        if matches!(self, Insn::Unknown(_)) {
            return false;
        }
        let e = self.to_raw();
        Insn::decode(e.first, e.second) == *self
    }

    /// The raw slots. Fields out of range (e.g. `Reg(20)`) are packed as
    /// given and truncated to their bit width by [`RawInsn::to_bytes`].
    pub fn to_raw(&self) -> Encoded {
        let one = |code: u8, dst: u8, src: u8, off: i16, imm: i32| Encoded {
            first: RawInsn { code: Opcode(code), dst, src, off, imm },
            second: None,
        };
        let class = |w: Width, c32: Class, c64: Class| match w {
            Width::W32 => c32.0,
            Width::W64 => c64.0,
        };
        match *self {
            Insn::Alu { width, op, signed, dst, src } => {
                let c = class(width, Class::ALU, Class::ALU64) | op.0;
                let off = i16::from(signed);
                match src {
                    Operand::Reg(s) => one(c | Source::X.0, dst.0, s.0, off, 0),
                    Operand::Imm(i) => one(c, dst.0, 0, off, i),
                }
            }
            Insn::Neg { width, dst } => one(class(width, Class::ALU, Class::ALU64) | AluOp::NEG.0, dst.0, 0, 0, 0),
            Insn::MovSx { width, dst, src, bits } => one(
                class(width, Class::ALU, Class::ALU64) | AluOp::MOV.0 | Source::X.0,
                dst.0,
                src.0,
                i16::from(bits),
                0,
            ),
            Insn::Endian { swap, dst, bits } => {
                let code = match swap {
                    Swap::ToLe => Class::ALU.0 | AluOp::END.0,
                    Swap::ToBe => Class::ALU.0 | AluOp::END.0 | Source::X.0,
                    Swap::Always => Class::ALU64.0 | AluOp::END.0,
                };
                one(code, dst.0, 0, 0, i32::from(bits))
            }
            Insn::AddrSpaceCast { dst, src, dst_as, src_as } => one(
                Class::ALU64.0 | AluOp::MOV.0 | Source::X.0,
                dst.0,
                src.0,
                1,
                ((u32::from(dst_as) << 16) | u32::from(src_as)) as i32,
            ),
            Insn::LdImm64 { dst, src, imm, next_imm } => Encoded {
                first: RawInsn { code: Opcode::LD_IMM64, dst: dst.0, src: src.0, off: 0, imm },
                second: Some(RawInsn { imm: next_imm, ..RawInsn::default() }),
            },
            Insn::LdAbs { size, imm } => one(Class::LD.0 | Mode::ABS.0 | size.0, 0, 0, 0, imm),
            Insn::LdInd { size, src, imm } => one(Class::LD.0 | Mode::IND.0 | size.0, 0, src.0, 0, imm),
            Insn::Load { size, sign_extend, dst, src, off } => {
                let mode = if sign_extend { Mode::MEMSX } else { Mode::MEM };
                one(Class::LDX.0 | mode.0 | size.0, dst.0, src.0, off, 0)
            }
            Insn::Store { size, dst, off, src } => match src {
                Operand::Reg(s) => one(Class::STX.0 | Mode::MEM.0 | size.0, dst.0, s.0, off, 0),
                Operand::Imm(i) => one(Class::ST.0 | Mode::MEM.0 | size.0, dst.0, 0, off, i),
            },
            Insn::Atomic { size, op, dst, src, off } => {
                one(Class::STX.0 | Mode::ATOMIC.0 | size.0, dst.0, src.0, off, op.0)
            }
            Insn::Ja { off } => one(Opcode::JA.0, 0, 0, off, 0),
            Insn::Gotol { imm } => one(Opcode::GOTOL.0, 0, 0, 0, imm),
            Insn::Gotox { dst } => one(Opcode::GOTOX.0, dst.0, 0, 0, 0),
            Insn::MayGoto { off } => one(Opcode::MAY_GOTO.0, 0, 0, off, 0),
            Insn::Jmp { width, op, dst, src, off } => {
                let c = class(width, Class::JMP32, Class::JMP) | op.0;
                match src {
                    Operand::Reg(s) => one(c | Source::X.0, dst.0, s.0, off, 0),
                    Operand::Imm(i) => one(c, dst.0, 0, off, i),
                }
            }
            Insn::CallHelper { id } => one(Opcode::CALL.0, 0, CallSrc::HELPER.0, 0, id),
            Insn::CallLocal { imm } => one(Opcode::CALL.0, 0, CallSrc::PSEUDO_CALL.0, 0, imm),
            Insn::CallKfunc { btf_id, module } => one(Opcode::CALL.0, 0, CallSrc::KFUNC.0, module, btf_id),
            Insn::Callx { dst } => one(Opcode::CALLX.0, dst.0, 0, 0, 0),
            Insn::Exit => one(Opcode::EXIT.0, 0, 0, 0, 0),
            Insn::Unknown(raw) => Encoded { first: raw, second: None },
        }
    }

    /// Appends the instruction's bytes to `out`.
    pub fn encode_into(&self, endian: Endian, out: &mut Vec<u8>) {
        let e = self.to_raw();
        out.extend_from_slice(&e.first.to_bytes(endian));
        if let Some(s) = e.second {
            out.extend_from_slice(&s.to_bytes(endian));
        }
    }

    /// Jump or call offset in slots relative to the next instruction, for
    /// `goto`, `gotol`, `may_goto`, conditional jumps and BPF-to-BPF calls.
    pub fn branch_offset(&self) -> Option<i32> {
        match *self {
            Insn::Ja { off } | Insn::MayGoto { off } | Insn::Jmp { off, .. } => Some(off.into()),
            Insn::Gotol { imm } | Insn::CallLocal { imm } => Some(imm),
            _ => None,
        }
    }

    /// Target slot index of a jump or BPF-to-BPF call at slot `pc`
    /// (`pc + 1 + offset`; may be negative or past the end for bad code).
    pub fn branch_target(&self, pc: usize) -> Option<i64> {
        let off = self.branch_offset()?;
        Some(pc as i64 + 1 + i64::from(off))
    }

    /// Whether control may continue to the next instruction.
    pub fn falls_through(&self) -> bool {
        !matches!(self, Insn::Exit | Insn::Ja { .. } | Insn::Gotol { .. } | Insn::Gotox { .. })
    }

    /// The field an ELF relocation against this instruction patches:
    /// the 64-bit immediate of `ld_imm64` (`R_BPF_64_64`), the immediate of
    /// calls (`R_BPF_64_32`), the offset of jumps.
    pub fn reloc_field(&self) -> Option<Field> {
        match self {
            Insn::LdImm64 { .. } => Some(Field::Imm64),
            Insn::CallHelper { .. } | Insn::CallLocal { .. } | Insn::CallKfunc { .. } | Insn::Gotol { .. } => {
                Some(Field::Imm)
            }
            Insn::Ja { .. } | Insn::MayGoto { .. } | Insn::Jmp { .. } => Some(Field::Off),
            _ => None,
        }
    }

    /// Memory access size of loads, stores and atomics.
    pub fn mem_size(&self) -> Option<Size> {
        match *self {
            Insn::Load { size, .. }
            | Insn::Store { size, .. }
            | Insn::Atomic { size, .. }
            | Insn::LdAbs { size, .. }
            | Insn::LdInd { size, .. } => Some(size),
            _ => None,
        }
    }

    /// The 16-bit offset field, if the instruction uses it.
    pub fn off(&self) -> Option<i16> {
        match *self {
            Insn::Load { off, .. }
            | Insn::Store { off, .. }
            | Insn::Atomic { off, .. }
            | Insn::Ja { off }
            | Insn::MayGoto { off }
            | Insn::Jmp { off, .. } => Some(off),
            Insn::CallKfunc { module, .. } => Some(module),
            _ => None,
        }
    }

    /// The 32-bit immediate, if the instruction uses it (for `ld_imm64`, the
    /// first slot's half).
    pub fn imm(&self) -> Option<i32> {
        match *self {
            Insn::Alu { src: Operand::Imm(i), .. }
            | Insn::Store { src: Operand::Imm(i), .. }
            | Insn::Jmp { src: Operand::Imm(i), .. } => Some(i),
            Insn::LdImm64 { imm, .. }
            | Insn::LdAbs { imm, .. }
            | Insn::LdInd { imm, .. }
            | Insn::Gotol { imm }
            | Insn::CallLocal { imm } => Some(imm),
            Insn::CallHelper { id } => Some(id),
            Insn::CallKfunc { btf_id, .. } => Some(btf_id),
            _ => None,
        }
    }

    /// Rewrites the 16-bit offset (displacement, jump offset or kfunc
    /// module index).
    pub fn set_off(&mut self, value: i16) -> Result<(), Error> {
        match self {
            Insn::Load { off, .. }
            | Insn::Store { off, .. }
            | Insn::Atomic { off, .. }
            | Insn::Ja { off }
            | Insn::MayGoto { off }
            | Insn::Jmp { off, .. }
            | Insn::CallKfunc { module: off, .. } => {
                *off = value;
                Ok(())
            }
            _ => Err(Error::NoSuchField { field: "offset" }),
        }
    }

    /// Rewrites the 32-bit immediate (for `ld_imm64` of a constant, the
    /// whole 64-bit value is set to the sign-extended `value`; for pseudo
    /// sources, only the first slot's immediate).
    pub fn set_imm(&mut self, value: i32) -> Result<(), Error> {
        match self {
            Insn::Alu { src: Operand::Imm(i), .. }
            | Insn::Store { src: Operand::Imm(i), .. }
            | Insn::Jmp { src: Operand::Imm(i), .. }
            | Insn::LdAbs { imm: i, .. }
            | Insn::LdInd { imm: i, .. }
            | Insn::Gotol { imm: i }
            | Insn::CallLocal { imm: i }
            | Insn::CallHelper { id: i }
            | Insn::CallKfunc { btf_id: i, .. } => {
                *i = value;
                Ok(())
            }
            Insn::LdImm64 { src, imm, next_imm, .. } => {
                *imm = value;
                if *src == PseudoSrc::IMM {
                    *next_imm = if value < 0 { -1 } else { 0 };
                }
                Ok(())
            }
            _ => Err(Error::NoSuchField { field: "immediate" }),
        }
    }

    /// The 64-bit value of `ld_imm64` (both immediates joined).
    pub fn imm64(&self) -> Option<i64> {
        match *self {
            Insn::LdImm64 { imm, next_imm, .. } => Some((i64::from(next_imm) << 32) | i64::from(imm as u32)),
            _ => None,
        }
    }

    /// Rewrites both immediates of `ld_imm64`.
    pub fn set_imm64(&mut self, value: i64) -> Result<(), Error> {
        match self {
            Insn::LdImm64 { imm, next_imm, .. } => {
                *imm = value as i32;
                *next_imm = (value >> 32) as i32;
                Ok(())
            }
            _ => Err(Error::NoSuchField { field: "64-bit immediate" }),
        }
    }

    /// Rewrites the access size of a load, store or atomic (CO-RE field
    /// size adjustment). Sign-extending loads cannot become 8 bytes wide.
    pub fn set_mem_size(&mut self, new: Size) -> Result<(), Error> {
        if new.0 & !0x18 != 0 {
            return Err(Error::OutOfRange { field: "size", value: new.0.into() });
        }
        match self {
            Insn::Load { size, sign_extend: true, .. } if new == Size::DW => {
                Err(Error::OutOfRange { field: "size", value: 8 })
            }
            Insn::Atomic { size, op, .. } if !op.valid_for(new) => {
                let _ = size;
                Err(Error::OutOfRange { field: "size", value: new.bytes().into() })
            }
            Insn::Load { size, .. } | Insn::Store { size, .. } | Insn::Atomic { size, .. } => {
                *size = new;
                Ok(())
            }
            _ => Err(Error::NoSuchField { field: "size" }),
        }
    }
}

fn decode_inner(r: RawInsn, second: Option<RawInsn>) -> Option<Insn> {
    let code = r.code;
    let class = code.class();
    let dst = reg(r.dst)?;
    match class {
        Class::ALU | Class::ALU64 => {
            let width = width_of(class);
            let op = code.alu_op();
            let x = code.source() == Source::X;
            match op {
                AluOp::NEG => (!x && r.src == 0 && r.off == 0 && r.imm == 0).then_some(Insn::Neg { width, dst }),
                AluOp::END => {
                    let swap = match (class, x) {
                        (Class::ALU, false) => Swap::ToLe,
                        (Class::ALU, true) => Swap::ToBe,
                        (_, false) => Swap::Always,
                        _ => return None,
                    };
                    let ok = r.src == 0 && r.off == 0 && matches!(r.imm, 16 | 32 | 64);
                    ok.then_some(Insn::Endian { swap, dst, bits: r.imm as u8 })
                }
                AluOp::MOV if x && r.off != 0 => {
                    let src = reg(r.src)?;
                    match (width, r.off) {
                        (Width::W64, 1) => Some(Insn::AddrSpaceCast {
                            dst,
                            src,
                            dst_as: (r.imm as u32 >> 16) as u16,
                            src_as: r.imm as u16,
                        }),
                        (_, 8 | 16) | (Width::W64, 32) if r.imm == 0 => {
                            Some(Insn::MovSx { width, dst, src, bits: r.off as u8 })
                        }
                        _ => None,
                    }
                }
                _ if AluOp::BINARY.contains(&op) => {
                    let signed = match r.off {
                        0 => false,
                        1 if op == AluOp::DIV || op == AluOp::MOD => true,
                        _ => return None,
                    };
                    let src = if x {
                        if r.imm != 0 {
                            return None;
                        }
                        Operand::Reg(reg(r.src)?)
                    } else {
                        if r.src != 0 {
                            return None;
                        }
                        Operand::Imm(r.imm)
                    };
                    Some(Insn::Alu { width, op, signed, dst, src })
                }
                _ => None,
            }
        }
        Class::JMP | Class::JMP32 => {
            let width = width_of(class);
            let op = code.jmp_op();
            let x = code.source() == Source::X;
            let plain = |insn: Insn, src: u8, off: i16, imm: i32| {
                (r.src == src && r.off == off && r.imm == imm).then_some(insn)
            };
            match (class, op, x) {
                (Class::JMP, JmpOp::JA, false) => {
                    (r.dst == 0).then_some(())?;
                    plain(Insn::Ja { off: r.off }, 0, r.off, 0)
                }
                (Class::JMP32, JmpOp::JA, false) => {
                    (r.dst == 0).then_some(())?;
                    plain(Insn::Gotol { imm: r.imm }, 0, 0, r.imm)
                }
                (Class::JMP, JmpOp::JA, true) => plain(Insn::Gotox { dst }, 0, 0, 0),
                (Class::JMP, JmpOp::JCOND, false) => {
                    (r.dst == 0).then_some(())?;
                    plain(Insn::MayGoto { off: r.off }, 0, r.off, 0)
                }
                (Class::JMP, JmpOp::CALL, false) => {
                    (r.dst == 0).then_some(())?;
                    match CallSrc(r.src) {
                        CallSrc::HELPER => plain(Insn::CallHelper { id: r.imm }, 0, 0, r.imm),
                        CallSrc::PSEUDO_CALL => plain(Insn::CallLocal { imm: r.imm }, 1, 0, r.imm),
                        CallSrc::KFUNC => Some(Insn::CallKfunc { btf_id: r.imm, module: r.off }),
                        _ => None,
                    }
                }
                (Class::JMP, JmpOp::CALL, true) => plain(Insn::Callx { dst }, 0, 0, 0),
                (Class::JMP, JmpOp::EXIT, false) => {
                    (r.dst == 0).then_some(())?;
                    plain(Insn::Exit, 0, 0, 0)
                }
                _ if op.is_conditional() => {
                    let src = if x {
                        if r.imm != 0 {
                            return None;
                        }
                        Operand::Reg(reg(r.src)?)
                    } else {
                        if r.src != 0 {
                            return None;
                        }
                        Operand::Imm(r.imm)
                    };
                    Some(Insn::Jmp { width, op, dst, src, off: r.off })
                }
                _ => None,
            }
        }
        Class::LD => {
            let size = code.size();
            match code.mode() {
                Mode::IMM if size == Size::DW => {
                    let n = second?;
                    let src = PseudoSrc(r.src);
                    let ok = r.off == 0
                        && src.name().is_some()
                        && n.code.0 == 0
                        && n.dst == 0
                        && n.src == 0
                        && n.off == 0
                        && (n.imm == 0 || src.uses_next_imm());
                    ok.then_some(Insn::LdImm64 { dst, src, imm: r.imm, next_imm: n.imm })
                }
                Mode::ABS if size != Size::DW => {
                    (r.dst == 0 && r.src == 0 && r.off == 0).then_some(Insn::LdAbs { size, imm: r.imm })
                }
                Mode::IND if size != Size::DW => {
                    let src = reg(r.src)?;
                    (r.dst == 0 && r.off == 0).then_some(Insn::LdInd { size, src, imm: r.imm })
                }
                _ => None,
            }
        }
        Class::LDX => {
            let size = code.size();
            let sign_extend = match code.mode() {
                Mode::MEM => false,
                Mode::MEMSX if size != Size::DW => true,
                _ => return None,
            };
            let src = reg(r.src)?;
            (r.imm == 0).then_some(Insn::Load { size, sign_extend, dst, src, off: r.off })
        }
        Class::ST => (code.mode() == Mode::MEM && r.src == 0).then_some(Insn::Store {
            size: code.size(),
            dst,
            off: r.off,
            src: Operand::Imm(r.imm),
        }),
        Class::STX => {
            let size = code.size();
            let src = reg(r.src)?;
            match code.mode() {
                Mode::MEM => (r.imm == 0).then_some(Insn::Store { size, dst, off: r.off, src: Operand::Reg(src) }),
                Mode::ATOMIC => {
                    let op = AtomicOp(r.imm);
                    op.valid_for(size).then_some(Insn::Atomic { size, op, dst, src, off: r.off })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Iterator over the instructions of a byte slice; see [`decode`].
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    endian: Endian,
}

/// Decodes `bytes` (a program section) as a sequence of instructions.
///
/// Yields `(byte offset, instruction)`. Invalid slots come out as
/// [`Insn::Unknown`], one slot each, so the concatenated encodings equal the
/// input. A trailing partial slot yields one [`Error::Truncated`], after
/// which the iterator ends.
pub fn decode(bytes: &[u8], endian: Endian) -> Decoder<'_> {
    Decoder { bytes, pos: 0, endian }
}

impl Iterator for Decoder<'_> {
    type Item = Result<(usize, Insn), Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.bytes.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let at = self.pos;
        let Some(first) = RawInsn::read(rest, self.endian) else {
            self.pos = self.bytes.len();
            return Some(Err(Error::Truncated { offset: at as u64, needed: 8, len: rest.len() as u8 }));
        };
        let second = if first.code == Opcode::LD_IMM64 {
            rest.get(8..).and_then(|r| RawInsn::read(r, self.endian))
        } else {
            None
        };
        let insn = Insn::decode(first, second);
        self.pos += insn.byte_len();
        Some(Ok((at, insn)))
    }
}

/// Decodes a whole program section; fails on a trailing partial slot.
pub fn decode_all(bytes: &[u8], endian: Endian) -> Result<Vec<Insn>, Error> {
    let mut v = Vec::with_capacity(bytes.len() / 8);
    for item in decode(bytes, endian) {
        v.push(item?.1);
    }
    Ok(v)
}

/// Encodes instructions back to bytes.
pub fn encode_all(insns: &[Insn], endian: Endian) -> Vec<u8> {
    let mut out = Vec::with_capacity(insns.len().saturating_mul(8));
    for i in insns {
        i.encode_into(endian, &mut out);
    }
    out
}

//! Generation of arbitrary valid instructions from random words, for
//! property tests and fuzzing (here and in dependent crates).

use crate::insn::{Insn, Operand, Swap, Width};
use crate::opcode::{AluOp, AtomicOp, JmpOp, PseudoSrc, Reg, Size};

/// Builds a valid instruction from a source of random words. Every kind of
/// instruction and every operand range is reachable; the distribution
/// favours edge values (0, ±1, extremes) for offsets and immediates.
pub fn arbitrary_insn(next: &mut dyn FnMut() -> u64) -> Insn {
    let mut pick = |n: u64| -> u64 { next() % n };
    let reg = |x: u64| Reg((x % 11) as u8);
    let width = |x: u64| if x & 1 == 0 { Width::W32 } else { Width::W64 };
    let kind = pick(24);
    let a = pick(u64::MAX);
    let b = pick(u64::MAX);
    let c = pick(u64::MAX);
    let off = edge_i16(pick(u64::MAX));
    let imm = edge_i32(pick(u64::MAX));
    let operand = |x: u64| {
        if x & 1 == 0 { Operand::Reg(reg(x >> 1)) } else { Operand::Imm(imm) }
    };
    let size = |x: u64| Size::ALL[(x % 4) as usize];
    match kind {
        0..=2 => {
            let op = AluOp::BINARY[(a % 12) as usize];
            let signed = (op == AluOp::DIV || op == AluOp::MOD) && b & 1 == 1;
            Insn::Alu { width: width(b >> 1), op, signed, dst: reg(c), src: operand(c >> 8) }
        }
        3 => Insn::Neg { width: width(a), dst: reg(b) },
        4 => {
            let w = width(a);
            let bits = match (w, b % 3) {
                (_, 0) => 8,
                (Width::W64, 2) => 32,
                _ => 16,
            };
            Insn::MovSx { width: w, dst: reg(c), src: reg(c >> 8), bits }
        }
        5 => Insn::Endian {
            swap: [Swap::ToLe, Swap::ToBe, Swap::Always][(a % 3) as usize],
            dst: reg(b),
            bits: [16, 32, 64][(c % 3) as usize],
        },
        6 => Insn::AddrSpaceCast {
            dst: reg(a),
            src: reg(a >> 8),
            dst_as: edge_i16(b) as u16,
            src_as: edge_i16(c) as u16,
        },
        7 => {
            let src = PseudoSrc((a % 7) as u8);
            let next_imm = if src.uses_next_imm() { edge_i32(b) } else { 0 };
            Insn::LdImm64 { dst: reg(c), src, imm, next_imm }
        }
        8 => Insn::LdAbs { size: Size::ALL[(a % 3) as usize], imm },
        9 => Insn::LdInd { size: Size::ALL[(a % 3) as usize], src: reg(b), imm },
        10 | 11 => {
            let sign_extend = a & 1 == 1;
            let sz = if sign_extend { Size::ALL[((a >> 1) % 3) as usize] } else { size(a >> 1) };
            Insn::Load { size: sz, sign_extend, dst: reg(b), src: reg(b >> 8), off }
        }
        12 | 13 => Insn::Store { size: size(a), dst: reg(b), off, src: operand(c) },
        14 | 15 => {
            let op = AtomicOp::ALL[(a % 12) as usize];
            let sz = if op == AtomicOp::LOAD_ACQ || op == AtomicOp::STORE_REL {
                size(a >> 8)
            } else if (a >> 8) & 1 == 0 {
                Size::W
            } else {
                Size::DW
            };
            Insn::Atomic { size: sz, op, dst: reg(b), src: reg(b >> 8), off }
        }
        16 => Insn::Ja { off },
        17 => Insn::Gotol { imm },
        18 => Insn::MayGoto { off },
        19 | 20 => Insn::Jmp {
            width: width(a),
            op: JmpOp::CONDITIONAL[((a >> 1) % 11) as usize],
            dst: reg(b),
            src: operand(c),
            off,
        },
        21 => match a % 3 {
            0 => Insn::CallHelper { id: imm },
            1 => Insn::CallLocal { imm },
            _ => Insn::CallKfunc { btf_id: imm, module: off },
        },
        22 => match a % 2 {
            0 => Insn::Callx { dst: reg(b) },
            _ => Insn::Gotox { dst: reg(b) },
        },
        _ => Insn::Exit,
    }
}

fn edge_i16(x: u64) -> i16 {
    match x % 8 {
        0 => 0,
        1 => 1,
        2 => -1,
        3 => i16::MAX,
        4 => i16::MIN,
        _ => (x >> 8) as i16,
    }
}

fn edge_i32(x: u64) -> i32 {
    match x % 10 {
        0 => 0,
        1 => 1,
        2 => -1,
        3 => i32::MAX,
        4 => i32::MIN,
        5 => (x >> 8) as i16 as i32,
        6 => (x >> 8) as u8 as i32,
        _ => (x >> 8) as i32,
    }
}

/// A small deterministic generator (xorshift64*) for tests that want
/// reproducible random words without a dependency.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// Starts from `seed` (0 is replaced by a fixed non-zero value).
    pub fn new(seed: u64) -> XorShift {
        XorShift(if seed == 0 { 0x9e37_79b9_7f4a_7c15 } else { seed })
    }
    /// The next word.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

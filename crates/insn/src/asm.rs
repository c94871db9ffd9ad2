//! The assembler: LLVM BPF assembly text (as printed by [`crate::display`],
//! in either flavor) back to instructions.
//!
//! One instruction per line, optionally preceded by `label:` definitions and
//! followed by a comment (`#`, `;` or `//`). Jump and call targets may be
//! numeric offsets (`goto +0x3`) or labels (`goto LBB0_4`, `call sub`); a
//! trailing `<sym+0x10>` annotation as printed by `llvm-objdump` is ignored.

use crate::error::{AsmError, Error};
use crate::insn::{Insn, Operand, Swap, Width};
use crate::opcode::{AluOp, AtomicOp, JmpOp, PseudoSrc, Reg, Size};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_while1};
use nom::character::complete::{char, digit1, hex_digit1, space0};
use nom::combinator::{map, opt, value};
use nom::{IResult, Parser};
use std::collections::HashMap;

type Res<'a, T> = IResult<&'a str, T>;

/// A jump or call whose target is a label, resolved after all lines are read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target<'a> {
    Rel(i128),
    Label(&'a str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fix {
    /// 16-bit offset of a jump.
    Off,
    /// 32-bit immediate of `gotol` or a BPF-to-BPF call.
    Imm,
}

fn ws<'a, O, P>(p: P) -> impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>
where
    P: Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
{
    nom::sequence::preceded(space0, p)
}

fn fail<T>(i: &str) -> Res<'_, T> {
    Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify)))
}

/// A number: optional sign, then `0x` hex or decimal. Returned as i128 so
/// that every u64 and i64 fits.
fn number(i: &str) -> Res<'_, i128> {
    let (i, neg) = opt(alt((char('-'), char('+')))).parse(i)?;
    let (i, mag) = alt((
        nom::sequence::preceded(alt((tag("0x"), tag("0X"))), hex_digit1).map(|h: &str| u64::from_str_radix(h, 16).ok()),
        digit1.map(|d: &str| d.parse::<u64>().ok()),
    ))
    .parse(i)?;
    let Some(mag) = mag else { return fail(i) };
    let v = i128::from(mag);
    Ok((i, if neg == Some('-') { -v } else { v }))
}

fn reg_any(i: &str) -> Res<'_, (Reg, bool)> {
    let (i, letter) = alt((char('r'), char('w'))).parse(i)?;
    let (rest, d) = digit1(i)?;
    match d.parse::<u8>() {
        Ok(n) if n <= 10 && (d.len() == 1 || !d.starts_with('0')) => Ok((rest, (Reg(n), letter == 'r'))),
        _ => fail(i),
    }
}

fn ident(i: &str) -> Res<'_, &str> {
    let (rest, s) = take_while1(|c: char| c.is_ascii_alphanumeric() || "_.$".contains(c))(i)?;
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return fail(i);
    }
    Ok((rest, s))
}

fn size_ty(i: &str) -> Res<'_, (Size, bool)> {
    alt((
        value((Size::B, false), tag("u8")),
        value((Size::H, false), tag("u16")),
        value((Size::W, false), tag("u32")),
        value((Size::DW, false), tag("u64")),
        value((Size::B, true), tag("s8")),
        value((Size::H, true), tag("s16")),
        value((Size::W, true), tag("s32")),
        value((Size::DW, true), tag("s64")),
    ))
    .parse(i)
}

/// `(u32 *)` — the cast part of a memory operand.
fn cast(i: &str) -> Res<'_, (Size, bool)> {
    let (i, _) = ws(char('(')).parse(i)?;
    let (i, s) = ws(size_ty).parse(i)?;
    let (i, _) = ws(char('*')).parse(i)?;
    let (i, _) = ws(char(')')).parse(i)?;
    Ok((i, s))
}

fn to_i16(v: i128) -> Option<i16> {
    i16::try_from(v).ok()
}

/// Accepts the i32 range and, as a bit pattern, the u32 range.
fn to_i32(v: i128) -> Option<i32> {
    i32::try_from(v).ok().or_else(|| u32::try_from(v).ok().map(|u| u as i32))
}

/// `rN + 0x10` / `rN - 0x8` (no parentheses).
fn addr(i: &str) -> Res<'_, (Reg, i16)> {
    let (i, (r, wide)) = ws(reg_any).parse(i)?;
    if !wide {
        return fail(i);
    }
    let (i, sign) = ws(alt((char('+'), char('-')))).parse(i)?;
    let (j, n) = ws(number).parse(i)?;
    let n = if sign == '-' { -n } else { n };
    match to_i16(n) {
        Some(off) => Ok((j, (r, off))),
        None => fail(i),
    }
}

/// `(rN + 0x10)`.
fn paren_addr(i: &str) -> Res<'_, (Reg, i16)> {
    let (i, _) = ws(char('(')).parse(i)?;
    let (i, a) = addr(i)?;
    let (i, _) = ws(char(')')).parse(i)?;
    Ok((i, a))
}

/// `*(u32 *)(r1 + 0x4)`.
fn mem(i: &str) -> Res<'_, (Size, bool, Reg, i16)> {
    let (i, _) = ws(char('*')).parse(i)?;
    let (i, (size, signed)) = cast(i)?;
    let (i, (r, off)) = paren_addr(i)?;
    Ok((i, (size, signed, r, off)))
}

fn target(i: &str) -> Res<'_, Target<'_>> {
    alt((map(number, Target::Rel), map(ident, Target::Label))).parse(i)
}

fn imm_operand(i: &str) -> Res<'_, i32> {
    let (j, v) = number(i)?;
    match to_i32(v) {
        Some(v) => Ok((j, v)),
        None => fail(i),
    }
}

fn operand(i: &str, wide: bool) -> Res<'_, Operand> {
    if let Ok((j, (r, w))) = reg_any(i) {
        return if w == wide { Ok((j, Operand::Reg(r))) } else { fail(i) };
    }
    map(imm_operand, Operand::Imm).parse(i)
}

fn alu_op(i: &str) -> Res<'_, (AluOp, bool)> {
    alt((
        value((AluOp::ADD, false), tag("+=")),
        value((AluOp::SUB, false), tag("-=")),
        value((AluOp::MUL, false), tag("*=")),
        value((AluOp::DIV, true), tag("s/=")),
        value((AluOp::MOD, true), tag("s%=")),
        value((AluOp::ARSH, false), tag("s>>=")),
        value((AluOp::DIV, false), tag("/=")),
        value((AluOp::OR, false), tag("|=")),
        value((AluOp::AND, false), tag("&=")),
        value((AluOp::LSH, false), tag("<<=")),
        value((AluOp::RSH, false), tag(">>=")),
        value((AluOp::MOD, false), tag("%=")),
        value((AluOp::XOR, false), tag("^=")),
    ))
    .parse(i)
}

fn jmp_op(i: &str) -> Res<'_, JmpOp> {
    alt((
        value(JmpOp::JEQ, tag("==")),
        value(JmpOp::JNE, tag("!=")),
        value(JmpOp::JSGE, tag("s>=")),
        value(JmpOp::JSLE, tag("s<=")),
        value(JmpOp::JSGT, tag("s>")),
        value(JmpOp::JSLT, tag("s<")),
        value(JmpOp::JGE, tag(">=")),
        value(JmpOp::JLE, tag("<=")),
        value(JmpOp::JGT, tag(">")),
        value(JmpOp::JLT, tag("<")),
        value(JmpOp::JSET, tag("&")),
    ))
    .parse(i)
}

/// A parsed line's instruction, with its unresolved label target if any.
type Parsed<'a> = (Insn, Option<(Target<'a>, Fix)>);

fn keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let rest = i.strip_prefix(kw)?;
    if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') { None } else { Some(rest) }
}

fn with_target(insn: Insn, t: Target<'_>, fix: Fix) -> Result<Parsed<'_>, ()> {
    Ok((insn, Some((t, fix))))
}

/// Parses one instruction (no label, no comment).
fn instruction(i: &str) -> Res<'_, Parsed<'_>> {
    let i = i.trim_start();
    if let Some(r) = keyword(i, "exit") {
        return Ok((r, (Insn::Exit, None)));
    }
    if let Some(r) = keyword(i, "callx") {
        let (r, (dst, w)) = ws(reg_any).parse(r)?;
        return if w { Ok((r, (Insn::Callx { dst }, None))) } else { fail(r) };
    }
    if let Some(r) = keyword(i, "gotox") {
        let (r, (dst, w)) = ws(reg_any).parse(r)?;
        return if w { Ok((r, (Insn::Gotox { dst }, None))) } else { fail(r) };
    }
    if let Some(r) = keyword(i, "call") {
        let r = r.trim_start();
        if let Some(p) = r.strip_prefix("pc")
            && p.starts_with(['+', '-'])
        {
            let (p2, v) = number(p)?;
            let Some(imm) = to_i32(v).filter(|_| i32::try_from(v).is_ok()) else {
                return fail(p);
            };
            return Ok((p2, (Insn::CallLocal { imm }, None)));
        }
        if let Some(k) = keyword(r, "kfunc") {
            let (k, id) = ws(imm_operand).parse(k)?;
            let (k, module) = opt(nom::sequence::preceded(ws(char(',')), ws(number))).parse(k)?;
            let module = match module {
                None => 0,
                Some(m) => match to_i16(m) {
                    Some(m) => m,
                    None => return fail(k),
                },
            };
            return Ok((k, (Insn::CallKfunc { btf_id: id, module }, None)));
        }
        if let Ok((r2, id)) = imm_operand(r) {
            return Ok((r2, (Insn::CallHelper { id }, None)));
        }
        let (r2, l) = ident(r)?;
        return Ok((r2, (Insn::CallLocal { imm: 0 }, Some((Target::Label(l), Fix::Imm)))));
    }
    for (kw, long, may) in [("gotol", true, false), ("goto", false, false), ("may_goto", false, true)] {
        if let Some(r) = keyword(i, kw) {
            let (r2, t) = ws(target).parse(r)?;
            let (insn, fix) = match (long, may) {
                (true, _) => (Insn::Gotol { imm: 0 }, Fix::Imm),
                (_, true) => (Insn::MayGoto { off: 0 }, Fix::Off),
                _ => (Insn::Ja { off: 0 }, Fix::Off),
            };
            return finish_target(r, r2, insn, t, fix);
        }
    }
    if let Some(r) = keyword(i, "if") {
        let (r, (dst, wide)) = ws(reg_any).parse(r)?;
        let (r, op) = ws(jmp_op).parse(r)?;
        let (r, _) = space0(r)?;
        let (r, src) = operand(r, wide)?;
        let (r, _) = ws(tag("goto")).parse(r)?;
        let (r2, t) = ws(target).parse(r)?;
        let width = if wide { Width::W64 } else { Width::W32 };
        let insn = Insn::Jmp { width, op, dst, src, off: 0 };
        return finish_target(r, r2, insn, t, Fix::Off);
    }
    if let Some(r) = keyword(i, "lock") {
        let (r, (size, signed, dst, off)) = mem(r)?;
        let (r, op) = ws(alt((
            value(AtomicOp::ADD, tag("+=")),
            value(AtomicOp::OR, tag("|=")),
            value(AtomicOp::AND, tag("&=")),
            value(AtomicOp::XOR, tag("^=")),
        )))
        .parse(r)?;
        let (r, (src, w)) = ws(reg_any).parse(r)?;
        if signed || !reg_ok(size, w) {
            return fail(r);
        }
        return done(r, Insn::Atomic { size, op, dst, src, off });
    }
    if let Some(r) = keyword(i, "store_release") {
        let (r, _) = ws(char('(')).parse(r)?;
        let (r, (size, signed)) = cast(r)?;
        let (r, (dst, off)) = paren_addr(r)?;
        let (r, _) = ws(char(',')).parse(r)?;
        let (r, (src, w)) = ws(reg_any).parse(r)?;
        let (r, _) = ws(char(')')).parse(r)?;
        if signed || !reg_ok(size, w) {
            return fail(r);
        }
        let op = AtomicOp::STORE_REL;
        return done(r, Insn::Atomic { size, op, dst, src, off });
    }
    if let Some(r) = keyword(i, "ld_pseudo") {
        let (r, (dst, w)) = ws(reg_any).parse(r)?;
        let (r, _) = ws(char(',')).parse(r)?;
        let (r, src) = ws(number).parse(r)?;
        let (r, _) = ws(char(',')).parse(r)?;
        let (r, imm) = ws(imm_operand).parse(r)?;
        let (r, next) = opt(nom::sequence::preceded(ws(char(',')), ws(imm_operand))).parse(r)?;
        let Ok(src) = u8::try_from(src) else { return fail(r) };
        if !w || src == 0 {
            return fail(r);
        }
        let insn = Insn::LdImm64 { dst, src: PseudoSrc(src), imm, next_imm: next.unwrap_or(0) };
        return done(r, insn);
    }
    if i.starts_with('*') {
        let (r, (size, signed, dst, off)) = mem(i)?;
        let (r, _) = ws(char('=')).parse(r)?;
        let (r, _) = space0(r)?;
        if signed {
            return fail(r);
        }
        let (r, src) = match reg_any(r) {
            Ok((r2, (s, w))) if reg_ok(size, w) => (r2, Operand::Reg(s)),
            Ok(_) => return fail(r),
            Err(_) => map(imm_operand, Operand::Imm).parse(r)?,
        };
        return done(r, Insn::Store { size, dst, off, src });
    }
    // Everything else starts with a register.
    let (r, (dst, wide)) = reg_any(i)?;
    let width = if wide { Width::W64 } else { Width::W32 };
    let (r, _) = space0(r)?;
    if let Ok((r, (op, signed))) = alu_op(r) {
        let (r, _) = space0(r)?;
        let (r, src) = operand(r, wide)?;
        return done(r, Insn::Alu { width, op, signed, dst, src });
    }
    let (r, _) = char('=')(r)?;
    let r = r.trim_start();
    assign_rhs(r, dst, wide)
}

/// Allowed register letter for a memory access: `w` or `r` below 8 bytes,
/// `r` for 8 bytes.
fn reg_ok(size: Size, wide: bool) -> bool {
    wide || size != Size::DW
}

fn done(r: &str, insn: Insn) -> Res<'_, Parsed<'_>> {
    Ok((r, (insn, None)))
}

fn finish_target<'a>(before: &'a str, r: &'a str, insn: Insn, t: Target<'a>, fix: Fix) -> Res<'a, Parsed<'a>> {
    let _ = before;
    match t {
        Target::Rel(v) => {
            let mut insn = insn;
            let ok = match fix {
                Fix::Off => to_i16(v).is_some_and(|o| insn.set_off(o).is_ok()),
                Fix::Imm => i32::try_from(v).is_ok_and(|o| insn.set_imm(o).is_ok()),
            };
            if ok { done(r, insn) } else { fail(r) }
        }
        Target::Label(_) => with_target(insn, t, fix).map(|p| (r, p)).or_else(|_| fail(r)),
    }
}

/// The right-hand side of `rN = ...`.
fn assign_rhs(r: &str, dst: Reg, wide: bool) -> Res<'_, Parsed<'_>> {
    let width = if wide { Width::W64 } else { Width::W32 };
    if r.starts_with('*') {
        let (r2, _) = char('*')(r)?;
        let (r2, (size, signed)) = cast(r2)?;
        let r3 = r2.trim_start();
        if let Some(s) = r3.strip_prefix("skb") {
            if signed || size == Size::DW || dst != Reg::R0 || !wide {
                return fail(r3);
            }
            let (s, _) = ws(char('[')).parse(s)?;
            let (s, _) = space0(s)?;
            let (s, insn) = if let Ok((s, (src, w))) = reg_any(s) {
                if !w {
                    return fail(s);
                }
                let (s, extra) = opt((ws(alt((char('+'), char('-')))), ws(number))).parse(s)?;
                let imm = match extra {
                    None => 0,
                    Some((sign, v)) => {
                        let v = if sign == '-' { -v } else { v };
                        match i32::try_from(v) {
                            Ok(v) => v,
                            Err(_) => return fail(s),
                        }
                    }
                };
                (s, Insn::LdInd { size, src, imm })
            } else {
                let (s, imm) = imm_operand(s)?;
                (s, Insn::LdAbs { size, imm })
            };
            let (s, _) = ws(char(']')).parse(s)?;
            return done(s, insn);
        }
        let (r2, (src, off)) = paren_addr(r2)?;
        if size == Size::DW && (signed || !wide) {
            return fail(r2);
        }
        if signed && !wide {
            return fail(r2);
        }
        let insn = Insn::Load { size, sign_extend: signed, dst, src, off };
        return done(r2, insn);
    }
    if let Some(s) = keyword(r, "load_acquire") {
        let (s, _) = ws(char('(')).parse(s)?;
        let (s, (size, signed)) = cast(s)?;
        let (s, (src, off)) = paren_addr(s)?;
        let (s, _) = ws(char(')')).parse(s)?;
        if signed || !reg_ok(size, wide) {
            return fail(s);
        }
        let op = AtomicOp::LOAD_ACQ;
        return done(s, Insn::Atomic { size, op, dst, src, off });
    }
    if let Some(s) = r.strip_prefix("atomic_fetch_") {
        let (s, op) = alt((
            value(AtomicOp::FETCH_ADD, tag("add")),
            value(AtomicOp::FETCH_OR, tag("or")),
            value(AtomicOp::FETCH_AND, tag("and")),
            value(AtomicOp::FETCH_XOR, tag("xor")),
        ))
        .parse(s)?;
        let (s, _) = ws(char('(')).parse(s)?;
        let (s, (size, signed)) = cast(s)?;
        let (s, (base, off)) = paren_addr(s)?;
        let (s, _) = ws(char(',')).parse(s)?;
        let (s, (src, w)) = ws(reg_any).parse(s)?;
        let (s, _) = ws(char(')')).parse(s)?;
        if signed || src != dst || w != wide || !matches!(size, Size::W | Size::DW) {
            return fail(s);
        }
        if (size == Size::DW) != wide {
            return fail(s);
        }
        let insn = Insn::Atomic { size, op, dst: base, src, off };
        return done(s, insn);
    }
    for (name, size, op) in [
        ("xchg_64", Size::DW, AtomicOp::XCHG),
        ("xchg32_32", Size::W, AtomicOp::XCHG),
        ("cmpxchg_64", Size::DW, AtomicOp::CMPXCHG),
        ("cmpxchg32_32", Size::W, AtomicOp::CMPXCHG),
    ] {
        let Some(s) = keyword(r, name) else { continue };
        let w64 = size == Size::DW;
        let (s, _) = ws(char('(')).parse(s)?;
        let (s, (base, off)) = addr(s)?;
        let (s, _) = ws(char(',')).parse(s)?;
        let (s, (a, aw)) = ws(reg_any).parse(s)?;
        let (s, b) = if op == AtomicOp::CMPXCHG {
            let (s, _) = ws(char(',')).parse(s)?;
            let (s, b) = ws(reg_any).parse(s)?;
            (s, Some(b))
        } else {
            (s, None)
        };
        let (s, _) = ws(char(')')).parse(s)?;
        if wide != w64 || aw != w64 {
            return fail(s);
        }
        let src = match b {
            // cmpxchg: rDST must be r0, the middle operand r0, the last the source.
            Some((b, bw)) => {
                if dst != Reg::R0 || a != Reg::R0 || bw != w64 {
                    return fail(s);
                }
                b
            }
            None => {
                if a != dst {
                    return fail(s);
                }
                a
            }
        };
        let insn = Insn::Atomic { size, op, dst: base, src, off };
        return done(s, insn);
    }
    if let Some(s) = keyword(r, "addr_space_cast") {
        let (s, _) = ws(char('(')).parse(s)?;
        let (s, (src, w)) = ws(reg_any).parse(s)?;
        let (s, _) = ws(char(',')).parse(s)?;
        let (s, a) = ws(number).parse(s)?;
        let (s, _) = ws(char(',')).parse(s)?;
        let (s, b) = ws(number).parse(s)?;
        let (s, _) = ws(char(')')).parse(s)?;
        let (Ok(dst_as), Ok(src_as)) = (u16::try_from(a), u16::try_from(b)) else {
            return fail(s);
        };
        if !w || !wide {
            return fail(s);
        }
        return done(s, Insn::AddrSpaceCast { dst, src, dst_as, src_as });
    }
    if let Some(s) = r.strip_prefix("(s") {
        let (s, bits) = digit1(s)?;
        let (s, _) = char(')')(s)?;
        let (s, (src, w)) = ws(reg_any).parse(s)?;
        let bits = match bits {
            "8" => 8,
            "16" => 16,
            "32" if wide => 32,
            _ => return fail(s),
        };
        if w != wide {
            return fail(s);
        }
        return done(s, Insn::MovSx { width, dst, src, bits });
    }
    if let Some(s) = r.strip_prefix('-')
        && let Ok((s, (src, w))) = reg_any(s.trim_start())
    {
        if src != dst || w != wide {
            return fail(s);
        }
        return done(s, Insn::Neg { width, dst });
    }
    for (name, swap) in [("bswap", Swap::Always), ("le", Swap::ToLe), ("be", Swap::ToBe)] {
        let Some(s) = r.strip_prefix(name) else { continue };
        let Ok((s, bits)) = digit1::<_, nom::error::Error<&str>>(s) else {
            continue;
        };
        let (s, (src, _)) = ws(reg_any).parse(s)?;
        let bits = match bits {
            "16" => 16,
            "32" => 32,
            "64" => 64,
            _ => return fail(s),
        };
        if src != dst {
            return fail(s);
        }
        return done(s, Insn::Endian { swap, dst, bits });
    }
    if let Ok((s, v)) = number(r) {
        if let Ok((s2, _)) = ws(tag::<_, _, nom::error::Error<&str>>("ll")).parse(s)
            && (keyword(s2, "").is_some() || s2.is_empty())
        {
            let v = if let Ok(v) = i64::try_from(v) {
                v
            } else if let Ok(u) = u64::try_from(v) {
                u as i64
            } else {
                return fail(s);
            };
            if !wide {
                return fail(s);
            }
            let insn = Insn::LdImm64 { dst, src: PseudoSrc::IMM, imm: v as i32, next_imm: (v >> 32) as i32 };
            return done(s2, insn);
        }
        let Some(imm) = to_i32(v) else { return fail(r) };
        let insn = Insn::Alu { width, op: AluOp::MOV, signed: false, dst, src: Operand::Imm(imm) };
        return done(s, insn);
    }
    let (s, (src, w)) = reg_any(r)?;
    if w != wide {
        return fail(r);
    }
    let insn = Insn::Alu { width, op: AluOp::MOV, signed: false, dst, src: Operand::Reg(src) };
    done(s, insn)
}

/// Skips spaces, an optional `<...>` annotation and an optional comment;
/// succeeds only at the end of the line.
fn line_end(i: &str) -> Res<'_, ()> {
    let (i, _) = space0(i)?;
    let (i, _) = opt((char('<'), take_till(|c| c == '>'), char('>'))).parse(i)?;
    let (i, _) = space0(i)?;
    if i.is_empty() || i.starts_with('#') || i.starts_with(';') || i.starts_with("//") { Ok(("", ())) } else { fail(i) }
}

fn label_def(i: &str) -> Res<'_, &str> {
    let (i, _) = space0(i)?;
    let (i, l) = ident(i)?;
    let (i, _) = char(':')(i)?;
    Ok((i, l))
}

fn asm_err(src: &str, at: &str, line: usize, message: impl Into<String>) -> Error {
    let offset = (at.as_ptr() as usize).saturating_sub(src.as_ptr() as usize) as u64;
    Error::Asm(Box::new(AsmError { offset, line, message: message.into() }))
}

/// Assembles a single instruction (no labels); jumps need numeric offsets.
pub fn assemble_insn(text: &str) -> Result<Insn, Error> {
    let v = assemble(text)?;
    match v.as_slice() {
        [one] => Ok(*one),
        _ => Err(asm_err(text, text, 1, format!("expected one instruction, found {}", v.len()))),
    }
}

/// Assembles a program. Labels (`name:`) mark the slot of the next
/// instruction; jumps, `gotol`, `may_goto` and calls may name them.
pub fn assemble(src: &str) -> Result<Vec<Insn>, Error> {
    let mut insns: Vec<Insn> = Vec::new();
    let mut fixups: Vec<(usize, usize, &str, Fix, usize, &str)> = Vec::new();
    let mut labels: HashMap<&str, usize> = HashMap::new();
    let mut slot = 0usize;
    for (n, line) in src.lines().enumerate() {
        let lineno = n + 1;
        let mut rest = line;
        while let Ok((r, l)) = label_def(rest) {
            if labels.insert(l, slot).is_some() {
                return Err(asm_err(src, rest, lineno, format!("label '{l}' defined twice")));
            }
            rest = r;
        }
        if line_end(rest).is_ok() {
            continue;
        }
        let (r, (insn, fix)) = instruction(rest).map_err(|e| {
            let at = match &e {
                nom::Err::Error(e) | nom::Err::Failure(e) => e.input,
                nom::Err::Incomplete(_) => rest,
            };
            asm_err(src, at, lineno, format!("cannot parse instruction: '{}'", line.trim()))
        })?;
        if line_end(r).is_err() {
            return Err(asm_err(src, r, lineno, format!("unexpected text: '{}'", r.trim())));
        }
        if let Some((Target::Label(l), fix)) = fix {
            fixups.push((insns.len(), slot, l, fix, lineno, line));
        }
        slot += insn.slots();
        insns.push(insn);
    }
    for (idx, at, label, fix, lineno, line) in fixups {
        let Some(&target) = labels.get(label) else {
            return Err(asm_err(src, line, lineno, format!("undefined label '{label}'")));
        };
        let rel = target as i128 - at as i128 - 1;
        let insn = &mut insns[idx];
        let ok = match fix {
            Fix::Off => i16::try_from(rel).is_ok_and(|o| insn.set_off(o).is_ok()),
            Fix::Imm => i32::try_from(rel).is_ok_and(|o| insn.set_imm(o).is_ok()),
        };
        if !ok {
            return Err(asm_err(src, line, lineno, format!("label '{label}' out of range")));
        }
    }
    Ok(insns)
}

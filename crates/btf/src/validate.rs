//! Strict validation: a model of the kernel's BTF verifier.
//!
//! [`crate::Btf::parse`] checks what libbpf checks (bounds, string offsets,
//! type ids). The kernel's `BPF_BTF_LOAD` is stricter, and some of its
//! verdicts depend on the order of type ids. [`strict`] and [`strict_bytes`]
//! run the kernel's own algorithm (`kernel/bpf/btf.c` of Linux 6.18) over
//! the raw bytes: `btf_parse_hdr` and `btf_check_sec_info`, the string
//! section, `btf_check_all_metas` with every kind's `check_meta`,
//! `btf_check_all_types` with its depth-limited, order-dependent resolver
//! (`MAX_RESOLVE_DEPTH` 32, "Loop detected"), the member checks, the
//! FUNC/FUNC_PROTO checks and `btf_check_type_tags`. The first rule that
//! fails comes back as [`ErrorKind::Strict`], naming the [`Rule`] (whose
//! text is the kernel's log message), the type id, the member, parameter,
//! entry or enumerator ([`Part`]) and the byte offset of the field at fault.
//!
//! The model is of a 64-bit kernel whose byte order is the blob's (pointers
//! are 8 bytes); it reads the raw bytes itself because the kernel's grammar
//! is not libbpf's (it accepts headers `Btf::parse` refuses and refuses
//! layouts libbpf accepts). Not modelled: the special-field checks that run
//! after verification (`btf_parse_struct_metas`: `bpf_spin_lock`, kptrs and
//! graph roots), see `docs/btf.md`.

use crate::btf::Btf;
use crate::endian::Endian;
use crate::error::{Error, ErrorKind, Result};

pub use crate::rule::{Part, Rule};

/// `MAX_RESOLVE_DEPTH`: the resolver's stack depth.
pub const MAX_RESOLVE_DEPTH: usize = 32;
/// `BTF_MAX_SIZE`: the largest blob `BPF_BTF_LOAD` takes.
pub const MAX_SIZE: usize = 16 * 1024 * 1024;
const MAX_TYPE: u32 = 0x000f_ffff;
const MAX_NAME_OFFSET: u32 = 0x00ff_ffff;
const KSYM_NAME_LEN: usize = 512;
const INFO_MASK: u32 = 0x9f00_ffff;
const INT_MASK: u32 = 0x0fff_ffff;
const PTR_SIZE: u32 = 8;

/// Checks `btf` the way the kernel's `BPF_BTF_LOAD` (or, for split BTF,
/// module loading on top of its base) would; returns the first rule that fails.
pub fn strict(btf: &Btf<'_>) -> Result<()> {
    strict_bytes(btf.data(), btf.base())
}

/// Checks raw `.BTF` bytes (split BTF on `base` when given) with the
/// kernel's algorithm. Unlike [`strict`] this needs no parse first, so it
/// also judges blobs [`Btf::parse`] refuses but the kernel loads.
pub fn strict_bytes(data: &[u8], base: Option<&Btf<'_>>) -> Result<()> {
    match base {
        None => Verifier::run(data, None, true).map(|_| ()),
        Some(b) => {
            // The base is the kernel's own vmlinux BTF: no BTF_MAX_SIZE for it.
            let base = match b.base() {
                None => Verifier::run(b.data(), None, false)?,
                Some(_) => return Err(Error::new(ErrorKind::BadSection("base BTF is itself split BTF"))),
            };
            // Module BTF (btf_parse_module) has no BTF_MAX_SIZE either.
            Verifier::run(data, Some(&base), false).map(|_| ())
        }
    }
}

const NOT_VISITED: u8 = 0;
const VISITED: u8 = 1;
const RESOLVED: u8 = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Tbd,
    Ptr,
    StructOrArray,
}

/// A type record: `at` is its byte offset in `data` (`None` for void).
#[derive(Clone, Copy)]
struct T<'a> {
    id: u32,
    data: &'a [u8],
    e: Endian,
    at: Option<usize>,
}

impl T<'_> {
    fn word(&self, i: usize) -> u32 {
        self.at.map_or(0, |at| self.e.u32_at(self.data, at + 4 * i))
    }
    fn name_off(&self) -> u32 {
        self.word(0)
    }
    fn info(&self) -> u32 {
        self.word(1)
    }
    fn kind(&self) -> u8 {
        ((self.info() >> 24) & 0x1f) as u8
    }
    fn vlen(&self) -> u32 {
        self.info() & 0xffff
    }
    fn kflag(&self) -> bool {
        self.info() >> 31 != 0
    }
    /// `size` or `type`, the same word.
    fn st(&self) -> u32 {
        self.word(2)
    }
    fn is_void(&self) -> bool {
        self.at.is_none()
    }
    fn is_modifier(&self) -> bool {
        matches!(self.kind(), 8..=11 | 18) && !self.is_void()
    }
    fn is(&self, kind: u8) -> bool {
        !self.is_void() && self.kind() == kind
    }
    fn is_struct(&self) -> bool {
        self.is(4) || self.is(5)
    }
    fn nosize(&self) -> bool {
        self.is_void() || self.is(7) || self.is(12) || self.is(13) || self.is(17)
    }
    fn source_only(&self) -> bool {
        self.is(14) || self.is(17) || self.is(15)
    }
    fn needs_resolve(&self) -> bool {
        self.is_modifier()
            || self.is(2)
            || self.is_struct()
            || self.is(3)
            || self.is(14)
            || self.is(12)
            || self.is(17)
            || self.is(15)
    }
    fn has_size(&self) -> bool {
        !self.is_void() && matches!(self.kind(), 1 | 4 | 5 | 6 | 15 | 16 | 19)
    }
    fn int_regular(&self) -> bool {
        let d = self.word(3);
        let bits = d & 0xff;
        let bytes = bits.div_ceil(8);
        bits & 7 == 0 && (d >> 16) & 0xff == 0 && matches!(bytes, 1 | 2 | 4 | 8 | 16)
    }
    /// Byte offset of word `i` of element `elem` (elements of `words` words after `fixed` words).
    fn elem_at(&self, elem: u32, words: usize, field: usize) -> usize {
        self.at.unwrap_or(0) + 12 + (elem as usize * words + field) * 4
    }
    fn elem(&self, elem: u32, words: usize, field: usize) -> u32 {
        self.at.map_or(0, |_| self.e.u32_at(self.data, self.elem_at(elem, words, field)))
    }
}

/// A member as the check_member functions see it (`type` may be replaced
/// by the resolved id, as the kernel's modifier callbacks do).
#[derive(Clone, Copy)]
struct Member {
    index: u32,
    type_id: u32,
    offset: u32,
}

#[derive(Clone, Copy)]
struct Vertex<'a> {
    t: T<'a>,
    next_member: u32,
}

/// How a resolve step stops: a push failure (the kernel's `-E2BIG` and
/// `-EEXIST`, which `btf_resolve` names after the type it started from) or
/// a rule failure.
enum Fail {
    Depth,
    Loop,
    Rule(Error),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Fail {
        Fail::Rule(e)
    }
}

/// The verifier's state for one blob (`struct btf` plus `btf_verifier_env`).
struct Verifier<'a> {
    data: &'a [u8],
    e: Endian,
    base: Option<&'a Verifier<'a>>,
    /// `start_id`: 0 for standalone BTF (whose index 0 is void), the base's type count for split BTF.
    start_id: u32,
    start_str: u32,
    str_at: usize,
    str_len: u32,
    /// Where the type section starts and ends, as byte offsets in `data`.
    type_sec: (usize, usize),
    type_off: u32,
    /// Byte offsets of the records, by `id - start_id` (`usize::MAX` for void).
    types: Vec<usize>,
    resolved_ids: Vec<u32>,
    resolved_sizes: Vec<u32>,
    states: Vec<u8>,
    stack: Vec<Vertex<'a>>,
    mode: Mode,
}

fn fail(id: u32, rule: Rule, part: Part, at: usize) -> Error {
    Error::at(ErrorKind::Strict { id, rule, part }, at)
}

/// The kernel's `isalpha` (lib/ctype.c: Latin-1 letters count).
fn k_alpha(c: u8) -> bool {
    c.is_ascii_alphabetic() || (c >= 0xc0 && c != 0xd7 && c != 0xf7)
}

/// The kernel's `isprint` (lib/ctype.c: 0xa0-0xff count).
fn k_print(c: u8) -> bool {
    (0x20..0x7f).contains(&c) || c >= 0xa0
}

impl<'a> Verifier<'a> {
    fn run(data: &'a [u8], base: Option<&'a Verifier<'a>>, size_limit: bool) -> Result<Verifier<'a>> {
        let mut v = Verifier::parse_hdr(data, base, size_limit)?;
        v.parse_str_sec()?;
        v.parse_type_sec()?;
        v.check_type_tags()?;
        Ok(v)
    }

    /// `btf_parse_hdr` and `btf_check_sec_info`.
    fn parse_hdr(data: &'a [u8], base: Option<&'a Verifier<'a>>, size_limit: bool) -> Result<Verifier<'a>> {
        let hdr_err = |rule, at| Err(fail(0, rule, Part::Type, at));
        if (size_limit && data.len() > MAX_SIZE) || data.len() > u32::MAX as usize {
            return hdr_err(Rule::TooLarge, 0);
        }
        if data.len() < 8 {
            return hdr_err(Rule::HdrLenNotFound, 0);
        }
        // The kernel reads the header in its own byte order; model a kernel
        // of the blob's order (little-endian when the magic is neither).
        let e = match data[..2] {
            [0xeb, 0x9f] => Endian::Big,
            _ => Endian::Little,
        };
        let hdr_len = e.u32_at(data, 4);
        if data.len() < hdr_len as usize {
            return hdr_err(Rule::HeaderNotFound, 4);
        }
        if hdr_len > 24
            && let Some(i) = data[24..hdr_len as usize].iter().position(|&b| b != 0)
        {
            return hdr_err(Rule::UnsupportedHeader, 24 + i);
        }
        let mut hdr = [0u8; 24];
        let copy = (hdr_len as usize).min(24);
        hdr[..copy].copy_from_slice(&data[..copy]);
        let word = |off| e.u32_at(&hdr, off);
        if e.read_u16(&hdr, 0) != Some(0xeb9f) {
            return hdr_err(Rule::InvalidMagic, 0);
        }
        if hdr[2] != 1 {
            return hdr_err(Rule::UnsupportedVersion, 2);
        }
        if hdr[3] != 0 {
            return hdr_err(Rule::UnsupportedFlags, 3);
        }
        if base.is_none() && data.len() == hdr_len as usize {
            return hdr_err(Rule::NoData, 4);
        }
        let (type_off, type_len, str_off, str_len) = (word(8), word(12), word(16), word(20));
        let mut secs = [(type_off, type_len, 8usize), (str_off, str_len, 16usize)];
        let cmp = |x: (u32, u32, usize), y: (u32, u32, usize)| match x.0.wrapping_sub(y.0) as i32 {
            0 => x.1.wrapping_sub(y.1) as i32,
            d => d,
        };
        if cmp(secs[0], secs[1]) > 0 {
            secs.swap(0, 1);
        }
        let expected = data.len() as u32 - hdr_len;
        let mut total = 0u32;
        for (off, len, field) in secs {
            if expected < off {
                return hdr_err(Rule::InvalidSectionOffset, field);
            }
            if total < off {
                return hdr_err(Rule::UnsupportedSection, field);
            }
            if total > off {
                return hdr_err(Rule::SectionOverlap, field);
            }
            if expected - total < len {
                return hdr_err(Rule::SectionTooLong, field + 4);
            }
            total += len;
        }
        if expected != total {
            return hdr_err(Rule::UnsupportedSection, hdr_len as usize + total as usize);
        }
        let (start_id, start_str) = match base {
            Some(b) => (b.nr_types_total(), b.str_total()),
            None => (0, 0),
        };
        let nohdr = hdr_len as usize;
        let v = Verifier {
            data,
            e,
            base,
            start_id,
            start_str,
            str_at: nohdr + str_off as usize,
            str_len,
            type_sec: (nohdr + type_off as usize, nohdr + type_off as usize + type_len as usize),
            type_off,
            types: Vec::new(),
            resolved_ids: Vec::new(),
            resolved_sizes: Vec::new(),
            states: Vec::new(),
            stack: Vec::with_capacity(MAX_RESOLVE_DEPTH),
            mode: Mode::Tbd,
        };
        Ok(v)
    }

    fn nr_types_total(&self) -> u32 {
        self.start_id + self.types.len() as u32
    }
    fn str_total(&self) -> u32 {
        self.start_str + self.str_len
    }

    /// `btf_parse_str_sec`.
    fn parse_str_sec(&mut self) -> Result<()> {
        let end = self.str_at + self.str_len as usize;
        let err = |rule, at| Err(fail(0, rule, Part::Type, at));
        if end != self.data.len() {
            return err(Rule::StringsNotAtEnd, 16);
        }
        if self.base.is_some() && self.str_len == 0 {
            return Ok(());
        }
        if self.str_len == 0 || self.str_len - 1 > MAX_NAME_OFFSET || self.data[end - 1] != 0 {
            return err(Rule::InvalidStrings, if self.str_len == 0 { 20 } else { end - 1 });
        }
        if self.base.is_none() && self.data[self.str_at] != 0 {
            return err(Rule::InvalidStrings, self.str_at);
        }
        Ok(())
    }

    fn name_offset_valid(&self, off: u32) -> bool {
        if off > MAX_NAME_OFFSET {
            return false;
        }
        if off < self.start_str {
            return self.base.is_some_and(|b| b.name_offset_valid(off));
        }
        off - self.start_str < self.str_len
    }

    /// The string at a valid offset, without its NUL.
    fn str(&self, off: u32) -> &'a [u8] {
        if off < self.start_str {
            return self.base.map_or(&[], |b| b.str(off));
        }
        let from = self.str_at + (off - self.start_str) as usize;
        let end = self.str_at + self.str_len as usize;
        let rest = self.data.get(from..end).unwrap_or(&[]);
        &rest[..rest.iter().position(|&c| c == 0).unwrap_or(rest.len())]
    }

    /// `btf_name_valid_identifier`: C identifiers, plus `.` and Latin-1 letters, at most 512 bytes.
    fn valid_identifier(&self, off: u32) -> bool {
        let s = self.str(off);
        let ok = |c: u8, first: bool| {
            (if first { k_alpha(c) } else { k_alpha(c) || c.is_ascii_digit() }) || c == b'_' || c == b'.'
        };
        match s.split_first() {
            Some((&c, rest)) => ok(c, true) && s.len() <= KSYM_NAME_LEN && rest.iter().all(|&c| ok(c, false)),
            None => false,
        }
    }

    /// `btf_name_valid_section`: printable bytes, at most 512.
    fn valid_section(&self, off: u32) -> bool {
        let s = self.str(off);
        !s.is_empty() && s.len() <= KSYM_NAME_LEN && s.iter().all(|&c| k_print(c))
    }

    /// `btf_type_by_id`.
    fn ty(&self, id: u32) -> Option<T<'a>> {
        if id < self.start_id {
            return self.base?.ty(id);
        }
        let at = *self.types.get((id - self.start_id) as usize)?;
        Some(T { id, data: self.data, e: self.e, at: (at != usize::MAX).then_some(at) })
    }

    fn resolved_id(&self, id: u32) -> u32 {
        if id < self.start_id {
            return self.base.map_or(0, |b| b.resolved_id(id));
        }
        self.resolved_ids.get((id - self.start_id) as usize).copied().unwrap_or(0)
    }

    fn resolved_size(&self, id: u32) -> u32 {
        if id < self.start_id {
            return self.base.map_or(0, |b| b.resolved_size(id));
        }
        self.resolved_sizes.get((id - self.start_id) as usize).copied().unwrap_or(0)
    }

    /// `btf_type_parse_type_sec`: alignment, presence, metas, then types.
    fn parse_type_sec(&mut self) -> Result<()> {
        let err = |rule, at| Err(fail(0, rule, Part::Type, at));
        if self.type_off & 3 != 0 {
            return err(Rule::UnalignedTypeOff, 8);
        }
        let (from, to) = self.type_sec;
        if self.base.is_none() && from == to {
            return err(Rule::NoTypes, 12);
        }
        self.check_all_metas(from, to)?;
        self.check_all_types()
    }

    /// `btf_check_all_metas`: every record's meta, in order.
    fn check_all_metas(&mut self, mut cur: usize, end: usize) -> Result<()> {
        if self.base.is_none() {
            self.types.push(usize::MAX);
        }
        // Records are at least 12 bytes: the index is bounded by the input.
        self.types.reserve((end - cur) / 12);
        let mut id = if self.base.is_some() { self.start_id } else { 1 };
        while cur < end {
            let size = self.check_meta(id, cur, (end - cur) as u32)?;
            if self.start_id + self.types.len() as u32 >= MAX_TYPE {
                return Err(fail(id, Rule::TooManyTypes, Part::Type, cur));
            }
            self.types.push(cur);
            cur += size as usize;
            id += 1;
        }
        Ok(())
    }

    /// `btf_check_meta` and the kind's `check_meta`: the record's size.
    fn check_meta(&self, id: u32, at: usize, left: u32) -> Result<u32> {
        let t = T { id, data: self.data, e: self.e, at: Some(at) };
        let err = |rule, field: usize| Err(fail(id, rule, Part::Type, at + field));
        if left < 12 {
            return err(Rule::MetaTruncated, 0);
        }
        let left = left - 12;
        if t.info() & !INFO_MASK != 0 {
            return err(Rule::InvalidInfo, 4);
        }
        let kind = t.kind();
        if kind == 0 || kind > 19 {
            return err(Rule::InvalidKind, 4);
        }
        if !self.name_offset_valid(t.name_off()) {
            return err(Rule::InvalidNameOffset, 0);
        }
        let named_ident = || t.name_off() != 0 && self.valid_identifier(t.name_off());
        let need = |n: u32| if left < n { err(Rule::MetaTruncated, 0) } else { Ok(n) };
        let no_vlen = || if t.vlen() != 0 { err(Rule::VlenNotZero, 4) } else { Ok(0) };
        let no_kflag = || if t.kflag() { err(Rule::KflagNotZero, 4) } else { Ok(0) };
        let valid_id = |v: u32| v <= MAX_TYPE;
        let extra = match kind {
            1 => {
                need(4)?;
                no_vlen()?;
                no_kflag()?;
                let d = t.word(3);
                if d & !INT_MASK != 0 {
                    return err(Rule::InvalidIntData, 12);
                }
                let bits = (d & 0xff) + ((d >> 16) & 0xff);
                if bits > 128 {
                    return err(Rule::IntBitsTooLarge, 12);
                }
                if bits.div_ceil(8) > t.st() {
                    return err(Rule::IntBitsExceedSize, 8);
                }
                if !matches!((d >> 24) & 0x0f, 0 | 1 | 2 | 4) {
                    return err(Rule::UnsupportedEncoding, 12);
                }
                4
            }
            2 | 8..=11 | 18 => {
                no_vlen()?;
                if t.kflag() && kind != 18 {
                    return err(Rule::KflagNotZero, 4);
                }
                if !valid_id(t.st()) {
                    return err(Rule::InvalidTypeId, 8);
                }
                let name_ok = match kind {
                    8 => named_ident(),
                    18 => !self.str(t.name_off()).is_empty(),
                    _ => t.name_off() == 0,
                };
                if !name_ok {
                    return err(Rule::InvalidName, 0);
                }
                0
            }
            3 => {
                need(12)?;
                if t.name_off() != 0 {
                    return err(Rule::InvalidName, 0);
                }
                no_vlen()?;
                no_kflag()?;
                if t.st() != 0 {
                    return err(Rule::SizeNotZero, 8);
                }
                if t.word(3) == 0 || !valid_id(t.word(3)) {
                    return err(Rule::InvalidElem, 12);
                }
                if t.word(4) == 0 || !valid_id(t.word(4)) {
                    return err(Rule::InvalidIndex, 16);
                }
                12
            }
            4 | 5 => {
                let n = need(t.vlen() * 12)?;
                if t.name_off() != 0 && !self.valid_identifier(t.name_off()) {
                    return err(Rule::InvalidName, 0);
                }
                let mut last = 0u32;
                for i in 0..t.vlen() {
                    let merr = |rule, field| Err(fail(id, rule, Part::Member(i as u16), t.elem_at(i, 3, field)));
                    let (name, ty, raw) = (t.elem(i, 3, 0), t.elem(i, 3, 1), t.elem(i, 3, 2));
                    if !self.name_offset_valid(name) {
                        return merr(Rule::InvalidMemberNameOffset, 0);
                    }
                    if name != 0 && !self.valid_identifier(name) {
                        return merr(Rule::InvalidName, 0);
                    }
                    if ty == 0 || !valid_id(ty) {
                        return merr(Rule::InvalidTypeId, 1);
                    }
                    let off = if t.kflag() { raw & 0x00ff_ffff } else { raw };
                    if (kind == 5 && off != 0) || last > off {
                        return merr(Rule::InvalidBitsOffset, 2);
                    }
                    if off.div_ceil(8) > t.st() {
                        return merr(Rule::BitsOffsetExceedsSize, 2);
                    }
                    last = off;
                }
                n
            }
            6 | 19 => {
                let words = if kind == 6 { 2 } else { 3 };
                let n = need(t.vlen() * words as u32 * 4)?;
                if t.st() > 8 || !t.st().is_power_of_two() {
                    return err(Rule::UnexpectedSize, 8);
                }
                if t.name_off() != 0 && !self.valid_identifier(t.name_off()) {
                    return err(Rule::InvalidName, 0);
                }
                for i in 0..t.vlen() {
                    let name = t.elem(i, words, 0);
                    let at = t.elem_at(i, words, 0);
                    if !self.name_offset_valid(name) {
                        return Err(fail(id, Rule::InvalidNameOffset, Part::Enumerator(i as u16), at));
                    }
                    if name == 0 || !self.valid_identifier(name) {
                        return Err(fail(id, Rule::InvalidName, Part::Enumerator(i as u16), at));
                    }
                }
                n
            }
            7 => {
                no_vlen()?;
                if t.st() != 0 {
                    return err(Rule::TypeNotZero, 8);
                }
                if !named_ident() {
                    return err(Rule::InvalidName, 0);
                }
                0
            }
            12 => {
                if !named_ident() {
                    return err(Rule::InvalidName, 0);
                }
                if t.vlen() > 1 {
                    return err(Rule::InvalidFuncLinkage, 4);
                }
                no_kflag()?;
                0
            }
            13 => {
                let n = need(t.vlen() * 8)?;
                if t.name_off() != 0 {
                    return err(Rule::InvalidName, 0);
                }
                no_kflag()?;
                n
            }
            14 => {
                need(4)?;
                no_vlen()?;
                no_kflag()?;
                if !named_ident() {
                    return err(Rule::InvalidName, 0);
                }
                if t.st() == 0 || !valid_id(t.st()) {
                    return err(Rule::InvalidTypeId, 8);
                }
                if t.word(3) > 1 {
                    return err(Rule::LinkageNotSupported, 12);
                }
                4
            }
            15 => {
                let n = need(t.vlen() * 12)?;
                if t.st() == 0 {
                    return err(Rule::SizeZero, 8);
                }
                no_kflag()?;
                if t.name_off() == 0 || !self.valid_section(t.name_off()) {
                    return err(Rule::InvalidName, 0);
                }
                let size = t.st();
                let (mut last_end, mut sum) = (0u64, 0u64);
                for i in 0..t.vlen() {
                    let verr = |rule, field| Err(fail(id, rule, Part::Entry(i as u16), t.elem_at(i, 3, field)));
                    let (ty, off, sz) = (t.elem(i, 3, 0), t.elem(i, 3, 1), t.elem(i, 3, 2));
                    if ty == 0 || !valid_id(ty) {
                        return verr(Rule::InvalidTypeId, 0);
                    }
                    if u64::from(off) < last_end || off >= size {
                        return verr(Rule::InvalidOffset, 1);
                    }
                    if sz == 0 || sz > size {
                        return verr(Rule::InvalidSize, 2);
                    }
                    // The kernel adds in 32 bits: an entry that wraps passes.
                    last_end = u64::from(off.wrapping_add(sz));
                    if last_end > u64::from(size) {
                        return verr(Rule::InvalidOffsetSize, 1);
                    }
                    sum += u64::from(sz);
                }
                if u64::from(size) < sum {
                    return err(Rule::DatasecTooSmall, 8);
                }
                n
            }
            16 => {
                no_vlen()?;
                no_kflag()?;
                if !matches!(t.st(), 2 | 4 | 8 | 12 | 16) {
                    return err(Rule::InvalidFloatSize, 8);
                }
                0
            }
            _ => {
                // 17: DECL_TAG
                need(4)?;
                if self.str(t.name_off()).is_empty() {
                    return err(Rule::InvalidValue, 0);
                }
                no_vlen()?;
                if (t.word(3) as i32) < -1 {
                    return err(Rule::InvalidComponentIdx, 12);
                }
                4
            }
        };
        Ok(12 + extra)
    }

    fn is_resolved(&self, id: u32) -> bool {
        if id < self.start_id {
            return true;
        }
        self.states.get((id - self.start_id) as usize) == Some(&RESOLVED)
    }

    fn is_sink(&self, t: &T<'_>) -> bool {
        match self.mode {
            Mode::Tbd => !t.needs_resolve(),
            Mode::Ptr => !t.is_modifier() && !t.is(2),
            Mode::StructOrArray => !t.is_modifier() && !t.is(3) && !t.is_struct(),
        }
    }

    fn push(&mut self, t: T<'a>, id: u32) -> core::result::Result<(), Fail> {
        if self.stack.len() == MAX_RESOLVE_DEPTH {
            return Err(Fail::Depth);
        }
        if id < self.start_id || self.states[(id - self.start_id) as usize] != NOT_VISITED {
            return Err(Fail::Loop);
        }
        self.states[(id - self.start_id) as usize] = VISITED;
        self.stack.push(Vertex { t, next_member: 0 });
        if self.mode == Mode::Tbd {
            if t.is(2) {
                self.mode = Mode::Ptr;
            } else if t.is_struct() || t.is(3) {
                self.mode = Mode::StructOrArray;
            }
        }
        Ok(())
    }

    fn pop_resolved(&mut self, rid: u32, size: u32) {
        if let Some(v) = self.stack.pop() {
            let i = (v.t.id - self.start_id) as usize;
            self.resolved_ids[i] = rid;
            self.resolved_sizes[i] = size;
            self.states[i] = RESOLVED;
        }
    }

    fn set_next_member(&mut self, next: u32) {
        if let Some(v) = self.stack.last_mut() {
            v.next_member = next;
        }
    }

    /// `btf_type_id_size`: the sized type behind `id`, its id and size.
    fn type_id_size(&self, id: u32) -> Option<(T<'a>, u32, u32)> {
        let t = self.ty(id)?;
        if t.nosize() {
            return None;
        }
        let sized = |t: &T<'a>, id: u32| -> Option<u32> {
            if t.has_size() {
                Some(t.st())
            } else if t.is(3) {
                Some(self.resolved_size(id))
            } else if t.is(2) {
                Some(PTR_SIZE)
            } else {
                None
            }
        };
        if let Some(size) = sized(&t, id) {
            return Some((t, id, size));
        }
        if !t.is_modifier() && !t.is(14) {
            return None;
        }
        let rid = self.resolved_id(id);
        let rt = self.ty(rid)?;
        if rt.nosize() {
            return None;
        }
        sized(&rt, rid).map(|size| (rt, rid, size))
    }

    /// `btf_check_all_types`: resolve every type in id order, check every FUNC_PROTO.
    fn check_all_types(&mut self) -> Result<()> {
        let n = self.types.len();
        self.resolved_ids = vec![0; n];
        self.resolved_sizes = vec![0; n];
        self.states = vec![NOT_VISITED; n];
        for i in usize::from(self.base.is_none())..n {
            let id = self.start_id + i as u32;
            let Some(t) = self.ty(id) else { continue };
            if t.needs_resolve() && !self.is_resolved(id) {
                self.resolve(t, id)?;
            }
            if t.is(13) {
                self.func_proto_check(t)?;
            }
        }
        Ok(())
    }

    /// `btf_resolve`: a depth-first walk from `t` with an explicit stack.
    fn resolve(&mut self, t: T<'a>, id: u32) -> Result<()> {
        self.mode = Mode::Tbd;
        let mut out = self.push(t, id);
        if out.is_ok() {
            while let Some(v) = self.stack.last().copied() {
                out = self.resolve_one(v);
                if out.is_err() {
                    break;
                }
            }
        }
        self.stack.clear();
        let at = t.at.unwrap_or(0);
        match out {
            Err(Fail::Depth) => Err(fail(id, Rule::TooDeep, Part::Type, at)),
            Err(Fail::Loop) => Err(fail(id, Rule::Loop, Part::Type, at)),
            Err(Fail::Rule(e)) => Err(e),
            Ok(()) if !self.resolve_valid(&t, id) => Err(fail(id, Rule::InvalidResolveState, Part::Type, at)),
            Ok(()) => Ok(()),
        }
    }

    /// `btf_resolve_valid`: the final sanity check of a resolved type.
    fn resolve_valid(&self, t: &T<'a>, id: u32) -> bool {
        if !self.is_resolved(id) {
            return false;
        }
        let (rid, rsize) = (self.resolved_id(id), self.resolved_size(id));
        if t.is_struct() || t.is(15) {
            return rid == 0 && rsize == 0;
        }
        if t.is(17) || t.is(12) {
            return rid != 0 && rsize == 0;
        }
        if t.is_modifier() || t.is(2) || t.is(14) {
            return self.ty(rid).is_some_and(|r| !r.is_modifier() && !r.is(14) && !r.is(15));
        }
        if t.is(3) {
            let nelems = t.word(5);
            return self
                .type_id_size(t.word(3))
                .is_some_and(|(et, _, esize)| !et.is_modifier() && nelems.wrapping_mul(esize) == rsize);
        }
        false
    }

    fn resolve_one(&mut self, v: Vertex<'a>) -> core::result::Result<(), Fail> {
        match v.t.kind() {
            2 | 8..=11 | 18 | 14 => self.ref_resolve(v.t),
            3 => self.array_resolve(v.t),
            4 | 5 => self.struct_resolve(v),
            12 => {
                self.func_check(&v.t)?;
                self.pop_resolved(v.t.st(), 0);
                Ok(())
            }
            17 => self.decl_tag_resolve(v.t),
            15 => self.datasec_resolve(v),
            // btf_df_resolve: kinds that are always sinks never get here.
            _ => Err(Fail::Rule(fail(v.t.id, Rule::InvalidResolveState, Part::Type, v.t.at.unwrap_or(0)))),
        }
    }

    /// `btf_modifier_resolve`, `btf_ptr_resolve` and `btf_var_resolve`.
    fn ref_resolve(&mut self, t: T<'a>) -> core::result::Result<(), Fail> {
        let at = t.at.unwrap_or(0);
        let bad = || Fail::Rule(fail(t.id, Rule::InvalidTypeId, Part::Type, at + 8));
        let mut next_id = t.st();
        let next = match self.ty(next_id) {
            Some(n) if !n.source_only() => n,
            _ => return Err(bad()),
        };
        if !self.is_sink(&next) && !self.is_resolved(next_id) {
            return self.push(next, next_id);
        }
        let is_ptr = t.is(2);
        let is_var = t.is(14);
        if (is_ptr || is_var) && next.is_modifier() {
            // Go on from the last-resolved pointer, so it cannot point back here.
            let rid = self.resolved_id(next_id);
            if let Some(rt) = self.ty(rid)
                && rt.is(2)
                && !self.is_sink(&rt)
                && !self.is_resolved(rid)
            {
                return self.push(rt, rid);
            }
        }
        match self.type_id_size(next_id) {
            Some((_, rid, _)) => next_id = rid,
            None if is_var => return Err(bad()),
            None => {
                let mut nt = Some(next);
                if self.is_resolved(next_id) {
                    next_id = self.resolved_id(next_id);
                    nt = self.ty(next_id);
                }
                if !nt.is_some_and(|n| n.is_void() || n.is(7) || n.is(13)) {
                    return Err(bad());
                }
            }
        }
        self.pop_resolved(next_id, 0);
        Ok(())
    }

    /// `btf_array_resolve`.
    fn array_resolve(&mut self, t: T<'a>) -> core::result::Result<(), Fail> {
        let at = t.at.unwrap_or(0);
        let (elem_id, index_id, nelems) = (t.word(3), t.word(4), t.word(5));
        let err = |rule, field| Fail::Rule(fail(t.id, rule, Part::Type, at + field));
        let it = match self.ty(index_id) {
            Some(it) if !it.nosize() && !it.source_only() => it,
            _ => return Err(err(Rule::InvalidIndex, 16)),
        };
        if !self.is_sink(&it) && !self.is_resolved(index_id) {
            return self.push(it, index_id);
        }
        match self.type_id_size(index_id) {
            Some((it, _, _)) if it.is(1) && it.int_regular() => {}
            _ => return Err(err(Rule::InvalidIndex, 16)),
        }
        let et = match self.ty(elem_id) {
            Some(et) if !et.nosize() && !et.source_only() => et,
            _ => return Err(err(Rule::InvalidElem, 12)),
        };
        if !self.is_sink(&et) && !self.is_resolved(elem_id) {
            return self.push(et, elem_id);
        }
        let Some((et, eid, esize)) = self.type_id_size(elem_id) else {
            return Err(err(Rule::InvalidElem, 12));
        };
        if et.is(1) && !et.int_regular() {
            return Err(err(Rule::InvalidArrayOfInt, 12));
        }
        if nelems != 0 && esize > u32::MAX / nelems {
            return Err(err(Rule::ArrayTooLarge, 20));
        }
        self.pop_resolved(eid, esize * nelems);
        Ok(())
    }

    fn member(t: &T<'_>, i: u32) -> Member {
        Member { index: i, type_id: t.elem(i, 3, 1), offset: t.elem(i, 3, 2) }
    }

    /// `btf_struct_resolve`.
    fn struct_resolve(&mut self, v: Vertex<'a>) -> core::result::Result<(), Fail> {
        let t = v.t;
        if v.next_member > 0 {
            let m = Self::member(&t, v.next_member - 1);
            if !self.is_resolved(m.type_id) {
                return Err(Fail::Rule(fail(
                    t.id,
                    Rule::InvalidResolveState,
                    Part::Member(m.index as u16),
                    t.elem_at(m.index, 3, 1),
                )));
            }
            let Some(mt) = self.ty(m.type_id) else {
                return Err(Fail::Rule(fail(t.id, Rule::InvalidResolveState, Part::Type, t.at.unwrap_or(0))));
            };
            self.check_member(&t, m, &mt)?;
        }
        for i in v.next_member..t.vlen() {
            let m = Self::member(&t, i);
            let mt = match self.ty(m.type_id) {
                Some(mt) if !mt.nosize() && !mt.source_only() => mt,
                _ => {
                    return Err(Fail::Rule(fail(
                        t.id,
                        Rule::InvalidMember,
                        Part::Member(i as u16),
                        t.elem_at(i, 3, 1),
                    )));
                }
            };
            if !self.is_sink(&mt) && !self.is_resolved(m.type_id) {
                self.set_next_member(i + 1);
                return self.push(mt, m.type_id);
            }
            self.check_member(&t, m, &mt)?;
        }
        self.pop_resolved(0, 0);
        Ok(())
    }

    /// The member-type kind's `check_member` or `check_kflag_member`.
    fn check_member(&self, s: &T<'a>, m: Member, mt: &T<'a>) -> Result<()> {
        let merr = |rule, field| Err(fail(s.id, rule, Part::Member(m.index as u16), s.elem_at(m.index, 3, field)));
        let size = s.st();
        let kflag = s.kflag();
        if mt.is_modifier() {
            let Some((rt, rid, _)) = self.type_id_size(m.type_id) else { return merr(Rule::InvalidMember, 1) };
            return self.check_member(s, Member { type_id: rid, ..m }, &rt);
        }
        let generic_kflag = || kflag && m.offset >> 24 != 0;
        match mt.kind() {
            1 => {
                let d = mt.word(3);
                let (int_off, int_bits) = ((d >> 16) & 0xff, d & 0xff);
                let (bytes, copy_bits) = if kflag {
                    if !mt.int_regular() {
                        return merr(Rule::InvalidMemberBaseType, 1);
                    }
                    let mut nr_bits = m.offset >> 24;
                    let bit_off = m.offset & 0x00ff_ffff;
                    if nr_bits == 0 {
                        if bit_off & 7 != 0 {
                            return merr(Rule::InvalidMemberOffset, 2);
                        }
                        nr_bits = int_bits;
                    } else if nr_bits > int_bits {
                        return merr(Rule::InvalidBitfieldSize, 2);
                    }
                    (bit_off >> 3, nr_bits + (bit_off & 7))
                } else {
                    if u32::MAX - m.offset < int_off {
                        return merr(Rule::BitsOffsetOverflow, 2);
                    }
                    let off = m.offset + int_off;
                    (off >> 3, int_bits + (off & 7))
                };
                if copy_bits > 128 {
                    return merr(Rule::CopyBitsTooLarge, 2);
                }
                if size < bytes || size - bytes < copy_bits.div_ceil(8) {
                    return merr(Rule::MemberExceedsSize, 2);
                }
                Ok(())
            }
            6 | 19 if kflag => {
                let bit_off = m.offset & 0x00ff_ffff;
                let mut nr_bits = m.offset >> 24;
                if nr_bits == 0 {
                    if bit_off & 7 != 0 {
                        return merr(Rule::MemberNotByteAligned, 2);
                    }
                    nr_bits = 32;
                } else if nr_bits > 32 {
                    return merr(Rule::InvalidBitfieldSize, 2);
                }
                if size < (bit_off + nr_bits).div_ceil(8) {
                    return merr(Rule::MemberExceedsSize, 2);
                }
                Ok(())
            }
            2 | 3 | 4 | 5 | 6 | 19 | 16 => {
                if generic_kflag() {
                    return merr(Rule::InvalidBitfieldSize, 2);
                }
                let off = m.offset;
                if mt.is(16) {
                    let align_bits = u64::from(PTR_SIZE.min(mt.st())) * 8;
                    if align_bits == 0 || u64::from(off) % align_bits != 0 {
                        return merr(Rule::MemberNotAligned, 2);
                    }
                    if u64::from(off / 8) + u64::from(mt.st()) > u64::from(size) {
                        return merr(Rule::MemberExceedsSize, 2);
                    }
                    return Ok(());
                }
                if off & 7 != 0 {
                    return merr(Rule::MemberNotByteAligned, 2);
                }
                let msize = match mt.kind() {
                    2 => PTR_SIZE,
                    3 => self.type_id_size(m.type_id).map_or(0, |x| x.2),
                    _ => mt.st(),
                };
                if size.wrapping_sub(off >> 3) < msize {
                    return merr(Rule::MemberExceedsSize, 2);
                }
                Ok(())
            }
            _ => merr(Rule::UnsupportedMember, 1),
        }
    }

    /// `btf_func_check`: a FUNC's prototype exists and names every argument.
    fn func_check(&self, t: &T<'a>) -> Result<()> {
        let at = t.at.unwrap_or(0);
        let proto = match self.ty(t.st()) {
            Some(p) if p.is(13) => p,
            _ => return Err(fail(t.id, Rule::InvalidTypeId, Part::Type, at + 8)),
        };
        for i in 0..proto.vlen() {
            if proto.elem(i, 2, 0) == 0 && proto.elem(i, 2, 1) != 0 {
                return Err(fail(t.id, Rule::InvalidArg, Part::Param(i as u16), proto.elem_at(i, 2, 0)));
            }
        }
        Ok(())
    }

    /// `btf_decl_tag_resolve`.
    fn decl_tag_resolve(&mut self, t: T<'a>) -> core::result::Result<(), Fail> {
        let at = t.at.unwrap_or(0);
        let next_id = t.st();
        let next = match self.ty(next_id) {
            Some(n) if n.is(12) || n.is_struct() || n.is(14) || n.is(8) => n,
            _ => return Err(Fail::Rule(fail(t.id, Rule::InvalidTypeId, Part::Type, at + 8))),
        };
        if !self.is_sink(&next) && !self.is_resolved(next_id) {
            return self.push(next, next_id);
        }
        let idx = t.word(3) as i32;
        if idx != -1 {
            let bad = || Fail::Rule(fail(t.id, Rule::InvalidComponentIdx, Part::Type, at + 12));
            if next.is(14) || next.is(8) {
                return Err(bad());
            }
            let vlen = if next.is_struct() { next.vlen() } else { self.ty(next.st()).map_or(0, |p| p.vlen()) };
            if idx as u32 >= vlen {
                return Err(bad());
            }
        }
        self.pop_resolved(next_id, 0);
        Ok(())
    }

    /// `btf_datasec_resolve`.
    fn datasec_resolve(&mut self, v: Vertex<'a>) -> core::result::Result<(), Fail> {
        let t = v.t;
        self.mode = Mode::Tbd;
        for i in v.next_member..t.vlen() {
            let verr = |rule, field| Fail::Rule(fail(t.id, rule, Part::Entry(i as u16), t.elem_at(i, 3, field)));
            let var_id = t.elem(i, 3, 0);
            let vt = match self.ty(var_id) {
                Some(vt) if vt.is(14) => vt,
                _ => return Err(verr(Rule::NotVar, 0)),
            };
            if !self.is_sink(&vt) && !self.is_resolved(var_id) {
                self.set_next_member(i + 1);
                return self.push(vt, var_id);
            }
            let Some((_, _, size)) = self.type_id_size(vt.st()) else { return Err(verr(Rule::InvalidType, 0)) };
            if t.elem(i, 3, 2) < size {
                return Err(verr(Rule::InvalidSize, 2));
            }
        }
        self.pop_resolved(0, 0);
        Ok(())
    }

    /// `btf_func_proto_check`: return and argument types.
    fn func_proto_check(&mut self, t: T<'a>) -> Result<()> {
        let at = t.at.unwrap_or(0);
        let ret_id = t.st();
        if ret_id != 0 {
            let bad = || fail(t.id, Rule::InvalidReturnType, Part::Type, at + 8);
            let rt = match self.ty(ret_id) {
                Some(rt) if !rt.source_only() => rt,
                _ => return Err(bad()),
            };
            if rt.needs_resolve() && !self.is_resolved(ret_id) {
                self.resolve(rt, ret_id)?;
            }
            if self.type_id_size(ret_id).is_none() {
                return Err(bad());
            }
        }
        let mut nr = t.vlen();
        if nr == 0 {
            return Ok(());
        }
        if t.elem(nr - 1, 2, 1) == 0 {
            if t.elem(nr - 1, 2, 0) != 0 {
                return Err(fail(t.id, Rule::InvalidArg, Part::Param((nr - 1) as u16), t.elem_at(nr - 1, 2, 0)));
            }
            nr -= 1;
        }
        for i in 0..nr {
            let bad = |field| fail(t.id, Rule::InvalidArg, Part::Param(i as u16), t.elem_at(i, 2, field));
            let (name, arg_id) = (t.elem(i, 2, 0), t.elem(i, 2, 1));
            let at = match self.ty(arg_id) {
                Some(a) if !a.source_only() => a,
                _ => return Err(bad(1)),
            };
            if name != 0 && (!self.name_offset_valid(name) || !self.valid_identifier(name)) {
                return Err(bad(0));
            }
            if at.needs_resolve() && !self.is_resolved(arg_id) {
                self.resolve(at, arg_id)?;
            }
            if self.type_id_size(arg_id).is_none() {
                return Err(bad(1));
            }
        }
        Ok(())
    }

    /// `btf_check_type_tags`: modifier chains of at most 32, type tags first.
    fn check_type_tags(&self) -> Result<()> {
        let start = if self.base.is_some() { self.start_id } else { 1 };
        let n = self.nr_types_total();
        let mut good = start - 1;
        for i in start..n {
            let Some(mut t) = self.ty(i) else { continue };
            if !t.is_modifier() {
                continue;
            }
            let (first, at) = (i, t.at.unwrap_or(0));
            let mut in_tags = t.is(18);
            let mut limit = 32u32;
            let mut cur = i;
            while t.is_modifier() {
                if limit == 0 {
                    return Err(fail(first, Rule::ChainTooLong, Part::Type, at));
                }
                limit -= 1;
                if t.is(18) {
                    if !in_tags {
                        return Err(fail(first, Rule::TypeTagAfterModifier, Part::Type, at));
                    }
                } else {
                    in_tags = false;
                }
                if cur <= good {
                    break;
                }
                cur = t.st();
                match self.ty(cur) {
                    Some(next) => t = next,
                    None => return Err(fail(first, Rule::InvalidTypeId, Part::Type, at + 8)),
                }
            }
            good = i;
        }
        Ok(())
    }
}

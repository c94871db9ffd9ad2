//! The type records of raw BTF, walked in order before (or without) the
//! index [`Btf::parse`](crate::Btf::parse) builds.

use crate::Endian;
use crate::btf_header::Header;
use crate::error::Result;
use crate::kind::{BtfKind, TypeId};
use crate::types::Type;

/// The type records of a standalone BTF blob, in id order from 1, as
/// [`Type`] views, with none of [`Btf::parse`](crate::Btf::parse)'s checks
/// beyond each record fitting in the type section. It lets work that only
/// needs the records run beside the parse, which still decides whether the
/// input is valid: use what this gives only once the parse succeeded.
///
/// The walk stops at a record of a kind whose size only a layout section
/// tells (see [`Records::complete`]) and at one that does not fit.
///
/// ```
/// use bpfkit_btf::{BtfKind, Endian, IntEncoding, write::BtfBuilder};
/// let mut b = BtfBuilder::new();
/// let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
/// b.add_ptr(int);
/// let bytes = b.encode(Endian::Little);
/// let mut records = bpfkit_btf::Records::new(&bytes).unwrap();
/// let kinds: Vec<BtfKind> = records.by_ref().map(|t| t.kind()).collect();
/// assert_eq!(kinds, [BtfKind::INT, BtfKind::PTR]);
/// assert!(records.complete());
/// ```
#[derive(Clone, Debug)]
pub struct Records<'a> {
    types: &'a [u8],
    strings_len: usize,
    endian: Endian,
    off: usize,
    next: u32,
    stopped: bool,
}

impl<'a> Records<'a> {
    /// The records of `data`, a raw BTF blob (its header is checked).
    pub fn new(data: &'a [u8]) -> Result<Records<'a>> {
        let header = Header::parse(data)?;
        Ok(Records {
            types: &data[header.type_range()],
            strings_len: header.str_range().len(),
            endian: header.endian,
            off: 0,
            next: 1,
            stopped: false,
        })
    }

    /// At least the number of records left (each takes 12 bytes or more).
    pub fn max_left(&self) -> usize {
        (self.types.len() - self.off) / 12
    }

    /// The length of the blob's string section (names are offsets into it).
    pub fn strings_len(&self) -> usize {
        self.strings_len
    }

    /// The id the next record has.
    pub fn next_id(&self) -> TypeId {
        TypeId(self.next)
    }

    /// Whether the walk has gone through the whole type section.
    pub fn complete(&self) -> bool {
        !self.stopped && self.off == self.types.len()
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Type<'a>;

    fn next(&mut self) -> Option<Type<'a>> {
        if self.stopped || self.types.len() - self.off < 12 {
            return None;
        }
        let info = self.endian.u32_at(self.types, self.off + 4);
        let vlen = (info & 0x00ff_ffff) as usize;
        let size = BtfKind(((info >> 24) & 0x7f) as u8)
            .record_layout()
            .and_then(|(fixed, per)| vlen.checked_mul(per as usize)?.checked_add(12 + fixed as usize))
            .filter(|&size| size <= self.types.len() - self.off);
        let Some(size) = size else {
            self.stopped = true;
            return None;
        };
        let t = Type::new(TypeId(self.next), self.endian, &self.types[self.off..self.off + size]);
        self.off += size;
        self.next = self.next.wrapping_add(1);
        Some(t)
    }
}

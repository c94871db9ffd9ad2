//! The type records dedup works on: base and split types as flat words,
//! checked once up front so the passes can index without failing.

use crate::btf::Btf;
use crate::endian::Endian;
use crate::error::{Error, ErrorKind, Result};
use crate::fields::{for_each_id_field, record_words};
use crate::kind::BtfKind;
use crate::write::BtfBuilder;

/// All records, id 0 (void) included, in host order.
///
/// The record offsets of the split types are the source's own index
/// (borrowed, not copied: 4 bytes a type less at the peak).
#[derive(Debug)]
pub(super) struct Types<'b> {
    /// Record words; id 0 is three zero words at the start.
    pub(super) words: Vec<u32>,
    /// Word offset of each base id's record (and void's).
    base_offs: Vec<u32>,
    /// The source's offsets of its own records, shifted right by `shift`
    /// (2 for byte offsets) and added to `own_at`.
    own_offs: &'b [u32],
    own_at: u32,
    shift: u32,
    /// First split id (1 for standalone BTF).
    pub(super) start_id: u32,
}

fn bad(id: u32, what: &'static str) -> Error {
    Error::new(ErrorKind::Dedup { id, what })
}

/// Where the split (or standalone) types come from.
#[derive(Clone, Copy, Debug)]
pub(super) enum Source<'b> {
    /// A builder's records (already host-order words).
    Builder(&'b BtfBuilder),
    /// A parsed blob's own records.
    Parsed(&'b Btf<'b>),
}

/// Appends the words of `bytes` in byte order `e`.
fn decode(bytes: &[u8], e: Endian, out: &mut Vec<u32>) {
    let chunks = bytes.chunks_exact(4);
    match e {
        Endian::Little => out.extend(chunks.map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))),
        Endian::Big => out.extend(chunks.map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))),
    }
}

impl<'b> Types<'b> {
    /// Copies `base`'s chain and the source's own records, checking every
    /// record's length against its kind and vlen and every type id against
    /// the count.
    pub(super) fn build(src: Source<'b>, start_id: u32, base: Option<&Btf<'_>>) -> Result<Types<'b>> {
        let base_count = base.map_or(1, |b| b.type_count());
        if base_count != start_id {
            return Err(bad(start_id, "split BTF does not start right after the base's types"));
        }
        let (own_words, own_count) = match src {
            Source::Builder(b) => (b.words.len(), b.offsets.len()),
            Source::Parsed(p) => (p.type_section().len() / 4, p.own_type_count()),
        };
        let n = base_count as usize + own_count;
        let mut base_words = 0;
        let mut chain = Vec::new();
        if let Some(base) = base {
            chain.push(base);
            while let Some(x) = chain.last().and_then(|x| x.base()) {
                chain.push(x);
            }
            chain.reverse();
            base_words = chain.iter().map(|l| l.type_section().len() / 4).sum();
        }
        let mut words = Vec::with_capacity(3 + base_words + own_words);
        let mut base_offs = Vec::with_capacity(base_count as usize);
        words.extend_from_slice(&[0, 0, 0]);
        base_offs.push(0);
        for level in &chain {
            let at = words.len() as u32;
            base_offs.extend(level.type_offsets().iter().map(|&o| at + o / 4));
            decode(level.type_section(), level.endian(), &mut words);
        }
        let own_at = words.len() as u32;
        let (own_offs, shift) = match src {
            Source::Builder(b) => {
                if b.offsets.iter().zip(b.offsets.iter().skip(1)).any(|(a, b)| a > b)
                    || b.offsets.last().is_some_and(|&o| o as usize + 3 > b.words.len())
                {
                    return Err(bad(start_id, "record offsets out of order or range"));
                }
                words.extend_from_slice(&b.words);
                (&b.offsets[..], 0)
            }
            Source::Parsed(p) => {
                decode(p.type_section(), p.endian(), &mut words);
                (p.type_offsets(), 2)
            }
        };
        let t = Types { words, base_offs, own_offs, own_at, shift, start_id };
        for id in start_id..n as u32 {
            let (off, end) = (t.rec(id), t.end(id));
            if off + 3 > end {
                return Err(bad(id, "record out of range"));
            }
            match record_words(t.kind(id), t.vlen(id)) {
                Some(len) if len == end - off => {}
                Some(_) => return Err(bad(id, "record length does not match its kind and vlen")),
                None => return Err(bad(id, "kind unknown to dedup")),
            }
        }
        for id in 1..n as u32 {
            let kind = t.kind(id);
            if !kind.is_known()
                || kind == BtfKind::UNKN
                || (id < start_id && record_words(kind, t.vlen(id)) != Some(t.end(id) - t.rec(id)))
            {
                continue; // a base kind only a layout section describes: dedup fails on it later, as libbpf's
            }
            let at = t.rec(id);
            let mut ok = true;
            for_each_id_field(kind, t.vlen(id), |w| ok &= (t.words[at + w] as usize) < n);
            if !ok {
                return Err(bad(id, "refers to a type id that does not exist"));
            }
        }
        Ok(t)
    }

    /// Word offset one past `id`'s record.
    #[inline]
    pub(super) fn end(&self, id: u32) -> usize {
        if id + 1 < self.count() { self.rec(id + 1) } else { self.words.len() }
    }
    /// One past the highest id.
    #[inline]
    pub(super) fn count(&self) -> u32 {
        self.start_id + self.own_offs.len() as u32
    }
    /// Word offset of `id`'s record.
    #[inline]
    pub(super) fn rec(&self, id: u32) -> usize {
        match id.checked_sub(self.start_id) {
            Some(i) => self.own_at as usize + (self.own_offs[i as usize] >> self.shift) as usize,
            None => self.base_offs[id as usize] as usize,
        }
    }
    /// Word `i` of `id`'s record.
    #[inline]
    pub(super) fn w(&self, id: u32, i: usize) -> u32 {
        self.words[self.rec(id) + i]
    }
    #[inline]
    pub(super) fn name(&self, id: u32) -> u32 {
        self.w(id, 0)
    }
    #[inline]
    pub(super) fn info(&self, id: u32) -> u32 {
        self.w(id, 1)
    }
    /// The size or referenced type word.
    #[inline]
    pub(super) fn size(&self, id: u32) -> u32 {
        self.w(id, 2)
    }
    #[inline]
    pub(super) fn kind(&self, id: u32) -> BtfKind {
        BtfKind(((self.info(id) >> 24) & 0x7f) as u8)
    }
    #[inline]
    pub(super) fn vlen(&self, id: u32) -> u32 {
        self.info(id) & 0x00ff_ffff
    }
    #[inline]
    pub(super) fn kflag(&self, id: u32) -> bool {
        self.info(id) >> 31 != 0
    }
    /// The words after the 12-byte common part.
    #[inline]
    pub(super) fn trailer(&self, id: u32) -> &[u32] {
        &self.words[self.rec(id) + 3..self.end(id)]
    }
}

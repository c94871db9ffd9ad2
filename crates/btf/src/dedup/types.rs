//! The type records dedup works on: base and split types as flat words,
//! checked once up front so the passes can index without failing.

use crate::btf::Btf;
use crate::error::{Error, ErrorKind, Result};
use crate::fields::{for_each_id_field, record_words};
use crate::kind::BtfKind;
use crate::write::BtfBuilder;

/// All records, id 0 (void) included, in host order.
#[derive(Debug)]
pub(super) struct Types {
    /// Record words; id 0 is three zero words at the start.
    pub(super) words: Vec<u32>,
    /// Word offset of each id's record.
    pub(super) offs: Vec<u32>,
    /// First split id (1 for standalone BTF).
    pub(super) start_id: u32,
}

fn bad(id: u32, what: &'static str) -> Error {
    Error::new(ErrorKind::Dedup { id, what }, 0)
}

impl Types {
    /// Copies `base`'s chain and `b`'s own records, checking every record's
    /// length against its kind and vlen and every type id against the count.
    pub(super) fn build(b: &BtfBuilder, base: Option<&Btf<'_>>) -> Result<Types> {
        let base_count = base.map_or(1, |b| b.type_count());
        if base_count != b.start_id {
            return Err(bad(b.start_id, "split BTF does not start right after the base's types"));
        }
        let n = base_count as usize + b.offsets.len();
        let mut words = Vec::with_capacity(3 + b.words.len() + base.map_or(0, |x| x.data().len() / 4));
        let mut offs = Vec::with_capacity(n);
        words.extend_from_slice(&[0, 0, 0]);
        offs.push(0);
        if let Some(base) = base {
            let mut chain = vec![base];
            while let Some(x) = chain.last().and_then(|x| x.base()) {
                chain.push(x);
            }
            for level in chain.iter().rev() {
                let e = level.endian();
                for t in level.types() {
                    offs.push(words.len() as u32);
                    words.extend(t.bytes().chunks_exact(4).map(|c| e.u32_at(c, 0)));
                }
            }
        }
        for (i, &off) in b.offsets.iter().enumerate() {
            let id = b.start_id + i as u32;
            let end = b.offsets.get(i + 1).map_or(b.words.len(), |&o| o as usize);
            let rec = b.words.get(off as usize..end).filter(|r| r.len() >= 3).ok_or_else(|| bad(id, "record out of range"))?;
            let kind = BtfKind(((rec[1] >> 24) & 0x7f) as u8);
            match record_words(kind, rec[1] & 0x00ff_ffff) {
                Some(len) if len == rec.len() => {}
                Some(_) => return Err(bad(id, "record length does not match its kind and vlen")),
                None => return Err(bad(id, "kind unknown to dedup")),
            }
            offs.push(words.len() as u32);
            words.extend_from_slice(rec);
        }
        let t = Types { words, offs, start_id: b.start_id };
        for id in 1..n as u32 {
            let kind = t.kind(id);
            if !kind.is_known() {
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

    /// One past the highest id.
    #[inline]
    pub(super) fn count(&self) -> u32 {
        self.offs.len() as u32
    }
    /// Word offset of `id`'s record.
    #[inline]
    pub(super) fn rec(&self, id: u32) -> usize {
        self.offs[id as usize] as usize
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
        let at = self.rec(id) + 3;
        let end = self.offs.get(id as usize + 1).map_or(self.words.len(), |&o| o as usize);
        &self.words[at..end]
    }
}

//! libbpf's `strset`: a string table of unique strings in insertion order
//! (no tail merging), starting with `""` at offset 0.

use std::collections::HashMap;

/// The output `.strtab` (section names and symbol names).
#[derive(Debug, Clone)]
pub(crate) struct StrSet {
    pub(crate) data: Vec<u8>,
    index: HashMap<Box<[u8]>, u32>,
}

impl StrSet {
    pub(crate) fn new() -> StrSet {
        let mut index = HashMap::new();
        index.insert(Box::from(&b""[..]), 0);
        StrSet { data: vec![0], index }
    }

    /// Adds (or finds) a string; returns its offset.
    pub(crate) fn add(&mut self, s: &[u8]) -> u32 {
        if let Some(&o) = self.index.get(s) {
            return o;
        }
        let off = self.data.len() as u32;
        self.data.extend_from_slice(s);
        self.data.push(0);
        self.index.insert(s.into(), off);
        off
    }
}

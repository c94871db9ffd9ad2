//! The `.BTF.ext` fields dedup rewrites, in libbpf's visiting order
//! (`btf_ext_visit_str_offs`, `btf_ext_visit_type_ids`).

use crate::error::Result;
use crate::ext::BtfExt;

/// Byte positions of the string offsets and type ids of a `.BTF.ext`.
#[derive(Debug, Default)]
pub(super) struct ExtFields {
    pub(super) strs: Vec<usize>,
    pub(super) ids: Vec<usize>,
}

impl ExtFields {
    pub(super) fn find(ext: &BtfExt<'_>) -> Result<ExtFields> {
        let mut f = ExtFields::default();
        let (fi, li, cr) = (ext.func_info(), ext.line_info(), ext.core_relo());
        for sec in fi.sections() {
            f.strs.push(sec.at);
        }
        for sec in li.sections() {
            f.strs.push(sec.at);
            for r in 0..sec.len() {
                let at = sec.at + 8 + r * li.record_size() as usize;
                f.strs.extend([at + 4, at + 8]);
            }
        }
        for sec in cr.sections() {
            f.strs.push(sec.at);
            for r in 0..sec.len() {
                f.strs.push(sec.at + 8 + r * cr.record_size() as usize + 8);
            }
        }
        for sec in fi.sections() {
            for r in 0..sec.len() {
                f.ids.push(sec.at + 8 + r * fi.record_size() as usize + 4);
            }
        }
        for sec in cr.sections() {
            for r in 0..sec.len() {
                f.ids.push(sec.at + 8 + r * cr.record_size() as usize + 4);
            }
        }
        Ok(f)
    }
}

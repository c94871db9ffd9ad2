//! Describing access specs in libbpf's words (`bpf_core_format_spec`).
//!
//! Parsing lives in [`bpfkit_obj::core_spec`], the one access-string
//! parser, which `bpfkit obj` uses too; it is re-exported here.

use bpfkit_btf::{Btf, BtfKind};
use core::fmt::Write as _;

pub use bpfkit_obj::core_spec::{
    Accessor, MAX_SPEC_LEN, Spec, enumerator_value, is_flex_arr, parse_access, parse_spec, type_label,
};

/// The C-like part of a spec: `struct task_struct.comm[3]`,
/// `enum e::VAL = 1`, or just `struct foo` for type-based kinds.
pub fn describe(btf: &Btf<'_>, spec: &Spec<'_>) -> String {
    let mut s = type_label(btf, spec.root_type_id);
    if spec.kind.is_enumval() {
        // libbpf prints raw_spec[0] even for an unmatched target spec, whose
        // raw_spec is still zeroed: enumerator #0 then.
        let raw = spec.raw.first().copied().unwrap_or(0);
        if let Ok(t) = btf.skip_mods_and_typedefs(spec.root_type_id)
            && let Some(e) = t.enumerators().nth(raw as usize)
        {
            let name = btf.str(e.name_off).unwrap_or("");
            if t.kind() == BtfKind::ENUM {
                let v = e.value as u32;
                if t.kflag() {
                    let _ = write!(s, "::{name} = {}", v as i32);
                } else {
                    let _ = write!(s, "::{name} = {v}");
                }
            } else if t.kflag() {
                let _ = write!(s, "::{name} = {}", e.value as i64);
            } else {
                let _ = write!(s, "::{name} = {}", e.value);
            }
        }
    } else if spec.kind.is_field() {
        for (i, a) in spec.accessors.iter().enumerate() {
            if let Some(n) = a.name {
                let _ = write!(s, ".{n}");
            } else if i > 0 || a.idx > 0 {
                let _ = write!(s, "[{}]", a.idx);
            }
        }
    }
    s
}

/// libbpf's `bpf_core_format_spec`:
/// `<byte_off> [7] struct sample.a[3] (0:1:2:3 @ offset 16)`.
pub fn format_spec(btf: &Btf<'_>, spec: &Spec<'_>) -> String {
    let mut s = format!("<{}> [{}] {}", spec.kind.name(), spec.root_type_id.0, describe(btf, spec));
    if spec.kind.is_field() {
        let _ = write!(s, " ({}", spec.access_string());
        if !spec.bit_offset.is_multiple_of(8) {
            let _ = write!(s, " @ offset {}.{})", spec.bit_offset / 8, spec.bit_offset % 8);
        } else {
            let _ = write!(s, " @ offset {})", spec.bit_offset / 8);
        }
    }
    s
}

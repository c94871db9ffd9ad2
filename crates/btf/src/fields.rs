//! Where a type record keeps its string offsets and type ids, in the order
//! libbpf's `btf_field_iter` visits them (which decides string order in
//! `btf__add_btf` and in dedup's string pass).

use crate::kind::BtfKind;

/// Length in 32-bit words of a record of `kind` with `vlen` elements, for
/// the kinds this crate knows (kind 0 has no record).
#[inline]
pub(crate) fn record_words(kind: BtfKind, vlen: u32) -> Option<usize> {
    if kind == BtfKind::UNKN {
        return None;
    }
    let (fixed, per) = kind.record_layout()?;
    Some(3 + fixed as usize / 4 + vlen as usize * (per as usize / 4))
}

/// Calls `f` with the word index (from the record start) of every string
/// offset, in libbpf's order: the name, then each element's name.
#[inline]
pub(crate) fn for_each_str_field(kind: BtfKind, vlen: u32, mut f: impl FnMut(usize)) {
    let vlen = vlen as usize;
    match kind {
        BtfKind::UNKN => {}
        BtfKind::ENUM | BtfKind::FUNC_PROTO => {
            f(0);
            (0..vlen).for_each(|i| f(3 + 2 * i));
        }
        BtfKind::ENUM64 | BtfKind::STRUCT | BtfKind::UNION => {
            f(0);
            (0..vlen).for_each(|i| f(3 + 3 * i));
        }
        _ => f(0),
    }
}

/// Calls `f` with the word index of every type id, in libbpf's order.
#[inline]
pub(crate) fn for_each_id_field(kind: BtfKind, vlen: u32, mut f: impl FnMut(usize)) {
    let vlen = vlen as usize;
    match kind {
        BtfKind::UNKN | BtfKind::INT | BtfKind::FLOAT | BtfKind::ENUM | BtfKind::ENUM64 => {}
        BtfKind::ARRAY => {
            f(3);
            f(4);
        }
        BtfKind::STRUCT | BtfKind::UNION => (0..vlen).for_each(|i| f(4 + 3 * i)),
        BtfKind::FUNC_PROTO => {
            f(2);
            (0..vlen).for_each(|i| f(4 + 2 * i));
        }
        BtfKind::DATASEC => (0..vlen).for_each(|i| f(3 + 3 * i)),
        _ => f(2),
    }
}

//! Relocation values (libbpf's `bpf_core_calc_field_relo`,
//! `bpf_core_calc_type_relo`, `bpf_core_calc_enumval_relo`,
//! `bpf_core_calc_relo`).

use crate::error::{Error, ErrorKind, Result};
use crate::spec::{Spec, enumerator_value, type_label};
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, BtfKind, Endian, TypeId};

/// The outcome of one relocation against one target (libbpf's
/// `struct bpf_core_relo_res`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ReloValue {
    /// The value the compiler encoded (computed from the local BTF).
    pub orig_val: u64,
    /// The value for the target.
    pub new_val: u64,
    /// The instruction must be poisoned.
    pub poison: bool,
    /// The instruction's current value must equal `orig_val`.
    pub validate: bool,
    /// Load/store size would change in an unsafe way (poisons LDX/ST/STX).
    pub fail_memsz_adjust: bool,
    /// Local field (element) size for memory-size adjustment, 0 if none.
    pub orig_sz: u32,
    /// Target field (element) size, 0 if none.
    pub new_sz: u32,
    /// Local field type (for memory-size adjustment).
    pub orig_type_id: TypeId,
    /// Target field type.
    pub new_type_id: TypeId,
}

/// Why a relocation has no value: the instruction is poisoned (libbpf's
/// `-EUCLEAN`), or an error.
enum Calc {
    Poison,
    Err(Error),
}

impl From<Error> for Calc {
    fn from(e: Error) -> Calc {
        Calc::Err(e)
    }
}

fn value_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Value, msg)
}

fn size(btf: &Btf<'_>, id: TypeId) -> Result<u64> {
    btf.resolve_size(id).map_err(|e| value_err(format!("size of {}: {e}", type_label(btf, id))))
}

fn skip_arrays(btf: &Btf<'_>, id: TypeId) -> Result<TypeId> {
    let mut t = btf.skip_mods_and_typedefs(id).map_err(|e| value_err(format!("type [{}]: {e}", id.0)))?;
    for _ in 0..=btf.type_count() {
        match t.array() {
            Some(a) => {
                t = btf.skip_mods_and_typedefs(a.elem).map_err(|e| value_err(format!("type [{}]: {e}", a.elem.0)))?
            }
            None => return Ok(t.id()),
        }
    }
    Err(value_err("array chain too long"))
}

struct FieldOut {
    val: u64,
    field_sz: u32,
    type_id: TypeId,
    validate: bool,
}

fn calc_field(
    kind: CoreReloKind,
    btf: &Btf<'_>,
    spec: Option<&Spec<'_>>,
    order: Endian,
) -> core::result::Result<FieldOut, Calc> {
    let mut out = FieldOut { val: 0, field_sz: 0, type_id: TypeId(0), validate: true };
    if kind == CoreReloKind::FIELD_EXISTS {
        out.val = u64::from(spec.is_some());
        return Ok(out);
    }
    let Some(spec) = spec else { return Err(Calc::Poison) };
    let acc = spec.accessors.last().ok_or_else(|| value_err("empty spec"))?;
    if acc.name.is_none() {
        // a[n]: only byte offset and byte size apply.
        if kind == CoreReloKind::FIELD_BYTE_OFFSET {
            out.val = u64::from(spec.bit_offset / 8);
            let elem = skip_arrays(btf, acc.type_id)?;
            out.field_sz = size(btf, elem)? as u32;
            out.type_id = acc.type_id;
        } else if kind == CoreReloKind::FIELD_BYTE_SIZE {
            out.val = size(btf, acc.type_id)?;
        } else {
            return Err(Calc::Err(Error::new(
                ErrorKind::Unsupported,
                format!("{} can't be applied to an array element access", kind.name()),
            )));
        }
        return Ok(out);
    }
    let t = btf.get(acc.type_id).ok_or_else(|| value_err("accessor type missing"))?;
    let m = t.members().nth(acc.idx as usize).ok_or_else(|| value_err("member missing"))?;
    let mt = btf.skip_mods_and_typedefs(m.type_id).map_err(|e| value_err(format!("member type: {e}")))?;
    let field_type_id = mt.id();
    let bit_off = spec.bit_offset;
    let mut bit_sz = m.bitfield_size;
    let bitfield = bit_sz > 0;
    let (byte_off, byte_sz);
    if bitfield {
        let mut bsz = mt.size();
        if bsz == 0 {
            return Err(Calc::Err(value_err(format!(
                "bitfield '{}' has a zero-sized base type",
                acc.name.unwrap_or("")
            ))));
        }
        let mut boff = bit_off / 8 / bsz * bsz;
        while u64::from(bit_off) + u64::from(bit_sz) - u64::from(boff) * 8 > u64::from(bsz) * 8 {
            if bsz >= 8 {
                return Err(Calc::Err(value_err(format!(
                    "bitfield '{}' ({} bits at bit {}) can't be read with a 64-bit load",
                    acc.name.unwrap_or(""),
                    bit_sz,
                    bit_off
                ))));
            }
            bsz *= 2;
            boff = bit_off / 8 / bsz * bsz;
        }
        byte_sz = bsz;
        byte_off = boff;
    } else {
        byte_sz = size(btf, field_type_id)? as u32;
        byte_off = spec.bit_offset / 8;
        bit_sz = byte_sz.wrapping_mul(8);
    }
    out.validate = !bitfield;
    match kind {
        CoreReloKind::FIELD_BYTE_OFFSET => {
            out.val = u64::from(byte_off);
            if !bitfield {
                let elem = skip_arrays(btf, field_type_id)?;
                out.field_sz = size(btf, elem)? as u32;
                out.type_id = field_type_id;
            }
        }
        CoreReloKind::FIELD_BYTE_SIZE => out.val = u64::from(byte_sz),
        CoreReloKind::FIELD_SIGNED => {
            out.val = u64::from((mt.is_enum() && mt.kflag()) || mt.int().is_some_and(|i| i.encoding.is_signed()));
            out.validate = true;
        }
        CoreReloKind::FIELD_LSHIFT_U64 => {
            // u32 arithmetic, as in libbpf (wraps for non-bitfields wider than 8 bytes).
            let in_word = bit_off.wrapping_sub(byte_off.wrapping_mul(8));
            out.val = u64::from(match order {
                Endian::Little => 64u32.wrapping_sub(in_word.wrapping_add(bit_sz)),
                Endian::Big => 8u32.wrapping_sub(byte_sz).wrapping_mul(8).wrapping_add(in_word),
            });
        }
        CoreReloKind::FIELD_RSHIFT_U64 => {
            out.val = u64::from(64u32.wrapping_sub(bit_sz));
            out.validate = true;
        }
        _ => {
            return Err(Calc::Err(Error::new(
                ErrorKind::Unsupported,
                format!("unknown field relocation kind {}", kind.0),
            )));
        }
    }
    Ok(out)
}

fn calc_type(kind: CoreReloKind, btf: &Btf<'_>, spec: Option<&Spec<'_>>) -> Result<(u64, bool)> {
    let Some(spec) = spec else { return Ok((0, true)) };
    match kind {
        CoreReloKind::TYPE_ID_TARGET => Ok((u64::from(spec.root_type_id.0), false)),
        CoreReloKind::TYPE_EXISTS | CoreReloKind::TYPE_MATCHES => Ok((1, true)),
        CoreReloKind::TYPE_SIZE => Ok((size(btf, spec.root_type_id)?, true)),
        _ => Err(Error::new(ErrorKind::Unsupported, format!("unknown type relocation kind {}", kind.0))),
    }
}

fn calc_enumval(kind: CoreReloKind, btf: &Btf<'_>, spec: Option<&Spec<'_>>) -> core::result::Result<u64, Calc> {
    match kind {
        CoreReloKind::ENUMVAL_EXISTS => Ok(u64::from(spec.is_some())),
        CoreReloKind::ENUMVAL_VALUE => {
            let Some(spec) = spec else { return Err(Calc::Poison) };
            let acc = spec.accessors.first().ok_or_else(|| value_err("empty spec"))?;
            let t = btf.get(acc.type_id).ok_or_else(|| value_err("enum type missing"))?;
            Ok(enumerator_value(&t, acc.idx).ok_or_else(|| value_err("enumerator missing"))?)
        }
        _ => Err(Calc::Err(Error::new(ErrorKind::Unsupported, format!("unknown enumval relocation kind {}", kind.0)))),
    }
}

/// `bpf_core_calc_relo`: the local and target values of one relocation;
/// `targ = None` when no candidate matched.
pub fn calc_relo(
    kind: CoreReloKind,
    local_btf: &Btf<'_>,
    local: &Spec<'_>,
    targ: Option<(&Btf<'_>, &Spec<'_>)>,
    order: Endian,
) -> Result<ReloValue> {
    let mut res = ReloValue { validate: true, ..ReloValue::default() };
    let r: core::result::Result<(), Calc> = (|| {
        if kind.is_field() {
            let o = calc_field(kind, local_btf, Some(local), order)?;
            res.orig_val = o.val;
            res.orig_sz = o.field_sz;
            res.orig_type_id = o.type_id;
            res.validate = o.validate;
            let (tb, ts) = match targ {
                Some((b, s)) => (b, Some(s)),
                None => (local_btf, None),
            };
            let n = calc_field(kind, tb, ts, order)?;
            res.new_val = n.val;
            res.new_sz = n.field_sz;
            res.new_type_id = n.type_id;
            if res.orig_sz != res.new_sz {
                let ot = local_btf.get(res.orig_type_id);
                let nt = tb.get(res.new_type_id);
                let ok = match (ot, nt) {
                    (Some(o), Some(n)) => {
                        (o.kind() == BtfKind::PTR && n.kind() == BtfKind::PTR)
                            || (o.int().is_some_and(|i| i.encoding.0 != 1)
                                && n.int().is_some_and(|i| i.encoding.0 != 1))
                    }
                    _ => false,
                };
                res.fail_memsz_adjust = !ok;
            }
        } else if kind.is_type() {
            let (o, v) = calc_type(kind, local_btf, Some(local))?;
            res.orig_val = o;
            res.validate = v;
            res.new_val = match targ {
                Some((b, s)) => calc_type(kind, b, Some(s))?.0,
                None => 0,
            };
        } else if kind.is_enumval() {
            res.orig_val = calc_enumval(kind, local_btf, Some(local))?;
            res.new_val = match targ {
                Some((b, s)) => calc_enumval(kind, b, Some(s))?,
                None => calc_enumval(kind, local_btf, None)?,
            };
        } else {
            return Err(Calc::Err(Error::new(ErrorKind::Unsupported, format!("unknown relocation kind {}", kind.0))));
        }
        Ok(())
    })();
    match r {
        Ok(()) => Ok(res),
        Err(Calc::Poison) => {
            res.poison = true;
            Ok(res)
        }
        Err(Calc::Err(e)) => Err(e),
    }
}

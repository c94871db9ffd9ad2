//! The BTF side of linking: appending each input's types, matching global
//! and extern declarations by BTF (`glob_syms_match`), merging `.BTF.ext`
//! records, and at the end the per-section DATASECs and the dedup.

use crate::error::{Error, ErrorKind, Result, malformed};
use crate::input::{SrcObj, is_non_static};
use crate::linker::{ExtData, Linker, parse_kept};
use bpfkit_btf::dedup::{DedupOptions, dedup};
use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, BtfKind, Endian, StrOffset, TypeId};
use bpfkit_obj::map::parse_map_def;
use bpfkit_obj::{MapDef, MapType};

/// The `.BTF` and `.BTF.ext` bytes of the output, if any.
pub(crate) type FinalBtf = (Option<Vec<u8>>, Option<Vec<u8>>);

/// Deepest nesting of struct members compared in exact mode.
const MAX_MATCH_DEPTH: u32 = 512;

fn kind_of(words: &[u32]) -> BtfKind {
    BtfKind(((words[1] >> 24) & 0x7f) as u8)
}

fn vlen_of(words: &[u32]) -> u32 {
    words[1] & 0x00ff_ffff
}

/// `btf_is_non_static` on an output record.
fn words_non_static(w: &[u32]) -> bool {
    match kind_of(w) {
        BtfKind::VAR => w.get(3).is_some_and(|&l| l != 0),
        BtfKind::FUNC => vlen_of(w) != 0,
        _ => false,
    }
}

fn btf_str<'a>(btf: &Btf<'a>, off: StrOffset) -> Result<&'a str> {
    btf.str(off).map_err(|e| Error::from(e).in_section(".BTF"))
}

/// `complete_extern_btf_info`: an extern VAR becomes allocated, an extern
/// FUNC global with its parameter names filled in from the definition.
pub(crate) fn complete_extern_btf_info(dst: &mut BtfBuilder, dst_id: u32, obj: &SrcObj<'_>, src_id: u32) -> Result<()> {
    let bad = || malformed("BTF of a resolved extern is missing");
    let w = dst.type_words_mut(TypeId(dst_id)).ok_or_else(bad)?;
    if kind_of(w) == BtfKind::VAR {
        if let Some(l) = w.get_mut(3) {
            *l = 1;
        }
        return Ok(());
    }
    w[1] = (u32::from(BtfKind::FUNC.0) << 24) | 1;
    let dst_proto = w[2];
    let src = obj.btf.as_ref().ok_or_else(bad)?;
    let src_t = src.get(TypeId(src_id)).ok_or_else(bad)?;
    let src_proto = src.get(src_t.type_id()).ok_or_else(bad)?;
    let n = dst.type_words(TypeId(dst_proto)).map_or(0, |w| vlen_of(w) as usize);
    let names: Vec<_> = src_proto.params().map(|p| p.name_off).collect();
    for (i, &name_off) in names.iter().enumerate().take(n) {
        if name_off.0 == 0 {
            continue;
        }
        let s = src.str_bytes(name_off).ok_or_else(bad)?;
        let off = dst.add_str_bytes(s);
        if let Some(w) = dst.type_words_mut(TypeId(dst_proto))
            && let Some(slot) = w.get_mut(3 + 2 * i)
        {
            *slot = off.0;
        }
    }
    Ok(())
}

fn is_static_top(t: &bpfkit_btf::Type<'_>) -> bool {
    !is_non_static(t)
}

/// `glob_sym_btf_matches`: do two BTF types describe the same global?
fn btf_match(
    exact: bool,
    b1: &Btf<'_>,
    id1: TypeId,
    b2: &Btf<'_>,
    id2: TypeId,
    depth: u32,
) -> core::result::Result<(), String> {
    if depth > MAX_MATCH_DEPTH {
        return Err("types nest too deeply".into());
    }
    let (mut exact, mut id1, mut id2) = (exact, id1, id2);
    let limit = b1.type_count() as u64 + b2.type_count() as u64 + 2;
    for _ in 0..limit {
        let bad = |e: bpfkit_btf::Error| format!("bad BTF: {e}");
        let t1 = b1.skip_mods_and_typedefs(id1).map_err(bad)?;
        let t2 = b2.skip_mods_and_typedefs(id2).map_err(bad)?;
        let (k1, k2) = (t1.kind(), t2.kind());
        let n1 = b1.name(&t1);
        let n2 = b2.name(&t2);
        if !exact && (k1 == BtfKind::FWD) != (k2 == BtfKind::FWD) {
            if n1 != n2 {
                return Err(format!("incompatible forward declaration names '{n1}' and '{n2}'"));
            }
            let (fwd, conc) = if k1 == BtfKind::FWD { (&t1, &t2) } else { (&t2, &t1) };
            if fwd.kflag() && conc.kind() == BtfKind::UNION || !fwd.kflag() && conc.kind() == BtfKind::STRUCT {
                return Ok(());
            }
            let what = if fwd.kflag() { "union" } else { "struct" };
            return Err(format!("incompatible {what} forward declaration and concrete kind {}", conc.kind()));
        }
        if k1 != k2 {
            return Err(format!("incompatible BTF kinds {k1} and {k2}"));
        }
        if matches!(
            k1,
            BtfKind::STRUCT
                | BtfKind::UNION
                | BtfKind::ENUM
                | BtfKind::ENUM64
                | BtfKind::FWD
                | BtfKind::FUNC
                | BtfKind::VAR
        ) && n1 != n2
        {
            return Err(format!("incompatible {k1} names '{n1}' and '{n2}'"));
        }
        match k1 {
            BtfKind::UNKN | BtfKind::FWD => return Ok(()),
            BtfKind::INT | BtfKind::FLOAT | BtfKind::ENUM | BtfKind::ENUM64 => {
                if t1.size() != t2.size() {
                    return Err(format!("incompatible {k1} '{n1}' size {} and {}", t1.size(), t2.size()));
                }
                return Ok(());
            }
            BtfKind::PTR => {
                exact = false;
                (id1, id2) = (t1.type_id(), t2.type_id());
            }
            BtfKind::ARRAY => {
                let (a1, a2) = (t1.array().ok_or("bad ARRAY")?, t2.array().ok_or("bad ARRAY")?);
                (id1, id2) = (a1.elem, a2.elem);
            }
            BtfKind::FUNC | BtfKind::VAR => {
                if is_static_top(&t1) != is_static_top(&t2) {
                    return Err(format!("incompatible {} '{n1}' linkage", k1.libbpf_name()));
                }
                (id1, id2) = (t1.type_id(), t2.type_id());
            }
            BtfKind::STRUCT | BtfKind::UNION => {
                if !exact {
                    return Ok(());
                }
                if t1.vlen() != t2.vlen() {
                    return Err(format!("incompatible number of {k1} fields {} and {}", t1.vlen(), t2.vlen()));
                }
                for (i, (m1, m2)) in t1.members().zip(t2.members()).enumerate() {
                    let (f1, f2) = (b1.str(m1.name_off).unwrap_or(""), b2.str(m2.name_off).unwrap_or(""));
                    if f1 != f2 {
                        return Err(format!("incompatible field #{i} names '{f1}' and '{f2}'"));
                    }
                    if m1.raw_offset != m2.raw_offset {
                        return Err(format!("incompatible field #{i} ('{f1}') offsets"));
                    }
                    btf_match(exact, b1, m1.type_id, b2, m2.type_id, depth + 1)?;
                }
                return Ok(());
            }
            BtfKind::FUNC_PROTO => {
                if t1.vlen() != t2.vlen() {
                    return Err(format!("incompatible number of {k1} params {} and {}", t1.vlen(), t2.vlen()));
                }
                for (p1, p2) in t1.params().zip(t2.params()) {
                    btf_match(exact, b1, p1.type_id, b2, p2.type_id, depth + 1)?;
                }
                (id1, id2) = (t1.type_id(), t2.type_id());
            }
            k => return Err(format!("unsupported BTF kind {k}")),
        }
    }
    Err("type chain loops".into())
}

/// `map_defs_match`.
fn map_defs_match(
    b1: &Btf<'_>,
    d1: &MapDef,
    i1: Option<&MapDef>,
    b2: &Btf<'_>,
    d2: &MapDef,
    i2: Option<&MapDef>,
) -> core::result::Result<(), String> {
    let mismatch = |r: &str| Err(format!("map {r} mismatch"));
    if d1.map_type != d2.map_type {
        return mismatch("type");
    }
    if d1.key_size != d2.key_size {
        return mismatch("key_size");
    }
    if d1.key_type.is_some() != d2.key_type.is_some() {
        return mismatch("key type");
    }
    if let (Some(k1), Some(k2)) = (d1.key_type, d2.key_type)
        && btf_match(true, b1, k1, b2, k2, 0).is_err()
    {
        return mismatch("key type");
    }
    if d1.value_size != d2.value_size {
        return mismatch("value_size");
    }
    if d1.value_type.is_some() != d2.value_type.is_some() {
        return mismatch("value type");
    }
    if let (Some(v1), Some(v2)) = (d1.value_type, d2.value_type)
        && btf_match(true, b1, v1, b2, v2, 0).is_err()
    {
        // libbpf names this "key type" too.
        return mismatch("key type");
    }
    if d1.max_entries != d2.max_entries {
        return mismatch("max_entries");
    }
    if d1.map_flags != d2.map_flags {
        return mismatch("map_flags");
    }
    if d1.numa_node != d2.numa_node {
        return mismatch("numa_node");
    }
    if d1.pinning != d2.pinning {
        return mismatch("pinning");
    }
    if i1.is_some() != i2.is_some() {
        return mismatch("inner map");
    }
    if let (Some(a), Some(b)) = (i1, i2) {
        return map_defs_match(b1, a, None, b2, b, None).map_err(|e| format!("inner: {e}"));
    }
    let _ = MapType::UNSPEC;
    Ok(())
}

impl Linker {
    /// The kept source BTF an input's types came from.
    fn with_src_btf<T>(&self, obj: &SrcObj<'_>, file: usize, f: impl FnOnce(&Btf<'_>) -> Result<T>) -> Result<T> {
        if file == obj.file {
            let b = obj.btf.as_ref().ok_or_else(|| malformed("BTF missing"))?;
            return f(b);
        }
        let b = parse_kept(&self.btfs[file])?;
        f(&b)
    }

    /// `glob_syms_match`: a new declaration of global `g` against the one kept.
    pub(crate) fn glob_syms_match(&self, g: usize, obj: &SrcObj<'_>, btf_id: u32) -> Result<()> {
        let gs = &self.globs[g];
        let first = self.file_name(gs.file);
        let mismatch = |what: String| Error::new(ErrorKind::SymbolMismatch { first: first.clone(), what });
        if gs.btf_id == 0 || btf_id == 0 {
            return Err(Error::new(ErrorKind::MissingBtf("BTF info is missing for global symbol".into())));
        }
        let src = obj.btf.as_ref().ok_or_else(|| malformed("BTF missing"))?;
        let src_t = src.get(TypeId(btf_id)).ok_or_else(|| malformed("BTF type missing"))?;
        if src_t.kind() != BtfKind::VAR && src_t.kind() != BtfKind::FUNC {
            return Err(mismatch(format!(
                "only extern variables and functions are supported, but got {}",
                src_t.kind()
            )));
        }
        let Some((ufile, uid)) = gs.under_src else {
            return Err(Error::new(ErrorKind::MissingBtf("BTF info is missing for global symbol".into())));
        };
        let dst_w = self.btf.type_words(TypeId(gs.btf_id)).ok_or_else(|| malformed("BTF type missing"))?;
        let is_maps = gs.sec_id != 0 && self.secs[gs.sec_id].name == ".maps";
        let name = src.name(&src_t).to_owned();
        self.with_src_btf(obj, ufile, |dst_btf| {
            if is_maps {
                if src_t.kind() != BtfKind::VAR {
                    return Err(mismatch(format!("invalid map definition type [{btf_id}]")));
                }
                let (sd, si) = parse_map_def(src, &name, src_t.type_id())
                    .map_err(|e| mismatch(format!("invalid map definition: {e}")))?;
                let (dd, di) = parse_map_def(dst_btf, &name, TypeId(uid))
                    .map_err(|e| mismatch(format!("invalid map definition: {e}")))?;
                return map_defs_match(dst_btf, &dd, di.as_ref(), src, &sd, si.as_ref()).map_err(mismatch);
            }
            let dk = kind_of(dst_w);
            if dk != src_t.kind() {
                return Err(mismatch(format!("incompatible BTF kinds {dk} and {}", src_t.kind())));
            }
            if words_non_static(dst_w) == is_static_top(&src_t) {
                return Err(mismatch(format!("incompatible {} linkage", dk.libbpf_name())));
            }
            btf_match(true, dst_btf, TypeId(uid), src, src_t.type_id(), 0).map_err(mismatch)
        })
    }

    /// `linker_append_btf`.
    pub(crate) fn append_btf(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        let Some(btf) = obj.btf.as_ref() else { return Ok(()) };
        let n = btf.type_count();
        let mut map = vec![0u32; n as usize + 1];
        let mut next = self.btf.type_count();
        let mut to_add = Vec::new();
        for t in btf.types() {
            if t.kind() == BtfKind::DATASEC {
                continue;
            }
            let i = t.id().0;
            if is_non_static(&t) {
                let Some(&g) = self.glob_index.get(btf.name(&t)) else { continue };
                let gs = &mut self.globs[g];
                if gs.underlying == 0 {
                    gs.underlying = -i64::from(t.type_id().0);
                    gs.under_src = Some((obj.file, t.type_id().0));
                }
                if gs.btf_id != 0 {
                    map[i as usize] = gs.btf_id;
                    continue;
                }
                gs.btf_id = next;
                gs.underlying = -i64::from(t.type_id().0);
                gs.under_src = Some((obj.file, t.type_id().0));
            }
            map[i as usize] = next;
            next += 1;
            to_add.push(t.id());
        }
        for id in to_add {
            let mut missing = None;
            let copied = self.btf.copy_type(btf, id, |r| {
                let m = map.get(r.0 as usize).copied().unwrap_or(0);
                if m == 0 && r.0 != 0 && missing.is_none() {
                    missing = Some(r.0);
                }
                TypeId(m)
            });
            if copied.is_none() {
                return Err(malformed(format!("failed to append BTF type #{}", id.0)).in_section(".BTF"));
            }
            if let Some(r) = missing {
                return Err(
                    malformed(format!("failed to find new ID mapping for original BTF type ID {r}")).in_section(".BTF")
                );
            }
        }
        for g in 0..self.globs.len() {
            let u = self.globs[g].underlying;
            if u >= 0 {
                continue;
            }
            let mapped = map.get((-u) as usize).copied().unwrap_or(0);
            self.globs[g].underlying = i64::from(mapped);
            let bid = self.globs[g].btf_id;
            if let Some(w) = self.btf.type_words_mut(TypeId(bid)) {
                w[2] = mapped;
            }
        }
        for si in 1..obj.secs.len() {
            let (sec_type_id, skipped, ephemeral, dst, dst_off) = {
                let s = &obj.secs[si];
                (s.sec_type_id, s.skipped, s.ephemeral, s.dst_id, s.dst_off)
            };
            if sec_type_id == 0 || skipped {
                continue;
            }
            self.secs[dst].has_btf = true;
            let vars = obj.secs[si].vars.clone();
            for [ty, off, size] in vars {
                let new_id = map.get(ty as usize).copied().unwrap_or(0);
                let w = self.btf.type_words(TypeId(new_id)).unwrap_or(&[0, 0, 0]);
                let is_func = kind_of(w) == BtfKind::FUNC;
                let mut glob = None;
                if words_non_static(w) {
                    let name = self.builder_str(w[0]);
                    let g = *self.glob_index.get(&name).ok_or_else(|| {
                        malformed(format!("global '{name}' in DATASEC has no ELF symbol")).in_section(obj.secs[si].name)
                    })?;
                    if self.globs[g].sec_id != dst {
                        return Err(malformed(format!(
                            "global '{name}': section mismatch {} vs {dst}",
                            self.globs[g].sec_id
                        ))
                        .in_section(obj.secs[si].name));
                    }
                    glob = Some(g);
                }
                if let Some(g) = glob
                    && let Some((vsec, vi)) = self.globs[g].var_idx
                {
                    if is_func {
                        continue;
                    }
                    let (ufile, uid) =
                        self.globs[g].under_src.ok_or_else(|| malformed("underlying BTF type missing"))?;
                    let sz = self.with_src_btf(obj, ufile, |b| {
                        b.resolve_size(TypeId(uid)).map_err(|e| {
                            malformed(format!("failed to resolve size of underlying type: {e}")).in_section(".BTF")
                        })
                    })?;
                    let new_off = (dst_off as u32).wrapping_add(off);
                    let moved = self.globs[g].moved_in == Some(obj.file) && !ephemeral;
                    let Some(old) = self.secs[vsec].vars.get(vi).copied().flatten() else {
                        return Err(malformed("DATASEC entry of a global is missing").in_section(obj.secs[si].name));
                    };
                    if moved && (vsec != dst || old[1] != new_off) {
                        // Not libbpf: the entry follows the strong definition that replaced the weak one.
                        self.secs[vsec].vars[vi] = None;
                        let vars = &mut self.secs[dst].vars;
                        vars.push(Some([old[0], new_off, sz as u32]));
                        self.globs[g].var_idx = Some((dst, vars.len() - 1));
                        self.globs[g].moved_in = None;
                    } else if vsec != dst {
                        return Err(malformed("global variable changed section").in_section(obj.secs[si].name));
                    } else if let Some(e) = &mut self.secs[vsec].vars[vi] {
                        e[2] = sz as u32;
                    }
                    continue;
                }
                let vars = &mut self.secs[dst].vars;
                vars.push(Some([new_id, (dst_off as u32).wrapping_add(off), size]));
                if let Some(g) = glob {
                    self.globs[g].var_idx = Some((dst, vars.len() - 1));
                }
            }
        }
        obj.type_map = map;
        Ok(())
    }

    fn builder_str(&self, off: u32) -> String {
        let s = self.btf.string_section();
        let rest = s.get(off as usize..).unwrap_or(&[]);
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        String::from_utf8_lossy(&rest[..end]).into_owned()
    }

    /// `linker_append_btf_ext`.
    pub(crate) fn append_btf_ext(&mut self, obj: &SrcObj<'_>) -> Result<()> {
        let (Some(ext), Some(btf)) = (&obj.ext, &obj.btf) else { return Ok(()) };
        let out = self.endian.expect("set by the first input");
        let ie = ext.header().endian;
        let data = ext.data();
        let subs = [ext.func_info(), ext.line_info(), ext.core_relo()];
        // Input string offset -> output offset (file names repeat in every line record).
        let mut seen: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
        for (k, sub) in subs.iter().enumerate() {
            let rec_sz = sub.record_size();
            if !rec_sz.is_multiple_of(4) && !sub.is_empty() {
                return Err(
                    malformed(format!(".BTF.ext record size {rec_sz} is not a multiple of 4")).in_section(".BTF.ext")
                );
            }
            for sec in sub.sections() {
                let name = btf_str(btf, sec.sec_name_off)?;
                let bad = |w: String| Error::new(ErrorKind::Malformed(w)).in_section(".BTF.ext");
                let si = obj
                    .find_src_sec(name)
                    .ok_or_else(|| bad(format!("can't find section '{name}' referenced from .BTF.ext")))?;
                let dst = obj.secs[si].dst_id;
                if dst == 0 {
                    return Err(bad(format!("section '{name}' referenced from .BTF.ext is not linked")));
                }
                let dst_off = obj.secs[si].dst_off as u32;
                let d = &mut self.secs[dst].ext[k];
                if d.rec_sz == 0 {
                    d.rec_sz = rec_sz;
                }
                if d.rec_sz != rec_sz {
                    return Err(bad(format!("incompatible .BTF.ext record sizes for section '{name}'")));
                }
                let start = sec.at + 8;
                let recs =
                    data.get(start..start + sec.len() * rec_sz as usize).ok_or_else(|| bad("truncated".into()))?;
                for r in recs.chunks_exact(rec_sz as usize) {
                    let mut words: Vec<u32> =
                        (0..rec_sz as usize / 4).map(|i| ie.read_u32(r, i * 4).unwrap_or(0)).collect();
                    words[0] = words[0].wrapping_add(dst_off);
                    let map_ty = |t: u32| -> Result<u32> {
                        obj.type_map
                            .get(t as usize)
                            .copied()
                            .filter(|_| t < btf.type_count())
                            .ok_or_else(|| bad(format!("record refers to missing type [{t}]")))
                    };
                    let mut add = |off: u32, this: &mut BtfBuilder| -> Result<u32> {
                        if let Some(&o) = seen.get(&off) {
                            return Ok(o);
                        }
                        let s = btf.str_bytes(StrOffset(off)).ok_or_else(|| bad(format!("bad string offset {off}")))?;
                        let o = this.add_str_bytes(s).0;
                        seen.insert(off, o);
                        Ok(o)
                    };
                    match k {
                        0 => words[1] = map_ty(words[1])?,
                        1 => {
                            words[1] = add(words[1], &mut self.btf)?;
                            words[2] = add(words[2], &mut self.btf)?;
                        }
                        _ => {
                            words[1] = map_ty(words[1])?;
                            words[2] = add(words[2], &mut self.btf)?;
                        }
                    }
                    let d = &mut self.secs[dst].ext[k];
                    for w in words {
                        d.recs.extend_from_slice(&out.u32_bytes(w));
                    }
                    d.count += 1;
                }
            }
        }
        Ok(())
    }

    /// `finalize_btf`: DATASECs with final offsets and sizes, the merged
    /// `.BTF.ext`, dedup; returns the `.BTF` and `.BTF.ext` bytes, if any.
    pub(crate) fn finalize_btf(&mut self) -> Result<FinalBtf> {
        if self.btf.type_count() == 1 {
            return Ok((None, None));
        }
        let e = self.endian.unwrap_or(Endian::NATIVE);
        for i in 1..self.secs.len() {
            let s = &self.secs[i];
            if !s.has_btf {
                continue;
            }
            let vars: Vec<(TypeId, u32, u32)> = s.vars.iter().flatten().map(|v| (TypeId(v[0]), v[1], v[2])).collect();
            let (name, size) = (s.name.clone(), s.size as u32);
            self.btf.add_datasec(&name, size, &vars);
        }
        let ext = self.build_btf_ext(e)?;
        let mut opts = DedupOptions::new();
        if let Some(x) = &ext {
            opts = opts.btf_ext(x);
        }
        let d = dedup(&self.btf, &opts).map_err(|e| Error::from(e).in_section(".BTF"))?;
        let btf = d.btf().encode(e);
        let ext = d.btf_ext().map(<[u8]>::to_vec);
        Ok((Some(btf), ext))
    }

    fn build_btf_ext(&mut self, e: Endian) -> Result<Option<Vec<u8>>> {
        let mut lens = [0usize; 3];
        let mut rec_sz = [0u32; 3];
        for s in &self.secs[1..] {
            for k in 0..3 {
                let x: &ExtData = &s.ext[k];
                if x.count == 0 {
                    continue;
                }
                if rec_sz[k] == 0 {
                    rec_sz[k] = x.rec_sz;
                }
                if rec_sz[k] != x.rec_sz {
                    return Err(malformed("mismatch in .BTF.ext record size").in_section(&s.name));
                }
                lens[k] += 8 + x.recs.len();
            }
        }
        if lens.iter().all(|&l| l == 0) {
            return Ok(None);
        }
        for l in lens.iter_mut().filter(|l| **l != 0) {
            *l += 4;
        }
        let mut out = Vec::with_capacity(32 + lens.iter().sum::<usize>());
        out.extend_from_slice(&e.u16_bytes(0xeb9f));
        out.extend_from_slice(&[1, 0]);
        let (f, l, c) = (lens[0] as u32, lens[1] as u32, lens[2] as u32);
        for v in [32, 0, f, f, l, f + l, c] {
            out.extend_from_slice(&e.u32_bytes(v));
        }
        for k in 0..3 {
            if lens[k] == 0 {
                continue;
            }
            out.extend_from_slice(&e.u32_bytes(rec_sz[k]));
            for i in 1..self.secs.len() {
                if self.secs[i].ext[k].count == 0 {
                    continue;
                }
                let name = self.secs[i].name.clone();
                let off = self.btf.add_str(&name);
                let x = &self.secs[i].ext[k];
                out.extend_from_slice(&e.u32_bytes(off.0));
                out.extend_from_slice(&e.u32_bytes(x.count as u32));
                out.extend_from_slice(&x.recs);
            }
        }
        Ok(Some(out))
    }
}

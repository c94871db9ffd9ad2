//! Target BTFs and candidate search (libbpf's `bpf_core_find_cands` and
//! `bpf_core_add_cands`).

use bpfkit_btf::{Btf, BtfKind, Type, TypeId};
use std::collections::HashMap;

/// One target BTF: vmlinux, or a module's split BTF on top of it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The name libbpf logs (`vmlinux`, or the module's name).
    pub name: &'a str,
    /// The BTF.
    pub btf: &'a Btf<'a>,
}

/// The target BTFs of a relocation run: vmlinux first, then modules.
#[derive(Debug, Clone)]
pub struct Targets<'a> {
    list: Vec<Target<'a>>,
}

/// Index of a [`Target`] in [`Targets`] (0 is vmlinux).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TargetIndex(pub u32);

impl<'a> Targets<'a> {
    /// Targets with only vmlinux (or any stand-alone BTF).
    pub fn new(vmlinux: &'a Btf<'a>) -> Targets<'a> {
        Targets { list: vec![Target { name: "vmlinux", btf: vmlinux }] }
    }
    /// Adds a module's BTF (split BTF whose base is the vmlinux BTF).
    pub fn add_module(&mut self, name: &'a str, btf: &'a Btf<'a>) -> &mut Self {
        self.list.push(Target { name, btf });
        self
    }
    /// The vmlinux target.
    pub fn vmlinux(&self) -> &Target<'a> {
        &self.list[0]
    }
    /// A target by index.
    pub fn get(&self, i: TargetIndex) -> Option<&Target<'a>> {
        self.list.get(i.0 as usize)
    }
    /// All targets, vmlinux first.
    pub fn iter(&self) -> impl Iterator<Item = (TargetIndex, &Target<'a>)> {
        self.list.iter().enumerate().map(|(i, t)| (TargetIndex(i as u32), t))
    }
    /// Number of targets.
    pub fn len(&self) -> usize {
        self.list.len()
    }
    /// Always false: there is at least vmlinux.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// A candidate target type for a local root type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Candidate {
    /// Which target BTF.
    pub target: TargetIndex,
    /// The type id in that BTF.
    pub id: TypeId,
}

/// libbpf's `bpf_core_is_flavor_sep` at byte `i`: `X___Y` with X, Y ≠ `_`.
fn is_flavor_sep(b: &[u8], i: usize) -> bool {
    b.len() >= i + 5 && b[i] != b'_' && b[i + 1] == b'_' && b[i + 2] == b'_' && b[i + 3] == b'_' && b[i + 4] != b'_'
}

/// Length of the essential name: the prefix before the last `___flavor`
/// suffix (`task_struct___old` → 11); the whole length if there is none.
pub fn essential_name_len(name: &str) -> usize {
    essential_len_bytes(name.as_bytes())
}

fn essential_len_bytes(b: &[u8]) -> usize {
    if b.len() < 5 {
        return b.len();
    }
    (0..=b.len() - 5).rev().find(|&i| is_flavor_sep(b, i)).map_or(b.len(), |i| i + 1)
}

/// The essential name (`task_struct___old` → `task_struct`).
pub fn essential_name(name: &str) -> &str {
    &name[..essential_name_len(name)]
}

/// libbpf's `btf_kind_core_compat`: same kind, or both ENUM/ENUM64.
pub fn kinds_core_compat(a: &Type<'_>, b: &Type<'_>) -> bool {
    a.kind() == b.kind() || (a.is_enum() && b.is_enum())
}

/// One log line of the search: `found target candidate [191] struct task_struct in [vmlinux]`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FoundCandidate {
    /// The candidate.
    pub cand: Candidate,
    /// `struct task_struct`.
    pub label: String,
}

fn add_cands<'a>(
    local: &Type<'_>,
    local_name: &str,
    target: TargetIndex,
    btf: &Btf<'a>,
    types: impl Iterator<Item = Type<'a>>,
    out: &mut Vec<Candidate>,
) {
    let ess = essential_name_len(local_name);
    let want = &local_name.as_bytes()[..ess];
    for t in types {
        if !kinds_core_compat(&t, local) {
            continue;
        }
        let Some(name) = btf.str_bytes(t.name_off()) else { continue };
        // Essential-name check on bytes: equal essential length, equal prefix.
        if name.len() < ess || &name[..ess] != want {
            continue;
        }
        let Ok(name) = core::str::from_utf8(name) else { continue };
        if name.is_empty() || essential_name_len(name) != ess {
            continue;
        }
        out.push(Candidate { target, id: t.id() });
    }
}

/// Finds the candidates of local type `local_id`: types of a core-compatible
/// kind with the same essential name, in vmlinux from id 1; only when
/// vmlinux has none, in each module's own types. Returns an empty list for
/// anonymous or missing local types.
pub fn find_cands(local_btf: &Btf<'_>, local_id: TypeId, targets: &Targets<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let Some(local) = local_btf.get(local_id) else { return out };
    let name = local_btf.name(&local);
    if name.is_empty() {
        return out;
    }
    let v = targets.vmlinux().btf;
    add_cands(&local, name, TargetIndex(0), v, v.all_types(), &mut out);
    if !out.is_empty() {
        return out;
    }
    for (ti, t) in targets.iter().skip(1) {
        // A module's own types start at vmlinux's type count.
        add_cands(&local, name, ti, t.btf, t.btf.types(), &mut out);
    }
    out
}

/// `struct task_struct` for a candidate, as libbpf logs it.
pub fn cand_label(targets: &Targets<'_>, c: Candidate) -> String {
    let Some(t) = targets.get(c.target) else { return String::from("<bad target>") };
    match t.btf.get(c.id) {
        Some(ty) => format!("{} {}", ty.kind().libbpf_name(), t.btf.name(&ty)),
        None => String::from("<bad type>"),
    }
}

/// [`find_cands`] for many local types in one pass over each target: the
/// same lists, in the same order, without scanning vmlinux once per type.
pub fn find_cands_many(
    local_btf: &Btf<'_>,
    roots: &[TypeId],
    targets: &Targets<'_>,
) -> HashMap<TypeId, Vec<Candidate>> {
    let mut out: HashMap<TypeId, Vec<Candidate>> = HashMap::new();
    // essential name -> local roots (with their kinds)
    let mut want: HashMap<&[u8], Vec<(TypeId, BtfKind)>, FnvBuild> = HashMap::default();
    let mut kinds = [false; 32];
    let mut first = [false; 256];
    for &r in roots {
        if out.contains_key(&r) {
            continue;
        }
        out.insert(r, Vec::new());
        let Some(t) = local_btf.get(r) else { continue };
        let name = local_btf.name(&t);
        if name.is_empty() {
            continue;
        }
        let ess = &name.as_bytes()[..essential_name_len(name)];
        if let Some(&b) = ess.first() {
            first[b as usize] = true;
        }
        want.entry(ess).or_default().push((r, t.kind()));
        if let Some(k) = kinds.get_mut(t.kind().0 as usize) {
            *k = true;
        }
        if t.is_enum() {
            kinds[BtfKind::ENUM.0 as usize] = true;
            kinds[BtfKind::ENUM64.0 as usize] = true;
        }
    }
    if want.is_empty() {
        return out;
    }
    let scan = |ti: TargetIndex,
                types: &mut dyn Iterator<Item = Type<'_>>,
                btf: &Btf<'_>,
                only: Option<&[TypeId]>,
                out: &mut HashMap<TypeId, Vec<Candidate>>| {
        for t in types {
            if !kinds.get(t.kind().0 as usize).copied().unwrap_or(false) {
                continue;
            }
            let Some(name) = btf.str_bytes(t.name_off()) else { continue };
            // Cheap rejections first: empty names, first bytes no wanted name has.
            match name.first() {
                Some(&b) if first[b as usize] => {}
                _ => continue,
            }
            let ess = &name[..essential_len_bytes(name)];
            let Some(list) = want.get(ess) else { continue };
            if core::str::from_utf8(name).is_err() {
                continue;
            }
            for &(root, kind) in list {
                if only.is_some_and(|o| !o.contains(&root)) {
                    continue;
                }
                if (kind == t.kind() || (t.is_enum() && (kind == BtfKind::ENUM || kind == BtfKind::ENUM64)))
                    && let Some(v) = out.get_mut(&root)
                {
                    v.push(Candidate { target: ti, id: t.id() });
                }
            }
        }
    };
    let v = targets.vmlinux().btf;
    scan(TargetIndex(0), &mut v.all_types(), v, None, &mut out);
    let missing: Vec<TypeId> = out.iter().filter(|(_, c)| c.is_empty()).map(|(&r, _)| r).collect();
    if !missing.is_empty() {
        for (ti, t) in targets.iter().skip(1) {
            scan(ti, &mut t.btf.types(), t.btf, Some(&missing), &mut out);
        }
    }
    out
}

/// FNV-1a: a fast hasher for the short names of the candidate search.
#[derive(Clone, Copy, Debug, Default)]
struct FnvBuild;

#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl core::hash::BuildHasher for FnvBuild {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl core::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

//! Generated type graphs, deduped by bpfkit and by libbpf 1.8, byte for byte.
//!
//! A seeded generator (our own xorshift, so inputs are the same everywhere)
//! makes a "universe" of C-like types with cycles through structs, then
//! emits it as several compilation units the way pahole concatenates them:
//! each CU a random closure of the universe in random order, some pointer
//! targets replaced by FWDs, some enums by enum forward declarations, a
//! struct occasionally changed (conflicting definitions of one name), a type
//! occasionally emitted twice in one CU. Split cases use the first CU as the
//! base and let later CUs refer to base types; linked cases give each CU its
//! own BTF (one per object) and append them with `add_btf` before an
//! in-memory dedup, as the static linker does. Inputs are raw BTF in either
//! byte order, encoded here (not by bpfkit's writer), so the goldens do not
//! move when the writer changes.
//!
//! The committed seeds have goldens (testdata/dedup/generated*). With
//! `BPFKIT_LIBBPF18` set, `BPFKIT_DEDUP_SEEDS=N` also runs N further seeds
//! live against libbpf (no goldens), to hunt for differences, and
//! `BPFKIT_DEDUP_SCALE=K` makes those K times bigger.

mod dedup_common;

use dedup_common::{Case, Ext, Op, Src, Then, libbpf18, note, run_bpfkit, run_group, run_libbpf, skip};

/// xorshift64*: small, deterministic, ours.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn name(&mut self, v: &[&'static str]) -> &'static str {
        v[self.below(v.len())]
    }
}

/// A reference inside the universe: void or a universe index.
type R = Option<usize>;

#[derive(Clone, Debug)]
enum T {
    Int { name: &'static str, size: u32, enc: u32, bits: u32 },
    Float { name: &'static str, size: u32 },
    Ptr(R),
    Const(R),
    Volatile(R),
    Restrict(R),
    Typedef { name: &'static str, to: R },
    TypeTag { name: &'static str, to: R, kflag: bool },
    Array { elem: R, index: R, n: u32 },
    Struct { union: bool, kflag: bool, name: &'static str, size: u32, members: Vec<(&'static str, R, u32)> },
    Enum { is64: bool, name: &'static str, size: u32, vals: Vec<(&'static str, u64)> },
    Proto { ret: R, params: Vec<(&'static str, R)> },
    Func { name: &'static str, proto: usize, linkage: u32 },
    DeclTag { name: &'static str, to: usize, comp: i32, kflag: bool },
    Var { name: &'static str, ty: R, linkage: u32 },
    Datasec { name: &'static str, vars: Vec<usize> },
}

const STRUCT_NAMES: &[&str] = &["", "", "s", "t", "node", "list", "foo", "bar", "ops", "u"];
const MEMBER_NAMES: &[&str] = &["", "x", "y", "next", "prev", "data", "len", "f1", "f2"];
const TYPEDEF_NAMES: &[&str] = &["u32", "foo_t", "handler", "s_t", "Foo"];
const ENUM_NAMES: &[&str] = &["", "e", "mode", "state"];
const VAL_NAMES: &[&str] = &["A", "B", "C", "MODE_X", "MODE_Y"];
const TAGS: &[&str] = &["user", "rcu", "percpu"];

fn is_data(t: &T) -> bool {
    !matches!(t, T::Func { .. } | T::DeclTag { .. } | T::Var { .. } | T::Datasec { .. })
}

/// The universe: ints first, then struct slots (filled last, so members may
/// point anywhere and cycles always go through a struct), then the rest.
fn universe(rng: &mut Rng, scale: usize) -> Vec<T> {
    let mut u = vec![
        T::Int { name: "int", size: 4, enc: 1, bits: 32 },
        T::Int { name: "char", size: 1, enc: 2, bits: 8 },
        T::Int { name: "long", size: 8, enc: 1, bits: 64 },
    ];
    if rng.chance(30) {
        u.push(T::Int { name: "int", size: 4, enc: 0, bits: 32 });
    }
    if rng.chance(30) {
        u.push(T::Float { name: "float", size: 4 });
    }
    if rng.chance(20) {
        u.push(T::Int { name: "unsigned int", size: 4, enc: 0, bits: 3 });
    }
    let structs = 2 + rng.below(6 * scale);
    let first_struct = u.len();
    for _ in 0..structs {
        u.push(T::Struct { union: false, kflag: false, name: "", size: 0, members: Vec::new() });
    }
    let others = 4 + rng.below(20 * scale);
    for _ in 0..others {
        let n = u.len();
        let data: Vec<usize> = (0..n).filter(|&i| is_data(&u[i])).collect();
        let any = |rng: &mut Rng| -> R { if rng.chance(8) { None } else { Some(*rng.pick(&data)) } };
        let t = match rng.below(13) {
            0 | 1 => T::Ptr(any(rng)),
            2 => T::Const(any(rng)),
            3 => T::Volatile(any(rng)),
            4 => T::Restrict(any(rng)),
            5 => T::Typedef { name: rng.name(TYPEDEF_NAMES), to: any(rng) },
            6 => T::TypeTag { name: rng.name(TAGS), to: any(rng), kflag: rng.chance(20) },
            7 => T::Array { elem: Some(*rng.pick(&data)), index: Some(0), n: rng.below(8) as u32 },
            8 => {
                let is64 = rng.chance(25);
                let count = rng.below(3);
                let vals = (0..count).map(|i| (rng.name(VAL_NAMES), i as u64 + rng.below(3) as u64)).collect();
                T::Enum { is64, name: rng.name(ENUM_NAMES), size: if is64 { 8 } else { 4 }, vals }
            }
            9 => {
                let params = (0..rng.below(3)).map(|_| (rng.name(MEMBER_NAMES), Some(*rng.pick(&data)))).collect();
                T::Proto { ret: any(rng), params }
            }
            10 => {
                let protos: Vec<usize> = (0..n).filter(|&i| matches!(u[i], T::Proto { .. })).collect();
                if protos.is_empty() {
                    T::Ptr(any(rng))
                } else {
                    T::Func {
                        name: rng.name(&["f", "g", "main"]),
                        proto: *rng.pick(&protos),
                        linkage: rng.below(2) as u32,
                    }
                }
            }
            11 => {
                let tagged: Vec<usize> =
                    (0..n).filter(|&i| matches!(u[i], T::Struct { .. } | T::Func { .. })).collect();
                let to = *rng.pick(&tagged);
                T::DeclTag { name: rng.name(TAGS), to, comp: -1, kflag: rng.chance(20) }
            }
            _ => T::Var { name: rng.name(&["v", "w"]), ty: Some(*rng.pick(&data)), linkage: rng.below(3) as u32 },
        };
        u.push(t);
    }
    let vars: Vec<usize> = (0..u.len()).filter(|&i| matches!(u[i], T::Var { .. })).collect();
    if !vars.is_empty() && rng.chance(50) {
        let take = 1 + rng.below(vars.len());
        u.push(T::Datasec { name: ".data", vars: vars[..take].to_vec() });
    }
    // Fill the structs: members of any data type (including later structs).
    let data: Vec<usize> = (0..u.len()).filter(|&i| is_data(&u[i])).collect();
    for slot in u.iter_mut().skip(first_struct).take(structs) {
        let count = rng.below(4);
        // kflag: member offsets carry a bitfield size in their top 8 bits.
        let kflag = rng.chance(20);
        let members = (0..count)
            .map(|k| {
                let bits = if kflag && rng.chance(50) { 1 + rng.below(31) as u32 } else { 0 };
                (rng.name(MEMBER_NAMES), Some(*rng.pick(&data)), (bits << 24) | (k as u32 * 32))
            })
            .collect();
        *slot = T::Struct {
            union: rng.chance(20),
            kflag,
            name: rng.name(STRUCT_NAMES),
            size: 4 * rng.below(6) as u32,
            members,
        };
    }
    // Decl tags on struct members now that members exist.
    for i in 0..u.len() {
        let T::DeclTag { to, .. } = u[i] else { continue };
        let members = match &u[to] {
            T::Struct { members, .. } => members.len(),
            _ => 0,
        };
        if members > 0 && rng.chance(50) {
            let c = rng.below(members) as i32;
            if let T::DeclTag { comp, .. } = &mut u[i] {
                *comp = c;
            }
        }
    }
    u
}

/// A node of one CU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    U(usize),
    /// A second, identical copy of a universe type.
    Dup(usize),
    /// A FWD standing for a struct (pointer targets only).
    Fwd(usize),
    /// An enum forward declaration standing for an enum.
    EnumFwd(usize),
}

/// Per-CU choices.
struct Cu {
    fwd: Vec<usize>,
    enum_fwd: Vec<usize>,
    dup: Option<usize>,
    changed: Option<usize>,
    /// Universe types taken from the base (split CUs): universe index, base id.
    from_base: Vec<(usize, u32)>,
}

fn refs(t: &T) -> Vec<R> {
    match t {
        T::Int { .. } | T::Float { .. } => vec![],
        T::Ptr(r) | T::Const(r) | T::Volatile(r) | T::Restrict(r) => vec![*r],
        T::Typedef { to, .. } | T::TypeTag { to, .. } => vec![*to],
        T::Array { elem, index, .. } => vec![*elem, *index],
        T::Struct { members, .. } => members.iter().map(|m| m.1).collect(),
        T::Enum { .. } => vec![],
        T::Proto { ret, params } => std::iter::once(*ret).chain(params.iter().map(|p| p.1)).collect(),
        T::Func { proto, .. } => vec![Some(*proto)],
        T::DeclTag { to, .. } => vec![Some(*to)],
        T::Var { ty, .. } => vec![*ty],
        T::Datasec { vars, .. } => vars.iter().map(|&v| Some(v)).collect(),
    }
}

/// Where a reference from `from` to universe `j` goes in this CU.
fn route(u: &[T], cu: &Cu, from: &T, j: usize, rng: &mut Rng) -> Target {
    if let Some(&(_, id)) = cu.from_base.iter().find(|(k, _)| *k == j) {
        return Target::Base(id);
    }
    if matches!(from, T::Ptr(_)) && cu.fwd.contains(&j) {
        return Target::Node(Node::Fwd(j));
    }
    if cu.enum_fwd.contains(&j) && matches!(u[j], T::Enum { .. }) {
        return Target::Node(Node::EnumFwd(j));
    }
    if cu.dup == Some(j) && rng.chance(50) {
        return Target::Node(Node::Dup(j));
    }
    Target::Node(Node::U(j))
}

enum Target {
    Node(Node),
    Base(u32),
}

/// Raw BTF under construction (our own encoder).
struct Enc {
    words: Vec<u32>,
    strs: Vec<u8>,
    str_base: u32,
}

impl Enc {
    fn new(str_base: u32) -> Enc {
        Enc { words: Vec::new(), strs: if str_base == 0 { vec![0] } else { Vec::new() }, str_base }
    }
    /// Appends a string (no dedup: pahole-style inputs may repeat strings;
    /// the string pass is what dedups them). `""` is offset 0.
    fn s(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        let off = self.str_base + self.strs.len() as u32;
        self.strs.extend_from_slice(s.as_bytes());
        self.strs.push(0);
        off
    }
    fn push(&mut self, name: &str, kind: u32, kflag: bool, vlen: usize, third: u32) {
        let n = self.s(name);
        self.words.extend([n, (u32::from(kflag) << 31) | (kind << 24) | vlen as u32, third]);
    }
    fn bytes(&self, big: bool) -> Vec<u8> {
        let w = |v: u32| if big { v.to_be_bytes() } else { v.to_le_bytes() };
        let type_len = self.words.len() as u32 * 4;
        let mut out = Vec::new();
        out.extend_from_slice(&if big { 0xeb9f_u16.to_be_bytes() } else { 0xeb9f_u16.to_le_bytes() });
        out.extend_from_slice(&[1, 0]);
        for v in [24, 0, type_len, type_len, self.strs.len() as u32] {
            out.extend_from_slice(&w(v));
        }
        for &v in &self.words {
            out.extend_from_slice(&w(v));
        }
        out.extend_from_slice(&self.strs);
        out
    }
}

/// Emits one CU: its closure from random roots, in random order, starting
/// at `start_id`. Returns the universe types it defines in full (for a
/// split base).
fn emit_cu(u: &[T], cu: &Cu, rng: &mut Rng, enc: &mut Enc, start_id: u32) -> Vec<(usize, u32)> {
    let roots: Vec<usize> = (0..1 + rng.below(4)).map(|_| rng.below(u.len())).collect();
    // Closure (every routing choice for dups is resolved at encode time, so
    // both copies are in the closure).
    let mut nodes: Vec<Node> = Vec::new();
    let mut todo: Vec<Node> = roots.iter().map(|&r| Node::U(r)).collect();
    if let Some(d) = cu.dup {
        todo.push(Node::Dup(d));
    }
    while let Some(n) = todo.pop() {
        if nodes.contains(&n) {
            continue;
        }
        nodes.push(n);
        if let Node::U(j) | Node::Dup(j) = n {
            if cu.dup == Some(j) && n == Node::U(j) {
                todo.push(Node::Dup(j));
            }
            if matches!(n, Node::Dup(_)) {
                todo.push(Node::U(j));
            }
            for r in refs(&u[j]).into_iter().flatten() {
                if cu.from_base.iter().any(|(k, _)| *k == r) {
                    continue;
                }
                if matches!(u[j], T::Ptr(_)) && cu.fwd.contains(&r) {
                    todo.push(Node::Fwd(r));
                } else if cu.enum_fwd.contains(&r) && matches!(u[r], T::Enum { .. }) {
                    todo.push(Node::EnumFwd(r));
                } else {
                    todo.push(Node::U(r));
                    if cu.dup == Some(r) {
                        todo.push(Node::Dup(r));
                    }
                }
            }
        }
    }
    // Random order (Fisher-Yates).
    for i in (1..nodes.len()).rev() {
        let k = rng.below(i + 1);
        nodes.swap(i, k);
    }
    let id_of = |n: Node| start_id + nodes.iter().position(|&m| m == n).expect("in closure") as u32;
    let mut defined = Vec::new();
    for (pos, &n) in nodes.iter().enumerate() {
        let j = match n {
            Node::U(j) | Node::Dup(j) => j,
            Node::Fwd(j) => {
                let (name, union) = match &u[j] {
                    T::Struct { name, union, .. } => (*name, *union),
                    _ => unreachable!(),
                };
                enc.push(name, 7, union, 0, 0);
                continue;
            }
            Node::EnumFwd(j) => {
                let (name, is64) = match &u[j] {
                    T::Enum { name, is64, .. } => (*name, *is64),
                    _ => unreachable!(),
                };
                let size = if rng.chance(30) {
                    1 + rng.below(8) as u32
                } else if is64 {
                    8
                } else {
                    4
                };
                // Sometimes the other enum kind: an ENUM forward may
                // stand for an ENUM64 and the other way round.
                let is64 = if rng.chance(25) { !is64 } else { is64 };
                enc.push(name, if is64 { 19 } else { 6 }, false, 0, size);
                continue;
            }
        };
        if n == Node::U(j) {
            defined.push((j, start_id + pos as u32));
        }
        let t = &u[j];
        let r = |x: R, rng: &mut Rng| -> u32 {
            match x {
                None => 0,
                Some(k) => match route(u, cu, t, k, rng) {
                    Target::Base(id) => id,
                    Target::Node(node) => id_of(node),
                },
            }
        };
        let changed = cu.changed == Some(j);
        match t {
            T::Int { name, size, enc: e, bits } => {
                enc.push(name, 1, false, 0, *size);
                enc.words.push((e << 24) | bits);
            }
            T::Float { name, size } => enc.push(name, 16, false, 0, *size),
            T::Ptr(x) => {
                let v = r(*x, rng);
                enc.push("", 2, false, 0, v)
            }
            T::Const(x) => {
                let v = r(*x, rng);
                enc.push("", 10, false, 0, v)
            }
            T::Volatile(x) => {
                let v = r(*x, rng);
                enc.push("", 9, false, 0, v)
            }
            T::Restrict(x) => {
                let v = r(*x, rng);
                enc.push("", 11, false, 0, v)
            }
            T::Typedef { name, to } => {
                let v = r(*to, rng);
                enc.push(name, 8, false, 0, v)
            }
            T::TypeTag { name, to, kflag } => {
                let v = r(*to, rng);
                enc.push(name, 18, *kflag, 0, v)
            }
            T::Array { elem, index, n } => {
                let (e, i) = (r(*elem, rng), r(*index, rng));
                enc.push("", 3, false, 0, 0);
                enc.words.extend([e, i, *n]);
            }
            T::Struct { union, kflag, name, size, members } => {
                let size = if changed { size + 4 } else { *size };
                let m: Vec<(u32, u32)> = members.iter().map(|m| (r(m.1, rng), m.2)).collect();
                enc.push(name, if *union { 5 } else { 4 }, *kflag, members.len(), size);
                for (k, (ty, off)) in m.into_iter().enumerate() {
                    let name = enc.s(members[k].0);
                    enc.words.extend([name, ty, off]);
                }
            }
            T::Enum { is64, name, size, vals } => {
                enc.push(name, if *is64 { 19 } else { 6 }, false, vals.len(), *size);
                for (vn, v) in vals {
                    let n = enc.s(vn);
                    enc.words.push(n);
                    enc.words.push(*v as u32);
                    if *is64 {
                        enc.words.push((*v >> 32) as u32);
                    }
                }
            }
            T::Proto { ret, params } => {
                let ret = r(*ret, rng);
                let p: Vec<u32> = params.iter().map(|p| r(p.1, rng)).collect();
                enc.push("", 13, false, params.len(), ret);
                for (k, ty) in p.into_iter().enumerate() {
                    let name = enc.s(params[k].0);
                    enc.words.extend([name, ty]);
                }
            }
            T::Func { name, proto, linkage } => {
                let v = r(Some(*proto), rng);
                enc.push(name, 12, false, *linkage as usize, v)
            }
            T::DeclTag { name, to, comp, kflag } => {
                let v = r(Some(*to), rng);
                enc.push(name, 17, *kflag, 0, v);
                enc.words.push(*comp as u32);
            }
            T::Var { name, ty, linkage } => {
                let v = r(*ty, rng);
                enc.push(name, 14, false, 0, v);
                enc.words.push(*linkage);
            }
            T::Datasec { name, vars } => {
                let ids: Vec<u32> = vars.iter().map(|&v| r(Some(v), rng)).collect();
                enc.push(name, 15, false, vars.len(), 8 * vars.len() as u32);
                for (k, id) in ids.into_iter().enumerate() {
                    enc.words.extend([id, 8 * k as u32, 8]);
                }
            }
        }
    }
    defined
}

fn choose_cu(u: &[T], rng: &mut Rng, from_base: Vec<(usize, u32)>) -> Cu {
    let named_structs: Vec<usize> =
        (0..u.len()).filter(|&i| matches!(&u[i], T::Struct { name, .. } if !name.is_empty())).collect();
    let enums: Vec<usize> =
        (0..u.len()).filter(|&i| matches!(&u[i], T::Enum { name, .. } if !name.is_empty())).collect();
    let structs: Vec<usize> = (0..u.len()).filter(|&i| matches!(&u[i], T::Struct { .. })).collect();
    Cu {
        fwd: named_structs.iter().copied().filter(|_| rng.chance(35)).collect(),
        enum_fwd: enums.iter().copied().filter(|_| rng.chance(35)).collect(),
        dup: rng.chance(25).then(|| rng.below(u.len())),
        changed: (rng.chance(15) && !structs.is_empty()).then(|| *rng.pick(&structs)),
        from_base,
    }
}

/// Seeds from this one on make bigger universes and more CUs.
const LARGE_FROM: u64 = 120;

fn scale(seed: u64) -> usize {
    let base = if seed % 1000 >= LARGE_FROM { 4 } else { 1 };
    // Live-only seeds may be scaled up further (`BPFKIT_DEDUP_SCALE=N`).
    let extra = if seed >= LIVE_SEEDS_FROM {
        std::env::var("BPFKIT_DEDUP_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1)
    } else {
        1
    };
    base * extra
}

/// Seeds from here on are live-only (no goldens).
const LIVE_SEEDS_FROM: u64 = 1_000_000;

/// A standalone input: 2–5 CUs concatenated (up to 17 for large seeds).
fn standalone(seed: u64) -> (Vec<u8>, bool) {
    let mut rng = Rng::new(seed);
    let scale = scale(seed);
    let u = universe(&mut rng, scale);
    let big = rng.chance(30);
    let mut enc = Enc::new(0);
    let cus = 2 + rng.below(4 * scale);
    for _ in 0..cus {
        let cu = choose_cu(&u, &mut rng, Vec::new());
        let start = 1 + enc_type_count(&enc);
        emit_cu(&u, &cu, &mut rng, &mut enc, start);
    }
    (enc.bytes(big), big)
}

/// A split input: the first CU is the base, 1–3 later CUs the split part,
/// taking some types from the base.
fn split(seed: u64) -> (Vec<u8>, Vec<u8>) {
    let mut rng = Rng::new(seed);
    let scale = scale(seed);
    let u = universe(&mut rng, scale);
    let big = rng.chance(30);
    let mut base = Enc::new(0);
    let mut in_base = Vec::new();
    for _ in 0..1 + rng.below(2) {
        let cu = choose_cu(&u, &mut rng, Vec::new());
        let start = 1 + enc_type_count(&base);
        in_base.extend(emit_cu(&u, &cu, &mut rng, &mut base, start));
    }
    let base_count = 1 + enc_type_count(&base);
    let mut sp = Enc::new(base.strs.len() as u32);
    for _ in 0..1 + rng.below(3 * scale) {
        let from_base: Vec<(usize, u32)> = in_base.iter().copied().filter(|_| rng.chance(50)).collect();
        let cu = choose_cu(&u, &mut rng, from_base);
        let start = base_count + enc_type_count(&sp);
        emit_cu(&u, &cu, &mut rng, &mut sp, start);
    }
    (base.bytes(big), sp.bytes(big))
}

/// A static-linker-shaped input: each CU its own standalone BTF (an
/// object file's), appended with `add_btf` and deduped in memory.
fn linked(seed: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed ^ 0x11ec_0000);
    let scale = scale(seed);
    let u = universe(&mut rng, scale);
    let big = rng.chance(30);
    (0..2 + rng.below(4 * scale))
        .map(|_| {
            let cu = choose_cu(&u, &mut rng, Vec::new());
            let mut enc = Enc::new(0);
            emit_cu(&u, &cu, &mut rng, &mut enc, 1);
            enc.bytes(big)
        })
        .collect()
}

/// Number of types in an encoder (by walking the records).
fn enc_type_count(e: &Enc) -> u32 {
    let mut n = 0;
    let mut i = 0;
    while i < e.words.len() {
        let info = e.words[i + 1];
        let (kind, vlen) = ((info >> 24) & 0x7f, (info & 0xffff) as usize);
        i += 3 + match kind {
            1 | 14 | 17 => 1,
            3 => 3,
            4 | 5 | 15 | 19 => 3 * vlen,
            6 | 13 => 2 * vlen,
            _ => 0,
        };
        n += 1;
    }
    n
}

const STANDALONE_SEEDS: u64 = 180;
const LINKED_SEEDS: u64 = 150;
const SPLIT_SEEDS: u64 = 150;
const FORCE_EVERY: u64 = 4;

fn cases_for(
    standalone_seeds: std::ops::Range<u64>,
    split_seeds: std::ops::Range<u64>,
    linked_seeds: std::ops::Range<u64>,
) -> Vec<Case> {
    let mut cases = Vec::new();
    for seed in standalone_seeds {
        let (raw, _) = standalone(seed);
        let src = Src::new(&format!("gen{seed}.btf"), raw);
        cases.push(Case::new(&format!("gen{seed}.dedup"), Op::dedup(&src, None, false, Ext::No)));
        if seed % FORCE_EVERY == 0 {
            cases.push(Case::new(&format!("gen{seed}.dedup-force"), Op::dedup(&src, None, true, Ext::No)));
        }
    }
    for seed in split_seeds {
        let (base, sp) = split(seed);
        let base = Src::new(&format!("split{seed}.base.btf"), base);
        let src = Src::new(&format!("split{seed}.btf"), sp);
        cases.push(Case::new(&format!("split{seed}.dedup"), Op::dedup(&src, Some(&base), false, Ext::No)));
        if seed % FORCE_EVERY == 1 {
            cases.push(Case::new(&format!("split{seed}.dedup-force"), Op::dedup(&src, Some(&base), true, Ext::No)));
        }
    }
    for seed in linked_seeds {
        let objs: Vec<Src> =
            linked(seed).into_iter().enumerate().map(|(i, b)| Src::new(&format!("link{seed}-{i}.btf"), b)).collect();
        cases.push(Case::new(
            &format!("link{seed}.concat-dedup"),
            Op::concat(&objs, Then::Dedup, seed % FORCE_EVERY == 2),
        ));
    }
    cases
}

#[test]
fn generated_graphs_byte_identical_to_libbpf() {
    run_group("generated", &cases_for(0..STANDALONE_SEEDS, 0..SPLIT_SEEDS, 0..LINKED_SEEDS));
}

/// Further seeds, live only (`BPFKIT_LIBBPF18` and `BPFKIT_DEDUP_SEEDS=N`).
#[test]
fn more_generated_graphs_live() {
    let Some(n) = std::env::var("BPFKIT_DEDUP_SEEDS").ok().and_then(|v| v.parse::<u64>().ok()) else {
        skip("dedup more_generated_graphs_live: set BPFKIT_DEDUP_SEEDS=N (with BPFKIT_LIBBPF18) to run N more seeds");
        return;
    };
    let Some(tool) = libbpf18() else {
        skip("dedup more_generated_graphs_live: BPFKIT_LIBBPF18 not set");
        return;
    };
    let tmp = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let mut failed = Vec::new();
    let mut libbpf_errors = 0;
    let seeds = LIVE_SEEDS_FROM..LIVE_SEEDS_FROM + n;
    let cases = cases_for(seeds.clone(), seeds.clone(), seeds);
    for case in &cases {
        let dir = tmp.join(format!("bpfkit-dedup-more-{}-{}", std::process::id(), case.name));
        let expected = run_libbpf(&tool, &case.op, &dir);
        let actual = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_bpfkit(&case.op)));
        match (expected, actual) {
            (Ok(e), Ok(Ok(a))) if e == a => {}
            (Err(_), Ok(Err(_))) => libbpf_errors += 1,
            (e, a) => failed.push(format!(
                "{}: libbpf {:?} / bpfkit {:?}",
                case.name,
                e.map(|v| v.len()),
                a.map(|r| r.map(|v| v.len()))
            )),
        }
    }
    note(&format!(
        "dedup more_generated_graphs_live: {} cases, {} differ, {} rejected by both",
        cases.len(),
        failed.len(),
        libbpf_errors
    ));
    assert!(failed.is_empty(), "differences from libbpf 1.8:\n{}", failed.join("\n"));
}

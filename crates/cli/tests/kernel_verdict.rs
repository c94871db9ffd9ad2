//! Differential test: `bpfkit_btf::validate::strict_bytes` (what
//! `bpfkit btf validate` answers) against the running kernel's
//! `BPF_BTF_LOAD`, over structured mutants of testdata BTF and of small
//! built BTFs.
//!
//! The generator is deterministic (seed `BPFKIT_MUTANT_SEED`, default 1);
//! `BPFKIT_MUTANTS` sets the number of mutants (default 10,000). The test
//! prints the agreement per mutation class and fails on any disagreement.
//! It skips visibly where the syscall is refused (not root, no BPF).

use bpfkit_btf::validate::strict_bytes;
use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, Endian, IntEncoding, Linkage, TypeId};
use bpfkit_testkit::kernel::{BtfLoad, btf_load};
use std::collections::BTreeMap;
use std::io::Write;

/// splitmix64: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

/// A little-endian BTF blob with its layout decoded, to mutate in place.
struct Blob {
    data: Vec<u8>,
    /// Absolute offsets of the type records.
    types: Vec<usize>,
}

fn rd(d: &[u8], at: usize) -> u32 {
    d.get(at..at + 4).map_or(0, |b| u32::from_le_bytes(b.try_into().unwrap()))
}
fn wr(d: &mut [u8], at: usize, v: u32) {
    if let Some(b) = d.get_mut(at..at + 4) {
        b.copy_from_slice(&v.to_le_bytes());
    }
}

impl Blob {
    fn new(data: Vec<u8>) -> Option<Blob> {
        let btf = Btf::parse(&data).ok()?;
        if btf.endian() != Endian::Little || btf.header().hdr_len != 24 {
            return None;
        }
        let at = btf.header().type_range().start;
        let types = btf.type_offsets().iter().map(|&o| at + o as usize).collect();
        Some(Blob { data: data.clone(), types })
    }
    fn hdr(&self, field: usize) -> u32 {
        rd(&self.data, field)
    }
    fn count(&self) -> u32 {
        self.types.len() as u32
    }
    fn info(&self, i: usize) -> u32 {
        rd(&self.data, self.types[i] + 4)
    }
    fn kind(&self, i: usize) -> u32 {
        (self.info(i) >> 24) & 0x1f
    }
    fn vlen(&self, i: usize) -> u32 {
        self.info(i) & 0xffff
    }
    /// Types of the given kinds.
    fn of(&self, kinds: &[u32]) -> Vec<usize> {
        (0..self.types.len()).filter(|&i| kinds.contains(&self.kind(i))).collect()
    }
    /// Appends a string at the end of the string section (the blob's end).
    fn add_str(&mut self, s: &[u8]) -> u32 {
        let off = self.hdr(20);
        self.data.extend_from_slice(s);
        self.data.push(0);
        let len = off + s.len() as u32 + 1;
        wr(&mut self.data, 20, len);
        off
    }
    /// Offsets of every string start in the section.
    fn str_offsets(&self) -> Vec<u32> {
        let start = 24 + self.hdr(16) as usize;
        let s = &self.data[start..start + self.hdr(20) as usize];
        let mut v = vec![0];
        for (i, &c) in s.iter().enumerate() {
            if c == 0 && i + 1 < s.len() {
                v.push(i as u32 + 1);
            }
        }
        v
    }
    /// A word of element `e` (of `words` words) of type `i`, after `fixed` trailer words.
    fn elem_at(&self, i: usize, fixed: usize, words: usize, e: u32, w: usize) -> usize {
        self.types[i] + 12 + 4 * (fixed + e as usize * words + w)
    }
}

const NAMES: &[&[u8]] = &[
    b"a.b",
    b"do_perf_event.zero",
    b".data",
    b".rodata.str1.1",
    b"\xe9t\xe9",
    b"\xd7x",
    b"x\xf7",
    b"a b",
    b"\xa0x",
    b"\x9fx",
    b"1abc",
    b"_",
    b"a-b",
    b"x\x7f",
    b"ok_name",
    b"license",
    b".bss x",
    b"",
];

fn interesting(rng: &mut Rng) -> u32 {
    rng.pick(&[
        0,
        1,
        2,
        3,
        4,
        5,
        7,
        8,
        12,
        15,
        16,
        17,
        24,
        31,
        32,
        63,
        64,
        100,
        127,
        128,
        129,
        255,
        256,
        0xffff,
        0x10000,
        0x00ff_ffff,
        0x0100_0000,
        0x7fff_ffff,
        0x8000_0000,
        0xffff_fff8,
        0xffff_ffff,
    ])
}

fn rand_id(rng: &mut Rng, b: &Blob) -> u32 {
    match rng.below(10) {
        0 => 0,
        1 => b.count() + 1 + rng.below(3) as u32,
        2 => 0x000f_ffff + rng.below(2) as u32,
        _ => 1 + rng.below(u64::from(b.count())) as u32,
    }
}

fn rand_name(rng: &mut Rng, b: &mut Blob) -> u32 {
    match rng.below(8) {
        0 => 0,
        1 => b.hdr(20) + rng.below(4) as u32,
        2 => {
            let n = rng.pick(&[511usize, 512, 513, 600]);
            let c = if rng.chance(50) { b'x' } else { b'.' };
            b.add_str(&vec![c; n])
        }
        3 | 4 => {
            let s = rng.pick(NAMES);
            b.add_str(s)
        }
        _ => {
            let offs = b.str_offsets();
            rng.pick(&offs)
        }
    }
}

/// One mutation of class `class`; returns false when the class does not apply.
fn mutate(class: &str, rng: &mut Rng, b: &mut Blob) -> bool {
    let n = b.types.len();
    if n == 0 {
        return false;
    }
    let any = rng.below(n as u64) as usize;
    let pick = |rng: &mut Rng, b: &Blob, kinds: &[u32]| -> Option<usize> {
        let v = b.of(kinds);
        (!v.is_empty()).then(|| v[rng.below(v.len() as u64) as usize])
    };
    match class {
        "kind" => {
            let info = b.info(any);
            let k = rng.pick(&[0u32, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 31]);
            wr(&mut b.data, b.types[any] + 4, (info & !(0x1f << 24)) | (k << 24));
        }
        "info" => {
            let info = b.info(any);
            let bit = rng.pick(&[16u32, 20, 23, 29, 30, 31]);
            wr(&mut b.data, b.types[any] + 4, info ^ (1 << bit));
        }
        "vlen" => {
            let info = b.info(any);
            let v = match rng.below(3) {
                0 => b.vlen(any).saturating_sub(1),
                1 => b.vlen(any) + 1,
                _ => rng.below(4) as u32,
            };
            wr(&mut b.data, b.types[any] + 4, (info & !0xffff) | (v & 0xffff));
        }
        "size" => {
            let v = interesting(rng);
            wr(&mut b.data, b.types[any] + 8, v);
        }
        "ids" => {
            let Some(i) = pick(rng, b, &[2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18]) else { return false };
            let k = b.kind(i);
            let id = if rng.chance(20) { i as u32 + 1 } else { rand_id(rng, b) };
            let at = match k {
                3 => b.types[i] + 12 + 4 * rng.below(2) as usize,
                4 | 5 | 15 if b.vlen(i) > 0 => {
                    let e = rng.below(u64::from(b.vlen(i))) as u32;
                    if k == 15 { b.elem_at(i, 0, 3, e, 0) } else { b.elem_at(i, 0, 3, e, 1) }
                }
                13 if b.vlen(i) > 0 && rng.chance(60) => {
                    let e = rng.below(u64::from(b.vlen(i))) as u32;
                    b.elem_at(i, 0, 2, e, 1)
                }
                _ => b.types[i] + 8,
            };
            wr(&mut b.data, at, id);
        }
        "names" => {
            let name = rand_name(rng, b);
            let at = match b.kind(any) {
                4 | 5 | 6 | 13 | 19 if b.vlen(any) > 0 && rng.chance(60) => {
                    let words = match b.kind(any) {
                        6 | 13 => 2,
                        _ => 3,
                    };
                    let e = rng.below(u64::from(b.vlen(any))) as u32;
                    b.elem_at(any, 0, words, e, 0)
                }
                _ => b.types[any],
            };
            wr(&mut b.data, at, name);
        }
        "member_offsets" => {
            let Some(i) = pick(rng, b, &[4, 5]).filter(|&i| b.vlen(i) > 0) else { return false };
            let e = rng.below(u64::from(b.vlen(i))) as u32;
            let at = b.elem_at(i, 0, 3, e, 2);
            let old = rd(&b.data, at);
            let v = match rng.below(5) {
                0 => old.wrapping_add(rng.pick(&[1, 4, 8, 32, 64])),
                1 => old.wrapping_sub(rng.pick(&[1, 8, 32])),
                2 => 0,
                3 => rd(&b.data, b.types[i] + 8) * 8,
                _ => interesting(rng),
            };
            wr(&mut b.data, at, v);
        }
        "bitfields" => {
            let Some(i) = pick(rng, b, &[4, 5]).filter(|&i| b.vlen(i) > 0) else { return false };
            let info = b.info(i);
            if rng.chance(50) {
                wr(&mut b.data, b.types[i] + 4, info | (1 << 31));
            }
            let e = rng.below(u64::from(b.vlen(i))) as u32;
            let at = b.elem_at(i, 0, 3, e, 2);
            let old = rd(&b.data, at) & 0x00ff_ffff;
            let bits = rng.pick(&[0u32, 1, 3, 7, 8, 16, 31, 32, 33, 64, 65, 128, 129, 255]);
            let off = if rng.chance(30) { old + rng.below(8) as u32 } else { old };
            wr(&mut b.data, at, (bits << 24) | (off & 0x00ff_ffff));
        }
        "int_encodings" => {
            let Some(i) = pick(rng, b, &[1]) else { return false };
            let at = b.types[i] + 12;
            let old = rd(&b.data, at);
            let v = match rng.below(5) {
                0 => (old & 0x00ff_ffff) | (rng.pick(&[0u32, 1, 2, 3, 4, 5, 8, 15]) << 24),
                1 => old | (1 << (28 + rng.below(4))),
                2 => (old & !0xff) | rng.pick(&[0u32, 1, 7, 8, 9, 16, 31, 32, 33, 64, 100, 128, 129, 255]),
                3 => (old & !0x00ff_0000) | (rng.pick(&[0u32, 1, 7, 8, 64, 120, 128]) << 16),
                _ => {
                    wr(&mut b.data, b.types[i] + 8, rng.pick(&[0, 1, 2, 3, 4, 5, 8, 16, 17, 32]));
                    old
                }
            };
            wr(&mut b.data, at, v);
        }
        "arrays" => {
            let Some(i) = pick(rng, b, &[3]) else { return false };
            let w = rng.below(3) as usize;
            let v = if w == 2 { interesting(rng) } else { rand_id(rng, b) };
            wr(&mut b.data, b.types[i] + 12 + 4 * w, v);
        }
        "protos" => {
            let Some(i) = pick(rng, b, &[13]) else { return false };
            if b.vlen(i) == 0 || rng.chance(25) {
                let id = rand_id(rng, b);
                wr(&mut b.data, b.types[i] + 8, id);
            } else {
                let e = rng.below(u64::from(b.vlen(i))) as u32;
                if rng.chance(50) {
                    let name = rand_name(rng, b);
                    let at = b.elem_at(i, 0, 2, e, 0);
                    wr(&mut b.data, at, name);
                } else {
                    let id = if rng.chance(40) { 0 } else { rand_id(rng, b) };
                    let at = b.elem_at(i, 0, 2, e, 1);
                    wr(&mut b.data, at, id);
                }
            }
        }
        "linkage" => {
            let Some(i) = pick(rng, b, &[12, 14]) else { return false };
            let l = rng.below(4) as u32;
            if b.kind(i) == 12 {
                let info = b.info(i);
                wr(&mut b.data, b.types[i] + 4, (info & !0xffff) | l);
            } else {
                wr(&mut b.data, b.types[i] + 12, l);
            }
        }
        "datasec" => {
            let Some(i) = pick(rng, b, &[15]) else { return false };
            if b.vlen(i) == 0 || rng.chance(20) {
                let v = interesting(rng);
                wr(&mut b.data, b.types[i] + 8, v);
            } else {
                let e = rng.below(u64::from(b.vlen(i))) as u32;
                let w = rng.below(3) as usize;
                let at = b.elem_at(i, 0, 3, e, w);
                let old = rd(&b.data, at);
                let v = match (w, rng.below(3)) {
                    (0, _) => rand_id(rng, b),
                    (_, 0) => old.wrapping_add(rng.pick(&[1, 4, 8])),
                    (_, 1) => old.wrapping_sub(rng.pick(&[1, 4])),
                    _ => interesting(rng),
                };
                wr(&mut b.data, at, v);
            }
        }
        "enums" => {
            let Some(i) = pick(rng, b, &[6, 19]) else { return false };
            match rng.below(3) {
                0 => wr(&mut b.data, b.types[i] + 8, rng.pick(&[0, 1, 2, 3, 4, 6, 8, 16])),
                1 => {
                    let info = b.info(i);
                    wr(&mut b.data, b.types[i] + 4, info ^ (1 << 31));
                }
                _ if b.vlen(i) > 0 => {
                    let words = if b.kind(i) == 6 { 2 } else { 3 };
                    let e = rng.below(u64::from(b.vlen(i))) as u32;
                    let name = rand_name(rng, b);
                    let at = b.elem_at(i, 0, words, e, 0);
                    wr(&mut b.data, at, name);
                }
                _ => return false,
            }
        }
        "tags" => {
            let Some(i) = pick(rng, b, &[17, 18]) else { return false };
            match (b.kind(i), rng.below(3)) {
                (17, 0) => wr(&mut b.data, b.types[i] + 12, rng.pick(&[-2i32, -1, 0, 1, 2, 3, 100]) as u32),
                (_, 1) => {
                    let id = rand_id(rng, b);
                    wr(&mut b.data, b.types[i] + 8, id);
                }
                _ => {
                    let info = b.info(i);
                    wr(&mut b.data, b.types[i] + 4, info ^ (1 << 31));
                }
            }
        }
        "modifier_chains" => {
            // Retarget one modifier/pointer to another modifier/pointer.
            let refs = b.of(&[2, 8, 9, 10, 11, 18]);
            if refs.is_empty() {
                return false;
            }
            let i = rng.pick(&refs);
            let j = rng.pick(&refs);
            wr(&mut b.data, b.types[i] + 8, j as u32 + 1);
            let kinds = [2u32, 8, 9, 10, 11, 18];
            if rng.chance(30) {
                let info = b.info(j);
                let k = rng.pick(&kinds);
                wr(&mut b.data, b.types[j] + 4, (info & !(0x1f << 24)) | (k << 24));
            }
        }
        "cycles" => {
            // A composite, array or typedef pointing (directly or not) at itself.
            let Some(i) = pick(rng, b, &[3, 4, 5, 8, 9, 10, 14]) else { return false };
            let target = i as u32 + 1;
            let Some(j) = pick(rng, b, &[2, 3, 4, 5, 8, 9, 10, 11, 14]) else { return false };
            let at = match b.kind(j) {
                3 => b.types[j] + 12,
                4 | 5 if b.vlen(j) > 0 => b.elem_at(j, 0, 3, rng.below(u64::from(b.vlen(j))) as u32, 1),
                4 | 5 => return false,
                _ => b.types[j] + 8,
            };
            wr(&mut b.data, at, target);
        }
        "header" => match rng.below(6) {
            0 => b.data[3] = rng.pick(&[1, 2, 0x80]),
            1 => b.data[2] = rng.pick(&[0, 2]),
            2 => {
                // Longer header, zero-padded (or not).
                let extra = rng.pick(&[4usize, 8, 12, 3, 1]);
                let fill = if rng.chance(70) { 0 } else { 1 };
                for _ in 0..extra {
                    b.data.insert(24, fill);
                }
                wr(&mut b.data, 4, 24 + extra as u32);
            }
            3 => {
                let f = rng.pick(&[8usize, 12, 16, 20]);
                let v = rd(&b.data, f);
                let d = rng.pick(&[1u32, 4, 0xffff_fffc]);
                wr(&mut b.data, f, v.wrapping_add(d));
            }
            4 => {
                let cut = rng.below(8) as usize + 1;
                let len = b.data.len().saturating_sub(cut);
                b.data.truncate(len);
            }
            _ => {
                b.data.extend_from_slice(&[0, 0, 0, 0][..rng.pick(&[1usize, 4])]);
            }
        },
        "strings" => {
            let start = 24 + b.hdr(16) as usize;
            let len = b.hdr(20) as usize;
            if len < 2 {
                return false;
            }
            match rng.below(4) {
                0 => b.data[start] = b'x',
                1 => {
                    let last = b.data.len() - 1;
                    b.data[last] = b'x';
                }
                _ => {
                    let at = start + 1 + rng.below(len as u64 - 1) as usize;
                    b.data[at] = rng.pick(&[b'.', b' ', b'-', 0xa0, 0xe9, 0xd7, 0x80, 0, b'1', b'_']);
                }
            }
        }
        _ => unreachable!("class {class}"),
    }
    true
}

const CLASSES: &[&str] = &[
    "kind",
    "info",
    "vlen",
    "size",
    "ids",
    "names",
    "member_offsets",
    "bitfields",
    "int_encodings",
    "arrays",
    "protos",
    "linkage",
    "datasec",
    "enums",
    "tags",
    "modifier_chains",
    "cycles",
    "header",
    "strings",
];

/// libbpf's fix-up of a clang object's `.BTF` before loading, in the
/// small form the mutants need: sized DATASECs, no extern VARs/FUNCs.
fn fixup(data: &mut [u8]) {
    let Some(b) = Blob::new(data.to_vec()) else { return };
    for i in 0..b.types.len() {
        match b.kind(i) {
            15 => {
                let end = (0..b.vlen(i))
                    .map(|e| rd(data, b.elem_at(i, 0, 3, e, 1)) + rd(data, b.elem_at(i, 0, 3, e, 2)))
                    .max();
                if rd(data, b.types[i] + 8) == 0 {
                    wr(data, b.types[i] + 8, end.unwrap_or(0).max(1));
                }
            }
            14 if rd(data, b.types[i] + 12) > 1 => wr(data, b.types[i] + 12, 1),
            12 if b.vlen(i) > 1 => {
                let info = b.info(i);
                wr(data, b.types[i] + 4, (info & !0xffff) | 1);
            }
            _ => {}
        }
    }
}

/// Small built BTFs: every kind, chains and orders the kernel treats differently.
fn built(rng: &mut Rng) -> Vec<u8> {
    let mut bb = BtfBuilder::new();
    // The 24-byte header 6.18 knows (the builder writes libbpf 1.8's 32 bytes by default).
    bb.with_layout(false);
    let int = bb.add_int("int", 4, IntEncoding::SIGNED, 32);
    let ch = bb.add_int("char", 1, IntEncoding::SIGNED, 8);
    match rng.below(4) {
        0 => {
            // A modifier chain, ascending or descending ids.
            let len = rng.pick(&[2u32, 16, 31, 32, 33, 40, 64, 70]);
            if rng.chance(50) {
                let first = bb.next_id().0;
                for k in 0..len {
                    let to = if k + 1 == len { int } else { TypeId(first + k + 1) };
                    bb.add_const(to);
                }
            } else {
                let mut prev = int;
                for _ in 0..len {
                    prev = bb.add_const(prev);
                }
            }
        }
        1 => {
            let p = bb.add_ptr(int);
            let arr = bb.add_array(ch, int, 16);
            let s = bb.add_struct(
                "s",
                32,
                &[
                    MemberSpec::new("a", int, 0),
                    MemberSpec::bitfield("b", int, 32, 3),
                    MemberSpec::new("p", p, 64),
                    MemberSpec::new("c", arr, 128),
                ],
            );
            bb.add_union("u", 8, &[MemberSpec::new("x", int, 0), MemberSpec::new("y", p, 0)]);
            bb.add_enum("e", 4, false, &[("A", 1), ("B", 2)]);
            bb.add_enum64("e64", 8, true, &[("C", 1 << 40)]);
            bb.add_fwd("f", false);
            bb.add_typedef("s_t", s);
            bb.add_float("double", 8);
            bb.add_decl_tag("tag", s, 1, false);
            bb.add_type_tag("user", int, false);
        }
        2 => {
            let proto = bb.add_func_proto(int, &[("x", int), ("y", ch)]);
            let f = bb.add_func("fn", proto, Linkage::GLOBAL);
            bb.add_decl_tag("arg", f, 0, false);
            let v = bb.add_var("counter", int, Linkage::GLOBAL);
            let w = bb.add_var("do_perf_event.zero", ch, Linkage::STATIC);
            bb.add_datasec(".data", 8, &[(v, 0, 4), (w, 4, 1)]);
            let vp = bb.add_func_proto(TypeId(0), &[("fmt", int), ("", TypeId(0))]);
            bb.add_func("printk", vp, Linkage::STATIC);
        }
        _ => {
            // Forward references: a pointer to a later struct containing it.
            let p = bb.add_ptr(TypeId(int.0 + 3));
            let a = bb.add_array(p, int, 2);
            bb.add_typedef("pa", a);
            bb.add_struct("node", 24, &[MemberSpec::new("next", p, 0), MemberSpec::new("arr", a, 64)]);
            bb.add_volatile(TypeId(int.0 + 3));
        }
    }
    bb.encode(Endian::Little)
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let td = bpfkit_testkit::testdata();
    let mut out = Vec::new();
    let mut paths = Vec::new();
    for dir in ["core", "btf/obj", "header/cases"] {
        if let Ok(rd) = std::fs::read_dir(td.join(dir)) {
            paths.extend(rd.filter_map(|e| Some(e.ok()?.path())));
        }
    }
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let is_obj = name.ends_with(".o") && !name.contains("bpfeb") && !name.contains(".eb.");
        if !(name.ends_with(".btf") || is_obj) {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let Ok(btf) = bpfkit_obj::elf::btf_bytes(&bytes) else { continue };
        let mut btf = btf.into_owned();
        fixup(&mut btf);
        if Blob::new(btf.clone()).is_some() {
            out.push((name, btf));
        }
    }
    out
}

#[test]
fn strict_agrees_with_the_running_kernel() {
    if let BtfLoad::Unavailable(why) = btf_load(b"", false) {
        // A privilege of the environment, not a missing tool: a SKIP line
        // even under BPFKIT_REQUIRE_TOOLS=1.
        bpfkit_testkit::skip(&format!("kernel differential test: {why}"));
        return;
    }
    let n: usize = std::env::var("BPFKIT_MUTANTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let seed: u64 = std::env::var("BPFKIT_MUTANT_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let mut rng = Rng(seed);
    let seeds = seeds();
    assert!(seeds.len() >= 10, "testdata seeds: {}", seeds.len());
    // Per class: (agree, total, kernel accepted).
    let mut stats: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    let mut failures = Vec::new();
    // The unmutated seeds first.
    let mut check = |class: &'static str, data: &[u8], stats: &mut BTreeMap<&str, (u64, u64, u64)>| {
        let model = strict_bytes(data, None);
        let kernel = btf_load(data, false);
        let k_ok = kernel == BtfLoad::Loaded;
        let e = stats.entry(class).or_default();
        e.1 += 1;
        e.2 += u64::from(k_ok);
        if model.is_ok() == k_ok {
            e.0 += 1;
        } else if failures.len() < 20 {
            let log = match btf_load(data, true) {
                BtfLoad::Rejected { errno, log } => format!("errno {errno}: {log}"),
                other => format!("{other:?}"),
            };
            let path = std::env::temp_dir().join(format!("bpfkit-mutant-{}.btf", failures.len()));
            let _ = std::fs::write(&path, data);
            failures.push(format!("{class}: model {model:?} / kernel {log} ({})", path.display()));
        }
    };
    for (_, s) in &seeds {
        check("seed", s, &mut stats);
    }
    let mut made = 0;
    while made < n {
        let (_, seed_bytes) = &seeds[rng.below(seeds.len() as u64) as usize];
        let base = if rng.chance(15) { built(&mut rng) } else { seed_bytes.clone() };
        let Some(mut blob) = Blob::new(base) else { continue };
        let class = rng.pick(CLASSES);
        if !mutate(class, &mut rng, &mut blob) {
            continue;
        }
        // Sometimes a second mutation of the same class.
        if rng.chance(20) {
            let mut again = Blob { data: blob.data.clone(), types: blob.types.clone() };
            if mutate(class, &mut rng, &mut again) {
                blob = again;
            }
        }
        check(class, &blob.data, &mut stats);
        made += 1;
    }
    let mut out = String::new();
    let (mut agree, mut total) = (0, 0);
    for (class, (a, t, k)) in &stats {
        out += &format!("{class:>16}: {a}/{t} agree ({:.2}%), kernel accepted {k}\n", 100.0 * *a as f64 / *t as f64);
        agree += a;
        total += t;
    }
    out += &format!("{:>16}: {agree}/{total} agree ({:.3}%)\n", "all", 100.0 * agree as f64 / total as f64);
    let _ = std::io::stderr().write_all(out.as_bytes());
    assert!(failures.is_empty(), "{} disagreements, first ones:\n{}", total - agree, failures.join("\n"));
}

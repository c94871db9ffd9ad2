//! bpfkit's BTF dedup against libbpf 1.8's `btf__dedup`, byte for byte, on
//! the testdata corpus: clang objects concatenated (both byte orders),
//! kernels concatenated with themselves, modules' split BTF concatenated
//! with themselves on their base, object BTF appended on a vmlinux base, and
//! every object on its own with and without its `.BTF.ext`.
//!
//! Goldens: `testdata/dedup/<group>.manifest` (+ gzipped outputs), made by
//! libbpf 1.8 through the harness named by `BPFKIT_LIBBPF18` (see
//! testdata/README.md). With `BPFKIT_LIBBPF18` set the harness also runs live.

mod dedup_common;

use dedup_common::{Case, Ext, KERNELS, MODULES, OBJECTS_BE, OBJECTS_LE, Op, Src, Then, kernel, objects, run_group};

/// concat, concat+dedup in memory, concat+parse+dedup, with and without
/// forced hash collisions.
fn concat_cases(tag: &str, inputs: &[Src], with_force: bool) -> Vec<Case> {
    let mut v = vec![
        Case::new(&format!("{tag}.concat"), Op::concat(inputs, Then::Write, false)),
        Case::new(&format!("{tag}.concat-dedup"), Op::concat(inputs, Then::Dedup, false)),
        Case::new(&format!("{tag}.dedup"), Op::concat(inputs, Then::WriteParseDedup, false)),
    ];
    if with_force {
        v.push(Case::new(&format!("{tag}.concat-dedup-force"), Op::concat(inputs, Then::Dedup, true)));
        v.push(Case::new(&format!("{tag}.dedup-force"), Op::concat(inputs, Then::WriteParseDedup, true)));
    }
    v
}

#[test]
fn objects_concatenated() {
    let le = objects(OBJECTS_LE);
    let be = objects(OBJECTS_BE);
    let mut cases = concat_cases("objs-le", &le, true);
    cases.extend(concat_cases("objs-be", &be, true));
    let twice: Vec<Src> = le.iter().chain(&le).cloned().collect();
    cases.push(Case::new("objs-le-x2.concat-dedup", Op::concat(&twice, Then::Dedup, false)));
    cases.push(Case::new("objs-le-x2.dedup", Op::concat(&twice, Then::WriteParseDedup, false)));
    let reversed: Vec<Src> = be.iter().rev().cloned().collect();
    cases.push(Case::new("objs-be-rev.concat-dedup", Op::concat(&reversed, Then::Dedup, false)));
    run_group("objects", &cases);
}

#[test]
fn objects_one_by_one() {
    let mut cases = Vec::new();
    for rel in OBJECTS_LE.iter().chain(OBJECTS_BE) {
        let src = Src::file(rel);
        let tag = rel.replace('/', "_");
        cases.push(Case::new(&format!("{tag}.dedup"), Op::dedup(&src, None, false, Ext::No)));
        cases.push(Case::new(&format!("{tag}.dedup-ext"), Op::dedup(&src, None, false, Ext::Use)));
        cases.push(Case::new(&format!("{tag}.dedup-ext.ext"), Op::dedup(&src, None, false, Ext::Out)));
    }
    run_group("single-objects", &cases);
}

#[test]
fn kernels_doubled() {
    let mut cases = Vec::new();
    for name in KERNELS {
        let k = kernel(name);
        let pair = [k.clone(), k.clone()];
        let gz = format!("btf/{name}.btf.gz");
        cases.push(Case::new(&format!("{name}.dedup"), Op::dedup(&k, None, false, Ext::No)).maybe_same_as(&gz));
        cases.push(Case::digest(&format!("{name}-x2.concat"), Op::concat(&pair, Then::Write, false)));
        cases.push(Case::new(&format!("{name}-x2.concat-dedup"), Op::concat(&pair, Then::Dedup, false)));
        cases.push(Case::new(&format!("{name}-x2.dedup"), Op::concat(&pair, Then::WriteParseDedup, false)));
    }
    // Three different kernels together: near-duplicates, conflicting
    // definitions, ambiguous FWDs. Kept as digests (3 MB gzipped each).
    let all: Vec<Src> = KERNELS.iter().map(|n| kernel(n)).collect();
    let rev: Vec<Src> = all.iter().rev().cloned().collect();
    cases.push(Case::digest("kernels-3.concat-dedup", Op::concat(&all, Then::Dedup, false)));
    cases.push(Case::digest("kernels-3.dedup", Op::concat(&all, Then::WriteParseDedup, false)));
    cases.push(Case::digest("kernels-3-reversed.concat-dedup", Op::concat(&rev, Then::Dedup, false)));
    run_group("kernels", &cases);
}

#[test]
fn modules_doubled_on_base() {
    let base = kernel(KERNELS[0]);
    let mut cases = Vec::new();
    let mut all = Vec::new();
    for name in MODULES {
        let m = kernel(name);
        all.push(m.clone());
        let pair = [m.clone(), m.clone()];
        let gz = format!("btf/{name}.btf.gz");
        cases.push(Case::new(&format!("{name}.dedup"), Op::dedup(&m, Some(&base), false, Ext::No)).maybe_same_as(&gz));
        cases.push(Case::new(&format!("{name}-x2.concat"), Op::concat_on(&base, &pair, false, Then::Write)));
        cases.push(Case::new(&format!("{name}-x2.concat-dedup"), Op::concat_on(&base, &pair, false, Then::Dedup)));
        cases.push(Case::new(&format!("{name}-x2.dedup"), Op::concat_on(&base, &pair, false, Then::WriteParseDedup)));
    }
    for name in MODULES {
        let m = kernel(name);
        cases.push(Case::new(&format!("{name}.dedup-force"), Op::dedup(&m, Some(&base), true, Ext::No)));
    }
    let rev: Vec<Src> = all.iter().rev().cloned().collect();
    cases.push(Case::new("modules-reversed.concat-dedup", Op::concat_on(&base, &rev, false, Then::Dedup)));
    cases.push(Case::new("modules.concat-dedup", Op::concat_on(&base, &all, false, Then::Dedup)));
    cases.push(Case::new("modules.dedup", Op::concat_on(&base, &all, false, Then::WriteParseDedup)));
    run_group("modules", &cases);
}

#[test]
fn objects_on_vmlinux_base() {
    let le = objects(OBJECTS_LE);
    let mut cases = Vec::new();
    for name in KERNELS {
        let base = kernel(name);
        let tag = format!("objs-le-on-{name}");
        cases.push(Case::new(&format!("{tag}.concat"), Op::concat_on(&base, &le, true, Then::Write)));
        cases.push(Case::new(&format!("{tag}.concat-dedup"), Op::concat_on(&base, &le, true, Then::Dedup)));
        cases.push(Case::new(&format!("{tag}.dedup"), Op::concat_on(&base, &le, true, Then::WriteParseDedup)));
    }
    // One object that uses kernel types, alone on each base.
    let one = [Src::file("core/kernel.clang22.bpfel.o")];
    for name in KERNELS {
        let base = kernel(name);
        cases.push(Case::new(
            &format!("kernel.clang22-on-{name}.concat-dedup"),
            Op::concat_on(&base, &one, true, Then::Dedup),
        ));
    }
    // Split on split: objects appended on tun, which is split on vmlinux-6.1
    // (the BTFHub / module-on-module shape).
    let tun = kernel(MODULES[0]).split_on(&kernel(KERNELS[0]));
    for (tag, list) in [("objs-le-on-tun", OBJECTS_LE), ("objs-le-first8-on-tun", &OBJECTS_LE[..8])] {
        let objs = objects(list);
        cases.push(Case::new(&format!("{tag}.concat"), Op::concat_on(&tun, &objs, true, Then::Write)));
        cases.push(Case::new(&format!("{tag}.concat-dedup"), Op::concat_on(&tun, &objs, true, Then::Dedup)));
        cases.push(Case::new(&format!("{tag}.dedup"), Op::concat_on(&tun, &objs, true, Then::WriteParseDedup)));
    }
    run_group("objects-on-vmlinux", &cases);
}

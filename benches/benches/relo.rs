//! CO-RE relocation benchmarks: all 100 relocations of
//! `testdata/core/bench/bench100.bpfel.o` against the 6.12 vmlinux BTF.
//!
//! * cold: parse the object and the (already decompressed) kernel BTF,
//!   search candidates, resolve and patch — nothing cached;
//! * warm: the kernel BTF and the object are parsed once; each iteration
//!   resolves and patches everything with a fresh resolver.

use bpfkit_benches::{kernel_btf, testdata};
use bpfkit_btf::Btf;
use bpfkit_obj::Object;
use bpfkit_relo::{Targets, relocate};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn run(obj: &Object<'_>, vmlinux: &Btf<'_>) -> usize {
    let targets = Targets::new(vmlinux);
    let rel = relocate(obj, &targets).expect("relocates");
    rel.records.len()
}

fn bench(c: &mut Criterion) {
    let data = std::fs::read(testdata().join("core/bench/bench100.bpfel.o")).unwrap();
    let btf_bytes = kernel_btf("vmlinux-6.12-amd64");
    let obj = Object::parse(&data).unwrap();
    let vm = Btf::parse(&btf_bytes).unwrap();
    assert_eq!(run(&obj, &vm), 100);
    c.bench_function("relo/cold: parse vmlinux 6.12 + object, 100 relocations", |b| {
        b.iter(|| {
            let obj = Object::parse(black_box(&data)).unwrap();
            let vm = Btf::parse(black_box(&btf_bytes)).unwrap();
            run(&obj, &vm)
        })
    });
    c.bench_function("relo/warm: 100 relocations (parsed BTF and object)", |b| b.iter(|| run(black_box(&obj), &vm)));
}

criterion_group!(benches, bench);
criterion_main!(benches);

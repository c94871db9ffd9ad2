//! BPF object reader benchmarks: open a 200-program object
//! (`testdata/obj/bench/big.bpfel.o`, built by `gen.sh` there) and read
//! everything — instructions, relocations, CO-RE paths, loader layouts.

use bpfkit_benches::testdata;
use bpfkit_obj::Object;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn big() -> Vec<u8> {
    let path = testdata().join("obj/bench/big.bpfel.o");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Opens the object and touches everything a loader or the CO-RE resolver reads.
fn read_all(data: &[u8]) -> usize {
    let obj = Object::parse(data).expect("bench object parses");
    let mut n = 0;
    for p in obj.programs() {
        n += p.instructions().len();
        n += obj.program_relocations(p.index).len();
        for c in obj.program_core_relos(p.index) {
            n += obj.core_access(c).expect("decodes").raw.len();
        }
        if !p.subprog {
            n += obj.loaded_layout(p.index).expect("layout").insn_count;
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let data = big();
    let obj = Object::parse(&data).unwrap();
    assert_eq!(obj.programs().iter().filter(|p| !p.subprog).count(), 200);
    c.bench_function("obj/parse (200 programs)", |b| {
        b.iter(|| Object::parse(black_box(&data)).unwrap().programs().len())
    });
    c.bench_function("obj/parse+read all (200 programs)", |b| b.iter(|| read_all(black_box(&data))));
}

criterion_group!(benches, bench);
criterion_main!(benches);

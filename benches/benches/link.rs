//! Static linker benchmarks: the 13-object "all" case of
//! `testdata/link/cases.txt` (clang 22, bpfel) and one object alone.

use bpfkit_benches::testdata;
use bpfkit_link::{LinkOptions, Linker};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const ALL: [&str; 13] = [
    "funcs1", "funcs2", "vars1", "vars2", "maps1", "maps2", "static1", "static2", "app", "lib", "tri_b", "tri_c",
    "tri_a",
];

fn read(name: &str) -> (String, Vec<u8>) {
    let path = testdata().join(format!("link/{name}.clang22.bpfel.o"));
    (name.to_string(), std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn link(objs: &[(String, Vec<u8>)]) -> usize {
    let mut l = Linker::new(LinkOptions::new());
    for (n, b) in objs {
        l.add_object(n, b).expect("fixtures link");
    }
    l.finish().expect("fixtures link").len()
}

fn bench(c: &mut Criterion) {
    let all: Vec<_> = ALL.iter().map(|n| read(n)).collect();
    let one = vec![read("maps1")];
    c.bench_function("link/13 objects (all)", |b| b.iter(|| link(black_box(&all))));
    c.bench_function("link/1 object (maps1)", |b| b.iter(|| link(black_box(&one))));
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! BTF dedup benchmarks: libbpf's `btf__dedup` workload on each testdata
//! kernel concatenated with itself (`btf__add_btf` twice): from the
//! created builder (string pass skipped, as libbpf for created BTF) and
//! from the parsed doubled blob (string pass included), plus the
//! concatenation itself.

use bpfkit_benches::kernel_btf;
use bpfkit_btf::dedup::{DedupOptions, dedup, dedup_parsed};
use bpfkit_btf::{Btf, write::BtfBuilder};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const KERNELS: [&str; 3] = ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"];

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("dedup");
    g.sample_size(20);
    for k in KERNELS {
        let data = kernel_btf(k);
        let btf = Btf::parse(&data).unwrap();
        let concat = || {
            let mut b = BtfBuilder::new();
            b.add_btf(&btf).unwrap();
            b.add_btf(&btf).unwrap();
            b
        };
        g.bench_function(format!("add_btf-x2/{k}"), |b| b.iter(|| black_box(concat())));
        let doubled = concat();
        g.bench_function(format!("created-x2/{k}"), |b| {
            b.iter(|| dedup(black_box(&doubled), &DedupOptions::new()).unwrap())
        });
        let raw = doubled.encode(doubled.endian());
        let parsed = Btf::parse(&raw).unwrap();
        g.bench_function(format!("parsed-x2/{k}"), |b| {
            b.iter(|| dedup_parsed(black_box(&parsed), &DedupOptions::new()).unwrap())
        });
    }
    g.finish();
}

criterion_group!(dedup_benches, benches);
criterion_main!(dedup_benches);

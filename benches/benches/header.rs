//! C header emitter benchmarks: the full vmlinux.h of each testdata
//! kernel, sorted (bpftool's default) and unsorted, into a sink that
//! discards (parsing excluded; see `btf.rs` for that).

use bpfkit_benches::kernel_btf;
use bpfkit_btf::Btf;
use bpfkit_header::{Config, Order, write_header};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const KERNELS: [&str; 3] = ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"];

fn benches(c: &mut Criterion) {
    for k in KERNELS {
        let data = kernel_btf(k);
        let btf = Btf::parse(&data).unwrap();
        for (label, order) in [("sorted", Order::Sorted), ("unsorted", Order::Unsorted)] {
            let config = Config::new().order(order);
            c.bench_function(&format!("vmlinux.h-{label}/{k}"), |b| {
                b.iter(|| write_header(black_box(&btf), &config, std::io::sink()).unwrap())
            });
        }
        c.bench_function(&format!("sorted-order-only/{k}"), |b| {
            b.iter(|| black_box(bpfkit_header::sorted_ids(black_box(&btf))))
        });
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);

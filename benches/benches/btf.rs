//! BTF reader benchmarks on real kernel BTF: parse + index, walking every
//! type, name lookups, raw dump.

use bpfkit_benches::kernel_btf;
use bpfkit_btf::{Btf, BtfKind, dump::Dumper};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const KERNELS: [&str; 3] = ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"];

const WELL_KNOWN: [&str; 25] = [
    "task_struct",
    "sk_buff",
    "file",
    "inode",
    "dentry",
    "super_block",
    "mm_struct",
    "vm_area_struct",
    "net_device",
    "sock",
    "socket",
    "cred",
    "pid",
    "page",
    "bio",
    "request_queue",
    "cgroup",
    "bpf_prog",
    "bpf_map",
    "pt_regs",
    "xdp_buff",
    "trace_event_raw_sys_enter",
    "nsproxy",
    "path",
    "qstr",
];

fn benches(c: &mut Criterion) {
    for k in KERNELS {
        let data = kernel_btf(k);
        c.bench_function(&format!("parse+index/{k}"), |b| b.iter(|| Btf::parse(black_box(&data)).unwrap()));
        let btf = Btf::parse(&data).unwrap();
        c.bench_function(&format!("iterate-all/{k}"), |b| {
            b.iter(|| {
                let mut n = 0u64;
                for t in btf.types() {
                    n += u64::from(t.vlen()) + u64::from(t.name_off().0 & 1);
                    for m in t.members() {
                        n += u64::from(m.bit_offset);
                    }
                    for e in t.enumerators() {
                        n = n.wrapping_add(e.value);
                    }
                    for p in t.params() {
                        n += u64::from(p.type_id.0);
                    }
                }
                black_box(n)
            })
        });
        // Build the name index once, then measure lookups.
        let _ = btf.find_by_name_kind("task_struct", BtfKind::STRUCT);
        c.bench_function(&format!("lookup-25-names/{k}"), |b| {
            b.iter(|| {
                for n in WELL_KNOWN {
                    black_box(btf.find_by_name_kind(black_box(n), BtfKind::STRUCT));
                }
            })
        });
        c.bench_function(&format!("parse+first-lookup/{k}"), |b| {
            b.iter(|| {
                let btf = Btf::parse(black_box(&data)).unwrap();
                black_box(btf.find_by_name_kind("task_struct", BtfKind::STRUCT))
            })
        });
        c.bench_function(&format!("raw-dump/{k}"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(16 << 20);
                Dumper::new().dump(&btf, &mut out).unwrap();
                black_box(out.len())
            })
        });
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);

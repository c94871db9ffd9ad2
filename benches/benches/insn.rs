//! Instruction model benchmarks: decode, disassemble (LLVM text) and
//! encode a 100k-instruction program section built from the compiled test
//! objects, plus the whole `llvm-objdump -d` layout of a large object.

use bpfkit_benches::testdata;
use bpfkit_insn::{DisplayConfig, Endian, decode, encode_all, write_insn};
use bpfkit_obj::objdump::{ObjdumpConfig, read_text_sections, write_section};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const INSNS: usize = 100_000;

/// Program bytes of the committed test objects, repeated to 100k slots.
fn big_section() -> Vec<u8> {
    let dir = testdata().join("insn");
    let mut code = Vec::new();
    for f in ["common.v4.el.o", "v3.v4.el.o", "v4.v4.el.o", "asm_all.v4.el.o"] {
        let data = std::fs::read(dir.join(f)).expect("testdata object");
        let obj = read_text_sections(&data).expect("BPF object");
        for s in &obj.sections {
            code.extend_from_slice(s.data);
        }
    }
    let unit = code.clone();
    while code.len() < INSNS * 8 {
        code.extend_from_slice(&unit);
    }
    code.truncate(INSNS * 8);
    // Do not end inside an ld_imm64.
    let whole = decode(&code, Endian::Little)
        .map_while(Result::ok)
        .map(|(at, i)| at + i.byte_len())
        .take_while(|&end| end <= code.len())
        .last()
        .unwrap_or(0);
    code.truncate(whole);
    code
}

fn benches(c: &mut Criterion) {
    let code = big_section();
    let mut g = c.benchmark_group("insn");
    g.throughput(Throughput::Bytes(code.len() as u64));
    g.bench_function("decode_100k", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for item in decode(black_box(&code), Endian::Little) {
                n += item.map(|(_, i)| i.slots()).unwrap_or(0);
            }
            n
        })
    });
    let insns: Vec<_> = decode(&code, Endian::Little).map(|r| r.unwrap().1).collect();
    g.bench_function("encode_100k", |b| b.iter(|| encode_all(black_box(&insns), Endian::Little)));
    g.bench_function("disassemble_100k", |b| {
        let mut out = String::with_capacity(code.len() * 4);
        b.iter(|| {
            out.clear();
            for item in decode(black_box(&code), Endian::Little) {
                let (_, insn) = item.unwrap();
                write_insn(&mut out, &insn, &DisplayConfig::LLVM).unwrap();
                out.push('\n');
            }
            out.len()
        })
    });
    // The objdump layout of the same bytes as one section (index column,
    // raw bytes, jump-target labels).
    let gotol = std::fs::read(testdata().join("insn/gotol.v4.el.o")).unwrap();
    let obj = read_text_sections(&gotol).unwrap();
    let mut sec = obj.sections[0].clone();
    sec.data = &code;
    g.bench_function("objdump_layout_100k", |b| {
        let mut cfg = ObjdumpConfig::default();
        cfg.raw_bytes = true;
        let mut out = String::with_capacity(code.len() * 8);
        b.iter(|| {
            out.clear();
            write_section(&mut out, black_box(&sec), bpfkit_btf::Endian::Little, &cfg).unwrap();
            out.len()
        })
    });
    g.finish();
}

criterion_group!(insn, benches);
criterion_main!(insn);

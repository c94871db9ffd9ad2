//! Concatenates BTF files like libbpf's `btf__add_btf` into a new
//! (created) BTF: `cargo run --release -p bpfkit-btf --example concat -- OUT IN...`.
//! Used to make doubled kernel BTF for dedup measurements.

use bpfkit_btf::{Btf, write::BtfBuilder};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, inputs)) = args.split_first() else {
        eprintln!("usage: concat OUT IN...");
        std::process::exit(2);
    };
    let mut b = BtfBuilder::new();
    for path in inputs {
        let file = std::fs::read(path).expect("read input");
        let raw = bpfkit_obj::elf::btf_bytes(&file).expect("find BTF");
        let btf = Btf::parse(&raw).expect("parse BTF");
        b.add_btf(&btf).expect("add_btf");
    }
    std::fs::write(out, b.encode(b.endian())).expect("write output");
}

//! Fuzz logic for the BTF reader: parse, walk every type, run every helper,
//! dump in both formats, validate strictly, and re-encode.

use bpfkit_btf::dump::{DumpFormat, Dumper};
use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, TypeId};

/// Runs the reader over arbitrary bytes. Panics only on a broken invariant.
pub fn run(data: &[u8]) {
    // The ELF path too (raw input is passed through; gzip is not fuzzed here
    // because a small input can legitimately inflate to the 1 GiB cap).
    if data.starts_with(b"\x7fELF") {
        if let Ok(bytes) = bpfkit_obj::elf::btf_bytes(data) {
            exercise(&bytes);
        }
        return;
    }
    exercise(data);
    // Split BTF: the first half as base, the second as the module.
    let mid = data.len() / 2;
    if let Ok(base) = Btf::parse(&data[..mid])
        && let Ok(split) = Btf::parse_split(&data[mid..], &base)
    {
        walk(&split);
    }
}

fn exercise(data: &[u8]) {
    // The unchecked walk of the records never panics, valid input or not.
    let records = bpfkit_btf::Records::new(data).ok();
    let walked: Option<Vec<_>> = records.clone().map(|r| r.map(|t| (t.id(), t.bytes())).collect());
    let Ok(btf) = Btf::parse(data) else { return };
    // Of BTF that parses, it sees the records the index sees (all of them
    // unless one is of a kind only a layout section sizes).
    if let (Some(mut records), Some(walked)) = (records, walked) {
        let indexed: Vec<_> = btf.types().map(|t| (t.id(), t.bytes())).collect();
        assert_eq!(walked[..], indexed[..walked.len()], "records and index disagree");
        records.by_ref().for_each(drop);
        assert_eq!(records.complete(), walked.len() == indexed.len());
    }
    walk(&btf);
    // Re-encoding is the identity whenever the input is laid out canonically.
    let h = btf.header();
    let canonical = h.flags == 0
        && (h.hdr_len == 24 || h.hdr_len == 32)
        && h.type_off == 0
        && (h.layout_len == 0 || h.layout_off == h.type_len)
        && h.str_off == h.type_len + h.layout_len
        && (h.hdr_len == 32 || h.layout_len == 0)
        && data.len() == (h.hdr_len + h.str_off + h.str_len) as usize
        && !(h.hdr_len == 32 && h.layout_len == 0 && h.layout_off != 0);
    let again = BtfBuilder::from_btf(&btf).encode(btf.endian());
    if canonical && h.hdr_len == 24 {
        assert!(again == data, "re-encoding a canonical blob must give back its bytes");
    }
    let reparsed = Btf::parse(&again).expect("what the writer encodes parses");
    assert_eq!(Dumper::new().to_string(&reparsed), Dumper::new().to_string(&btf));
}

fn walk(btf: &Btf<'_>) {
    let mut sink = Vec::new();
    for t in btf.types() {
        let _ = btf.name(&t);
        let _ = (t.int(), t.array(), t.var_linkage(), t.func_linkage(), t.decl_tag_component());
        for m in t.members() {
            let _ = btf.str(m.name_off);
        }
        let _ = t.enumerators().count() + t.params().count() + t.datasec_vars().count();
        let _ = btf.resolve_size(t.id());
        let _ = btf.align_of(t.id());
        let _ = btf.skip_mods_and_typedefs(t.id());
        let name = btf.type_name(t.id());
        assert!(name.len() < 1 << 20);
        if let Ok(n) = btf.str(t.name_off()) {
            assert!(btf.find_by_name(n).any(|id| n.is_empty() || id == t.id()) || n.is_empty());
        }
    }
    let _ = btf.get(TypeId(u32::MAX));
    let _ = btf.pointer_size();
    let _ = bpfkit_btf::validate::strict(btf);
    for f in [DumpFormat::Raw, DumpFormat::Json] {
        sink.clear();
        Dumper::new().format(f).dump(btf, &mut sink).expect("Vec sink");
        assert!(sink.len() <= 64 + btf.data().len() * 48, "dump output is bounded by the input");
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/btf/obj/");
        let mut out = Vec::new();
        for f in ["core.el.o", "core.eb.o", "core.el.zbtf.o"] {
            let data = std::fs::read(format!("{dir}{f}")).unwrap();
            out.push(bpfkit_obj::elf::btf_bytes(&data).unwrap().into_owned());
            out.push(data);
        }
        out
    }

    #[test]
    fn seeds_run_clean() {
        for s in seeds() {
            run(&s);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(2000, "proptest-regressions/btf_parse.txt"))]
        #[test]
        fn random_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
            run(&data);
        }

        #[test]
        fn random_bytes_with_btf_magic(mut data in prop::collection::vec(any::<u8>(), 24..1024), big in any::<bool>()) {
            data[..4].copy_from_slice(if big { &[0xeb, 0x9f, 1, 0] } else { &[0x9f, 0xeb, 1, 0] });
            run(&data);
        }

        #[test]
        fn mutated_seeds(seed in 0usize..6, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
            let mut data = seeds()[seed].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
            let len = cut.index(data.len() + 1);
            run(&data[..len]);
        }
    }
}

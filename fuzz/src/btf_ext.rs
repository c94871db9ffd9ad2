//! Fuzz logic for `.BTF.ext`: parse, then read every record of every section.

use bpfkit_btf::ext::BtfExt;

/// Runs the `.BTF.ext` reader over arbitrary bytes.
pub fn run(data: &[u8]) {
    let Ok(ext) = BtfExt::parse(data) else { return };
    let mut n = 0usize;
    for sub in [ext.func_info(), ext.line_info(), ext.core_relo()] {
        for sec in sub.sections() {
            n += sec.func_infos().count() + sec.line_infos().count();
            for r in sec.core_relos() {
                let _ = (r.kind.name(), r.kind.is_field(), r.kind.to_string());
                n += 1;
            }
        }
    }
    assert!(n <= data.len(), "records cannot outnumber the input's bytes");
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/btf/obj/");
        ["core.el.o", "core.eb.o"]
            .iter()
            .map(|f| {
                let data = std::fs::read(format!("{dir}{f}")).unwrap();
                bpfkit_obj::elf::section_bytes(&data, ".BTF.ext").unwrap().unwrap().into_owned()
            })
            .collect()
    }

    #[test]
    fn seeds_run_clean() {
        for s in seeds() {
            assert!(bpfkit_btf::ext::BtfExt::parse(&s).is_ok());
            run(&s);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(2000, "proptest-regressions/btf_ext.txt"))]
        #[test]
        fn random_bytes(mut data in prop::collection::vec(any::<u8>(), 0..512), big in any::<bool>()) {
            if data.len() >= 4 {
                data[..4].copy_from_slice(if big { &[0xeb, 0x9f, 1, 0] } else { &[0x9f, 0xeb, 1, 0] });
            }
            run(&data);
        }

        #[test]
        fn mutated_seeds(seed in 0usize..2, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
            let mut data = seeds()[seed].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
            run(&data[..cut.index(data.len() + 1)]);
        }
    }
}

//! Fuzz logic for the BPF object reader: parse, then walk everything the
//! reader offers (instructions, relocations, `.BTF.ext` records, CO-RE
//! access paths, loader layouts, raw relocation sections).

use bpfkit_obj::{Object, ProgramIndex};

/// Runs the reader over arbitrary bytes. Panics only on a broken invariant.
pub fn run(data: &[u8]) {
    let Ok(obj) = Object::parse(data) else { return };
    for p in obj.programs() {
        let n = p.insns().count();
        assert!(n <= p.insn_count());
        for r in obj.program_relocations(p.index) {
            assert_eq!(r.program, Some(p.index));
            assert!(r.insn.is_some_and(|i| i < p.insn_count()));
        }
        for c in obj.program_calls(p.index) {
            assert!(c.insn < p.insn_count());
            assert!(obj.program(c.callee).is_some());
        }
        for c in obj.program_core_relos(p.index) {
            let _ = obj.core_access(c).map(|a| a.to_string());
        }
        let _ = obj.program_func_infos(p.index).len() + obj.program_line_infos(p.index).len();
        let layout = obj.loaded_layout(p.index).expect("a program index from programs() is valid");
        let total: usize = layout.placed.iter().map(|x| x.insn_count).sum();
        assert_eq!(total, layout.insn_count);
        for r in &layout.refs {
            assert!(r.at < layout.insn_count && r.target < layout.insn_count);
        }
    }
    assert!(obj.loaded_layout(ProgramIndex(u32::MAX)).is_err());
    for (rel, _) in obj.rel_sections() {
        for r in obj.raw_relocations(rel) {
            let _ = obj.resolve_address(&r);
        }
    }
    for m in obj.maps() {
        let _ = m.ident();
    }
    let _ = obj.kconfig_size();
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        crate::testdata_objects("obj")
    }

    #[test]
    fn seeds_parse_and_run_clean() {
        let seeds = seeds();
        assert!(seeds.len() >= 24);
        for s in &seeds {
            bpfkit_obj::Object::parse(s).expect("fixtures parse");
            run(s);
        }
    }

    #[test]
    fn every_truncation_is_handled() {
        let s = &seeds()[0];
        for len in (0..s.len()).step_by(7) {
            run(&s[..len]);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(1000, "proptest-regressions/obj.txt"))]
        #[test]
        fn random_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
            run(&data);
        }

        #[test]
        fn random_bytes_with_elf_header(mut data in prop::collection::vec(any::<u8>(), 64..2048), big in any::<bool>()) {
            data[..4].copy_from_slice(b"\x7fELF");
            data[4] = 2;
            data[5] = if big { 2 } else { 1 };
            data[6] = 1;
            let (ty, mach) = if big { ([0, 1], [0, 247]) } else { ([1, 0], [247, 0]) };
            data[16..18].copy_from_slice(&ty);
            data[18..20].copy_from_slice(&mach);
            run(&data);
        }

        #[test]
        fn mutated_seeds(seed in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16), cut in any::<prop::sample::Index>()) {
            let seeds = seeds();
            let mut data = seeds[seed.index(seeds.len())].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
            let keep = cut.index(data.len() + 1);
            run(&data[..keep]);
        }
    }
}

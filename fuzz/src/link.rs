//! Fuzz logic for the static linker: the input linked alone, after a
//! fixture object and before it; whatever links must read back as an ELF
//! file, and relinking it must not panic (it may be refused: libbpf's own
//! output of some bad inputs does not relink either).

use bpfkit_link::{LinkOptions, Linker};

/// A fixed partner object (from `testdata/link`).
const PARTNER: &[u8] = include_bytes!("../../testdata/link/funcs1.clang22.bpfel.o");

fn link(objs: &[&[u8]]) -> Option<Vec<u8>> {
    let mut l = Linker::new(LinkOptions::new());
    for (i, o) in objs.iter().enumerate() {
        l.add_object(&format!("in{i}.o"), o).ok()?;
    }
    l.finish().ok()
}

/// Links arbitrary bytes. Panics only on a broken invariant.
pub fn run(data: &[u8]) {
    for objs in [&[data][..], &[PARTNER, data], &[data, PARTNER]] {
        if let Some(out) = link(objs) {
            bpfkit_obj::elf::ElfFile::parse(&out).expect("linker output is ELF");
            let _ = link(&[&out]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        crate::testdata_objects("link")
    }

    #[test]
    fn seeds_link_clean() {
        let seeds = seeds();
        assert!(seeds.len() >= 80);
        for s in &seeds {
            run(s);
        }
    }

    /// Found by the fuzzer: a section symbol turned into an undefined one
    /// links (as libbpf does, to the same bytes) into an object neither
    /// libbpf nor bpfkit relinks ("invalid extern symbol").
    #[test]
    fn undefined_section_symbol() {
        let mut data = include_bytes!("../../testdata/link/err_map_b.clang14.bpfel.o").to_vec();
        data[2038] = 4;
        run(&data);
        let out = super::link(&[&data]).expect("libbpf links it too");
        assert!(super::link(&[&out]).is_none());
    }

    #[test]
    fn every_truncation_is_handled() {
        let s = &seeds()[0];
        for len in (0..s.len()).step_by(11) {
            run(&s[..len]);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(300, "proptest-regressions/link.txt"))]
        #[test]
        fn mutated_seeds(seed in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let seeds = seeds();
            let mut data = seeds[seed.index(seeds.len())].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
        }
    }
}

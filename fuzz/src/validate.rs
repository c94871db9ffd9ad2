//! Fuzz logic for the kernel model (`validate::strict_bytes`): raw bytes,
//! standalone and split. It must not panic or loop, and it must give the
//! same verdict whether called on the raw bytes or on a parsed `Btf`.

use bpfkit_btf::Btf;
use bpfkit_btf::validate::{strict, strict_bytes};

/// Runs the kernel model over arbitrary bytes.
pub fn run(data: &[u8]) {
    let verdict = strict_bytes(data, None);
    if let Ok(btf) = Btf::parse(data) {
        assert_eq!(strict(&btf), verdict, "strict and strict_bytes agree");
    }
    if let Err(e) = &verdict {
        assert!(e.offset().is_none_or(|o| o <= data.len() as u64 + 24), "offsets point into the input: {e}");
    }
    // Split BTF: the first half as base, the second as the module.
    let mid = data.len() / 2;
    if let Ok(base) = Btf::parse(&data[..mid]) {
        let _ = strict_bytes(&data[mid..], Some(&base));
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/core");
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "btf"))
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn seeds_are_loadable() {
        for s in seeds() {
            bpfkit_btf::validate::strict_bytes(&s, None).unwrap();
            run(&s);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(1000, "proptest-regressions/validate.txt"))]
        #[test]
        fn mutated_seeds(seed in 0usize..8, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
            let seeds = seeds();
            let mut data = seeds[seed % seeds.len()].clone();
            for (at, b) in edits {
                let i = at.index(data.len());
                data[i] = b;
            }
            let keep = cut.index(data.len() + 1).max(data.len() / 2);
            data.truncate(keep);
            run(&data);
        }
    }
}

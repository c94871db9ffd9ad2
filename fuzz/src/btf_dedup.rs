//! Fuzz logic for BTF dedup: dedup parsed input (alone, concatenated with
//! itself, and as split BTF on a base), check the result parses, that every
//! old id maps into it, and that `force_collisions` and the builder path
//! give the same bytes.

use bpfkit_btf::Btf;
use bpfkit_btf::dedup::{DedupOptions, dedup, dedup_parsed};
use bpfkit_btf::write::BtfBuilder;

/// Runs dedup over arbitrary bytes. Panics only on a broken invariant.
pub fn run(data: &[u8]) {
    if let Ok(btf) = Btf::parse(data) {
        exercise(&btf, None);
        let mut twice = BtfBuilder::new();
        if twice.add_btf(&btf).is_ok() && twice.add_btf(&btf).is_ok() {
            check_builder(&twice, None);
        }
    }
    let mid = data.len() / 2;
    if let Ok(base) = Btf::parse(&data[..mid])
        && let Ok(split) = Btf::parse_split(&data[mid..], &base)
    {
        exercise(&split, Some(&base));
    }
}

fn opts<'a>(base: Option<&'a Btf<'a>>) -> DedupOptions<'a> {
    match base {
        Some(b) => DedupOptions::new().base(b),
        None => DedupOptions::new(),
    }
}

fn exercise(btf: &Btf<'_>, base: Option<&Btf<'_>>) {
    let Ok(d) = dedup_parsed(btf, &opts(base)) else { return };
    let via =
        dedup(&BtfBuilder::from_btf(btf), &opts(base)).expect("the builder path accepts what the parsed path does");
    let out = d.btf().encode(btf.endian());
    assert!(via.btf().encode(btf.endian()) == out, "dedup_parsed and dedup(from_btf) differ");
    check_output(&out, btf.type_count(), &d, base);
}

fn check_builder(b: &BtfBuilder, base: Option<&Btf<'_>>) {
    let Ok(d) = dedup(b, &opts(base)) else { return };
    let out = d.btf().encode(b.endian());
    let forced = dedup(b, &opts(base).force_collisions(true)).expect("force_collisions accepts the same input");
    assert!(forced.btf().encode(b.endian()) == out, "force_collisions changed the output");
    check_output(&out, b.type_count(), &d, base);
}

fn check_output(out: &[u8], old_count: u32, d: &bpfkit_btf::dedup::Deduped, base: Option<&Btf<'_>>) {
    let parsed = match base {
        Some(b) => Btf::parse_split(out, b),
        None => Btf::parse(out),
    }
    .expect("dedup output parses");
    assert!(parsed.type_count() <= old_count);
    for id in 0..old_count {
        assert!(d.map_type(bpfkit_btf::TypeId(id)).0 < parsed.type_count(), "id {id} maps outside the output");
    }
    assert_eq!(d.stats().total_out() as usize, parsed.own_type_count());
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        crate::testdata_objects("btf/obj")
            .into_iter()
            .chain(crate::testdata_objects("obj"))
            .filter_map(|o| bpfkit_btf::input::btf_bytes(&o).ok().map(|b| b.into_owned()))
            .collect()
    }

    #[test]
    fn seeds_run_clean() {
        let s = seeds();
        assert!(s.len() >= 3, "too few seeds");
        for s in s {
            run(&s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn random_bytes_with_btf_magic(mut data in prop::collection::vec(any::<u8>(), 24..1024), big in any::<bool>()) {
            data[..4].copy_from_slice(if big { &[0xeb, 0x9f, 1, 0] } else { &[0x9f, 0xeb, 1, 0] });
            run(&data);
        }

        #[test]
        fn mutated_seeds(seed in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let s = seeds();
            let mut data = s[seed.index(s.len())].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
        }
    }
}

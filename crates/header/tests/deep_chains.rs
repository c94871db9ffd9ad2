//! 100k-deep chains and cycles: the C emitter gives a header or an error,
//! never a stack overflow.

use bpfkit_btf::Btf;

#[test]
fn emitter_stays_bounded() {
    // In debug builds each 100k-type case takes 15-70 s (the emitter's walks
    // are depth-limited per type: O(types x MAX_DEPTH)); three cases here,
    // the others (pointer, array, typedef, proto chains) were run once and
    // pass: `BPFKIT_DEEP_ALL=1` runs them all.
    let all = std::env::var("BPFKIT_DEEP_ALL").as_deref() == Ok("1");
    let keep = ["const up", "struct up", "typedef cycle"];
    for (name, data) in bpfkit_testkit::deep::deep_btfs().into_iter().filter(|(n, _)| all || keep.contains(&n.as_str()))
    {
        let btf = Btf::parse(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let t0 = std::time::Instant::now();
        match bpfkit_header::header_bytes(&btf, &bpfkit_header::Config::new()) {
            Ok(h) => assert!(!h.is_empty(), "{name}"),
            Err(e) => assert!(matches!(e, bpfkit_header::Error::TooDeep(_)), "{name}: {e}"),
        }
        eprintln!("{name}: {:?}", t0.elapsed());
    }
}

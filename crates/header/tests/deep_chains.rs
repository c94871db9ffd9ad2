//! 100k-deep chains and cycles: the C emitter gives a header or an error,
//! never a stack overflow, and quickly (every walk is linear in the
//! input: a few seconds per case in a debug build).

use bpfkit_btf::Btf;

/// FNV-1a of the bytes.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// A header's length and hash, or the id of the "too deep" error.
type Outcome = Result<(usize, u64), u32>;

#[test]
fn emitter_stays_bounded() {
    // What each case gives: the id of the "too deep" error, or the
    // header's length and hash (the boilerplate alone where nothing is
    // printable: pointers, qualifiers, arrays and prototypes print nothing
    // by themselves). Sorted, the deepest of a downward chain comes first,
    // and each type ordered before stops the next walk after one step:
    // pointers are marked ordered as libbpf marks them, and qualifiers and
    // arrays once what they refer to is.
    let header: Outcome = Ok((624, 0xf56303e4ca7ad58));
    let expected: [(&str, Outcome); 14] = [
        ("const up", Err(1002)),
        ("const down", header),
        ("ptr up", Err(1002)),
        ("ptr down", header),
        ("typedef up", Err(1002)),
        ("typedef down", Err(9002)),
        ("array up", Err(1002)),
        ("array down", header),
        ("struct up", Err(1002)),
        ("struct down", Err(9002)),
        ("proto up", Err(2)),
        ("proto down", header),
        ("typedef cycle", Err(1001)),
        ("struct/ptr ring", Ok((2717224, 0xf93aebc216597ccc))),
    ];
    let cases = bpfkit_testkit::deep::deep_btfs();
    assert_eq!(cases.len(), expected.len());
    for ((name, data), (want_name, want)) in cases.into_iter().zip(expected) {
        assert_eq!(name, want_name);
        let btf = Btf::parse(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let t0 = std::time::Instant::now();
        let got = match bpfkit_header::header_bytes(&btf, &bpfkit_header::Config::new()) {
            Ok(h) => Ok((h.len(), fnv(&h))),
            Err(bpfkit_header::Error::TooDeep(id)) => Err(id.0),
            Err(e) => panic!("{name}: {e}"),
        };
        eprintln!("{name}: {:?}", t0.elapsed());
        assert_eq!(got, want, "{name}");
    }
}

//! Corpus-level properties of bpfkit's dedup (the module's own unit tests
//! cover small hand-built cases):
//!
//! - dedup is idempotent: deduping an output again gives the same types
//!   (the same bpftool listing). Not always the same bytes: libbpf 1.8 itself
//!   may order the strings of a re-dedup differently (seen on the selftests'
//!   forced-collision case), and bpfkit must do what libbpf does.
//! - dedup keeps every type's size and kind: for every input id,
//!   `resolve_size` of the mapped id is the same, and the mapped type has
//!   the same kind (a FWD may become its struct/union, an enum forward
//!   declaration its enum or enum64); `stats()` counts types in and out
//!   per kind.
//! - dedup(K + K) lists as dedup(K) plus the second copy's VARs and
//!   DATASECs, for every testdata kernel.
//! - Proptest (pinned seed): random sequences of testdata objects,
//!   concatenated and deduped (in memory or parsed back), keep both
//!   properties; with `BPFKIT_LIBBPF18` set, each is also compared with
//!   libbpf 1.8 byte for byte.

mod dedup_common;

use bpfkit_btf::dedup::{DedupOptions, Deduped, dedup};
use bpfkit_btf::dump::Dumper;
use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, BtfKind, TypeId};
use dedup_common::{
    KERNELS, MODULES, OBJECTS_BE, OBJECTS_LE, Op, Src, Then, concat_bpfkit, diff_btf, kernel, libbpf18, objects,
    run_bpfkit, run_libbpf, skip,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Dedups `btf` (split on `base` when given); returns the result and its
/// raw bytes.
fn dedup_of(builder: &BtfBuilder, base: Option<&Btf<'_>>, endian: bpfkit_btf::Endian) -> (Deduped, Vec<u8>) {
    let mut opts = DedupOptions::new();
    if let Some(b) = base {
        opts = opts.base(b);
    }
    let out = dedup(builder, &opts).expect("dedup");
    let bytes = out.btf().encode(endian);
    (out, bytes)
}

fn parse<'a>(raw: &'a [u8], base: Option<&'a Btf<'a>>) -> Btf<'a> {
    match base {
        Some(b) => Btf::parse_split(raw, b),
        None => Btf::parse(raw),
    }
    .expect("parse")
}

/// The listing of the split part (or all of standalone BTF).
fn listing(raw: &[u8], base: Option<&Btf<'_>>) -> String {
    Dumper::new().to_string(&parse(raw, base))
}

/// Checks idempotence, sizes and kinds of deduping `input` (built BTF).
fn check_dedup(what: &str, input: &BtfBuilder, base: Option<&Btf<'_>>, endian: bpfkit_btf::Endian) -> Vec<u8> {
    let before_raw = input.encode(endian);
    let before = parse(&before_raw, base);
    let (out, raw) = dedup_of(input, base, endian);
    let after = parse(&raw, base);

    // The statistics count what went in and what came out, per kind.
    let stats = out.stats();
    assert_eq!(stats.total_in() as usize, before.own_type_count(), "{what}: stats.total_in");
    assert_eq!(stats.total_out() as usize, after.own_type_count(), "{what}: stats.total_out");
    for kind in 1..=19u8 {
        let k = BtfKind(kind);
        let count = |b: &Btf<'_>| b.types().filter(|t| t.kind() == k).count() as u32;
        assert_eq!(stats.kind(k), (count(&before), count(&after)), "{what}: stats for {}", k.name());
    }

    // Sizes and kinds.
    for id in before.start_id().0..before.type_count() {
        let old = TypeId(id);
        let new = out.map_type(old);
        let (t_old, t_new) = (before.type_by_id(old).unwrap(), after.type_by_id(new).unwrap());
        let (k_old, k_new) = (t_old.kind(), t_new.kind());
        let kind_ok = k_old == k_new
            || (k_old == BtfKind::FWD && (k_new == BtfKind::STRUCT || k_new == BtfKind::UNION))
            || ((k_old == BtfKind::ENUM || k_old == BtfKind::ENUM64)
                && t_old.vlen() == 0
                && (k_new == BtfKind::ENUM || k_new == BtfKind::ENUM64));
        assert!(kind_ok, "{what}: [{id}] {} became [{}] {}", k_old.name(), new.0, k_new.name());
        if let Ok(size) = before.resolve_size(old)
            && k_old != BtfKind::FWD
        {
            assert_eq!(after.resolve_size(new).ok(), Some(size), "{what}: size of [{id}] changed (now [{}])", new.0);
        }
    }

    // Idempotence: the output deduped again lists the same types.
    let again = BtfBuilder::from_btf(&after);
    let (_, raw2) = dedup_of(&again, base, endian);
    assert_eq!(listing(&raw2, base), listing(&raw, base), "{what}: dedup of the output changed its types");
    raw
}

#[test]
fn corpus_dedup_is_idempotent_and_keeps_sizes() {
    for (tag, list) in [("objs-le", OBJECTS_LE), ("objs-be", OBJECTS_BE)] {
        let srcs = objects(list);
        let (b, e) = concat_bpfkit(&srcs, None, false).unwrap();
        check_dedup(tag, &b, None, e);
        for src in &srcs {
            let raw = src.raw_btf();
            let btf = Btf::parse(&raw).unwrap();
            check_dedup(&src.name, &BtfBuilder::from_btf(&btf), None, btf.endian());
        }
    }
    let base_src = kernel(KERNELS[0]);
    let base_raw = base_src.raw_btf();
    let base = Btf::parse(&base_raw).unwrap();
    for name in MODULES {
        let m = kernel(name);
        let (b, e) = concat_bpfkit(&[m.clone(), m], Some(&base), false).unwrap();
        check_dedup(&format!("{name} x2"), &b, Some(&base), e);
    }
    let (b, e) = concat_bpfkit(&objects(OBJECTS_LE), Some(&base), true).unwrap();
    check_dedup("objs-le on vmlinux", &b, Some(&base), e);
}

/// Every testdata kernel doubled: idempotent, sizes kept, and (what
/// libbpf 1.8 does too, checked on its goldens) the listing of dedup(K + K)
/// is the listing of dedup(K) followed only by the second copy's VARs and
/// DATASECs, which dedup never merges.
#[test]
fn doubled_kernels_equal_single_kernel_plus_vars() {
    for name in KERNELS {
        let k = kernel(name);
        let (b2, e) = concat_bpfkit(&[k.clone(), k.clone()], None, false).unwrap();
        let doubled = check_dedup(&format!("{name} x2"), &b2, None, e);
        let (b1, e) = concat_bpfkit(&[k], None, false).unwrap();
        let single = check_dedup(name, &b1, None, e);
        let (one, two) = (listing(&single, None), listing(&doubled, None));
        assert!(two.starts_with(&one), "{name}: dedup(K+K) does not start with dedup(K)");
        let extra: Vec<&str> = two[one.len()..].lines().filter(|l| l.starts_with('[')).collect();
        let vars = one.lines().filter(|l| l.contains("] VAR '") || l.contains("] DATASEC '")).count();
        assert_eq!(extra.len(), vars, "{name}: dedup(K+K) has {} more types, K has {vars} VAR/DATASEC", extra.len());
        assert!(
            extra.iter().all(|l| l.contains("] VAR '") || l.contains("] DATASEC '")),
            "{name}: dedup(K+K) adds types other than VAR/DATASEC"
        );
    }
}

#[test]
fn random_object_mixes() {
    let tool = libbpf18();
    if tool.is_none() {
        skip("dedup random_object_mixes: BPFKIT_LIBBPF18 not set; properties only, no live libbpf comparison");
    }
    let le = objects(OBJECTS_LE);
    let be = objects(OBJECTS_BE);
    let config = Config { cases: 32, failure_persistence: None, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[0x5e; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let tmp = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let strategy = (any::<bool>(), proptest::collection::vec(0usize..64, 1..7), any::<bool>());
    let (checked, compared) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let result = runner.run(&strategy, |(big_endian, picks, parsed)| {
        let pool = if big_endian { &be } else { &le };
        let inputs: Vec<Src> = picks.iter().map(|&i| pool[i % pool.len()].clone()).collect();
        let names: Vec<&str> = inputs.iter().map(|s| s.name.as_str()).collect();
        let what = format!("{names:?} parsed={parsed}");
        let (b, e) = concat_bpfkit(&inputs, None, false).unwrap();
        check_dedup(&what, &b, None, e);
        checked.set(checked.get() + 1);
        if let Some(tool) = &tool {
            let op = Op::concat(&inputs, if parsed { Then::WriteParseDedup } else { Then::Dedup }, false);
            let dir = tmp.join(format!("bpfkit-dedup-prop-{}", std::process::id()));
            let expected = run_libbpf(tool, &op, &dir).unwrap();
            let actual = run_bpfkit(&op).unwrap();
            prop_assert!(expected == actual, "{what}: differs from libbpf 1.8: {}", diff_btf(&expected, &actual, None));
            compared.set(compared.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let live = if tool.is_some() {
        format!("{} byte-identical to live libbpf 1.8", compared.get())
    } else {
        "no live libbpf comparison".to_string()
    };
    dedup_common::note(&format!("dedup random_object_mixes: {} mixes checked, {live}", checked.get()));
}

/// The mismatch report names the first differing type and its records,
/// and string-only differences.
#[test]
fn diff_report_names_the_first_differing_type() {
    use bpfkit_btf::IntEncoding;
    use bpfkit_btf::write::MemberSpec;
    let build = |off: u32, extra: &str| {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        b.add_ptr(int);
        b.add_struct("s", 8, &[MemberSpec::new("a", int, 0), MemberSpec::new("b", int, off)]);
        b.add_str(extra);
        b.encode(bpfkit_btf::Endian::Little)
    };
    let (a, b) = (build(32, "x"), build(40, "x"));
    let report = diff_btf(&a, &b, None);
    assert!(report.contains("first differing type [3] (STRUCT)"), "{report}");
    assert!(
        report.contains("'b' type_id=1 bits_offset=32") && report.contains("'b' type_id=1 bits_offset=40"),
        "{report}"
    );
    let report = diff_btf(&build(32, "x"), &build(32, "y"), None);
    assert!(report.contains("strings") && report.contains("\"x\"") && report.contains("\"y\""), "{report}");
    assert!(!report.contains("first differing type"), "{report}");
    assert_eq!(diff_btf(&a, &a, None), "identical");
}

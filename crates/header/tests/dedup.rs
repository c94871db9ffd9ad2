//! Property test (pinned seed): for every testdata kernel K, the sorted C
//! header of dedup(K + ... + K) (2–3 copies concatenated like libbpf's
//! `btf__add_btf`, written in either byte order and parsed back or deduped
//! in memory) is the header of K itself, and deduping that result again
//! changes nothing. A kernel's BTF is already deduplicated by pahole with
//! libbpf, so its copies must fold back onto one C text.

use bpfkit_btf::dedup::{DedupOptions, dedup, dedup_parsed};
use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, Endian};
use bpfkit_header::{Config, header_bytes};
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, RngAlgorithm, TestRng, TestRunner};
use std::io::Read;
use std::path::PathBuf;

fn kernels() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/btf");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("vmlinux-") && name.ends_with(".btf.gz") {
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap()).read_to_end(&mut raw).unwrap();
            out.push((name, raw));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no testdata kernels");
    out
}

#[test]
fn dedup_of_repeated_kernel_gives_its_header() {
    let ks = kernels();
    let headers: Vec<Vec<u8>> =
        ks.iter().map(|(_, raw)| header_bytes(&Btf::parse(raw).unwrap(), &Config::new()).unwrap()).collect();
    let mut runner = TestRunner::new_with_rng(
        PtConfig { cases: 2, ..PtConfig::default() },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let check = |k: usize, copies: usize, big: bool, parse_back: bool| -> Result<(), TestCaseError> {
        let (name, raw) = &ks[k];
        let btf = Btf::parse(raw).unwrap();
        let mut b = BtfBuilder::new();
        for _ in 0..copies {
            b.add_btf(&btf).unwrap();
        }
        let endian = if big { Endian::Big } else { Endian::Little };
        let bytes = b.encode(endian);
        let parsed = Btf::parse(&bytes).unwrap();
        let d = if parse_back { dedup_parsed(&parsed, &DedupOptions::new()) } else { dedup(&b, &DedupOptions::new()) }
            .unwrap();
        let out = d.btf().encode(endian);
        let out_btf = Btf::parse(&out).unwrap();
        // Not always K's own type count: K holds a few structurally equal
        // types libbpf could not merge, and with several copies libbpf 1.8
        // (and so bpfkit) keeps some more of those; their C text is the same.
        prop_assert!(out_btf.type_count() < btf.type_count() * 2, "{} x{}: copies left unmerged", name, copies);
        let h = header_bytes(&out_btf, &Config::new()).unwrap();
        prop_assert!(h == headers[k], "{} x{}: header differs from the kernel's", name, copies);
        let again = dedup(d.btf(), &DedupOptions::new()).unwrap();
        prop_assert!(again.btf().encode(endian) == out, "{} x{}: dedup is not idempotent", name, copies);
        Ok(())
    };
    // Every kernel doubled, then random copies, byte orders and paths.
    for k in 0..ks.len() {
        check(k, 2, k % 2 == 1, k % 2 == 0).unwrap();
    }
    runner
        .run(&(0..ks.len(), 2usize..=3, any::<bool>(), any::<bool>()), |(k, copies, big, parse_back)| {
            check(k, copies, big, parse_back)
        })
        .unwrap();
}

//! Every count in the input is checked before it sizes an allocation: one
//! test per limit.

use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, Endian, ErrorKind, IntEncoding};
use std::io::Write;

fn small() -> Vec<u8> {
    let mut b = BtfBuilder::new();
    b.with_layout(false); // a 24-byte header: the offsets below count from it
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    b.add_ptr(int);
    b.encode(Endian::Little)
}

fn set_u32(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

/// vlen: a STRUCT claiming 2^24-1 members in a 60-byte blob is truncated;
/// nothing is sized by the claim.
#[test]
fn vlen_is_bounded_by_the_type_section() {
    let mut data = small();
    // Type [2] (the PTR) becomes a STRUCT with vlen 0xffffff (libbpf reads 24 bits).
    set_u32(&mut data, 24 + 16 + 4, (4 << 24) | 0x00ff_ffff);
    let err = Btf::parse(&data).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeTruncated { id: 2 });
}

/// Type count: the index holds at most one entry per 12 bytes of type
/// section, so its heap is bounded by the input.
#[test]
fn type_index_is_bounded_by_the_input() {
    let mut b = BtfBuilder::new();
    for _ in 0..10_000 {
        b.add_ptr(bpfkit_btf::TypeId(0));
    }
    let data = b.encode(Endian::Little);
    let btf = Btf::parse(&data).unwrap();
    assert!(btf.heap_size() <= data.len() / 3, "{} heap bytes for {} input bytes", btf.heap_size(), data.len());
}

/// String and type section sizes: a length past the input is an error at
/// the header field, not an allocation.
#[test]
fn section_sizes_are_bounded_by_the_input() {
    for field in [12usize, 20] {
        let mut data = small();
        set_u32(&mut data, field, 0x7fff_0000);
        let err = Btf::parse(&data).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::BadSection(_)), "field {field}: {err}");
    }
}

/// gzip: decompression stops at an explicit limit with a clear error.
#[test]
fn gzip_output_is_capped() {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1 << 20]).unwrap();
    let gz = enc.finish().unwrap();
    assert!(gz.len() < 4096, "a 1 MiB bomb in {} bytes", gz.len());
    let err = bpfkit_btf::input::gunzip_limited(&gz, 64 << 10).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge { what: "gzip output", limit: 64 << 10 });
    assert_eq!(err.to_string(), "gzip output larger than the limit of 65536 bytes");
    assert_eq!(bpfkit_btf::input::gunzip_limited(&gz, 1 << 20).unwrap().len(), 1 << 20);
}

/// The kernel model: no more than `BTF_MAX_SIZE` bytes, and its own index
/// is bounded the same way.
#[test]
fn strict_refuses_more_than_btf_max_size() {
    let mut data = small();
    data.resize(bpfkit_btf::validate::MAX_SIZE + 1, 0);
    let err = bpfkit_btf::validate::strict_bytes(&data, None).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Strict { rule: bpfkit_btf::validate::Rule::TooLarge, .. }), "{err}");
}

//! `.BTF.ext` blobs built by hand: larger records in both byte orders and
//! malformed headers. Reading `.BTF`/`.BTF.ext` out of ELF objects is
//! tested in `crates/obj/tests/btf_elf.rs`.

mod common;
use bpfkit_btf::Endian;
use bpfkit_btf::ext::BtfExt;

/// Builds a `.BTF.ext` blob: header + func_info subsection with the given
/// record size and sections `(name_off, records)`.
fn ext_blob(endian: Endian, rec: u32, secs: &[(u32, u32)], extra_per_record: usize) -> Vec<u8> {
    let mut body = endian.u32_bytes(rec).to_vec();
    for &(name, n) in secs {
        body.extend_from_slice(&endian.u32_bytes(name));
        body.extend_from_slice(&endian.u32_bytes(n));
        for i in 0..n {
            body.extend_from_slice(&endian.u32_bytes(i * 8));
            body.extend_from_slice(&endian.u32_bytes(1));
            body.extend(std::iter::repeat_n(0xaa, extra_per_record));
        }
    }
    let mut out = endian.u16_bytes(0xeb9f).to_vec();
    out.extend_from_slice(&[1, 0]);
    for v in [32u32, 0, body.len() as u32, 0, 0, 0, 0] {
        out.extend_from_slice(&endian.u32_bytes(v));
    }
    out.extend_from_slice(&body);
    out
}

#[test]
fn btf_ext_accepts_larger_records_in_both_byte_orders() {
    for e in [Endian::Little, Endian::Big] {
        let blob = ext_blob(e, 16, &[(5, 3), (9, 1)], 8);
        let ext = BtfExt::parse(&blob).unwrap();
        let got: Vec<(u32, Vec<u32>)> = ext
            .func_info()
            .sections()
            .map(|s| (s.sec_name_off.0, s.func_infos().map(|f| f.insn_off).collect()))
            .collect();
        assert_eq!(got, [(5, vec![0, 8, 16]), (9, vec![0])]);
    }
}

#[test]
fn malformed_btf_ext_is_rejected_with_offsets() {
    let e = Endian::Little;
    let good = ext_blob(e, 8, &[(1, 2)], 0);
    assert!(BtfExt::parse(&good).is_ok());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "header too short"),
        ("bad magic", vec![0x12, 0x34, 1, 0, 24, 0, 0, 0], "magic"),
        ("header only", good[..32].to_vec(), "no data"),
        ("zero records", ext_blob(e, 8, &[(1, 0)], 0), "zero records"),
        ("record size too small", ext_blob(e, 4, &[(1, 1)], 0), "record size"),
        ("record size not aligned", ext_blob(e, 10, &[(1, 1)], 2), "record size"),
        (
            "lying count",
            {
                let mut b = ext_blob(e, 8, &[(1, 2)], 0);
                b[32 + 8..32 + 12].copy_from_slice(&e.u32_bytes(1_000_000));
                b
            },
            "run past",
        ),
        (
            "subsection past the end",
            {
                let mut b = good.clone();
                b[12..16].copy_from_slice(&e.u32_bytes(10_000));
                b
            },
            "past the data",
        ),
        (
            "misaligned subsection",
            {
                let mut b = good.clone();
                b[8..12].copy_from_slice(&e.u32_bytes(2));
                b
            },
            "aligned",
        ),
        (
            "truncated section header",
            {
                let mut b = good.clone();
                b.truncate(b.len() - 20);
                let len = (b.len() - 32) as u32;
                b[12..16].copy_from_slice(&e.u32_bytes(len));
                b
            },
            "truncated",
        ),
    ];
    for (what, blob, msg) in cases {
        let err = BtfExt::parse(&blob).expect_err(what);
        assert!(err.to_string().contains(msg), "{what}: {err}");
    }
}

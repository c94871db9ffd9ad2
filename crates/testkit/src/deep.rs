//! BTFs with 100k-deep reference chains and cycles, for the tests that check
//! every walk is bounded (reader helpers, validation, the C emitter, CO-RE).

/// BTFs with 100k-deep reference chains and cycles (built, little-endian;
/// every named type has its own name, so the depth is tested, not the
/// number of same-named CO-RE candidates).
pub fn deep_btfs() -> Vec<(String, Vec<u8>)> {
    use bpfkit_btf::write::{BtfBuilder, MemberSpec};
    use bpfkit_btf::{BtfKind, Endian, IntEncoding, TypeId};
    const N: u32 = 100_000;
    let mut out = Vec::new();
    let chain = |kind: BtfKind, ascending: bool| {
        let mut b = BtfBuilder::new();
        b.with_layout(false); // the 24-byte header the 6.18 model accepts
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let first = b.next_id().0;
        for k in 0..N {
            let to = if ascending {
                if k + 1 == N { int } else { TypeId(first + k + 1) }
            } else if k == 0 {
                int
            } else {
                TypeId(first + k - 1)
            };
            match kind {
                BtfKind::ARRAY => b.add_array(to, int, 2),
                BtfKind::TYPEDEF => b.add_typedef(&format!("t{k}"), to),
                BtfKind::STRUCT => b.add_struct(&format!("s{k}"), 4, &[MemberSpec::new("m", to, 0)]),
                BtfKind::FUNC_PROTO => {
                    let p = b.add_ptr(to);
                    b.add_func_proto(p, &[("a", p)])
                }
                k => b.add_ref(k, "", to),
            };
        }
        b.encode(Endian::Little)
    };
    for (name, kind) in [
        ("const", BtfKind::CONST),
        ("ptr", BtfKind::PTR),
        ("typedef", BtfKind::TYPEDEF),
        ("array", BtfKind::ARRAY),
        ("struct", BtfKind::STRUCT),
        ("proto", BtfKind::FUNC_PROTO),
    ] {
        out.push((format!("{name} up"), chain(kind, true)));
        out.push((format!("{name} down"), chain(kind, false)));
    }
    // A 100k-long cycle of typedefs, and a ring of structs through pointers (legal C).
    let mut b = BtfBuilder::new();
    b.with_layout(false); // the 24-byte header the 6.18 model accepts
    for k in 0..N {
        b.add_typedef(&format!("c{k}"), TypeId(1 + (k + 1) % N));
    }
    out.push(("typedef cycle".into(), b.encode(Endian::Little)));
    let mut b = BtfBuilder::new();
    b.with_layout(false); // the 24-byte header the 6.18 model accepts
    for k in 0..N / 2 {
        let next = TypeId(1 + (2 * k + 2) % N);
        b.add_struct(&format!("n{k}"), 8, &[MemberSpec::new("p", TypeId(2 * k + 2), 0)]);
        b.add_ptr(next);
    }
    out.push(("struct/ptr ring".into(), b.encode(Endian::Little)));
    out
}

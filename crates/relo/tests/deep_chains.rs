//! 100k-deep chains and cycles as local and target BTF: the resolver and
//! the minimizer answer or fail, never overflow the stack.

use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, Endian, TypeId};
use bpfkit_relo::minimize::Marks;
use bpfkit_relo::{Resolver, Targets};

#[test]
fn resolver_and_minimizer_stay_bounded() {
    let btfs = bpfkit_testkit::deep::deep_btfs();
    for (name, data) in &btfs {
        let btf = Btf::parse(data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let t0 = std::time::Instant::now();
        let targets = Targets::new(&btf);
        let mut r = Resolver::new(&btf, &targets, Endian::Little);
        let ids = [TypeId(1), TypeId(2), TypeId(btf.type_count() / 2), TypeId(btf.type_count() - 1)];
        for id in ids {
            for (kind, access) in [
                (CoreReloKind::TYPE_EXISTS, "0"),
                (CoreReloKind(9), "0"),
                (CoreReloKind(12), "0"),
                (CoreReloKind::FIELD_BYTE_OFFSET, "0:0"),
                (CoreReloKind::FIELD_EXISTS, "0:0:0"),
            ] {
                let _ = r.resolve(id, access, kind);
            }
            let mut marks = Marks::new(btf.type_count());
            for kind in [CoreReloKind::TYPE_EXISTS, CoreReloKind(12), CoreReloKind::FIELD_BYTE_OFFSET] {
                let _ = marks.record(&btf, kind, id, &[0]);
            }
            let _ = marks.build(&btf, Endian::Little);
        }
        eprintln!("{name}: {:?}", t0.elapsed());
    }
}

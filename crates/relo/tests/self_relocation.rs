//! Relocating an object against its own BTF: every relocation that resolves
//! keeps the compiler's value (new == orig), for every kind; relocations
//! that libbpf validates are counted separately.

mod common;

use bpfkit_relo::{Targets, relocate};

#[test]
fn own_btf_gives_orig_values() {
    let mut validated = 0;
    let mut total = 0;
    let mut unresolved = Vec::new();
    for path in common::objects() {
        let data = std::fs::read(&path).unwrap();
        let obj = bpfkit_obj::Object::parse(&data).unwrap();
        let own = obj.btf().unwrap();
        let targets = Targets::new(own);
        let rel = relocate(&obj, &targets).unwrap();
        for r in &rel.records {
            match &r.resolution {
                Ok(res) => {
                    total += 1;
                    let v = &res.value;
                    assert!(!v.poison, "{}: {} poisoned against its own BTF", path.display(), r.relo);
                    assert_eq!(v.new_val, v.orig_val, "{}: {} {} '{}'", path.display(), r.relo, r.kind, r.access);
                    validated += usize::from(v.validate);
                }
                // Local flavors of one type are each other's candidates in
                // the object's own BTF; where they disagree, libbpf fails too.
                Err(e) => unresolved.push(format!("{}: {e}", path.display())),
            }
        }
        // Where libbpf validates the compiler's value, the patched
        // instruction equals the original (bitfield values are not
        // validated: the compiler may pick another load size than libbpf).
        for p in &rel.programs {
            for a in &p.applied {
                let validated = rel.records[a.record].resolution.as_ref().is_ok_and(|r| r.value.validate);
                if a.result.is_ok() && validated {
                    assert_eq!(
                        p.insns[a.insn_idx],
                        a.before,
                        "{}: {} changed",
                        path.display(),
                        rel.records[a.record].relo
                    );
                }
            }
        }
    }
    assert!(total > 300 && validated > 200, "{total} resolved, {validated} validated");
    for u in &unresolved {
        assert!(u.contains("ambiguity"), "unexpected failure: {u}");
    }
    eprintln!("{total} relocations keep their value ({validated} validated); {} ambiguous", unresolved.len());
}

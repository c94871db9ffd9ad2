//! 100k target types sharing one essential name (crafted BTF): every one is
//! a candidate and is checked, as libbpf checks them, but no candidate costs
//! more than a bounded amount of work, so the search stays linear — even
//! when each candidate's field type is a 100k-long typedef chain (one walk
//! per candidate made it quadratic: 147 s in release before).

use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, Endian, IntEncoding, TypeId};
use bpfkit_relo::{ErrorKind, Resolver, Targets};

const N: u32 = 100_000;

/// How the 100k candidates differ.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// 100k identical `struct task_struct`.
    Same,
    /// `task_struct___0` .. `task_struct___99999`, `__state` at bit 0 or 32.
    Flavors,
    /// 100k `struct task_struct` whose `__state` is a 100k-deep typedef
    /// chain down to `unsigned int` (one chain, shared).
    Deep,
}

/// Target BTF and the id of its first candidate.
fn target(shape: Shape) -> (Vec<u8>, TypeId) {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let mut state = b.add_int("unsigned int", 4, IntEncoding(0), 32);
    if shape == Shape::Deep {
        for k in 0..N {
            state = b.add_typedef(&format!("d{k}"), state);
        }
    }
    let first = b.next_id();
    for k in 0..N {
        let name = if shape == Shape::Flavors { format!("task_struct___{k}") } else { "task_struct".into() };
        let off = if shape == Shape::Flavors { 32 * (k % 2) } else { 0 };
        b.add_struct(&name, 16, &[MemberSpec::new("__state", state, off), MemberSpec::new("pid", int, 64)]);
    }
    (b.encode(Endian::Little), first)
}

/// Local BTF: `struct task_struct { unsigned int __state; int pid; }` (id 3).
fn local() -> Vec<u8> {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let uint = b.add_int("unsigned int", 4, IntEncoding(0), 32);
    b.add_struct("task_struct", 8, &[MemberSpec::new("__state", uint, 0), MemberSpec::new("pid", int, 32)]);
    b.encode(Endian::Little)
}

#[test]
fn hundred_thousand_candidates_stay_linear() {
    let local_data = local();
    let lb = Btf::parse(&local_data).unwrap();
    let root = TypeId(3);
    for shape in [Shape::Same, Shape::Flavors, Shape::Deep] {
        let (data, first) = target(shape);
        let tb = Btf::parse(&data).unwrap();
        let targets = Targets::new(&tb);
        let mut r = Resolver::new(&lb, &targets, Endian::Little);
        let t0 = std::time::Instant::now();
        // `pid`: at byte 8 in every candidate, all match and agree.
        let pid = r.resolve(root, "0:1", CoreReloKind::FIELD_BYTE_OFFSET).unwrap();
        assert_eq!(pid.found.len(), N as usize);
        assert_eq!(pid.tried.len(), N as usize);
        assert!(pid.tried.iter().all(|t| t.outcome.is_match()));
        assert_eq!(pid.target.as_ref().map(|(c, _)| c.id), Some(first));
        assert_eq!((pid.value.orig_val, pid.value.new_val, pid.value.poison), (4, 8, false));
        // `__state`: from the cache (all 100k kept).
        let state = r.resolve(root, "0:0", CoreReloKind::FIELD_BYTE_OFFSET);
        match shape {
            Shape::Flavors => {
                // libbpf's "field offset ambiguity": ___1 puts it at bit 32.
                let e = state.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::Ambiguous);
                assert!(e.to_string().contains("puts it at bit 32 but candidate"), "{e}");
            }
            Shape::Same | Shape::Deep => {
                let s = state.unwrap();
                assert!(s.found.is_empty(), "the cached list is used");
                assert_eq!((s.cand_count, s.tried.len()), (N as usize, N as usize));
                assert!(s.tried.iter().all(|t| t.outcome.is_match()));
                assert_eq!((s.value.new_val, s.value.poison), (0, false));
                // Type-based: every candidate has its own id, so the
                // target id is ambiguous (libbpf: "relocation decision ambiguity").
                let e = r.resolve(root, "0", CoreReloKind::TYPE_ID_TARGET).unwrap_err();
                assert_eq!(e.kind(), ErrorKind::Ambiguous);
            }
        }
        let took = t0.elapsed();
        eprintln!("{}: {took:?}", ["same", "flavors", "deep"][shape as usize]);
    }
}

//! Resolver tests on BTF built in the test (BtfBuilder) and on the testdata
//! kernels with their module BTFs: module candidates, big-endian bitfield
//! shifts, enum values, ambiguity, patching, malformed access strings and
//! records, depth limits.

mod common;

use bpfkit_btf::ext::CoreReloKind as K;
use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, Endian, IntEncoding, TypeId};
use bpfkit_insn::{Opcode, RawInsn};
use bpfkit_relo::{ErrorKind, POISON_IMM, Patched, ReloValue, Resolver, Targets, patch_insn};

fn built(f: impl FnOnce(&mut BtfBuilder)) -> Vec<u8> {
    let mut b = BtfBuilder::new();
    f(&mut b);
    b.encode(Endian::Little)
}

fn resolve(
    local: &Btf<'_>,
    target: &Btf<'_>,
    root: u32,
    access: &str,
    kind: K,
    order: Endian,
) -> bpfkit_relo::Result<ReloValue> {
    let t = Targets::new(target);
    Resolver::new(local, &t, order).resolve(TypeId(root), access, kind).map(|r| r.value)
}

#[test]
fn bitfield_shifts_both_byte_orders() {
    // struct s { u32 a:3; u32 b:5; u64 c:40 @ bit 24; u64 d:40 @ bit 40 };
    let bytes = built(|b| {
        let u32_ = b.add_int("unsigned int", 4, IntEncoding::NONE, 32);
        let u64_ = b.add_int("unsigned long long", 8, IntEncoding::NONE, 64);
        b.add_struct(
            "s",
            16,
            &[
                MemberSpec::bitfield("a", u32_, 0, 3),
                MemberSpec::bitfield("b", u32_, 3, 5),
                MemberSpec::bitfield("c", u64_, 24, 40),
                MemberSpec::bitfield("d", u64_, 40, 40),
            ],
        );
    });
    let btf = Btf::parse(&bytes).unwrap();
    let v = |acc: &str, kind: K, o: Endian| resolve(&btf, &btf, 3, acc, kind, o).unwrap().new_val;
    // Little-endian: 64 - (bit_off + bit_sz - byte_off * 8).
    assert_eq!(v("0:0", K::FIELD_LSHIFT_U64, Endian::Little), 61);
    assert_eq!(v("0:1", K::FIELD_LSHIFT_U64, Endian::Little), 56);
    // Big-endian: (8 - byte_sz) * 8 + (bit_off - byte_off * 8).
    assert_eq!(v("0:0", K::FIELD_LSHIFT_U64, Endian::Big), 32);
    assert_eq!(v("0:1", K::FIELD_LSHIFT_U64, Endian::Big), 35);
    for o in [Endian::Little, Endian::Big] {
        assert_eq!(v("0:0", K::FIELD_BYTE_SIZE, o), 4);
        assert_eq!(v("0:0", K::FIELD_RSHIFT_U64, o), 61);
        // c: 40 bits at bit 24 of an 8-byte base: one 8-byte load at 0.
        assert_eq!(v("0:2", K::FIELD_BYTE_OFFSET, o), 0);
        assert_eq!(v("0:2", K::FIELD_BYTE_SIZE, o), 8);
        assert_eq!(v("0:2", K::FIELD_RSHIFT_U64, o), 24);
        assert_eq!(v("0:1", K::FIELD_SIGNED, o), 0);
    }
    assert_eq!(v("0:2", K::FIELD_LSHIFT_U64, Endian::Little), 0);
    assert_eq!(v("0:2", K::FIELD_LSHIFT_U64, Endian::Big), 24);
    // d: bits 40..80 can't be read with one 64-bit load.
    let e = resolve(&btf, &btf, 3, "0:3", K::FIELD_BYTE_OFFSET, Endian::Little).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Value);
    assert!(e.message().contains("'d'") && e.message().contains("64-bit load"), "{e}");
}

#[test]
fn enum_values_sign_extension_and_enum64() {
    let bytes = built(|b| {
        b.add_enum("e", 4, false, &[("E_MAX", 0xffff_ffff), ("E_ONE", 1)]);
        b.add_enum64("w", 8, false, &[("W_HIGH", 0x1_0000_0000), ("W_MAX", u64::MAX)]);
        b.add_enum("e___flavor", 4, true, &[("E_ONE___x", -5)]);
    });
    let btf = Btf::parse(&bytes).unwrap();
    let v = |root: u32, acc: &str, kind: K| resolve(&btf, &btf, root, acc, kind, Endian::Little);
    // libbpf widens 32-bit enumerator values as s32, whatever the signedness.
    assert_eq!(v(1, "0", K::ENUMVAL_VALUE).unwrap().new_val, u64::MAX);
    assert_eq!(v(2, "0", K::ENUMVAL_VALUE).unwrap().new_val, 0x1_0000_0000);
    assert_eq!(v(2, "1", K::ENUMVAL_VALUE).unwrap().new_val, u64::MAX);
    // Enumerator flavors: E_ONE___x matches E_ONE of the first candidate
    // (enum e, id 1) — candidates e and e___flavor both have it, with
    // different values: a decision ambiguity.
    let e = v(3, "0", K::ENUMVAL_VALUE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Ambiguous);
    assert!(e.message().contains("relocation decision ambiguity") && e.message().contains("enum e::E_ONE"), "{e}");
    assert_eq!(e.libbpf_log(), Some("relocation decision ambiguity: success 18446744073709551611 != success 1"));
    // Out-of-range enumerator index.
    let e = v(1, "7", K::ENUMVAL_EXISTS).unwrap_err();
    assert!(e.message().contains("enumerator index 7 out of range"), "{e}");
}

#[test]
fn module_candidates_only_when_vmlinux_has_none() {
    let vm_bytes = common::btf_file(&common::root().join("testdata/btf/vmlinux-6.1-cloud-amd64.btf.gz"));
    let tun_bytes = common::btf_file(&common::root().join("testdata/btf/tun-6.1-cloud-amd64.btf.gz"));
    let nf_bytes = common::btf_file(&common::root().join("testdata/btf/nf_conntrack-6.1-cloud-amd64.btf.gz"));
    let vm = Btf::parse(&vm_bytes).unwrap();
    let tun = Btf::parse_split(&tun_bytes, &vm).unwrap();
    let nf = Btf::parse_split(&nf_bytes, &vm).unwrap();
    let obj_bytes = std::fs::read(common::core_dir().join("kernel.clang22.bpfel.o")).unwrap();
    let obj = bpfkit_obj::Object::parse(&obj_bytes).unwrap();
    let mut targets = Targets::new(&vm);
    targets.add_module("nf_conntrack", &nf).add_module("tun", &tun);
    let rel = bpfkit_relo::relocate(&obj, &targets).unwrap();
    let entries = bpfkit_relo::report::entries(&obj, &targets, &rel);
    // tun_struct exists only in the tun module.
    let e = entries.iter().find(|e| e.local_spec == "struct tun_struct.numqueues").unwrap();
    assert_eq!(e.target_btf.as_deref(), Some("tun"));
    let tid = TypeId(e.target_type_id.unwrap());
    assert!(tid.0 >= vm.type_count(), "module type ids continue after vmlinux's");
    let t = tun.get(tid).unwrap();
    let m = t.members().find(|m| tun.str(m.name_off).unwrap() == "numqueues").unwrap();
    assert_eq!(e.new, Some(u64::from(m.bit_offset / 8)));
    assert!(!e.poisoned());
    // type id in the module, for bpf_core_type_id_kernel on a module type.
    // nf_conn is in vmlinux: modules are not searched.
    let e = entries.iter().find(|e| e.local_spec == "struct nf_conn.mark").unwrap();
    assert_eq!(e.target_btf.as_deref(), Some("vmlinux"));
    // Without the module, tun_struct is missing: poisoned, with a reason.
    let rel = bpfkit_relo::relocate(&obj, &Targets::new(&vm)).unwrap();
    let entries = bpfkit_relo::report::entries(&obj, &Targets::new(&vm), &rel);
    let e = entries.iter().find(|e| e.local_spec == "struct tun_struct.numqueues").unwrap();
    assert!(e.poisoned());
    assert!(e.reason.as_deref().unwrap().contains("no target type named 'tun_struct'"));
    // The existence check of tun->flags gives 0, not poison.
    let e = entries.iter().find(|e| e.local_spec == "struct tun_struct.flags").unwrap();
    assert_eq!((e.new, e.poisoned()), (Some(0), false));
}

#[test]
fn patching_rules() {
    let ldimm = |imm: i32| {
        vec![
            RawInsn { code: Opcode::LD_IMM64, dst: 1, src: 0, off: 0, imm },
            RawInsn { code: Opcode(0), dst: 0, src: 0, off: 0, imm: 0 },
        ]
    };
    let res = |orig: u64, new: u64| ReloValue { orig_val: orig, new_val: new, validate: true, ..ReloValue::default() };
    // ld_imm64: both halves.
    let mut i = ldimm(5);
    assert!(matches!(patch_insn(&mut i, 0, &res(5, 0x1_0000_0002)).unwrap(), Patched::Value { .. }));
    assert_eq!((i[0].imm, i[1].imm), (2, 1));
    // Validation: the compiler's value must be the local value.
    let mut i = ldimm(6);
    let e = patch_insn(&mut i, 0, &res(5, 7)).unwrap_err();
    assert!(e.message().contains("unexpected insn #0 (LDIMM64) value: got 6, exp 5 -> 7"), "{e}");
    // Poison: both slots of ld_imm64 become call 0xbad2310.
    let mut i = ldimm(5);
    let p = ReloValue { poison: true, ..res(5, 0) };
    assert_eq!(patch_insn(&mut i, 0, &p).unwrap(), Patched::Poisoned { memsz: false });
    for s in &i {
        assert_eq!((s.code, s.imm), (Opcode::CALL, POISON_IMM));
    }
    // LDX: offset and size; the new offset must fit in s16.
    let ldx = |off: i16| vec![RawInsn { code: Opcode(0x61), dst: 1, src: 2, off, imm: 0 }];
    let mut i = ldx(8);
    let v = ReloValue { orig_sz: 4, new_sz: 8, ..res(8, 16) };
    assert_eq!(
        patch_insn(&mut i, 0, &v).unwrap(),
        Patched::Value { field: bpfkit_relo::PatchedField::MemOff, old: 8, new: 16, mem_size: Some((4, 8)) }
    );
    assert_eq!((i[0].code, i[0].off), (Opcode(0x79), 16));
    let mut i = ldx(8);
    assert!(patch_insn(&mut i, 0, &res(8, 40000)).unwrap_err().message().contains("value too big: 40000"));
    // A size change that isn't safe poisons the load.
    let mut i = ldx(8);
    let v = ReloValue { orig_sz: 4, new_sz: 8, fail_memsz_adjust: true, ..res(8, 16) };
    assert_eq!(patch_insn(&mut i, 0, &v).unwrap(), Patched::Poisoned { memsz: true });
    // ALU with a register operand, or a jump, can't be relocated.
    let mut i = vec![RawInsn { code: Opcode(0x0f), dst: 1, src: 2, off: 0, imm: 0 }];
    assert!(patch_insn(&mut i, 0, &res(0, 1)).is_err());
    let mut i = vec![RawInsn { code: Opcode(0x05), dst: 0, src: 0, off: 1, imm: 0 }];
    assert!(patch_insn(&mut i, 0, &res(0, 1)).unwrap_err().message().contains("unrecognized insn #0"));
    // Out of range instruction index.
    assert!(patch_insn(&mut [], 3, &res(0, 1)).is_err());
}

#[test]
fn access_strings() {
    use bpfkit_relo::parse_access;
    assert_eq!(parse_access("0:1:0:5").unwrap(), vec![0, 1, 0, 5]);
    // libbpf's sscanf loop also accepts these.
    assert_eq!(parse_access("0:").unwrap(), vec![0]);
    assert_eq!(parse_access("1 2").unwrap(), vec![1, 2]);
    assert_eq!(parse_access("+3").unwrap(), vec![3]);
    for (bad, says) in [
        ("", "empty"),
        (":0", "starts with ':'"),
        ("0::1", "expected a number at byte 2"),
        ("0:-1", "negative index -1 at position 1"),
        ("0:x", "expected a number"),
        ("0:99999999999", "is too large"),
    ] {
        let e = parse_access(bad).unwrap_err();
        assert_eq!(e.kind, bpfkit_obj::core_spec::SpecErrorKind::AccessString);
        assert!(e.message.contains(says), "{bad}: {e}");
    }
    let long = vec!["0"; 65].join(":");
    assert!(parse_access(&long).unwrap_err().message.contains("more than 64"));
    assert_eq!(parse_access(&vec!["0"; 64].join(":")).unwrap().len(), 64);
}

#[test]
fn spec_errors_name_the_bad_index() {
    let bytes = built(|b| {
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let arr = b.add_array(int, int, 3);
        b.add_struct("s", 16, &[MemberSpec::new("x", int, 0), MemberSpec::new("a", arr, 32)]);
    });
    let btf = Btf::parse(&bytes).unwrap();
    let e = |acc: &str, kind: K| resolve(&btf, &btf, 3, acc, kind, Endian::Little).unwrap_err();
    let m = e("0:5", K::FIELD_BYTE_OFFSET);
    assert_eq!(m.kind(), ErrorKind::Spec);
    assert!(m.message().contains("member index 5 (position 1) out of range, struct s has 2 members"), "{m}");
    assert!(
        e("0:1:3", K::FIELD_BYTE_OFFSET)
            .message()
            .contains("array index 3 (position 2) out of range, array has 3 elements")
    );
    assert!(e("0:0:1", K::FIELD_BYTE_OFFSET).message().contains("steps into [1] of kind int"));
    assert!(e("1", K::TYPE_SIZE).message().contains("needs access string \"0\""));
    assert!(e("0", K::ENUMVAL_VALUE).message().contains("not an enum"));
    assert_eq!(e("0", K(99)).kind(), ErrorKind::Unsupported);
    // lshift on an array element is not applicable.
    assert_eq!(e("0:1:2", K::FIELD_LSHIFT_U64).kind(), ErrorKind::Unsupported);
    // A relocation on a type that doesn't exist.
    assert!(
        resolve(&btf, &btf, 99, "0", K::TYPE_EXISTS, Endian::Little)
            .unwrap_err()
            .message()
            .contains("[99] does not exist")
    );
}

#[test]
fn depth_limits_end_in_errors() {
    // Target: 70 nested anonymous structs around the field: the target
    // access would be deeper than 64.
    let local_bytes = built(|b| {
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        b.add_struct("deep", 4, &[MemberSpec::new("f", int, 0)]);
    });
    let target_bytes = built(|b| {
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let mut inner = b.add_struct("", 4, &[MemberSpec::new("f", int, 0)]);
        for _ in 0..70 {
            inner = b.add_struct("", 4, &[MemberSpec::new("", inner, 0)]);
        }
        b.add_struct("deep", 4, &[MemberSpec::new("", inner, 0)]);
    });
    let local = Btf::parse(&local_bytes).unwrap();
    let target = Btf::parse(&target_bytes).unwrap();
    let e = resolve(&local, &target, 2, "0:0", K::FIELD_BYTE_OFFSET, Endian::Little).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Match);
    assert!(e.message().contains("deeper than 64"), "{e}");
    // A self-containing anonymous struct (malformed): an error, not a hang.
    let cyc = built(|b| {
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        // [2] = anonymous struct containing itself (id 2) and [3] named "deep".
        b.add_struct("", 4, &[MemberSpec::new("", TypeId(2), 0)]);
        let _ = int;
        b.add_struct("deep", 4, &[MemberSpec::new("", TypeId(2), 0)]);
    });
    let cyc = Btf::parse(&cyc).unwrap();
    assert!(resolve(&local, &cyc, 2, "0:0", K::FIELD_BYTE_OFFSET, Endian::Little).is_err());
    // type_matches through a long typedef chain ends with an error.
    let chain = built(|b| {
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let mut t = b.add_ptr(int);
        for _ in 0..40 {
            t = b.add_ptr(t);
        }
        b.add_typedef("deep", t);
    });
    let chain = Btf::parse(&chain).unwrap();
    let r = resolve(&chain, &chain, chain.type_count() - 1, "0", K::TYPE_MATCHES, Endian::Little);
    assert!(r.unwrap_err().message().contains("too deep"));
}

#[test]
fn malformed_access_strings_in_objects() {
    // Rewrite one access string of a fixture in place (same length) and
    // relocate: that record fails with a message naming it; the others resolve.
    let path = common::core_dir().join("fields.clang22.bpfel.o");
    let orig = std::fs::read(&path).unwrap();
    for (from, to, says) in [
        (
            &b"\x000:5:2\x00"[..],
            &b"\x000:99\x00\x00"[..],
            "member index 99 (position 1) out of range, struct outer has 12 members",
        ),
        (&b"\x000:5:2\x00"[..], &b"\x000:x:2\x00"[..], "expected a number at byte 2"),
        (&b"\x000:5:2\x00"[..], &b"\x000:5:9\x00"[..], "array index 9 (position 2) out of range"),
    ] {
        let at = orig.windows(from.len()).position(|w| w == from).expect("access string in fixture");
        let mut data = orig.clone();
        data[at..at + to.len()].copy_from_slice(to);
        let obj = bpfkit_obj::Object::parse(&data).unwrap();
        let own = obj.btf().unwrap();
        let rel = bpfkit_relo::relocate(&obj, &Targets::new(own)).unwrap();
        let bad: Vec<_> = rel.records.iter().filter(|r| r.resolution.is_err()).collect();
        assert_eq!(bad.len(), 1, "{}", String::from_utf8_lossy(to));
        let e = bad[0].resolution.as_ref().unwrap_err();
        assert!(e.message().contains(says), "{e}");
        assert!(e.to_string().starts_with("sec 'raw_tp/fields' relo #"), "{e}");
        // The failed relocation is reported as failed in every program.
        let entries = bpfkit_relo::report::entries(&obj, &Targets::new(own), &rel);
        assert!(entries.iter().any(|e| e.status == bpfkit_relo::report::Status::Failed
            && e.reason.as_deref().is_some_and(|r| r.contains(says))));
    }
}

#[test]
fn error_is_one_word() {
    assert_eq!(std::mem::size_of::<bpfkit_relo::Error>(), std::mem::size_of::<usize>());
}

//! Unit and property tests of the instruction model, printer and assembler.

use crate::arbitrary::arbitrary_insn;
use crate::*;
use proptest::prelude::*;

fn insn_strategy() -> impl Strategy<Value = Insn> {
    any::<[u64; 8]>().prop_map(|words| {
        let mut it = words.into_iter().cycle();
        arbitrary_insn(&mut || it.next().unwrap_or(0))
    })
}

fn text(insn: &Insn, cfg: DisplayConfig) -> String {
    let mut s = String::new();
    write_insn(&mut s, insn, &cfg).unwrap();
    s
}

/// The encodings whose LLVM text drops information (see `display`).
fn llvm_text_is_lossy(insn: &Insn) -> bool {
    match *insn {
        Insn::CallLocal { .. } | Insn::CallKfunc { .. } => true,
        Insn::LdImm64 { src, next_imm, .. } => src != PseudoSrc::IMM && next_imm != 0,
        Insn::LdInd { imm, .. } => imm != 0,
        _ => false,
    }
}

proptest! {
    #![proptest_config(bpfkit_testkit::proptest_config(4096, "proptest-regressions/tests.txt"))]

    #[test]
    fn encode_decode_round_trips(insn in insn_strategy()) {
        prop_assert!(insn.is_valid());
        for endian in [Endian::Little, Endian::Big] {
            let mut bytes = Vec::new();
            insn.encode_into(endian, &mut bytes);
            prop_assert_eq!(bytes.len(), insn.byte_len());
            let back = decode_all(&bytes, endian).unwrap();
            prop_assert_eq!(back, vec![insn]);
        }
    }

    #[test]
    fn lossless_text_assembles_back(insn in insn_strategy()) {
        let t = text(&insn, DisplayConfig::LOSSLESS);
        let back = assemble_insn(&t);
        prop_assert_eq!(back, Ok(insn), "text {:?}", t);
    }

    #[test]
    fn llvm_text_assembles_back_unless_lossy(insn in insn_strategy()) {
        let t = text(&insn, DisplayConfig::LLVM);
        let back = assemble_insn(&t).unwrap();
        if llvm_text_is_lossy(&insn) {
            // The same text, re-printed, is stable.
            prop_assert_eq!(text(&back, DisplayConfig::LLVM), t);
        } else {
            prop_assert_eq!(back, insn, "text {:?}", t);
        }
    }

    #[test]
    fn arbitrary_bytes_reencode_identically(
        bytes in proptest::collection::vec(any::<u8>(), 0..256),
        big in any::<bool>(),
    ) {
        let endian = if big { Endian::Big } else { Endian::Little };
        let mut out = Vec::new();
        let mut errors = 0;
        for item in decode(&bytes, endian) {
            match item {
                Ok((off, insn)) => {
                    prop_assert_eq!(off, out.len());
                    let _ = text(&insn, DisplayConfig::LOSSLESS);
                    insn.encode_into(endian, &mut out);
                }
                Err(Error::Truncated { offset, len, .. }) => {
                    errors += 1;
                    prop_assert_eq!(offset, out.len() as u64);
                    prop_assert_eq!(usize::from(len), bytes.len() - out.len());
                    prop_assert!(len < 8);
                }
                Err(e) => prop_assert!(false, "unexpected {e}"),
            }
        }
        prop_assert_eq!(errors, usize::from(bytes.len() % 8 != 0));
        prop_assert_eq!(&out[..], &bytes[..bytes.len() / 8 * 8]);
    }

    #[test]
    fn raw_slot_round_trips(b in any::<[u8; 8]>(), big in any::<bool>()) {
        let endian = if big { Endian::Big } else { Endian::Little };
        prop_assert_eq!(RawInsn::from_bytes(b, endian).to_bytes(endian), b);
    }

    #[test]
    fn assembler_never_panics(s in "[ -~\t\n]{0,80}") {
        let _ = assemble(&s);
    }
}

#[test]
fn issue_examples_print_like_llvm() {
    let cases: [(&str, [u8; 8]); 6] = [
        ("r1 = *(u64 *)(r10 - 0x10)", [0x79, 0xa1, 0xf0, 0xff, 0, 0, 0, 0]),
        ("if r0 == 0x0 goto +0x15", [0x15, 0x00, 0x15, 0, 0, 0, 0, 0]),
        ("call 0x23", [0x85, 0, 0, 0, 0x23, 0, 0, 0]),
        ("lock *(u64 *)(r1 + 0x0) += r2", [0xdb, 0x21, 0, 0, 0, 0, 0, 0]),
        ("w1 = w2", [0xbc, 0x21, 0, 0, 0, 0, 0, 0]),
        ("exit", [0x95, 0, 0, 0, 0, 0, 0, 0]),
    ];
    for (want, bytes) in cases {
        let insn = decode_all(&bytes, Endian::Little).unwrap()[0];
        assert_eq!(insn.to_string(), want);
        assert_eq!(assemble_insn(want).unwrap(), insn);
    }
    let ld = [0x18, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let insn = decode_all(&ld, Endian::Little).unwrap();
    assert_eq!(insn.len(), 1);
    assert_eq!(insn[0].to_string(), "r1 = 0x0 ll");
}

#[test]
fn big_endian_swaps_register_nibbles() {
    let insn = Insn::Alu { width: Width::W64, op: AluOp::ADD, signed: false, dst: Reg::R1, src: Operand::Reg(Reg::R2) };
    let mut le = Vec::new();
    let mut be = Vec::new();
    insn.encode_into(Endian::Little, &mut le);
    insn.encode_into(Endian::Big, &mut be);
    assert_eq!(le, [0x0f, 0x21, 0, 0, 0, 0, 0, 0]);
    assert_eq!(be, [0x0f, 0x12, 0, 0, 0, 0, 0, 0]);
    let st = Insn::Store { size: Size::W, dst: Reg::R1, off: -2, src: Operand::Imm(0x01020304) };
    let mut be = Vec::new();
    st.encode_into(Endian::Big, &mut be);
    assert_eq!(be, [0x62, 0x10, 0xff, 0xfe, 1, 2, 3, 4]);
}

#[test]
fn non_canonical_encodings_are_unknown_and_keep_their_bytes() {
    let cases: [[u8; 8]; 8] = [
        [0x07, 0x21, 0, 0, 5, 0, 0, 0],    // ALU K with a source register
        [0x0f, 0x21, 0, 0, 5, 0, 0, 0],    // ALU X with an immediate
        [0x07, 0x0b, 0, 0, 5, 0, 0, 0],    // r11
        [0x95, 0x01, 0, 0, 0, 0, 0, 0],    // exit with a register
        [0xd4, 0x01, 0, 0, 8, 0, 0, 0],    // le8
        [0xc3, 0x21, 0, 0, 0xe0, 0, 0, 0], // atomic op without fetch bit
        [0x99, 0x21, 0, 0, 0, 0, 0, 0],    // sign-extending 8-byte load
        [0x85, 0x30, 0, 0, 1, 0, 0, 0],    // call with src 3
    ];
    for b in cases {
        let v = decode_all(&b, Endian::Little).unwrap();
        assert!(matches!(v[..], [Insn::Unknown(_)]), "{b:x?} -> {v:?}");
        assert_eq!(encode_all(&v, Endian::Little), b);
        assert_eq!(v[0].to_string(), "<unknown>");
    }
    // ld_imm64 with a bad or missing second slot: first slot unknown, the
    // second decoded on its own.
    let bad = [0x18, 1, 0, 0, 1, 0, 0, 0, 0x07, 1, 0, 0, 5, 0, 0, 0];
    let v = decode_all(&bad, Endian::Little).unwrap();
    assert_eq!(v.len(), 2);
    assert!(matches!(v[0], Insn::Unknown(_)));
    assert_eq!(v[1].to_string(), "r1 += 0x5");
    assert_eq!(encode_all(&v, Endian::Little), bad);
    let short = [0x18, 1, 0, 0, 1, 0, 0, 0];
    let v = decode_all(&short, Endian::Little).unwrap();
    assert!(matches!(v[..], [Insn::Unknown(_)]));
    assert_eq!(decode_all(&[0x95, 0, 0], Endian::Little), Err(Error::Truncated { offset: 0, needed: 8, len: 3 }));
}

#[test]
fn relocation_helpers() {
    let mut ld = Insn::Load { size: Size::W, sign_extend: false, dst: Reg::R1, src: Reg::R2, off: 8 };
    assert_eq!(ld.mem_size(), Some(Size::W));
    assert_eq!(ld.off(), Some(8));
    ld.set_off(16).unwrap();
    ld.set_mem_size(Size::DW).unwrap();
    assert_eq!(ld.to_string(), "r1 = *(u64 *)(r2 + 0x10)");
    assert!(ld.set_imm(1).is_err());
    assert_eq!(ld.reloc_field(), None);

    let mut sx = Insn::Load { size: Size::H, sign_extend: true, dst: Reg::R1, src: Reg::R2, off: 0 };
    assert!(sx.set_mem_size(Size::DW).is_err());
    sx.set_mem_size(Size::B).unwrap();
    assert_eq!(sx.mem_size(), Some(Size::B));

    let mut lim = Insn::LdImm64 { dst: Reg::R1, src: PseudoSrc::IMM, imm: 0, next_imm: 0 };
    assert_eq!(lim.reloc_field(), Some(Field::Imm64));
    assert_eq!(Field::Imm64.byte_ranges(), &[(4, 4), (12, 4)]);
    lim.set_imm64(-2).unwrap();
    assert_eq!(lim.imm64(), Some(-2));
    assert_eq!(lim.to_string(), "r1 = -0x2 ll");
    lim.set_imm(-1).unwrap();
    assert_eq!(lim.imm64(), Some(-1));
    lim.set_imm(7).unwrap();
    assert_eq!(lim.imm64(), Some(7));

    let call = Insn::CallLocal { imm: -5 };
    assert_eq!(call.branch_target(10), Some(6));
    assert_eq!(call.reloc_field(), Some(Field::Imm));
    let j = Insn::Jmp { width: Width::W32, op: JmpOp::JSLT, dst: Reg::R3, src: Operand::Imm(-7), off: 3 };
    assert_eq!(j.branch_target(0), Some(4));
    assert_eq!(j.reloc_field(), Some(Field::Off));
    assert!(j.falls_through());
    assert!(!Insn::Gotol { imm: 1 }.falls_through());
    assert_eq!(Insn::Gotol { imm: 100_000 }.branch_target(1), Some(100_002));
    assert_eq!(Insn::Exit.branch_offset(), None);
    let mut st = Insn::Store { size: Size::B, dst: Reg::R10, off: -8, src: Operand::Imm(1) };
    st.set_imm(300).unwrap();
    assert_eq!(st.imm(), Some(300));
    assert!(Insn::Exit.set_off(1).is_err());
    let mut at = Insn::Atomic { size: Size::DW, op: AtomicOp::XCHG, dst: Reg::R1, src: Reg::R2, off: 0 };
    assert!(at.set_mem_size(Size::B).is_err());
    at.set_mem_size(Size::W).unwrap();
    assert_eq!(at.to_string(), "w2 = xchg32_32(r1 + 0x0, w2)");
}

#[test]
fn assembler_labels_and_errors() {
    let src = "\
start:
    r0 = 0x0 ; comment
loop:   r0 += 0x1
    if r0 < 0xa goto loop <loop>
    r1 = 0x1122334455667788 ll
    if w0 == w1 goto done
    call sub
    gotol start
    may_goto done
done:
    exit
sub:
    exit
";
    let p = assemble(src).unwrap();
    assert_eq!(p.len(), 10);
    assert_eq!(p[2].branch_offset(), Some(-2));
    assert_eq!(p[3].imm64(), Some(0x1122334455667788));
    // `if w0 == w1 goto done` is at slot 5; done at slot 9.
    assert_eq!(p[4].branch_offset(), Some(3));
    assert_eq!(p[5], Insn::CallLocal { imm: 3 });
    assert_eq!(p[6], Insn::Gotol { imm: -8 });
    assert_eq!(p[7], Insn::MayGoto { off: 0 });

    let err = assemble("r0 = 1\n  r1 += w2\n").unwrap_err();
    match err {
        Error::Asm(a) => {
            assert_eq!(a.line, 2);
            assert!(a.offset >= 7, "{}", a.offset);
        }
        e => panic!("{e:?}"),
    }
    assert!(matches!(assemble("goto nowhere"), Err(Error::Asm(a)) if a.line == 1));
    assert!(assemble("a:\na:\nexit").is_err());
    assert!(assemble("r11 = 1").is_err());
    assert!(assemble("goto +0x8000").is_err());
    assert!(assemble("r1 = (s32)r2 junk").is_err());
    assert!(assemble("w1 = (s32)w2").is_err());
    assert!(assemble("r1 = *(u64 *)(r2 + 0x10000)").is_err());
    assert_eq!(assemble_insn("r1 = *(u32 *)(r2 + 4)").unwrap(), assemble_insn("w1 = *(u32 *)(r2 + 0x4)").unwrap());
    assert_eq!(assemble_insn("call pc-0x1").unwrap(), Insn::CallLocal { imm: -1 });
    assert_eq!(assemble_insn("call kfunc 0x10, 0x2").unwrap(), Insn::CallKfunc { btf_id: 16, module: 2 });
}

#[test]
fn opcode_newtypes_are_open() {
    assert_eq!(format!("{:?}", Class::ALU64), "Class::ALU64");
    assert_eq!(format!("{:?}", AluOp(0xe0)), "AluOp(0xe0)");
    assert_eq!(Opcode(0x61).class(), Class::LDX);
    assert_eq!(Opcode(0x61).size(), Size::W);
    assert_eq!(Opcode(0x61).mode(), Mode::MEM);
    assert_eq!(Size::from_bytes(2), Some(Size::H));
    assert_eq!(Size::DW.bytes(), 8);
    assert!(!Reg(11).is_valid());
}

#[test]
fn error_is_small() {
    assert!(std::mem::size_of::<Error>() <= 24, "{}", std::mem::size_of::<Error>());
}

//! Malformed objects give clear errors: truncated files, bad section
//! indexes, relocations outside their sections, lying `.BTF.ext`.

use bpfkit_obj::{ErrorKind, Object};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/obj").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const FILES: [&str; 2] = ["progs.clang22.bpfel.o", "globals.clang14.bpfeb.o"];

fn big(data: &[u8]) -> bool {
    data[5] == 2
}

fn put32(data: &mut [u8], at: usize, v: u32) {
    let b = if big(data) { v.to_be_bytes() } else { v.to_le_bytes() };
    data[at..at + 4].copy_from_slice(&b);
}

fn put64(data: &mut [u8], at: usize, v: u64) {
    let b = if big(data) { v.to_be_bytes() } else { v.to_le_bytes() };
    data[at..at + 8].copy_from_slice(&b);
}

fn get32(data: &[u8], at: usize) -> u32 {
    let b: [u8; 4] = data[at..at + 4].try_into().unwrap();
    if big(data) { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) }
}

fn err(data: &[u8]) -> bpfkit_obj::Error {
    Object::parse(data).expect_err("must be rejected")
}

#[test]
fn truncated() {
    for f in FILES {
        let data = fixture(f);
        let e = err(&data[..40]);
        assert!(matches!(e.kind(), ErrorKind::Elf(_)), "{f}: {e}");
        assert!(e.to_string().contains("truncated"), "{e}");
        // Cutting off the section headers (at the end of clang objects).
        let e = err(&data[..data.len() - 100]);
        assert!(matches!(e.kind(), ErrorKind::Elf(_)), "{f}: {e}");
        // Every cut is an error or a smaller valid object, never a panic.
        for len in (0..data.len()).step_by(97) {
            let _ = Object::parse(&data[..len]);
        }
    }
}

#[test]
fn not_bpf() {
    let mut data = fixture(FILES[0]);
    data[18] = 62; // EM_X86_64
    assert!(matches!(err(&data).kind(), ErrorKind::NotBpf(_)));
    let mut data = fixture(FILES[0]);
    data[16] = 2; // ET_EXEC
    assert!(matches!(err(&data).kind(), ErrorKind::NotBpf(_)));
    assert!(matches!(
        err(b"not an elf file at all, just text......................................").kind(),
        ErrorKind::Elf(_)
    ));
}

#[test]
fn bad_section_indexes() {
    for f in FILES {
        let data = fixture(f);
        let obj = Object::parse(&data).unwrap();
        let symtab = obj.section(obj.symtab_section()).unwrap();
        let nsec = obj.sections().len() as u16;
        // A symbol pointing at a section that does not exist.
        let sym = obj.programs()[0].symbol;
        let at = symtab.file_offset as usize + sym.index() * 24 + 6;
        let mut bad = data.clone();
        let v = if big(&bad) { (nsec + 3).to_be_bytes() } else { (nsec + 3).to_le_bytes() };
        bad[at..at + 2].copy_from_slice(&v);
        let e = err(&bad);
        assert!(
            matches!(e.kind(), ErrorKind::Symbol { index, what } if *index == sym.0 && what.contains("section index")),
            "{f}: {e}"
        );
        // A relocation section whose target section does not exist.
        let rel = obj.sections().iter().find(|s| s.sh_type == bpfkit_obj::elf::SHT_REL).unwrap();
        let shoff = u64::from_le_bytes(data[40..48].try_into().unwrap());
        let shoff = if big(&data) { u64::from_be_bytes(data[40..48].try_into().unwrap()) } else { shoff };
        let mut bad = data.clone();
        put32(&mut bad, shoff as usize + rel.index.index() * 64 + 44, 999); // sh_info
        let e = err(&bad);
        assert!(e.to_string().contains("#999"), "{f}: {e}");
        // A symbol table whose string table index is wrong.
        let mut bad = data.clone();
        put32(&mut bad, shoff as usize + symtab.index.index() * 64 + 40, 999); // sh_link
        assert!(Object::parse(&bad).is_err());
    }
}

#[test]
fn relocations_outside_their_sections() {
    for f in FILES {
        let data = fixture(f);
        let obj = Object::parse(&data).unwrap();
        let r = obj.code_relocations()[0];
        let rel = obj.section(r.rel_section).unwrap();
        let entry = rel.file_offset as usize + r.entry as usize * 16;
        let target = obj.section(r.section).unwrap();
        // r_offset past the end of the code section
        let mut bad = data.clone();
        put64(&mut bad, entry, target.size + 8);
        let e = err(&bad);
        assert!(matches!(e.kind(), ErrorKind::Reloc { what, .. } if what.contains("invalid offset")), "{f}: {e}");
        assert_eq!(e.offset(), Some(entry as u64), "{f}: the error points at the entry");
        // unaligned r_offset
        let mut bad = data.clone();
        put64(&mut bad, entry, r.offset + 3);
        assert!(matches!(err(&bad).kind(), ErrorKind::Reloc { .. }));
        // a symbol index past the symbol table
        let mut bad = data.clone();
        let info = (u64::from(u32::MAX - 1) << 32) | u64::from(r.kind.0);
        put64(&mut bad, entry + 8, info);
        let e = err(&bad);
        assert!(e.to_string().contains("does not exist"), "{f}: {e}");
        // a relocation on an instruction that is neither call nor ld_imm64
        let p = obj.program(r.program.unwrap()).unwrap();
        let plain = p
            .insns()
            .map(|x| x.unwrap())
            .find(|(_, i)| {
                i.slots() == 1
                    && !matches!(
                        i,
                        bpfkit_insn::Insn::CallLocal { .. }
                            | bpfkit_insn::Insn::CallHelper { .. }
                            | bpfkit_insn::Insn::CallKfunc { .. }
                    )
            })
            .unwrap();
        let mut bad = data.clone();
        put64(&mut bad, entry, p.offset + plain.0 as u64);
        let e = err(&bad);
        assert!(e.to_string().contains("not a call or ld_imm64"), "{f}: {e}");
    }
}

#[test]
fn lying_btf_ext() {
    for f in FILES {
        let data = fixture(f);
        let obj = Object::parse(&data).unwrap();
        let ext = obj.section_by_name(".BTF.ext").unwrap();
        let base = ext.file_offset as usize;
        let hdr_len = get32(&data, base + 4) as usize;
        let func_off = get32(&data, base + 8) as usize;
        // first func_info record: after the record size and the section header
        let rec = base + hdr_len + func_off + 4 + 8;
        let sec_name_at = base + hdr_len + func_off + 4;
        // insn_off far past its section
        let mut bad = data.clone();
        put32(&mut bad, rec, 0x10_0000);
        let e = err(&bad);
        assert!(matches!(e.kind(), ErrorKind::BtfExt(w) if w.contains("outside section")), "{f}: {e}");
        // unaligned insn_off
        let mut bad = data.clone();
        put32(&mut bad, rec, 4);
        assert!(matches!(err(&bad).kind(), ErrorKind::BtfExt(_)));
        // a type id that is not a FUNC
        let mut bad = data.clone();
        put32(&mut bad, rec + 4, 1);
        let e = err(&bad);
        assert!(e.to_string().contains("not a FUNC"), "{f}: {e}");
        // a section name that is not a code section (offset 0: the empty string)
        let mut bad = data.clone();
        put32(&mut bad, sec_name_at, 0);
        let e = err(&bad);
        assert!(e.to_string().contains("not a code section"), "{f}: {e}");
        // a record count running past the subsection
        let mut bad = data.clone();
        put32(&mut bad, sec_name_at + 4, 0x0fff_ffff);
        assert!(matches!(err(&bad).kind(), ErrorKind::BtfExtFormat(_)), "{f}");
    }
}

#[test]
fn lying_core_access_string() {
    let data = fixture("core.clang22.bpfel.o");
    let obj = Object::parse(&data).unwrap();
    let c = obj.core_relos().iter().find(|c| c.access == "0:7").expect("real_parent access");
    // The same record against a different root type fails to decode, with a reason.
    let mut wrong = *c;
    wrong.type_id = bpfkit_btf::TypeId(1);
    let e = obj.core_access(&wrong).expect_err("index 7 does not fit type [1]");
    assert!(matches!(e.kind(), ErrorKind::CoreAccess(_)), "{e}");
    let mut neg = *c;
    neg.access = "0:-1";
    assert!(obj.core_access(&neg).is_err());
    let mut empty = *c;
    empty.access = "";
    assert!(obj.core_access(&empty).is_err());
}

#[test]
fn no_symbol_table() {
    let data = fixture(FILES[0]);
    let obj = Object::parse(&data).unwrap();
    let symtab = obj.symtab_section();
    let shoff = u64::from_le_bytes(data[40..48].try_into().unwrap()) as usize;
    let mut bad = data.clone();
    put32(&mut bad, shoff + symtab.index() * 64 + 4, 1); // SHT_PROGBITS
    let e = err(&bad);
    assert!(matches!(e.kind(), ErrorKind::Missing(_)), "{e}");
    // No place in the file holds a missing table: no offset, none printed.
    assert_eq!(e.offset(), None);
    assert_eq!(e.to_string(), "missing symbol table (.symtab); is the object stripped?");
}

#[test]
fn errors_name_the_place_when_there_is_one() {
    let e = err(b"not an elf file at all");
    assert_eq!(
        (e.offset(), e.to_string().as_str()),
        (Some(0), "bad ELF: not an ELF file or header truncated (at byte 0x0)")
    );
    let mut data = fixture(FILES[0]);
    data[18] = 62; // EM_X86_64
    let e = err(&data);
    assert_eq!(e.offset(), Some(18));
    // A compressed code section is refused at its section header.
    let data = fixture(FILES[0]);
    let obj = Object::parse(&data).unwrap();
    let text = obj.sections().iter().find(|s| s.is_code()).unwrap();
    let mut bad = data.clone();
    let flags_at = text.header_offset as usize + 8;
    put64(&mut bad, flags_at, text.flags.0 | bpfkit_obj::elf::SHF_COMPRESSED.0);
    let e = err(&bad);
    assert!(matches!(e.kind(), ErrorKind::Section { what, .. } if what.contains("SHF_COMPRESSED")), "{e}");
    assert_eq!(e.offset(), Some(text.header_offset));
}

/// ELF counts: a section count, symbol table size or relocation count that
/// claims more than the file holds is an error, not an allocation sized by
/// the claim (`e_shnum`, `sh_size` of `.symtab` and of a relocation section).
#[test]
fn lying_elf_counts_are_errors() {
    for f in FILES {
        let data = fixture(f);
        let obj = Object::parse(&data).unwrap();
        let e_shnum_at = 60;
        let mut bad = data.clone();
        let v = if big(&bad) { 0xfff0u16.to_be_bytes() } else { 0xfff0u16.to_le_bytes() };
        bad[e_shnum_at..e_shnum_at + 2].copy_from_slice(&v);
        assert!(Object::parse(&bad).is_err(), "{f}: e_shnum 0xfff0");
        assert!(bpfkit_obj::elf::btf_bytes(&bad).is_err(), "{f}: e_shnum 0xfff0 (BTF path)");
        let shoff = if big(&data) {
            u64::from_be_bytes(data[40..48].try_into().unwrap())
        } else {
            u64::from_le_bytes(data[40..48].try_into().unwrap())
        } as usize;
        let symtab = obj.section(obj.symtab_section()).unwrap();
        let rel = obj.sections().iter().find(|s| s.sh_type == bpfkit_obj::elf::SHT_REL).unwrap();
        for index in [symtab.index.index(), rel.index.index()] {
            let mut bad = data.clone();
            put64(&mut bad, shoff + index * 64 + 32, 0x7fff_ffff_fff8); // sh_size
            assert!(Object::parse(&bad).is_err(), "{f}: section {index} sh_size");
        }
    }
}

//! The committed test objects (testdata/insn, built by build.sh with clang
//! 22 for -mcpu=v1..v4 and clang 14 for bpfel/bpfeb) against
//! `llvm-objdump-22 -d`: golden files everywhere, and the live tool when it
//! is installed. Also: decode → encode is the identity on every program byte.

mod common;

use bpfkit_insn::{Insn, decode, encode_all};
use bpfkit_obj::objdump::{ObjdumpConfig, objdump, read_text_sections};
use common::*;
use std::process::Command;

fn mine(name: &str, data: &[u8], raw: bool) -> String {
    let mut s = String::new();
    let mut cfg = ObjdumpConfig::default();
    cfg.raw_bytes = raw;
    objdump(&mut s, name, data, &cfg).expect("disassembles");
    s
}

fn llvm(objdump: &std::path::Path, name: &str, raw: bool) -> String {
    let mut cmd = Command::new(objdump);
    cmd.current_dir(testdata()).arg("-d");
    if !raw {
        cmd.arg("--no-show-raw-insn");
    }
    run(cmd.arg(name))
}

#[test]
fn golden_text_matches() {
    let bless = bpfkit_testkit::blessing();
    let tool = if bless { tool("llvm-objdump-22", "regenerating golden files") } else { None };
    assert!(!bless || tool.is_some(), "BPFKIT_BLESS=1 needs llvm-objdump-22");
    let dir = testdata().join("golden");
    let mut n = 0;
    for path in objects() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let golden = dir.join(format!("{name}.txt"));
        if let Some(t) = &tool {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&golden, llvm(t, name, false)).unwrap();
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e} (regenerate with BPFKIT_BLESS=1)", golden.display()));
        let data = std::fs::read(&path).unwrap();
        assert_same_text(name, &expected, &mine(name, &data, false));
        n += 1;
    }
    assert!(n >= 15);
}

#[test]
fn live_llvm_objdump_matches() {
    let Some(t) = tool("llvm-objdump-22", "live comparison with llvm-objdump") else {
        return;
    };
    for path in objects() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let data = std::fs::read(&path).unwrap();
        for raw in [true, false] {
            let what = format!("{name} (raw bytes: {raw})");
            assert_same_text(&what, &llvm(&t, name, raw), &mine(name, &data, raw));
        }
    }
}

/// The raw-bytes layout checked without LLVM: removing the bytes column gives
/// the plain text, and the column holds exactly the section's bytes.
#[test]
fn raw_bytes_column_is_consistent() {
    for path in objects() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let data = std::fs::read(&path).unwrap();
        let raw = mine(name, &data, true);
        let plain = mine(name, &data, false);
        let mut stripped = String::new();
        let mut column: Vec<u8> = Vec::new();
        for line in raw.lines() {
            let parts: Vec<&str> = line.splitn(3, '\t').collect();
            if parts.len() == 3 && parts[0].trim_end().ends_with(':') && line.starts_with(' ') {
                stripped.push_str(parts[0]);
                stripped.push('\t');
                stripped.push_str(parts[2]);
                for h in parts[1].split(' ') {
                    column.push(u8::from_str_radix(h, 16).expect("hex byte"));
                }
            } else {
                stripped.push_str(line);
            }
            stripped.push('\n');
        }
        assert_same_text(name, &plain, &stripped);
        let obj = read_text_sections(&data).unwrap();
        let all: Vec<u8> = obj.sections.iter().flat_map(|s| s.data.iter().copied()).collect();
        assert_eq!(column, all, "{name}: bytes column");
    }
}

#[test]
fn decode_encode_is_identity_on_every_program_byte() {
    let mut insns = 0usize;
    let mut unknown = 0usize;
    for path in objects() {
        let data = std::fs::read(&path).unwrap();
        let obj = read_text_sections(&data).unwrap();
        assert!(!obj.sections.is_empty(), "{}: no program sections", path.display());
        for sec in &obj.sections {
            let decoded: Vec<Insn> = decode(sec.data, obj.endian).map(|r| r.expect("whole slots").1).collect();
            insns += decoded.len();
            unknown += decoded.iter().filter(|i| !i.is_valid()).count();
            assert_eq!(encode_all(&decoded, obj.endian), sec.data, "{} section {}", path.display(), sec.name);
        }
    }
    // Compiler output is canonical: nothing decodes as unknown.
    assert_eq!(unknown, 0);
    assert!(insns > 30_000, "{insns}");
}

/// Every compiled instruction survives disassembly and reassembly.
#[test]
fn compiled_code_reassembles() {
    use bpfkit_insn::{DisplayConfig, assemble, write_insn};
    for path in objects() {
        let data = std::fs::read(&path).unwrap();
        let obj = read_text_sections(&data).unwrap();
        for sec in &obj.sections {
            let decoded: Vec<Insn> = decode(sec.data, obj.endian).map(|r| r.unwrap().1).collect();
            let mut text = String::new();
            for i in &decoded {
                write_insn(&mut text, i, &DisplayConfig::LOSSLESS).unwrap();
                text.push('\n');
            }
            let back = assemble(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(back, decoded, "{} {}", path.display(), sec.name);
        }
    }
}

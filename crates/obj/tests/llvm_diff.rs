//! Differential test against LLVM 22: thousands of random valid
//! instructions (every kind, edge operand values) are put into an object
//! with `llvm-mc-22` and disassembled by `llvm-objdump-22`; bpfkit's text
//! must match line for line, in both byte orders.

mod common;

use bpfkit_insn::arbitrary::{XorShift, arbitrary_insn};
use bpfkit_insn::{Endian, Insn};
use bpfkit_obj::objdump::{ObjdumpConfig, objdump};
use common::*;
use std::fmt::Write;
use std::process::Command;

fn check(endian: Endian, seed: u64, count: usize) {
    let (Some(mc), Some(od)) =
        (tool("llvm-mc-22", "LLVM differential test"), tool("llvm-objdump-22", "LLVM differential test"))
    else {
        return;
    };
    let mut rng = XorShift::new(seed);
    let mut bytes = Vec::new();
    let mut kinds = std::collections::HashSet::new();
    for _ in 0..count {
        let insn = arbitrary_insn(&mut || rng.next_u64());
        assert!(insn.is_valid(), "{insn:?}");
        kinds.insert(std::mem::discriminant(&insn));
        insn.encode_into(endian, &mut bytes);
    }
    assert!(kinds.len() == 21, "generator covers every kind: {}", kinds.len());
    let mut asm = String::from(".text\n.globl f\nf:\n");
    for chunk in bytes.chunks(8) {
        let list: Vec<String> = chunk.iter().map(|b| b.to_string()).collect();
        writeln!(asm, ".byte {}", list.join(",")).unwrap();
    }
    let dir = std::env::temp_dir().join(format!("bpfkit-insn-diff-{}-{seed}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let s = dir.join("t.s");
    let o = dir.join("t.o");
    std::fs::write(&s, asm).unwrap();
    let triple = match endian {
        Endian::Little => "bpfel",
        Endian::Big => "bpfeb",
    };
    run(Command::new(&mc).args(["-triple", triple, "-filetype=obj"]).arg(&s).arg("-o").arg(&o));
    let data = std::fs::read(&o).unwrap();
    for raw in [true, false] {
        let mut cmd = Command::new(&od);
        cmd.current_dir(&dir).arg("-d");
        if !raw {
            cmd.arg("--no-show-raw-insn");
        }
        let expected = run(cmd.arg("t.o"));
        let mut actual = String::new();
        let mut cfg = ObjdumpConfig::default();
        cfg.raw_bytes = raw;
        objdump(&mut actual, "t.o", &data, &cfg).unwrap();
        assert_same_text(&format!("{triple} seed {seed} raw {raw}"), &expected, &actual);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = Insn::Exit;
}

#[test]
fn random_valid_instructions_little_endian() {
    check(Endian::Little, 1, 20_000);
}

#[test]
fn random_valid_instructions_big_endian() {
    check(Endian::Big, 2, 20_000);
}

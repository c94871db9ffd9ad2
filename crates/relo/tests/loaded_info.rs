//! What a loader hands the kernel with a relocated program: func_info and
//! line_info rebased to the loaded instruction positions, and the non-CO-RE
//! relocations keyed by loaded instruction, for every committed object.

mod common;

use bpfkit_insn::Opcode;
use bpfkit_obj::RelocTarget;
use bpfkit_relo::{LoadedInsn, Targets, relocate};

#[test]
fn func_line_info_and_relocations_follow_the_loaded_layout() {
    let mut objects = common::objects();
    let obj_dir = common::root().join("testdata/obj");
    let mut more: Vec<_> = std::fs::read_dir(&obj_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "o"))
        .collect();
    more.sort();
    objects.extend(more);
    let (mut appended, mut calls, mut maps, mut lines) = (0, 0, 0, 0);
    for path in objects {
        let data = std::fs::read(&path).unwrap();
        let obj = bpfkit_obj::Object::parse(&data).unwrap();
        let Some(own) = obj.btf() else { continue };
        let rel = relocate(&obj, &Targets::new(own)).unwrap();
        let name = path.display();
        for p in &rel.programs {
            let layout = &p.layout;
            appended += layout.placed.len() - 1;
            // One func_info at the start of the entry program and of each
            // appended subprogram, naming that function.
            if !p.func_info.is_empty() {
                assert_eq!(p.func_info.len(), layout.placed.len(), "{name} {}", p.name);
                for (f, placed) in p.func_info.iter().zip(&layout.placed) {
                    assert_eq!(f.insn, LoadedInsn(placed.insn_offset), "{name} {}", p.name);
                    let callee = obj.program(placed.program).unwrap();
                    assert_eq!(own.name_of(f.type_id), callee.name, "{name}");
                }
            }
            // line_info: first at 0, strictly increasing, inside the program,
            // and each equal to the subprogram's own record shifted.
            if let Some(first) = p.line_info.first() {
                assert_eq!(first.insn, LoadedInsn(0), "{name} {}", p.name);
            }
            assert!(p.line_info.windows(2).all(|w| w[0].insn < w[1].insn), "{name} {}", p.name);
            assert!(p.line_info.iter().all(|l| l.insn.0 < p.insns.len()), "{name}");
            let own_lines: usize = layout.placed.iter().map(|x| obj.program_line_infos(x.program).len()).sum();
            assert_eq!(p.line_info.len(), own_lines, "{name}");
            lines += p.line_info.len();
            for placed in &layout.placed {
                for l in obj.program_line_infos(placed.program) {
                    let at = LoadedInsn(placed.insn_offset + l.loc.insn);
                    assert!(p.line_info.iter().any(|x| x.insn == at && x.line_col == l.raw.line_col), "{name}");
                }
            }
            // Relocations: calls are the layout's fixed-up call sites; map
            // and data references are ld_imm64 slots.
            for r in &p.relocs {
                let insn = p.insns[r.insn.0];
                match r.target {
                    RelocTarget::Call(_) => {
                        calls += 1;
                        assert!(layout.refs.iter().any(|x| x.at == r.insn.0 && x.is_call), "{name} {}", p.name);
                    }
                    RelocTarget::Map(_) | RelocTarget::Data { .. } => {
                        maps += 1;
                        assert_eq!(insn.code, Opcode::LD_IMM64, "{name} {} insn {}", p.name, r.insn.0);
                    }
                    _ => {}
                }
            }
            assert!(p.relocs.windows(2).all(|w| w[0].insn <= w[1].insn), "{name} {}", p.name);
        }
    }
    assert!(appended > 3 && calls > 3 && maps > 10 && lines > 100, "{appended} {calls} {maps} {lines}");
}

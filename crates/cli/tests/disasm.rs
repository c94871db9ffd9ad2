//! `bpfkit disasm` end to end: the built binary against the golden
//! `llvm-objdump-22` text of the committed test objects, and against the
//! live tool when installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/insn")
}

fn bpfkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpfkit")).current_dir(testdata()).args(args).output().expect("bpfkit runs")
}

fn stdout_ok(args: &[&str]) -> String {
    let out = bpfkit(args);
    assert!(out.status.success(), "bpfkit {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `Some(name)` if `name` runs; otherwise prints SKIP, or panics when
/// `BPFKIT_REQUIRE_TOOLS=1`.
fn tool(name: &str) -> Option<&str> {
    bpfkit_testkit::have_tool(name, &["--version"], "live disasm comparison").then_some(name)
}

const OBJECTS: [&str; 6] =
    ["common.v1.el.o", "common.clang14.eb.o", "v3.v3.el.o", "v4.v4.el.o", "v4.v4.eb.o", "asm_all.v4.el.o"];

#[test]
fn matches_golden_text() {
    for name in OBJECTS {
        let golden = std::fs::read_to_string(testdata().join(format!("golden/{name}.txt"))).unwrap();
        assert_eq!(stdout_ok(&["disasm", "--no-show-raw-insn", name]), golden, "{name}");
    }
}

#[test]
fn matches_live_llvm_objdump() {
    let Some(od) = tool("llvm-objdump-22") else { return };
    for name in OBJECTS {
        for (ours, theirs) in [
            (vec!["disasm", name], vec!["-d", name]),
            (vec!["disasm", "--no-show-raw-insn", name], vec!["-d", "--no-show-raw-insn", name]),
            (vec!["disasm", "--section", "tc", name], vec!["-d", "-j", "tc", name]),
            (vec!["disasm", "--raw", "-j", "tc", name], vec!["-d", "-j", "tc", name]),
        ] {
            if ours.contains(&"tc") && !name.starts_with("common") {
                continue;
            }
            let expected = Command::new(od).current_dir(testdata()).args(&theirs).output().unwrap();
            assert!(expected.status.success());
            assert_eq!(stdout_ok(&ours), String::from_utf8(expected.stdout).unwrap(), "{ours:?}");
        }
    }
}

#[test]
fn section_filter() {
    let out = stdout_ok(&["disasm", "--section", "xdp", "common.v4.el.o"]);
    assert!(out.contains("Disassembly of section xdp:"));
    assert!(!out.contains("Disassembly of section tc:"));
    assert!(out.contains("<prog_xdp>:"));
    // A data section exists but is not disassembled (like llvm-objdump -d -j).
    let out = stdout_ok(&["disasm", "--section=.maps", "common.v4.el.o"]);
    assert!(!out.contains("Disassembly"));
}

#[test]
fn errors_are_reported() {
    let out = bpfkit(&["disasm", "common.v4.el.o", "--section", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("section 'nope' not found"));
    let out = bpfkit(&["disasm", "does-not-exist.o"]);
    assert_eq!(out.status.code(), Some(1));
    let out = bpfkit(&["disasm", "build.sh"]);
    assert_eq!(out.status.code(), Some(1));
    let out = bpfkit(&["disasm"]);
    assert_eq!(out.status.code(), Some(2));
    let out = bpfkit(&["disasm", "--bogus", "x.o"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Objects whose `-r`, `-S`, `-l` and address-range output is kept as a
/// golden file (both byte orders, CO-RE records, maps and globals).
const ANNOTATED: [(&str, &str); 8] = [
    ("insn", "common.v4.el.o"),
    ("insn", "common.clang14.eb.o"),
    ("insn", "v4.v4.el.o"),
    ("core", "fields.clang22.bpfel.o"),
    ("core", "fields.clang22.bpfeb.o"),
    ("core", "enums.clang22.bpfel.o"),
    ("obj", "maps.clang22.bpfel.o"),
    ("obj", "globals.clang22.bpfeb.o"),
];

/// The flag sets of the annotated goldens: (file suffix, bpfkit disasm flags).
const FLAVORS: [(&str, &[&str]); 5] = [
    ("r", &["-r"]),
    ("S", &["-S"]),
    ("l", &["-l", "--no-show-raw-insn"]),
    ("Slr", &["-S", "-l", "-r"]),
    ("range", &["-r", "--start-address=0x30", "--stop-address=0x60"]),
];

fn bpfkit_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bpfkit")).current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "bpfkit {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn llvm_in(od: &str, dir: &Path, args: &[&str]) -> String {
    let out = Command::new(od).current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{od} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn annotated_goldens() {
    for (dir, name) in ANNOTATED {
        let d = bpfkit_testkit::testdata().join(dir);
        for (suffix, flags) in FLAVORS {
            let mut args = vec!["disasm"];
            args.extend_from_slice(flags);
            args.push(name);
            let golden = bpfkit_testkit::testdata().join(format!("golden/disasm/{name}.{suffix}.txt"));
            bpfkit_testkit::check_golden(&golden, bpfkit_in(&d, &args).as_bytes());
        }
    }
}

/// Every test object with code, by directory.
fn all_objects() -> Vec<(PathBuf, String)> {
    let mut v = Vec::new();
    for dir in ["insn", "obj", "core"] {
        let d = bpfkit_testkit::testdata().join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&d)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".o"))
            .collect();
        names.sort();
        v.extend(names.into_iter().map(|n| (d.clone(), n)));
    }
    assert!(v.len() > 60, "{}", v.len());
    v
}

#[test]
fn relocations_and_ranges_match_live_llvm_objdump() {
    let Some(od) = tool("llvm-objdump-22") else { return };
    let mut core_lines = 0;
    for (dir, name) in all_objects() {
        for flags in [
            &["-r"][..],
            &["-r", "--no-show-raw-insn"],
            &["-r", "--start-address=0x30", "--stop-address=0x60"],
            &["--start-address=0x38", "--stop-address=0x48"],
            &["-r", "--start-address=0x8"],
            &["-r", "--stop-address=0x20"],
            &["-r", "--start-address=0x40", "-j", ".text"],
        ] {
            if flags.contains(&".text") && !name.starts_with("common") {
                continue;
            }
            let mut ours = vec!["disasm"];
            ours.extend_from_slice(flags);
            ours.push(&name);
            let mut theirs = vec!["-d"];
            theirs.extend_from_slice(flags);
            theirs.push(&name);
            let want = llvm_in(od, &dir, &theirs);
            core_lines += want.matches(":  CO-RE <").count();
            assert_eq!(bpfkit_in(&dir, &ours), want, "{name} {flags:?}");
        }
    }
    assert!(core_lines > 100, "the objects have CO-RE relocations to compare: {core_lines}");
}

/// `-S`/`-l` read `.BTF.ext` line_info, so the output is the same with or
/// without DWARF; llvm-objdump uses BTF only when DWARF is gone, so the
/// comparison is with `llvm-strip -g` copies.
#[test]
fn source_lines_match_live_llvm_objdump_on_stripped_objects() {
    let (Some(od), Some(strip)) = (tool("llvm-objdump-22"), tool("llvm-strip-22")) else { return };
    let tmp = std::env::temp_dir().join(format!("bpfkit-disasm-S-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut with_lines = 0;
    for (dir, name) in all_objects() {
        let st = Command::new(strip).arg("-g").arg(dir.join(&name)).arg("-o").arg(tmp.join(&name)).status().unwrap();
        assert!(st.success());
        let has_line_info = bpfkit_obj::Object::parse(&std::fs::read(dir.join(&name)).unwrap())
            .is_ok_and(|o| o.btf_ext().is_some_and(|e| !e.line_info().is_empty()));
        for flags in [&["-S"][..], &["-l"], &["-S", "-l", "-r"], &["-S", "--start-address=0x40"]] {
            let mut ours = vec!["disasm"];
            ours.extend_from_slice(flags);
            ours.push(&name);
            let original = bpfkit_in(&dir, &ours);
            assert_eq!(bpfkit_in(&tmp, &ours), original, "{name} {flags:?}: DWARF changes nothing");
            if !has_line_info {
                // Without line_info llvm-objdump -l falls back to symbol
                // names looked up by address across all sections; bpfkit
                // prints no line information at all.
                assert!(!original.lines().any(|l| l.starts_with("; ")), "{name}");
                continue;
            }
            with_lines += 1;
            let mut theirs = vec!["-d"];
            theirs.extend_from_slice(flags);
            theirs.push(&name);
            assert_eq!(original, llvm_in(od, &tmp, &theirs), "{name} {flags:?}");
        }
    }
    assert!(with_lines > 100, "{with_lines}");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn annotation_flags_and_mistakes() {
    let d = testdata();
    let plain = stdout_ok(&["disasm", "common.v4.el.o"]);
    let r = stdout_ok(&["disasm", "-r", "common.v4.el.o"]);
    assert!(r.contains("\t\t0000000000000030:  R_BPF_64_64\ttable\n") || r.contains("R_BPF_64_64\t"), "{r}");
    assert_eq!(r.lines().filter(|l| !l.starts_with("\t\t0")).collect::<Vec<_>>(), plain.lines().collect::<Vec<_>>());
    let s = stdout_ok(&["disasm", "--source", "common.v4.el.o"]);
    assert!(s.contains("\n; \treturn x / y + x % y;\n"), "{s}");
    assert_eq!(stdout_ok(&["disasm", "-S", "common.v4.el.o"]), s);
    assert_eq!(
        stdout_ok(&["disasm", "--line-numbers", "common.v4.el.o"]),
        stdout_ok(&["disasm", "-l", "common.v4.el.o"])
    );
    assert_eq!(stdout_ok(&["disasm", "--reloc", "common.v4.el.o"]), r);
    assert_eq!(stdout_ok(&["disasm", "-d", "-r", "common.v4.el.o"]), r);
    // Addresses: decimal, hex and octal, as llvm-objdump reads them.
    let hex = stdout_ok(&["disasm", "--start-address=0x40", "common.v4.el.o"]);
    assert_eq!(stdout_ok(&["disasm", "--start-address", "64", "common.v4.el.o"]), hex);
    assert_eq!(stdout_ok(&["disasm", "--start-address=0100", "common.v4.el.o"]), hex);
    // A range that holds no code prints only the file header.
    let none = stdout_ok(&["disasm", "--start-address=0x100000", "common.v4.el.o"]);
    assert_eq!(none, "\ncommon.v4.el.o:\tfile format elf64-bpf\n");
    for bad in [&["--start-address=zz"][..], &["--stop-address="], &["--start-address=0x40", "--stop-address=0x40"]] {
        let mut a = vec!["disasm"];
        a.extend_from_slice(bad);
        a.push("common.v4.el.o");
        let out = bpfkit(&a);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--help"), "{bad:?}");
    }
    // A damaged .BTF.ext is an input error naming it, when -S needs it.
    let mut data = std::fs::read(d.join("common.v4.el.o")).unwrap();
    let obj = bpfkit_obj::Object::parse(&data).unwrap();
    let ext = obj.section_by_name(".BTF.ext").unwrap();
    let at = ext.file_offset as usize;
    data[at..at + 2].copy_from_slice(b"\0\0");
    let bad = std::env::temp_dir().join(format!("bpfkit-badext-{}.o", std::process::id()));
    std::fs::write(&bad, &data).unwrap();
    let out = bpfkit(&["disasm", "-S", bad.to_str().unwrap()]);
    let _ = std::fs::remove_file(&bad);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".BTF.ext"), "{}", String::from_utf8_lossy(&out.stderr));
}

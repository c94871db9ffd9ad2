//! The clap command line of `bpfkit` and `btf-to-header`: help, version,
//! bpftool's spellings, `-` for standard input, `-o FILE`, and the exit
//! codes of mistakes (2 with a hint) and bad inputs (1 naming the file).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn td(p: &str) -> String {
    bpfkit_testkit::testdata().join(p).display().to_string()
}

fn run(bin: &str, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(bin)
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn bpfkit(args: &[&str]) -> Output {
    run(env!("CARGO_BIN_EXE_bpfkit"), args, None)
}

fn header(args: &[&str]) -> Output {
    run(env!("CARGO_BIN_EXE_btf-to-header"), args, None)
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output, code: i32) -> String {
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(code), "{e}");
    e
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bpfkit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

const SMALL_BTF: &str = "core/fields.target.btf";
const OBJ: &str = "core/kernel.clang22.bpfel.o";

#[test]
fn every_command_has_help_with_examples() {
    for cmd in [
        &["btf", "dump"][..],
        &["btf", "dedup"],
        &["btf", "validate"],
        &["disasm"],
        &["obj"],
        &["core", "relocate"],
        &["core", "check"],
        &["core", "minimize"],
        &["gen", "min_core_btf"],
        &["gen", "object"],
        &["link"],
        &["completions"],
    ] {
        let mut a = cmd.to_vec();
        a.push("--help");
        let out = ok(&bpfkit(&a));
        assert!(out.contains("Usage: bpfkit ") && out.contains("Examples:"), "{cmd:?}: {out}");
    }
    for group in ["btf", "core", "gen"] {
        assert!(ok(&bpfkit(&[group, "--help"])).contains("Commands:"), "{group}");
    }
    let top = ok(&bpfkit(&["--help"]));
    assert!(top.contains("Exit status: 0 success, 1 an input failed"), "{top}");
    let h = ok(&header(&["--help"]));
    assert!(h.contains("Examples:") && h.contains("--no-header") && h.contains("Exit status"));
}

#[test]
fn version() {
    let want = format!("bpfkit {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(ok(&bpfkit(&["--version"])), want);
    let sub = ok(&bpfkit(&["btf", "dump", "--version"]));
    assert!(sub.starts_with("bpfkit-btf-dump ") && sub.ends_with(&want[7..]), "{sub}");
    assert_eq!(ok(&header(&["-V"])), format!("btf-to-header {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_mistakes_exit_2_with_a_hint() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["btf"],
        &["btf", "frobnicate"],
        &["btf", "dump", "--format", "yaml"],
        &["btf", "dump", "--format=yaml"],
        &["btf", "dump", "file"],
        &["btf", "dump", "file", "x", "format", "yaml"],
        &["btf", "dump", "file", "x", "nonsense"],
        &["btf", "dump", "a", "b"],
        &["btf", "dump", "--format", "c", "-j", "x"],
        &["btf", "dump", "--format", "c", "file", "x", "format", "raw"],
        &["btf", "dump", "--base"],
        &["disasm"],
        &["disasm", "--bogus", "x.o"],
        &["obj"],
        &["obj", "a.o", "b.o"],
        &["core"],
        &["core", "relocate"],
        &["core", "check", "x.o"],
        &["core", "minimize", "x.o", "--target", "y"],
        &["gen", "min_core_btf", "in", "out"],
        &["completions", "tcsh"],
        &["btf", "dedup", "in.btf"],
        &["btf", "dedup", "-o", "out.btf"],
        &["btf", "validate"],
        &["btf", "validate", "a", "b"],
        &["link"],
        &["link", "out.o"],
        &["gen", "object", "out.o"],
        &["link", "--bogus", "out.o", "a.o"],
    ] {
        let e = err(&bpfkit(args), 2);
        assert!(e.contains("--help") || e.contains("Usage:"), "{args:?}: {e}");
    }
    let e = err(&bpfkit(&["disasm", "--bogus", "x.o"]), 2);
    assert!(e.contains("unexpected argument '--bogus'"), "{e}");
    let e = err(&bpfkit(&["btf", "dump", "file", "x", "format", "yaml"]), 2);
    assert!(e.contains("unknown format 'yaml'") && e.contains("try '--help'"), "{e}");
    let e = err(&header(&["--threads", "0"]), 2);
    assert!(e.contains("--threads"), "{e}");
    let e = err(&header(&["--bogus"]), 2);
    assert!(e.contains("Usage: btf-to-header"), "{e}");
}

#[test]
fn input_errors_exit_1_naming_the_file() {
    for args in [
        &["btf", "dump", "/no/such.btf"][..],
        &["disasm", "/no/such.btf"],
        &["obj", "/no/such.btf"],
        &["core", "relocate", "/no/such.btf"],
        &["gen", "min_core_btf", "/no/such.btf", "/tmp/never-written", OBJ],
    ] {
        let e = err(&bpfkit(args), 1);
        assert!(e.contains("/no/such.btf") && e.contains("No such file"), "{args:?}: {e}");
    }
    let e = err(&bpfkit(&["btf", "dump", &td(OBJ)[..td(OBJ).len() - 2]]), 1);
    assert!(e.contains("kernel.clang22.bpfel"), "{e}");
    let e = err(&bpfkit(&["disasm", &td("core/kernel.c")]), 1);
    assert!(e.contains("kernel.c:"), "{e}");
}

#[test]
fn unknown_roots_are_errors_naming_them() {
    let f = td(SMALL_BTF);
    for fmt in ["raw", "json", "c"] {
        let e = err(&bpfkit(&["btf", "dump", "--format", fmt, "--root", "999999999", &f]), 1);
        assert!(e.contains("999999999"), "{fmt}: {e}");
        let e = err(&bpfkit(&["btf", "dump", "--format", fmt, "--root", "no_such_type", &f]), 1);
        assert!(e.contains("'no_such_type'"), "{fmt}: {e}");
    }
    let e = err(&header(&[&f, "--root", "999999999"]), 1);
    assert!(e.contains("999999999"), "{e}");
    // A name root in the raw format dumps the types of that name.
    let all = ok(&bpfkit(&["btf", "dump", &f]));
    let one = ok(&bpfkit(&["btf", "dump", "--root", "outer", &f]));
    assert!(one.starts_with("[2] STRUCT 'outer'") && all.contains(&one), "{one}");
}

#[test]
fn bpftool_spellings() {
    let f = td(SMALL_BTF);
    let raw = ok(&bpfkit(&["btf", "dump", &f]));
    assert_eq!(ok(&bpfkit(&["btf", "dump", "file", &f])), raw);
    assert_eq!(ok(&bpfkit(&["btf", "dump", "file", &f, "format", "raw"])), raw);
    let c = ok(&bpfkit(&["btf", "dump", "--format", "c", &f]));
    assert!(c.starts_with("#ifndef __VMLINUX_H__"));
    assert_eq!(ok(&bpfkit(&["btf", "dump", "file", &f, "format", "c"])), c);
    assert_eq!(ok(&bpfkit(&["btf", "dump", "--format=c", &f])), c);
    assert_eq!(ok(&bpfkit(&["btf", "dump", "-fc", &f])), c);
    assert_eq!(ok(&header(&[&f])), c);
    let json = ok(&bpfkit(&["btf", "dump", "-j", &f]));
    assert_eq!(ok(&bpfkit(&["btf", "dump", "file", &f, "format", "json"])), json);
    assert_eq!(ok(&bpfkit(&["btf", "dump", "--json", "--format", "json", &f])), json);
    // Split BTF with -B/--base, both spellings.
    let (tun, base) = (td("btf/tun-6.1-cloud-amd64.btf.gz"), td("btf/vmlinux-6.1-cloud-amd64.btf.gz"));
    let a = ok(&bpfkit(&["btf", "dump", "-B", &base, "file", &tun]));
    assert_eq!(ok(&bpfkit(&["btf", "dump", &format!("--base={base}"), &tun])), a);
}

#[test]
fn pretty_json_matches_bpftool() {
    let f = td(SMALL_BTF);
    let ours = ok(&bpfkit(&["btf", "dump", "-p", &f]));
    assert!(ours.starts_with("{\n    \"types\": [{\n            \"id\": 1,"), "{ours}");
    assert_eq!(ok(&bpfkit(&["btf", "dump", "-j", "-p", "file", &f])), ours);
    if bpfkit_testkit::tool_on_path("bpftool", "pretty JSON against bpftool -jp") {
        let theirs = Command::new("bpftool").args(["-j", "-p", "btf", "dump", "file", &f]).output().unwrap();
        assert_eq!(ours, String::from_utf8(theirs.stdout).unwrap());
    }
    // Every pretty output parses as the same JSON as the compact one.
    for args in
        [&["obj", &td(OBJ)][..], &["core", "relocate", &td(OBJ), "-t", &td("btf/vmlinux-6.1-cloud-amd64.btf.gz")]]
    {
        let mut j = args.to_vec();
        j.push("--json");
        let mut p = args.to_vec();
        p.push("-p");
        let (j, p) = (ok(&bpfkit(&j)), ok(&bpfkit(&p)));
        assert_ne!(j, p);
        let jv: serde_json::Value = serde_json::from_str(&j).unwrap();
        let pv: serde_json::Value = serde_json::from_str(&p).unwrap();
        assert_eq!(jv, pv, "{args:?}");
    }
}

#[test]
fn dash_reads_standard_input() {
    let f = td(SMALL_BTF);
    let bytes = std::fs::read(&f).unwrap();
    let want = ok(&bpfkit(&["btf", "dump", &f]));
    assert_eq!(ok(&run(env!("CARGO_BIN_EXE_bpfkit"), &["btf", "dump", "-"], Some(&bytes))), want);
    let want = ok(&header(&[&f]));
    assert_eq!(ok(&run(env!("CARGO_BIN_EXE_btf-to-header"), &["-"], Some(&bytes))), want);
    let obj = std::fs::read(td(OBJ)).unwrap();
    let want = ok(&bpfkit(&["obj", &td(OBJ)]));
    assert_eq!(ok(&run(env!("CARGO_BIN_EXE_bpfkit"), &["obj", "-"], Some(&obj))), want);
    let d = ok(&run(env!("CARGO_BIN_EXE_bpfkit"), &["disasm", "-"], Some(&obj)));
    assert!(d.starts_with("\n<stdin>:\tfile format elf64-bpf\n"), "{d}");
    let t = td("btf/vmlinux-6.1-cloud-amd64.btf.gz");
    let want = ok(&bpfkit(&["core", "relocate", &td(OBJ), "-t", &t]));
    assert_eq!(ok(&run(env!("CARGO_BIN_EXE_bpfkit"), &["core", "relocate", "-", "-t", &t], Some(&obj))), want);
}

#[test]
fn dash_o_writes_the_file() {
    let f = td(SMALL_BTF);
    let t = td("btf/vmlinux-6.1-cloud-amd64.btf.gz");
    for args in [
        &["btf", "dump", &f][..],
        &["btf", "dump", "--format", "c", &f],
        &["disasm", &td(OBJ)],
        &["obj", &td(OBJ)],
        &["obj", "-j", &td(OBJ)],
        &["core", "relocate", &td(OBJ), "-t", &t],
        &["core", "check", &td("check/guard_field_exists.clang22.bpfel.o"), "-T", &t],
        &["completions", "bash"],
    ] {
        let stdout = ok(&bpfkit(args));
        let dest = tmp("out");
        let mut a = args.to_vec();
        a.extend(["-o", dest.to_str().unwrap()]);
        assert_eq!(ok(&bpfkit(&a)), "", "{args:?}");
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), stdout, "{args:?}");
        let mut a = args.to_vec();
        a.extend(["-o", "-"]);
        assert_eq!(ok(&bpfkit(&a)), stdout, "{args:?}");
    }
    let e = err(&bpfkit(&["btf", "dump", &f, "-o", "/no/such/dir/out"]), 1);
    assert!(e.contains("cannot create /no/such/dir/out"), "{e}");
    let dest = tmp("vmlinux.h");
    assert_eq!(ok(&header(&[&f, "-o", dest.to_str().unwrap()])), "");
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), ok(&header(&[&f])));
}

#[test]
fn gen_min_core_btf_equals_core_minimize() {
    let t = td("btf/vmlinux-6.1-cloud-amd64.btf.gz");
    let (a, b) = (tmp("a.btf"), tmp("b.btf"));
    ok(&bpfkit(&["core", "minimize", &td(OBJ), "--target", &t, "-o", a.to_str().unwrap()]));
    ok(&bpfkit(&["gen", "min_core_btf", &t, b.to_str().unwrap(), &td(OBJ)]));
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(a == b && !a.is_empty());
    let out = bpfkit(&["gen", "min_core_btf", &t, "-", &td(OBJ)]);
    assert!(out.status.success() && out.stdout == a);
}

#[test]
fn completions_for_each_shell() {
    for (shell, mark) in [
        ("bash", "_bpfkit()"),
        ("zsh", "#compdef bpfkit"),
        ("fish", "complete -c bpfkit"),
        ("elvish", "bpfkit"),
        ("powershell", "bpfkit"),
    ] {
        let s = ok(&bpfkit(&["completions", shell]));
        assert!(s.contains(mark) && s.contains("min_core_btf"), "{shell}");
    }
}

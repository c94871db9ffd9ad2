//! `bpfkit core`: relocate (text, JSON, modules), check (many kernels,
//! exit status), minimize (output parses and resolves the same), errors.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn p(rel: &str) -> String {
    root().join(rel).to_str().unwrap().to_string()
}

fn bpfkit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bpfkit")).args(args).output().expect("run bpfkit")
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn relocate_text_reads_like_libbpf() {
    let o = bpfkit(&[
        "core",
        "relocate",
        &p("testdata/core/subprogs.clang22.bpfel.o"),
        "--target",
        &p("testdata/core/subprogs.target.btf"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("program 'one' (section 'raw_tp/one'): 44 instructions, 5 CO-RE relocations"), "{s}");
    assert!(
        s.contains("prog 'one': relo #0: matching candidate #0 <byte_off> [2] struct node.id (0:3 @ offset 20)"),
        "{s}"
    );
    assert!(s.contains("prog 'one' (subprog 'middle'): relo #2: patched insn #16 (ALU/ALU64) imm 8 -> 8"), "{s}");
    assert!(s.contains("subprogram (not called by any program) 'lonely'"), "{s}");
    assert!(s.ends_with("12 relocations: 12 ok, 0 poisoned, 0 failed\n"), "{s}");
}

#[test]
fn relocate_json_has_every_field() {
    let o = bpfkit(&[
        "core",
        "relocate",
        &p("testdata/core/kernel.clang22.bpfel.o"),
        "--target",
        &p("testdata/btf/vmlinux-6.1-cloud-amd64.btf.gz"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.starts_with("[\n") && s.ends_with("]\n"));
    let lines: Vec<&str> = s.lines().filter(|l| l.trim_start().starts_with('{')).collect();
    assert_eq!(lines.len(), 21);
    for l in &lines {
        for key in [
            "\"section\":",
            "\"program\":",
            "\"insn_off\":",
            "\"insn_idx\":",
            "\"kind\":",
            "\"local_type_id\":",
            "\"local_type\":",
            "\"access\":",
            "\"local_spec\":",
            "\"target_type_id\":",
            "\"target_access\":",
            "\"orig\":",
            "\"new\":",
            "\"poisoned\":",
            "\"reason\":",
        ] {
            assert!(l.contains(key), "{key} missing in {l}");
        }
    }
    let parent = lines.iter().find(|l| l.contains("\"local_spec\":\"struct task_struct.real_parent\"")).unwrap();
    assert!(
        parent.contains("\"kind\":\"byte_off\"") && parent.contains("\"local_type\":\"struct task_struct\""),
        "{parent}"
    );
    assert!(parent.contains("\"poisoned\":false") && parent.contains("\"target_btf\":\"vmlinux\""), "{parent}");
    let gone = lines.iter().find(|l| l.contains("struct tun_struct.numqueues")).unwrap();
    assert!(
        gone.contains("\"poisoned\":true") && gone.contains("\"target_type_id\":null") && gone.contains("\"new\":null"),
        "{gone}"
    );
    assert!(gone.contains("no target type named 'tun_struct'"), "{gone}");
}

#[test]
fn relocate_with_module_btf() {
    let o = bpfkit(&[
        "core",
        "relocate",
        &p("testdata/core/kernel.clang22.bpfel.o"),
        "--target",
        &p("testdata/btf/vmlinux-6.1-cloud-amd64.btf.gz"),
        "--module",
        &p("testdata/btf/tun-6.1-cloud-amd64.btf.gz"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    let l = s.lines().find(|l| l.contains("struct tun_struct.numqueues")).unwrap();
    assert!(l.contains("\"target_btf\":\"tun-6\"") && l.contains("\"poisoned\":false"), "{l}");
}

#[test]
fn relocate_failure_exits_1() {
    let o = bpfkit(&[
        "core",
        "relocate",
        &p("testdata/core/ambig.clang22.bpfel.o"),
        "--target",
        &p("testdata/core/ambig.target.btf"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    assert!(s.contains("field offset ambiguity"), "{s}");
    assert!(stderr(&o).contains("1 relocation(s) failed"), "{}", stderr(&o));
}

#[test]
fn check_many_kernels() {
    // kernel.o's 'kernel' program loads everywhere (its poisoned read of the
    // pre-5.14 `state` is dead code behind field_exists(__state)); its
    // 'module' program reads nf_conn.ct_general.use as an int, a refcount_t
    // on these kernels: poisoned and reached, so every kernel rejects it.
    let o = bpfkit(&["core", "check", &p("testdata/core/kernel.clang22.bpfel.o"), "--targets", &p("testdata/btf")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let s = stdout(&o);
    // Kernels in name order, module BTFs (split) left out of a directory.
    let heads: Vec<&str> = s.lines().filter(|l| !l.starts_with("  ")).collect();
    assert_eq!(heads.len(), 3, "{s}");
    assert!(heads[0].ends_with("vmlinux-6.1-cloud-amd64.btf.gz: will be rejected (2 programs)"), "{s}");
    assert!(s.contains("  prog 'kernel' (kprobe/do_exit): loads\n"), "{s}");
    assert!(
        s.contains("dead code: insn #68: relo #9 <byte_off struct task_struct___pre514.state> was poisoned"),
        "{s}"
    );
    assert!(
        s.contains(
            "guarded by insn #58 `if w1 == 0x0 goto +0x9`, never taken: field_exists struct task_struct.__state = 1"
        ),
        "{s}"
    );
    assert!(
        s.contains("  prog 'module' (kprobe/nf_conntrack_destroy): rejected\n    reachable-poison: insn #8: relo #1"),
        "{s}"
    );
    assert!(!s.contains("CO-RE relocations:"), "the per-relocation detail is for -v: {s}");
    assert!(stderr(&o).contains("core check: 3 kernels: 0 load it, 3 reject it, 0 cannot tell"), "{}", stderr(&o));
    // -v keeps the per-relocation detail.
    let o = bpfkit(&["core", "check", "-v", &p("testdata/core/kernel.clang22.bpfel.o"), "-T", &p("testdata/btf")]);
    assert!(stdout(&o).contains("  prog 'kernel' insn #68 <byte_off> struct task_struct___pre514.state: poisoned — "));
    let o = bpfkit(&[
        "core",
        "check",
        &p("testdata/core/subprogs.clang22.bpfel.o"),
        "--targets",
        &p("testdata/core/subprogs.target.btf"),
    ]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("subprogs.target.btf: loads (2 programs)"), "{}", stdout(&o));
    // A failed relocation refuses the object; an unusable file is reported.
    let o = bpfkit(&[
        "core",
        "check",
        &p("testdata/core/ambig.clang22.bpfel.o"),
        "--targets",
        &p("testdata/core/ambig.target.btf"),
        &p("testdata/btf/tun-6.1-cloud-amd64.btf.gz"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    assert!(
        s.contains("ambig.target.btf: will be rejected (2 programs)\n  object: relocation-failed: prog 'amb': relo #0"),
        "{s}"
    );
    assert!(s.contains("  prog 'agree' (raw_tp/agree): rejected with the object (on its own: loads)"), "{s}");
    assert!(s.contains("tun-6.1-cloud-amd64.btf.gz: ERROR"), "{s}");
    // JSON: the verdicts per kernel and program.
    let o = bpfkit(&["core", "check", "-j", &p("testdata/core/kernel.clang22.bpfel.o"), "-T", &p("testdata/btf")]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let k = &v["kernels"][0];
    assert_eq!(k["verdict"], "rejected");
    assert_eq!(k["programs"][0]["verdict"], "loads");
    assert_eq!(k["programs"][1]["reasons"][0]["rule"], "reachable-poison");
    assert_eq!(k["programs"][0]["dead_poison"].as_array().unwrap().len(), 1);
}

#[test]
fn minimize_writes_btf_that_resolves_the_same() {
    let dir = std::env::temp_dir().join(format!("bpfkit-core-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("min.btf");
    let obj = p("testdata/core/kernel.clang22.bpfel.o");
    let full = p("testdata/btf/vmlinux-7.1-amd64.btf.gz");
    let o = bpfkit(&[
        "core",
        "minimize",
        &obj,
        &p("testdata/core/bench/bench100.bpfel.o"),
        "--target",
        &full,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(size > 100 && size < 100_000, "{size}");
    let strip = |s: String| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("\"orig\""))
            .map(|l| {
                // Target ids and access strings (member indexes) differ in
                // the minimized BTF, and so does the wording of why a
                // poisoned field is missing; values, names and status may not.
                let l = &l[..l.find(",\"reason\"").unwrap()];
                l.split(",\"")
                    .filter(|f| !f.starts_with("target_type_id") && !f.starts_with("target_access"))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    };
    let a = bpfkit(&["core", "relocate", &obj, "--target", &full, "--json"]);
    let b = bpfkit(&["core", "relocate", &obj, "--target", out.to_str().unwrap(), "--json"]);
    let (a, b) = (strip(stdout(&a)), strip(stdout(&b)));
    assert_eq!(a.len(), 21);
    for (x, y) in a.iter().zip(&b) {
        // type ids of target_type_id relocations differ by construction
        if !x.contains("kind\":\"target_type_id\"") {
            assert_eq!(x, y);
        }
    }
}

#[test]
fn usage_and_input_errors() {
    let o = bpfkit(&["core"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage: bpfkit core <COMMAND>"));
    let o = bpfkit(&["core", "relocate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("required arguments were not provided") && stderr(&o).contains("<OBJ>"));
    let o =
        bpfkit(&["core", "relocate", &p("testdata/core/kernel.clang22.bpfel.o"), "--target", "/nonexistent/vmlinux"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/vmlinux"), "{}", stderr(&o));
    let o =
        bpfkit(&["core", "relocate", &p("testdata/core/kernel.c"), "--target", &p("testdata/core/fields.target.btf")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("kernel.c"), "{}", stderr(&o));
    let o = bpfkit(&["core", "check", &p("testdata/core/kernel.clang22.bpfel.o")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--targets <DIR_OR_FILE>"));
    let o = bpfkit(&[
        "core",
        "minimize",
        &p("testdata/core/kernel.clang22.bpfel.o"),
        "--target",
        &p("testdata/core/fields.target.btf"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output <OUT>"));
    let o = bpfkit(&["core", "frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_runs_in_parallel_in_a_fixed_order_with_a_summary() {
    // 30 kernels (links to the committed ones, plus one unusable file): the
    // report of each is what checking it alone gives, in name order.
    let dir = std::env::temp_dir().join(format!("bpfkit-core-many-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let kernels = ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"];
    for i in 0..29 {
        let k = kernels[i % 3];
        std::os::unix::fs::symlink(
            p(&format!("testdata/btf/{k}.btf.gz")),
            dir.join(format!("vmlinux-{i:02}-{k}.btf.gz")),
        )
        .unwrap();
    }
    std::fs::write(dir.join("vmlinux-99-broken"), b"not btf").unwrap();
    let obj = p("testdata/core/kernel.clang22.bpfel.o");
    let o = bpfkit(&["core", "check", &obj, "-T", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let mut want = String::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for n in &names {
        let one = bpfkit(&["core", "check", &obj, "-T", n.to_str().unwrap()]);
        want.push_str(&stdout(&one));
    }
    assert_eq!(stdout(&o), want);
    let err = stderr(&o);
    assert!(!err.contains('\r'), "no progress when stderr is not a terminal: {err:?}");
    assert!(err.contains("core check: 30 kernels: 0 load it, 29 reject it, 1 cannot tell"), "{err}");
    assert!(err.contains("does not load everywhere") && err.contains("vmlinux-99-broken: unknown — "), "{err}");
    let ok = bpfkit(&[
        "core",
        "check",
        &p("testdata/core/subprogs.clang22.bpfel.o"),
        "-T",
        &p("testdata/core/subprogs.target.btf"),
    ]);
    assert!(stderr(&ok).contains("core check: 1 kernels: 1 load it, 0 reject it, 0 cannot tell"));
    let fail = bpfkit(&[
        "core",
        "check",
        &p("testdata/core/ambig.clang22.bpfel.o"),
        "--targets",
        &p("testdata/core/ambig.target.btf"),
    ]);
    let err = stderr(&fail);
    assert!(
        err.contains("ambig.target.btf: rejected — prog 'amb': relo #0 (byte_off of struct amb) failed: "),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

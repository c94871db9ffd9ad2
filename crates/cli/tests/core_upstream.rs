//! Differential test of `bpfkit core relocate` against upstream bpftool 7.8
//! (libbpf 1.8), when one is available: set `BPFKIT_BPFTOOL78` to its path.
//! Debian ships bpftool 7.1, which cannot log patched instructions, so this
//! test is `#[ignore]`d: run it with `BPFKIT_BPFTOOL78=/path/to/bpftool cargo
//! test -p bpfkit --test core_upstream -- --ignored`. It needs root and a bpffs at
//! `/sys/fs/bpf`, because `bpftool -d prog loadall OBJ PIN kernel_btf BTF`
//! logs every CO-RE decision and patched instruction before it asks the
//! kernel to load the programs (whether that load then succeeds is irrelevant).
//!
//! Compared per relocation: libbpf's log lines (local spec, every candidate,
//! `patched insn ... A -> B`, `substituting insn ... w/ invalid insn`). Two
//! normalizations: the `prog '...'` prefix and the instruction index are
//! dropped, because libbpf 1.8 relocates a subprogram once in its own frame
//! while bpfkit reports it per loaded program, as the issue asks; and pairs
//! where libbpf aborts on a failed relocation are skipped (libbpf stops at
//! the first failure; bpfkit goes on and words the error differently).
//! Only little-endian objects: libbpf on this host does not load bpfeb ones.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn relo_lines(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .lines()
        .filter_map(|l| l.find(": relo #").map(|i| &l[i + 2..]))
        .filter(|l| !l.contains(" against '"))
        .map(|l| {
            let mut out = String::new();
            let mut rest = l;
            while let Some(p) = rest.find("insn #") {
                out.push_str(&rest[..p + 6]);
                rest = rest[p + 6..].trim_start_matches(|c: char| c.is_ascii_digit());
                out.push('N');
            }
            out.push_str(rest);
            out
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
#[ignore = "needs upstream bpftool 7.8 and root: set BPFKIT_BPFTOOL78=/path/to/bpftool, run with --ignored"]
fn core_log_equals_upstream_libbpf() {
    let tool = std::env::var_os("BPFKIT_BPFTOOL78")
        .map(PathBuf::from)
        .expect("BPFKIT_BPFTOOL78 is not set: this test needs the path of an upstream bpftool 7.8");
    let tmp = std::env::temp_dir().join(format!("bpfkit-core78-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut targets_common = Vec::new();
    for k in ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"] {
        let p = tmp.join(format!("{k}.btf"));
        let gz = std::fs::read(root().join(format!("testdata/btf/{k}.btf.gz"))).unwrap();
        std::fs::write(&p, bpfkit_btf::input::gunzip(&gz).unwrap()).unwrap();
        targets_common.push(p);
    }
    let mut objects: Vec<PathBuf> = Vec::new();
    for dir in ["testdata/core", "testdata/obj"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.to_str().unwrap().ends_with("bpfel.o") {
                objects.push(p);
            }
        }
    }
    objects.sort();
    let (mut compared, mut lines) = (0, 0);
    for obj in &objects {
        let case = obj.file_name().unwrap().to_str().unwrap().split('.').next().unwrap().to_string();
        let mut targets = targets_common.clone();
        for e in std::fs::read_dir(root().join("testdata/core")).unwrap() {
            let p = e.unwrap().path();
            let n = p.file_name().unwrap().to_str().unwrap();
            if n.starts_with(&format!("{case}.target")) && n.ends_with(".btf") {
                targets.push(p);
            }
        }
        for t in &targets {
            let pin = Path::new("/sys/fs/bpf").join(format!("bpfkit-core78-{}", std::process::id()));
            let theirs = Command::new(&tool)
                .args(["-d", "prog", "loadall"])
                .arg(obj)
                .arg(&pin)
                .arg("kernel_btf")
                .arg(t)
                .output()
                .unwrap();
            let _ = std::fs::remove_dir_all(&pin);
            let theirs = String::from_utf8_lossy(&theirs.stderr).into_owned();
            if theirs.contains("failed to relocate") || theirs.contains("failed to patch") {
                continue;
            }
            let ours = Command::new(env!("CARGO_BIN_EXE_bpfkit"))
                .args(["core", "relocate"])
                .arg(obj)
                .arg("--target")
                .arg(t)
                .output()
                .unwrap();
            let (a, b) = (relo_lines(&theirs), relo_lines(&String::from_utf8_lossy(&ours.stdout)));
            assert_eq!(b, a, "{} against {}", obj.display(), t.display());
            compared += 1;
            lines += a.len();
        }
    }
    eprintln!("compared {compared} object/target pairs, {lines} distinct libbpf log lines");
    assert!(compared > 40, "too few pairs compared ({compared}); is bpffs mounted and are we root?");
    let _ = std::fs::remove_dir_all(&tmp);
}

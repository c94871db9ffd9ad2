//! `bpfkit link` and `bpfkit gen object`: the funcs case in both spellings
//! equals bpftool 7.8's golden; refusals exit 1 naming both inputs; usage
//! errors exit 2; `bpfkit obj` reads the output.

use std::path::PathBuf;
use std::process::Command;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/link")
}

fn bpfkit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bpfkit")).args(args).output().expect("run bpfkit")
}

fn tmp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("bpfkit-cli-link-{}-{name}", std::process::id()))
}

#[test]
fn both_spellings_write_bpftools_output() {
    let a = dir().join("funcs1.clang22.bpfel.o");
    let b = dir().join("funcs2.clang22.bpfel.o");
    let golden = std::fs::read(dir().join("expected/funcs.clang22.bpfel.o")).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    for (i, args) in [vec!["link", "-o", "OUT", a, b], vec!["link", "OUT", a, b], vec!["gen", "object", "OUT", a, b]]
        .into_iter()
        .enumerate()
    {
        let out = tmp(&format!("{i}.o"));
        let args: Vec<&str> = args.iter().map(|s| if *s == "OUT" { out.to_str().unwrap() } else { s }).collect();
        let r = bpfkit(&args);
        assert!(r.status.success(), "{args:?}: {}", String::from_utf8_lossy(&r.stderr));
        assert!(std::fs::read(&out).unwrap() == golden, "{args:?}: differs from bpftool 7.8");
        let o = bpfkit(&["obj", out.to_str().unwrap()]);
        assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("handler2"));
        let _ = std::fs::remove_file(&out);
    }
}

#[test]
fn refusals_and_usage() {
    let out = tmp("refused.o");
    let a = dir().join("err_strong_a.clang14.bpfel.o");
    let b = dir().join("err_strong_b.clang14.bpfel.o");
    let r = bpfkit(&["link", out.to_str().unwrap(), a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("err_strong_a") && err.contains("err_strong_b") && err.contains("dup_func"), "{err}");
    assert!(!out.exists(), "no output on refusal");
    assert_eq!(bpfkit(&["link", out.to_str().unwrap()]).status.code(), Some(2));
    assert_eq!(bpfkit(&["gen", "skeleton", "x.o"]).status.code(), Some(2));
}

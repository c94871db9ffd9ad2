//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Returns the path of `tool` if it runs (`tool --version`). When missing,
/// prints a visible SKIP line and returns `None`, or panics when
/// `BPFKIT_REQUIRE_TOOLS=1` (see `bpfkit_testkit::have_tool`).
pub fn tool(name: &str, why: &str) -> Option<PathBuf> {
    bpfkit_testkit::have_tool(name, &["--version"], why).then(|| PathBuf::from(name))
}

/// The repository's `testdata/insn` directory.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/insn")
}

/// The committed test objects, sorted by name.
pub fn objects() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(testdata())
        .expect("testdata/insn exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "o"))
        .collect();
    v.sort();
    assert!(v.len() >= 15, "expected the committed test objects, found {}", v.len());
    v
}

/// Runs a command and returns its stdout, panicking on failure.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("command runs");
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Asserts two texts are equal, reporting the first differing line.
pub fn assert_same_text(what: &str, expected: &str, actual: &str) {
    if expected == actual {
        return;
    }
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for (i, (x, y)) in e.iter().zip(a.iter()).enumerate() {
        if x != y {
            panic!("{what}: line {} differs\n  expected: {x:?}\n  actual:   {y:?}", i + 1);
        }
    }
    panic!(
        "{what}: texts differ in length ({} vs {} lines, {} vs {} bytes)",
        e.len(),
        a.len(),
        expected.len(),
        actual.len()
    );
}

//! Shared test helpers: testdata access and tool detection.
#![allow(dead_code)]

use std::path::PathBuf;

/// The workspace's `testdata/` directory.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// Kernel BTF files in testdata: `(name, base name for split BTF)`.
pub const KERNELS: [(&str, Option<&str>); 5] = [
    ("vmlinux-6.1-cloud-amd64", None),
    ("vmlinux-6.12-amd64", None),
    ("vmlinux-7.1-amd64", None),
    ("tun-6.1-cloud-amd64", Some("vmlinux-6.1-cloud-amd64")),
    ("nf_conntrack-6.1-cloud-amd64", Some("vmlinux-6.1-cloud-amd64")),
];

/// Reads and gunzips a testdata file.
pub fn gz(rel: &str) -> Vec<u8> {
    let path = testdata().join(rel);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bpfkit_btf::input::gunzip(&data).expect("valid gzip")
}

/// The raw BTF of a testdata kernel or module.
pub fn kernel(name: &str) -> Vec<u8> {
    gz(&format!("btf/{name}.btf.gz"))
}

/// Whether an external tool is on PATH. When it is not, tests skip with a
/// visible message, unless `BPFKIT_REQUIRE_TOOLS=1`, which makes them fail.
pub fn require_tool(tool: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("BPFKIT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{tool} is required (BPFKIT_REQUIRE_TOOLS=1) but not installed");
        }
        eprintln!("SKIP: {tool} not installed; test skipped");
    }
    found
}

/// Whether golden files should be rewritten (`BPFKIT_BLESS=1`).
pub fn bless() -> bool {
    std::env::var("BPFKIT_BLESS").as_deref() == Ok("1")
}

/// Compares `actual` with the golden file `rel` under testdata, or rewrites
/// it when blessing.
pub fn check_golden(rel: &str, actual: &str) {
    let path = testdata().join(rel);
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BPFKIT_BLESS=1 to create it)", path.display()));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{} differs at line {}:\n expected: {:?}\n   actual: {:?}\n(rerun with BPFKIT_BLESS=1 if the change is intended)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

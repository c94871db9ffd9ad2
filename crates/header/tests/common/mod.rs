//! Helpers shared by the integration tests: testdata, external tools,
//! blessing expected files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's `testdata/`.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// Reads and gunzips a testdata file.
pub fn gunzip_file(path: &Path) -> Vec<u8> {
    let gz = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bpfkit_btf::input::gunzip(&gz).expect("valid gzip")
}

/// `testdata/btf/<name>.btf.gz`, decompressed.
pub fn kernel_btf(name: &str) -> Vec<u8> {
    gunzip_file(&testdata().join("btf").join(format!("{name}.btf.gz")))
}

/// Whether missing tools must fail the test (`BPFKIT_REQUIRE_TOOLS=1`).
pub fn require_tools() -> bool {
    std::env::var("BPFKIT_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Prints `SKIP: why` straight to the stderr handle (not `eprintln!`), so
/// the line shows even when the test harness captures output.
pub fn skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIP: {why}");
}

/// Whether `tool --version` runs; prints a SKIP line (or panics under
/// `BPFKIT_REQUIRE_TOOLS=1`) when it does not.
pub fn have_tool(tool: &str, what: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        if require_tools() {
            panic!("{tool} is required (BPFKIT_REQUIRE_TOOLS=1) for {what}");
        }
        skip(&format!("{what}: {tool} not installed"));
    }
    ok
}

/// The clang to compile BPF C with: `$CLANG`, else `clang`.
pub fn clang() -> String {
    std::env::var("CLANG").unwrap_or_else(|_| "clang".into())
}

/// Compiles `source` (C text) for BPF with `extra` flags; returns the
/// object bytes or clang's message.
pub fn compile_bpf(source: &str, extra: &[&str], tag: &str) -> Result<Vec<u8>, String> {
    let dir = tempdir(tag);
    let c = dir.join("t.c");
    let o = dir.join("t.o");
    std::fs::write(&c, source).unwrap();
    let out = Command::new(clang())
        .args(["-target", "bpf", "-c", "-w"])
        .args(extra)
        .arg(&c)
        .arg("-o")
        .arg(&o)
        .output()
        .expect("run clang");
    let r = if out.status.success() {
        Ok(std::fs::read(&o).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let _ = std::fs::remove_dir_all(&dir);
    r
}

/// A fresh directory under the target's tmp dir.
pub fn tempdir(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let base = std::env::var_os("CARGO_TARGET_TMPDIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let d = base.join(format!("bpfkit-header-{tag}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Compares `actual` with the checked-in file `path`; with
/// `BPFKIT_BLESS=1` writes it instead.
pub fn check_expected(path: &Path, actual: &[u8]) {
    if std::env::var("BPFKIT_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BPFKIT_BLESS=1 to create it)", path.display()));
    if expected != actual {
        let exp = String::from_utf8_lossy(&expected);
        let act = String::from_utf8_lossy(actual);
        let line = exp
            .lines()
            .zip(act.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(exp.lines().count().min(act.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n  expected: {:?}\n  actual:   {:?}\n(BPFKIT_BLESS=1 regenerates)",
            path.display(),
            line + 1,
            exp.lines().nth(line),
            act.lines().nth(line)
        );
    }
}

/// The `.BTF` of an object file.
pub fn object_btf(obj: &[u8]) -> Vec<u8> {
    bpfkit_obj::elf::btf_bytes(obj).expect("object has .BTF").into_owned()
}

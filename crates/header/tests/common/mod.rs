//! Helpers shared by the integration tests: testdata, compiling BPF C
//! (tool detection and golden files are in `bpfkit-testkit`).
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

/// The `.BTF` of an object file.
pub fn object_btf(obj: &[u8]) -> Vec<u8> {
    bpfkit_obj::elf::btf_bytes(obj).expect("object has .BTF").into_owned()
}

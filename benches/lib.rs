//! Shared helpers for the benchmarks: loading the testdata kernels.

use std::path::PathBuf;

/// The workspace's `testdata/` directory.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// Reads and gunzips `testdata/btf/<name>.btf.gz`.
pub fn kernel_btf(name: &str) -> Vec<u8> {
    let path = testdata().join("btf").join(format!("{name}.btf.gz"));
    let gz = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bpfkit_btf::input::gunzip(&gz).expect("testdata is valid gzip")
}

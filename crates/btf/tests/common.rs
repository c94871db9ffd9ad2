//! Shared test helpers: testdata access (tool detection is in
//! `bpfkit-testkit`).
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

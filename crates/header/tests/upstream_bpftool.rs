//! Differential test against upstream bpftool 7.8 (libbpf 1.8), when one
//! is available: Debian ships 7.1, so these tests are `#[ignore]`d; run them
//! with `BPFKIT_BPFTOOL78=/path/to/bpftool cargo test -p bpfkit-header --test
//! upstream_bpftool -- --ignored` (the golden files in testdata are this
//! bpftool's output).
//!
//! Unsorted output must be identical. Sorted output must equal ours with
//! bpftool's known bug modelled: bpftool dumps the sorted list from its
//! second entry on, which is what dumping `sorted_ids()[1..]` as roots
//! gives (boilerplate compared separately).

mod common;

use bpfkit_btf::Btf;
use bpfkit_header::{Config, FOOTER, HEADER, Order, Root, header_bytes, sorted_ids};
use common::{kernel_btf, object_btf, tempdir, testdata};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What an `--ignored` run without the tool says.
const NEEDS: &str = "BPFKIT_BPFTOOL78 is not set: these tests need the path of an upstream bpftool 7.8";

/// The bpftool 7.8 to compare with; an ignored test run without it fails.
fn bpftool78() -> PathBuf {
    std::env::var_os("BPFKIT_BPFTOOL78").map(PathBuf::from).unwrap_or_else(|| panic!("{NEEDS}"))
}

fn run(tool: &Path, file: &Path, base: Option<&Path>, unsorted: bool) -> Vec<u8> {
    let mut cmd = Command::new(tool);
    if let Some(b) = base {
        cmd.arg("-B").arg(b);
    }
    cmd.args(["btf", "dump", "file"]).arg(file).args(["format", "c"]);
    if unsorted {
        cmd.arg("unsorted");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn check(tool: &Path, name: &str, btf: &Btf<'_>, file: &Path, base: Option<&Path>) {
    let ours = header_bytes(btf, &Config::new().order(Order::Unsorted)).unwrap();
    assert!(run(tool, file, base, true) == ours, "{name}: unsorted differs from bpftool 7.8");

    let theirs = String::from_utf8(run(tool, file, base, false)).unwrap();
    let types_end = theirs.find("\n/* BPF kfuncs */").expect("kfunc section");
    let ours_sorted = String::from_utf8(header_bytes(btf, &Config::new()).unwrap()).unwrap();
    let our_kfuncs = &ours_sorted[ours_sorted.find("\n/* BPF kfuncs */").unwrap()..];
    assert_eq!(&theirs[types_end..], our_kfuncs, "{name}: kfuncs/footer differ");
    assert!(our_kfuncs.ends_with(FOOTER));
    // bpftool's loop: sorted entries from the second on.
    let mut cfg = Config::new().header(false);
    cfg.roots = sorted_ids(btf)[1..].iter().map(|&id| Root::Id(id)).collect();
    let modelled = String::from_utf8(header_bytes(btf, &cfg).unwrap()).unwrap();
    assert_eq!(&theirs[..HEADER.len()], HEADER);
    assert!(theirs[HEADER.len()..types_end] == modelled, "{name}: sorted differs from bpftool 7.8 (bug modelled)");
}

#[test]
#[ignore = "needs upstream bpftool 7.8: set BPFKIT_BPFTOOL78=/path/to/bpftool, run with --ignored"]
fn c_cases_match_bpftool_78() {
    let tool = bpftool78();
    for f in std::fs::read_dir(testdata().join("header/cases")).unwrap() {
        let path = f.unwrap().path();
        if path.extension().is_some_and(|e| e == "o") {
            let data = object_btf(&std::fs::read(&path).unwrap());
            check(&tool, &path.display().to_string(), &Btf::parse(&data).unwrap(), &path, None);
        }
    }
}

#[test]
#[ignore = "needs upstream bpftool 7.8: set BPFKIT_BPFTOOL78=/path/to/bpftool, run with --ignored"]
fn kernels_match_bpftool_78() {
    let tool = bpftool78();
    let dir = tempdir("bpftool78");
    let base_path = dir.join("vmlinux-6.1-cloud-amd64.btf");
    for k in ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"] {
        let data = kernel_btf(k);
        let path = dir.join(format!("{k}.btf"));
        std::fs::write(&path, &data).unwrap();
        check(&tool, k, &Btf::parse(&data).unwrap(), &path, None);
    }
    let base_data = kernel_btf("vmlinux-6.1-cloud-amd64");
    let base = Btf::parse(&base_data).unwrap();
    for m in ["tun-6.1-cloud-amd64", "nf_conntrack-6.1-cloud-amd64"] {
        let data = kernel_btf(m);
        let path = dir.join(format!("{m}.btf"));
        std::fs::write(&path, &data).unwrap();
        check(&tool, m, &Btf::parse_split(&data, &base).unwrap(), &path, Some(&base_path));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

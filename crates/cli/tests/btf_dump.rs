//! `bpfkit btf dump` as a process: bpftool's raw format byte for byte, its
//! JSON format, split BTF, and errors.

use std::path::PathBuf;
use std::process::{Command, Output};

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

fn bpfkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpfkit")).args(args).output().unwrap()
}

fn gunzip(path: &std::path::Path) -> Vec<u8> {
    bpfkit_btf::input::gunzip(&std::fs::read(path).unwrap()).unwrap()
}

const KERNELS: [(&str, Option<&str>); 5] = [
    ("vmlinux-6.1-cloud-amd64", None),
    ("vmlinux-6.12-amd64", None),
    ("vmlinux-7.1-amd64", None),
    ("tun-6.1-cloud-amd64", Some("vmlinux-6.1-cloud-amd64")),
    ("nf_conntrack-6.1-cloud-amd64", Some("vmlinux-6.1-cloud-amd64")),
];

fn args_for(name: &str, base: Option<&str>, extra: &[&str]) -> Vec<String> {
    let td = testdata();
    let mut a: Vec<String> = vec!["btf".into(), "dump".into()];
    a.extend(extra.iter().map(|s| s.to_string()));
    if let Some(b) = base {
        a.push("--base".into());
        a.push(td.join(format!("btf/{b}.btf.gz")).display().to_string());
    }
    a.push(td.join(format!("btf/{name}.btf.gz")).display().to_string());
    a
}

#[test]
fn raw_dump_of_gzip_inputs_equals_bpftool_golden() {
    for (name, base) in KERNELS {
        let a = args_for(name, base, &[]);
        let out = bpfkit(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let golden = gunzip(&testdata().join(format!("golden/btf/{name}.raw.txt.gz")));
        assert!(out.stdout == golden, "{name}: differs from bpftool's golden dump");
    }
}

/// bpftool's JSON prints an unsigned 32-bit enumerator through a signed
/// `__s32`, so values ≥ 2^31 come out sign-extended to 64 bits. bpfkit
/// prints the value; this undoes bpftool's quirk for the comparison.
fn undo_bpftool_enum_sign_extension(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for (i, part) in json.split("{\"id\":").enumerate() {
        if i > 0 {
            out.push_str("{\"id\":");
        }
        if !part.contains("\"kind\":\"ENUM\",") || part.contains("\"encoding\":\"SIGNED\"") {
            out.push_str(part);
            continue;
        }
        let mut rest = part;
        while let Some(p) = rest.find("\"val\":") {
            out.push_str(&rest[..p + 6]);
            rest = &rest[p + 6..];
            let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            let v: u64 = rest[..end].parse().unwrap();
            out.push_str(&(v & 0xffff_ffff).to_string());
            rest = &rest[end..];
        }
        out.push_str(rest);
    }
    out
}

#[test]
fn json_dump_equals_bpftool_json() {
    if !bpfkit_testkit::tool_on_path("bpftool", "JSON dump against bpftool") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("bpfkit-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, base) in KERNELS {
        let a = args_for(name, base, &["--format", "json"]);
        let ours = bpfkit(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(ours.status.success());
        let raw = dir.join(format!("{name}.btf"));
        std::fs::write(&raw, gunzip(&testdata().join(format!("btf/{name}.btf.gz")))).unwrap();
        let mut cmd = Command::new("bpftool");
        cmd.arg("-j");
        if let Some(b) = base {
            let braw = dir.join(format!("{b}.btf"));
            std::fs::write(&braw, gunzip(&testdata().join(format!("btf/{b}.btf.gz")))).unwrap();
            cmd.arg("-B").arg(&braw);
        }
        let theirs = cmd.args(["btf", "dump", "file"]).arg(&raw).output().unwrap();
        assert!(theirs.status.success(), "{}", String::from_utf8_lossy(&theirs.stderr));
        let theirs = undo_bpftool_enum_sign_extension(&String::from_utf8(theirs.stdout).unwrap());
        assert!(String::from_utf8(ours.stdout).unwrap() == theirs, "{name}: JSON differs");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn running_kernel_dump_equals_bpftool() {
    if !std::path::Path::new("/sys/kernel/btf/vmlinux").exists() {
        bpfkit_testkit::skip("live kernel dump: this kernel has no /sys/kernel/btf/vmlinux");
        return;
    }
    if !bpfkit_testkit::tool_on_path("bpftool", "live kernel dump against bpftool") {
        return;
    }
    let ours = bpfkit(&["btf", "dump"]);
    let theirs = Command::new("bpftool").args(["btf", "dump", "file", "/sys/kernel/btf/vmlinux"]).output().unwrap();
    assert!(ours.status.success() && theirs.status.success());
    assert!(ours.stdout == theirs.stdout, "default input (/sys/kernel/btf/vmlinux) differs from bpftool");
}

#[test]
fn errors_are_clear_and_nonzero() {
    let out = bpfkit(&["btf", "dump", "/no/such/file.btf"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/no/such/file.btf") && err.contains("No such file"), "{err}");

    let junk = std::env::temp_dir().join(format!("bpfkit-junk-{}", std::process::id()));
    std::fs::write(&junk, b"\x9f\xeb\x01\x00\x18\x00\x00\x00\xff\xff\x00\x00").unwrap();
    let out = bpfkit(&["btf", "dump", junk.to_str().unwrap()]);
    let _ = std::fs::remove_file(&junk);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at byte offset"), "{err}");

    // Split BTF without its base says so.
    let tun = testdata().join("btf/tun-6.1-cloud-amd64.btf.gz");
    let out = bpfkit(&["btf", "dump", tun.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("base"));

    let out = bpfkit(&["btf", "dump", "--format", "yaml", tun.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = bpfkit(&["btf", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn root_ids_dump_only_those_types() {
    let td = testdata();
    let f = td.join("btf/vmlinux-6.12-amd64.btf.gz");
    let out = bpfkit(&["btf", "dump", "--root", "7", "--root", "3", f.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let golden = String::from_utf8(gunzip(&td.join("golden/btf/vmlinux-6.12-amd64.raw.txt.gz"))).unwrap();
    let block = |id: u32| {
        let start = golden.find(&format!("[{id}] ")).unwrap();
        let end = golden[start..].find(&format!("\n[{}] ", id + 1)).map_or(golden.len(), |e| start + e + 1);
        golden[start..end].to_string()
    };
    assert_eq!(text, block(7) + &block(3));
}

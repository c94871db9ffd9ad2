//! `btf-to-header` and `bpfkit btf dump --format c` end to end.

use std::path::PathBuf;
use std::process::Command;

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

fn gunzip(path: &std::path::Path) -> Vec<u8> {
    bpfkit_btf::input::gunzip(&std::fs::read(path).unwrap()).unwrap()
}

fn tool() -> Command {
    Command::new(env!("CARGO_BIN_EXE_btf-to-header"))
}

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-header-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// gzip input straight from testdata, `-o`, `--unsorted`: bpftool 7.8's
/// golden output byte for byte.
#[test]
fn gzip_input_unsorted_matches_golden() {
    let out = tmp("v61.unsorted.h");
    let st = tool()
        .arg(testdata().join("btf/vmlinux-6.1-cloud-amd64.btf.gz"))
        .arg("--unsorted")
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let golden = gunzip(&testdata().join("golden/btf/vmlinux-6.1-cloud-amd64.unsorted.h.gz"));
    assert!(std::fs::read(&out).unwrap() == golden, "differs from golden");
}

/// Module with `--base`, sorted, to stdout: the library's output, which
/// the library's own tests compare with the golden file.
#[test]
fn module_with_base_sorted_stdout() {
    let base = testdata().join("btf/vmlinux-6.1-cloud-amd64.btf.gz");
    let module = testdata().join("btf/tun-6.1-cloud-amd64.btf.gz");
    let out = tool().arg(&module).arg("--base").arg(&base).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let base_data = gunzip(&base);
    let base_btf = bpfkit_btf::Btf::parse(&base_data).unwrap();
    let data = gunzip(&module);
    let btf = bpfkit_btf::Btf::parse_split(&data, &base_btf).unwrap();
    let want = bpfkit_header::header_bytes(&btf, &bpfkit_header::Config::new()).unwrap();
    assert!(out.stdout == want);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("struct tun_struct {"), "module types are there");
    assert!(text.contains("struct task_struct {"), "base types are there");
}

/// ELF input and roots by name and id.
#[test]
fn elf_input_with_roots() {
    let obj = testdata().join("header/cases/syntax.bpf.o");
    let out = tool().arg(&obj).args(["--root", "simple", "--root", "forward_only_ptr_t"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let want = std::fs::read(testdata().join("header/expected/syntax.roots.h")).unwrap();
    assert!(out.stdout == want);
    // A name that does not exist: error, exit 1, no output file.
    let dest = tmp("never.h");
    let out = tool().arg(&obj).args(["--root", "no_such_type", "-o"]).arg(&dest).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no_such_type"));
    assert!(!dest.exists());
}

#[test]
fn bpfkit_btf_dump_format_c_is_the_same() {
    let input = testdata().join("btf/vmlinux-7.1-amd64.btf.gz");
    for extra in [&[][..], &["--unsorted"][..]] {
        let a = tool().arg(&input).args(extra).output().unwrap();
        let b = Command::new(env!("CARGO_BIN_EXE_bpfkit"))
            .args(["btf", "dump", "--format", "c"])
            .args(extra)
            .arg(&input)
            .output()
            .unwrap();
        assert!(a.status.success() && b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
        assert!(a.stdout == b.stdout && a.stdout.len() > 1 << 20);
    }
}

#[test]
fn usage_errors() {
    let out = tool().arg("--bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage: btf-to-header"));
    let out = tool().arg("--help").output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("--unsorted"));
    let out = tool().arg("/nonexistent/file.btf").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.btf"));
    // Not BTF at all.
    let junk = tmp("junk.bin");
    std::fs::write(&junk, b"definitely not BTF").unwrap();
    let out = tool().arg(&junk).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// With no INPUT the default is the running kernel's BTF.
#[test]
fn default_input_is_sysfs_vmlinux() {
    let out = tool().arg("--root").arg("1").output().unwrap();
    if std::path::Path::new("/sys/kernel/btf/vmlinux").exists() {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.starts_with(b"#ifndef __VMLINUX_H__"));
    } else {
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("/sys/kernel/btf/vmlinux") && err.contains("Pass a BTF file"), "{err}");
    }
}

/// On one core (`taskset -c CPU`) the default thread count is 1: the
/// prescan, started before the core count is known, stops at once and the
/// dump makes the whole pass itself. Unsorted: bpftool 7.8's golden output
/// byte for byte; sorted: the library's (which tests/golden.rs compares
/// with the golden file, less the block bpftool 7.8 skips).
#[test]
fn one_core_matches_golden() {
    let what = "btf-to-header on one core";
    if !bpfkit_testkit::tool_on_path("taskset", what) {
        return;
    }
    // The first core this process may run on (not always 0 in a container).
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let allowed = status.lines().find_map(|l| l.strip_prefix("Cpus_allowed_list:")).unwrap().trim();
    let cpu: String = allowed.chars().take_while(char::is_ascii_digit).collect();
    // The premise: under taskset the process sees one core (as `nproc`,
    // which asks the same affinity mask as the standard library).
    let nproc = Command::new("taskset").args(["-c", &cpu, "nproc"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&nproc.stdout).trim(), "1", "taskset -c {cpu} leaves one core");
    let input = testdata().join("btf/vmlinux-6.1-cloud-amd64.btf.gz");
    let data = gunzip(&input);
    let btf = bpfkit_btf::Btf::parse(&data).unwrap();
    let sorted = bpfkit_header::header_bytes(&btf, &bpfkit_header::Config::new()).unwrap();
    let unsorted = gunzip(&testdata().join("golden/btf/vmlinux-6.1-cloud-amd64.unsorted.h.gz"));
    for (order, want) in [("--sorted", sorted), ("--unsorted", unsorted)] {
        let out = Command::new("taskset")
            .args(["-c", &cpu, env!("CARGO_BIN_EXE_btf-to-header"), order])
            .arg(&input)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout == want, "{order} on one core differs");
    }
}

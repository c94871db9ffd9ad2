//! Differential test: what `bpftool gen skeleton` (libbpf's view) lists —
//! maps, programs, and the variables of memory-mapped data sections —
//! equals ours. Skips with a message when bpftool is missing, fails then
//! if `BPFKIT_REQUIRE_TOOLS=1`.

use bpfkit_obj::{ExternKind, MapKind, Object};
use std::path::PathBuf;
use std::process::Command;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/obj")
}

fn have_bpftool() -> bool {
    bpfkit_testkit::have_tool("bpftool", &["version"], "differential test against bpftool gen skeleton")
}

/// The member names of `struct { ... } <tag>;` inside `struct x { ... }`.
fn members(skel: &str, tag: &str) -> Vec<String> {
    let end = format!("}} {tag};");
    let Some(e) = skel.find(&end) else { return Vec::new() };
    let s = skel[..e].rfind("struct {").expect("opening brace");
    skel[s + 8..e]
        .lines()
        .filter_map(|l| {
            let l = l.trim().trim_end_matches(';');
            let name = l.rsplit(['*', ' ']).next()?;
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect()
}

/// The variables of each `struct x__<ident> { ... } *<ident>;`.
fn datasecs(skel: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = skel;
    while let Some(i) = rest.find("\tstruct x__") {
        let after = &rest[i + "\tstruct x__".len()..];
        let ident = after.split_whitespace().next().unwrap().to_string();
        let body_end = after.find("\n\t} *").unwrap();
        let body = &after[after.find('{').unwrap() + 1..body_end];
        let vars: Vec<String> = body
            .lines()
            .filter_map(|l| {
                let l = l.trim().trim_end_matches(';');
                if l.is_empty() {
                    return None;
                }
                // `type name`, `type name[N]`, `type (*name)(...)`
                let head = l.split('[').next().unwrap();
                let name = head.rsplit([' ', '*']).next().unwrap().to_string();
                (!name.starts_with("__pad")).then_some(name)
            })
            .collect();
        out.push((ident, vars));
        rest = &after[body_end..];
    }
    out
}

/// Fixtures Debian's bpftool 7.1 (libbpf 1.1) cannot open, and the words
/// its error must contain: features newer than libbpf 1.1 or refused by it.
fn expected_refusal(file: &str) -> Option<&'static str> {
    if file.contains("bpfeb") {
        return Some("ndian"); // libbpf only opens host-endian objects
    }
    if file.starts_with("legacy.") {
        return Some("legacy map definitions");
    }
    if file.starts_with("newer.") {
        return Some("map_extra"); // __ulong map_extra needs libbpf 1.3
    }
    None
}

#[test]
fn skeleton_matches() {
    if !have_bpftool() {
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".o"))
        .collect();
    files.sort();
    assert!(files.len() >= 24);
    let mut compared = 0;
    for f in &files {
        let bytes = std::fs::read(dir().join(f)).unwrap();
        let obj = Object::parse(&bytes).unwrap_or_else(|e| panic!("{f}: {e}"));
        let out =
            Command::new("bpftool").args(["gen", "skeleton"]).arg(dir().join(f)).args(["name", "x"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if let Some(why) = expected_refusal(f) {
            assert!(
                !out.status.success() && stderr.contains(why),
                "{f}: bpftool should refuse it with '{why}': {stderr}"
            );
            continue;
        }
        assert!(out.status.success(), "{f}: bpftool failed: {stderr}");
        let skel = String::from_utf8(out.stdout).unwrap();
        // maps: bpftool 7.1's libbpf skips .struct_ops.link; all fixtures bpftool reads have none.
        let ours: Vec<String> = obj.maps().iter().map(|m| m.ident()).collect();
        assert_eq!(members(&skel, "maps"), ours, "{f}: maps");
        let ours: Vec<String> = obj.programs().iter().filter(|p| !p.subprog).map(|p| p.name.to_string()).collect();
        assert_eq!(members(&skel, "progs"), ours, "{f}: programs");
        // memory-mapped data sections and their global variables, in libbpf's order
        let mut ours: Vec<(String, Vec<String>)> = Vec::new();
        for m in obj.maps() {
            if m.def.map_flags & bpfkit_obj::map::BPF_F_MMAPABLE == 0 {
                continue;
            }
            let vars = match m.kind {
                MapKind::Data(d) => {
                    obj.data_section(d).unwrap().vars.iter().filter(|v| v.global).map(|v| v.name.to_string()).collect()
                }
                MapKind::Kconfig => obj
                    .externs()
                    .iter()
                    .filter(|e| matches!(e.kind, ExternKind::Kconfig { .. }))
                    .map(|e| e.name.to_string())
                    .collect(),
                _ => continue,
            };
            ours.push((m.ident(), vars));
        }
        assert_eq!(datasecs(&skel), ours, "{f}: data sections");
        compared += 1;
    }
    assert_eq!(compared, 8, "clang 14 and 22 bpfel builds of maps, globals, progs, core");
}

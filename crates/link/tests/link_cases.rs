//! The link cases of `testdata/link/cases.txt` in all four builds (clang 14
//! and 22, bpfel and bpfeb) against the committed outputs of upstream
//! `bpftool gen object` 7.8 (libbpf 1.8), plus single-object links of every
//! `testdata/obj` object, the fixed point, bpfkit-obj consistency and the
//! kernel's verifier.
//!
//! The goldens come from bpftool 7.8, built outside the repository: the
//! ignored test `live` reruns it (`BPFKIT_BPFTOOL78=/path/to/bpftool cargo
//! test -p bpfkit-link --test link_cases -- --ignored`; add `BPFKIT_BLESS=1`
//! to rewrite the goldens).

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The case whose libbpf output is knowingly different (libbpf's weak-override DATASEC bug).
const OVERRIDE: &str = "override";

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The inputs of `case` in `variant`: fixtures, or earlier outputs from `outs`.
fn inputs(case: &Case, variant: &str, outs: &BTreeMap<String, Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    case.inputs
        .iter()
        .map(|i| match i {
            Input::Fixture { name, flip: f } => {
                let v = if *f { flip(variant) } else { variant.to_string() };
                let p = fixture(name, &v);
                (p.file_name().unwrap().to_string_lossy().into_owned(), read(&p))
            }
            Input::Case(c) => {
                (format!("{c}.{variant}.o"), outs.get(c).unwrap_or_else(|| panic!("case {c} has no output")).clone())
            }
        })
        .collect()
}

/// Section names of an ELF file with their (type, flags, align, contents).
fn sections(bytes: &[u8]) -> Vec<(String, u32, u64, u64, Vec<u8>)> {
    let elf = bpfkit_obj::elf::ElfFile::parse(bytes).unwrap();
    elf.sections().iter().map(|s| (s.name.to_string(), s.sh_type.0, s.flags.0, s.align, s.data.to_vec())).collect()
}

#[test]
fn cases_match_bpftool_78() {
    let mut identical = 0;
    let mut total = 0;
    let mut failures = Vec::new();
    for variant in VARIANTS {
        let mut outs = BTreeMap::new();
        for case in cases_for(variant) {
            let ins = inputs(&case, variant, &outs);
            let label = format!("{}.{variant}", case.name);
            let result = link(&ins);
            let gpath = golden(&case.name, variant, case.refuse);
            total += 1;
            if case.refuse {
                assert!(gpath.exists(), "{label}: no golden refusal {} (libbpf's verdict)", gpath.display());
                match result {
                    Ok(_) => failures.push(format!("{label}: bpfkit links what libbpf refuses")),
                    Err(e) => {
                        let msg = e.to_string();
                        // Refusals between two inputs name both of them.
                        if case.name != "byteorder" {
                            let (a, b) = (&ins[ins.len() - 2].0, &ins[ins.len() - 1].0);
                            let named = ins.iter().filter(|(n, _)| msg.contains(n.as_str())).count();
                            assert!(named >= 2, "{label}: error does not name both inputs ({a}, {b}): {msg}");
                        }
                        identical += 1;
                    }
                }
                continue;
            }
            let out = match result {
                Ok(o) => o,
                Err(e) => {
                    failures.push(format!("{label}: bpfkit refuses what libbpf links: {e}"));
                    continue;
                }
            };
            let bad = datasec_inconsistencies(&out);
            assert!(bad.is_empty(), "{label}: bpfkit's output is inconsistent: {bad:?}");
            let expected = read(&gpath);
            if case.name == OVERRIDE {
                // The one deliberate difference: everything but .BTF is libbpf's, and
                // libbpf's DATASEC entries point at the weak copies.
                assert_ne!(out, expected, "{label}: expected to differ from libbpf's buggy output");
                assert!(!datasec_inconsistencies(&expected).is_empty(), "{label}: libbpf's output is consistent now?");
                let (a, b) = (sections(&out), sections(&expected));
                assert_eq!(a.len(), b.len());
                for (x, y) in a.iter().zip(&b) {
                    assert_eq!(x.0, y.0);
                    if x.0 != ".BTF" {
                        assert_eq!(x, y, "{label}: section {} differs from libbpf's", x.0);
                    } else {
                        assert_eq!(x.4.len(), y.4.len(), "{label}: .BTF size");
                    }
                }
            } else if out == expected {
                identical += 1;
            } else {
                failures.push(format!("{label}: differs from bpftool 7.8's output {}", gpath.display()));
            }
            outs.insert(case.name.clone(), out);
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "link cases: {identical}/{total} byte-identical to bpftool 7.8 (or refused like it); override differs by design"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if std::env::var_os("BPFKIT_BPFTOOL78").is_none() {
        bpfkit_testkit::skip(
            "live bpftool 7.8 differential: BPFKIT_BPFTOOL78 not set (the goldens were checked; run the ignored test 'live')",
        );
    }
}

fn single_objects() -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(bpfkit_testkit::testdata().join("obj"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "o"))
        .collect();
    v.sort();
    v
}

fn single_golden(p: &Path) -> PathBuf {
    dir().join("expected/single").join(p.file_name().unwrap())
}

#[test]
fn single_object_links_match_bpftool_78() {
    let objs = single_objects();
    assert!(objs.len() >= 24);
    for p in &objs {
        let out = link(&[(p.display().to_string(), read(p))]).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(out == read(&single_golden(p)), "{}: differs from bpftool 7.8's single-object link", p.display());
    }
    let _ =
        writeln!(std::io::stderr(), "single-object links: {}/{} byte-identical to bpftool 7.8", objs.len(), objs.len());
}

/// Linking an output again twice gives the same bytes both times, and the
/// output reads back in bpfkit-obj with every program, map and
/// `.BTF.ext` record of its inputs.
#[test]
fn fixed_point_and_consistent_with_inputs() {
    for variant in VARIANTS {
        let mut outs = BTreeMap::new();
        for case in cases_for(variant).into_iter().filter(|c| !c.refuse) {
            let ins = inputs(&case, variant, &outs);
            let out = link(&ins).unwrap();
            let once = link(&[("out.o".into(), out.clone())]).unwrap();
            let twice = link(&[("once.o".into(), once.clone())]).unwrap();
            assert!(once == twice, "{}.{variant}: relinking is not a fixed point", case.name);
            let (progs, maps, ext) = summary(&out);
            let (mut eprogs, mut emaps, mut eext) = (BTreeSet::new(), BTreeSet::new(), [0; 3]);
            for (_, b) in &ins {
                let (p, m, x) = summary(b);
                eprogs.extend(p);
                emaps.extend(m);
                for k in 0..3 {
                    eext[k] += x[k];
                }
            }
            assert_eq!(progs, eprogs, "{}.{variant}: programs", case.name);
            assert_eq!(maps, emaps, "{}.{variant}: maps", case.name);
            assert_eq!(ext, eext, "{}.{variant}: .BTF.ext records (func, line, core)", case.name);
            // Inputs with link-time externs are not loadable objects (bpfkit-obj
            // refuses their externs); an input it refuses for another reason
            // (gotox jump tables) makes the output unreadable for it too.
            let unreadable = ins.iter().find_map(|(n, b)| match bpfkit_obj::Object::parse(b) {
                Err(e) if !matches!(e.kind(), bpfkit_obj::ErrorKind::Extern { .. }) => Some((n, e)),
                _ => None,
            });
            if let Some((n, e)) = unreadable {
                assert!(bpfkit_obj::Object::parse(&out).is_err(), "{}.{variant}", case.name);
                bpfkit_testkit::skip(&format!(
                    "bpfkit-obj reading {}.{variant}: it refuses the input {n}: {e}",
                    case.name
                ));
                outs.insert(case.name.clone(), out);
                continue;
            }
            if case.name != "lib_alone" {
                let (oprogs, omaps) = object_summary(&out);
                // bpfkit-obj lists subprograms too, as libbpf does.
                assert!(oprogs.is_superset(&progs), "{}.{variant}: bpfkit-obj's programs {oprogs:?}", case.name);
                assert_eq!(omaps, maps, "{}.{variant}: bpfkit-obj's maps", case.name);
            }
            outs.insert(case.name.clone(), out);
        }
    }
}

/// Runs upstream bpftool 7.8 on every case and single object: its output
/// must equal the goldens (rewritten with `BPFKIT_BLESS=1`) and bpfkit's.
#[test]
#[ignore = "needs upstream bpftool 7.8: set BPFKIT_BPFTOOL78=/path/to/bpftool, run with --ignored"]
fn live() {
    let tool = std::env::var_os("BPFKIT_BPFTOOL78").expect("BPFKIT_BPFTOOL78 is not set");
    let tmp = std::env::temp_dir().join(format!("bpfkit-link-live-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    // Run in testdata/link with fixtures named relatively, so that refusals
    // (kept as goldens) do not record this checkout's path.
    let run = |out: &Path, ins: &[PathBuf]| {
        let ins: Vec<&Path> = ins.iter().map(|p| p.strip_prefix(dir()).unwrap_or(p)).collect();
        Command::new(&tool).current_dir(dir()).arg("gen").arg("object").arg(out).args(ins).output().unwrap()
    };
    let mut differ = Vec::new();
    for variant in VARIANTS {
        let mut outs: BTreeMap<String, PathBuf> = BTreeMap::new();
        for case in cases_for(variant) {
            let paths: Vec<PathBuf> = case
                .inputs
                .iter()
                .map(|i| match i {
                    Input::Fixture { name, flip: f } => fixture(name, &if *f { flip(variant) } else { variant.into() }),
                    Input::Case(c) => outs[c].clone(),
                })
                .collect();
            let out = tmp.join(format!("{}.{variant}.o", case.name));
            let r = run(&out, &paths);
            let g = golden(&case.name, variant, case.refuse);
            assert_eq!(!r.status.success(), case.refuse, "{}.{variant}: bpftool's verdict changed", case.name);
            if case.refuse {
                bpfkit_testkit::check_golden(&g, &r.stderr);
                continue;
            }
            let theirs = read(&out);
            bpfkit_testkit::check_golden(&g, &theirs);
            let ins: Vec<_> = paths.iter().map(|p| (p.display().to_string(), read(p))).collect();
            let ours = link(&ins).unwrap();
            if ours != theirs && case.name != OVERRIDE {
                differ.push(format!("{}.{variant}", case.name));
            }
            // bpftool's fixed point: relinking its output gives ours.
            let re = tmp.join(format!("{}.{variant}.re.o", case.name));
            assert!(run(&re, std::slice::from_ref(&out)).status.success());
            let ours_re = link(&[("x".into(), theirs.clone())]).unwrap();
            if read(&re) != ours_re {
                differ.push(format!("{}.{variant} (relinked)", case.name));
            }
            outs.insert(case.name.clone(), out);
        }
    }
    for p in single_objects() {
        let out = tmp.join("single.o");
        assert!(run(&out, std::slice::from_ref(&p)).status.success(), "{}", p.display());
        let theirs = read(&out);
        bpfkit_testkit::check_golden(&single_golden(&p), &theirs);
        if link(&[(p.display().to_string(), read(&p))]).unwrap() != theirs {
            differ.push(p.display().to_string());
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(differ.is_empty(), "bpfkit differs from bpftool 7.8: {differ:?}");
}

/// The kernel as oracle: every little-endian linked output loads with
/// `bpftool prog loadall` on a private bpffs (libbpf's own output of the
/// override case does not even open).
#[test]
fn linked_objects_load() {
    let Some(loader) = bpfkit_testkit::kernel::Loader::new("loading linked objects") else {
        return;
    };
    let tmp = std::env::temp_dir().join(format!("bpfkit-link-load-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let load = |obj: &Path| loader.load(obj);
    let mut failed = Vec::new();
    let mut loaded = 0;
    for variant in VARIANTS.iter().filter(|v| v.ends_with("bpfel")) {
        let mut outs = BTreeMap::new();
        for case in cases_for(variant).into_iter().filter(|c| !c.refuse) {
            let out = link(&inputs(&case, variant, &outs)).unwrap();
            outs.insert(case.name.clone(), out.clone());
            if case.name == "lib_alone" {
                continue; // a library with unresolved externs is not loadable on its own
            }
            let p = tmp.join(format!("{}.{variant}.o", case.name));
            std::fs::write(&p, &out).unwrap();
            match load(&p) {
                Ok(()) => loaded += 1,
                Err(e) => {
                    // Refused: fine only if an input is refused on its own too.
                    let alone = case.inputs.iter().find_map(|i| match i {
                        Input::Fixture { name, flip: false } => {
                            let f = fixture(name, variant);
                            load(&f).err().map(|_| f.file_name().unwrap().to_string_lossy().into_owned())
                        }
                        _ => None,
                    });
                    match alone {
                        Some(f) => bpfkit_testkit::skip(&format!(
                            "loading {}.{variant}: its input {f} does not load on its own either: {}",
                            case.name,
                            e.lines().next().unwrap_or("")
                        )),
                        None => failed.push(format!("{}.{variant}: {}", case.name, e.lines().last().unwrap_or(""))),
                    }
                }
            }
            if case.name == OVERRIDE {
                assert!(load(&golden(OVERRIDE, variant, false)).is_err(), "libbpf's override output loads now?");
            }
        }
    }
    drop(loader);
    let _ = std::fs::remove_dir_all(&tmp);
    let _ = writeln!(std::io::stderr(), "linked objects loaded by the kernel: {loaded}");
    assert!(failed.is_empty(), "refused by the kernel:\n{}", failed.join("\n"));
}

/// The BTF header length and the rest of an object's `.BTF`.
fn btf_body(bytes: &[u8]) -> (u32, Vec<u8>) {
    let elf = bpfkit_obj::elf::ElfFile::parse(bytes).unwrap();
    let d = elf.section_by_name(".BTF").expect(".BTF").data;
    let e = elf.header().endian;
    let hl = e.read_u32(d, 4).unwrap();
    (hl, d[hl as usize..].to_vec())
}

/// Debian's bpftool 7.1 (libbpf 1.1) on the little-endian cases made of
/// fixtures only (it reads neither big-endian inputs nor the 32-byte BTF
/// header of linked outputs): every section equals bpfkit's but `.BTF`,
/// whose 24-byte header is libbpf 1.1's and whose types and strings are the same.
#[test]
fn debian_bpftool_71_differs_only_in_the_btf_header() {
    if !bpfkit_testkit::have_tool("bpftool", &["version"], "bpftool 7.1 differential") {
        return;
    }
    let v = Command::new("bpftool").arg("version").output().unwrap();
    if !String::from_utf8_lossy(&v.stdout).contains("libbpf v1.1") {
        bpfkit_testkit::skip("bpftool 7.1 differential: bpftool on PATH is not 7.1 (libbpf 1.1)");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("bpfkit-link-71-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut compared = 0;
    for variant in VARIANTS.iter().filter(|v| v.ends_with("bpfel")) {
        for case in cases_for(variant).into_iter().filter(|c| !c.refuse) {
            if case.inputs.iter().any(|i| matches!(i, Input::Case(_))) {
                continue;
            }
            let ins = inputs(&case, variant, &BTreeMap::new());
            let paths: Vec<PathBuf> = ins.iter().map(|(n, _)| dir().join(n)).collect();
            let out = tmp.join("out.o");
            let r = Command::new("bpftool").arg("gen").arg("object").arg(&out).args(&paths).output().unwrap();
            // What libbpf 1.1 cannot link: a kfunc declared in two inputs (it
            // resolves the size of FUNCs, fixed in 1.5) and .jumptables (1.7).
            let old = match case.name.as_str() {
                "ksyms" => Some("failed to resolve size"),
                "jumptables" => Some("failed to find BTF info for global/extern symbol 'BPF.JT"),
                _ => None,
            };
            if let Some(why) = old {
                let err = String::from_utf8_lossy(&r.stderr);
                assert!(!r.status.success() && err.contains(why), "{}.{variant}: {err}", case.name);
                continue;
            }
            assert!(
                r.status.success(),
                "{}.{variant}: bpftool 7.1 refused: {}",
                case.name,
                String::from_utf8_lossy(&r.stderr)
            );
            let (theirs, ours) = (read(&out), link(&ins).unwrap());
            for (a, b) in sections(&theirs).iter().zip(&sections(&ours)) {
                assert_eq!(a.0, b.0, "{}.{variant}: section order", case.name);
                if a.0 != ".BTF" {
                    assert_eq!(a, b, "{}.{variant}: section {}", case.name, a.0);
                }
            }
            let ((h71, b71), (h18, b18)) = (btf_body(&theirs), btf_body(&ours));
            assert_eq!((h71, h18), (24, 32), "{}.{variant}: BTF header lengths", case.name);
            if case.name != OVERRIDE {
                assert!(b71 == b18, "{}.{variant}: .BTF types/strings differ from libbpf 1.1's", case.name);
            }
            compared += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    let _ = writeln!(std::io::stderr(), "bpftool 7.1: {compared} links equal but for the BTF header");
}

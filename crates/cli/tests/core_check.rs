//! Differential test of `bpfkit core check`: its answer to "will this
//! object load on the running kernel?" against the kernel itself, asked
//! with `bpftool prog loadall` (libbpf's relocation, extern resolution and
//! the verifier).
//!
//! Objects: every `testdata/check/*.o` (one program each but struct_ops, see
//! `testdata/check/expected.md`) and every other little-endian object under
//! `testdata/obj`, `testdata/core` and `testdata/link` with an entry
//! program; the verdict compared is the object-level one.
//!
//! Needs root, a bpftool (`BPFKIT_BPFTOOL78`, else `bpftool` on `PATH`), a
//! private bpffs and `/sys/kernel/btf/vmlinux`; skips visibly without them
//! (fails under `BPFKIT_REQUIRE_TOOLS=1`).
//!
//! A load the kernel refuses with `-EPERM` before verifying anything (here:
//! every trampoline program, fentry/fexit/fmod_ret/lsm, on a VM whose
//! kernel does not allow them) is no verdict on the object: such objects are
//! listed as SKIP lines and left out of the comparison.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const VMLINUX: &str = "/sys/kernel/btf/vmlinux";

/// What the kernel said about one object.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kernel {
    /// `bpftool prog loadall` exited 0.
    Loads,
    /// It failed; the most telling line of its stderr.
    Rejected(String),
    /// It failed with `-EPERM` before the verifier ran: no verdict.
    NoVerdict(String),
}

impl Kernel {
    fn word(&self) -> &'static str {
        match self {
            Kernel::Loads => "loads",
            Kernel::Rejected(_) => "rejected",
            Kernel::NoVerdict(_) => "EPERM",
        }
    }
    fn why(&self) -> &str {
        match self {
            Kernel::Loads => "",
            Kernel::Rejected(w) | Kernel::NoVerdict(w) => w,
        }
    }
}

/// The kernel's verdict on one object, from `bpftool prog loadall`.
fn load(loader: &bpfkit_testkit::kernel::Loader, obj: &Path) -> Kernel {
    let Err(err) = loader.load(obj) else { return Kernel::Loads };
    let why = telling_line(&err);
    // libbpf 1.8 prints `-EPERM`, libbpf 1.1 `Operation not permitted`.
    let eperm = ["BPF program load failed: -EPERM", "BPF program load failed: Operation not permitted"];
    if eperm.iter().any(|e| err.contains(e)) && !err.contains("-- BEGIN PROG LOAD LOG --") {
        Kernel::NoVerdict(why)
    } else {
        Kernel::Rejected(why)
    }
}

/// The verifier's last message before its `processed N insns` line, or
/// else libbpf's last line that is not one of its generic trailers.
fn telling_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    if let Some(i) = lines.iter().position(|l| l.starts_with("processed "))
        && i > 0
    {
        return lines[i - 1].to_string();
    }
    let generic = [
        "failed to load object",
        "Error: failed to",
        "failed to load:",
        "prepare load attr",
        "try raising",
        "running in libbpf strict mode",
        "see --legacy option",
    ];
    lines
        .iter()
        .rev()
        .find(|l| !generic.iter().any(|g| l.contains(g)))
        .or(lines.last())
        .map(|l| l.to_string())
        .unwrap_or_default()
}

/// `*.o` files under `dir`, recursively, sorted.
fn objects_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            objects_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "o") {
            out.push(p);
        }
    }
}

/// Whether an ELF file is little-endian (`EI_DATA` = `ELFDATA2LSB`).
fn little_endian(bytes: &[u8]) -> bool {
    bytes.len() > 5 && bytes[..4] == *b"\x7fELF" && bytes[5] == 1
}

/// Whether bpfkit-obj finds an entry program (not only subprograms) in it.
fn has_entry_program(bytes: &[u8]) -> bool {
    bpfkit_obj::Object::parse(bytes).is_ok_and(|o| o.programs().iter().any(|p| !p.subprog))
}

/// The objects of the differential test: all of `testdata/check`, then the
/// little-endian objects with programs of the other object directories.
fn all_objects() -> Vec<PathBuf> {
    let td = bpfkit_testkit::testdata();
    let mut check = Vec::new();
    objects_under(&td.join("check"), &mut check);
    assert!(!check.is_empty(), "no testdata/check objects");
    let mut others = Vec::new();
    for d in ["obj", "core", "link"] {
        objects_under(&td.join(d), &mut others);
    }
    others.retain(|p| {
        let b = std::fs::read(p).unwrap();
        little_endian(&b) && has_entry_program(&b)
    });
    check.extend(others);
    check
}

/// A path relative to `testdata/`, for tables.
fn short(p: &Path) -> String {
    let td = bpfkit_testkit::testdata();
    p.strip_prefix(&td).unwrap_or(p).display().to_string()
}

/// What `bpfkit core check OBJ --targets vmlinux --json` said.
struct Bpfkit {
    /// `kernels[0].verdict`, or a description of why there is none.
    verdict: String,
    /// Every program's reasons, `name: rule: message`.
    reasons: Vec<String>,
    exit_ok: bool,
}

fn bpfkit_check(obj: &Path) -> Bpfkit {
    let out = Command::new(env!("CARGO_BIN_EXE_bpfkit"))
        .args(["core", "check"])
        .arg(obj)
        .args(["--targets", VMLINUX, "--json"])
        .output()
        .unwrap();
    let exit_ok = out.status.success();
    let json: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(_) => {
            let err = String::from_utf8_lossy(&out.stderr);
            let first = err.lines().next().unwrap_or("").to_string();
            return Bpfkit {
                verdict: format!("no JSON (exit {:?}: {first})", out.status.code()),
                reasons: vec![],
                exit_ok,
            };
        }
    };
    let k = &json["kernels"][0];
    let verdict = match k["verdict"].as_str() {
        Some(v) => v.to_string(),
        None => format!("no kernels[0].verdict in {}", json.to_string().chars().take(120).collect::<String>()),
    };
    let mut reasons = Vec::new();
    if let Some(e) = k["error"].as_str() {
        reasons.push(format!("error: {e}"));
    }
    for p in k["programs"].as_array().into_iter().flatten() {
        for r in p["reasons"].as_array().into_iter().flatten() {
            reasons.push(format!(
                "{}: {}: {}",
                p["name"].as_str().unwrap_or("?"),
                r["rule"].as_str().unwrap_or("?"),
                r["message"].as_str().unwrap_or("?")
            ));
        }
    }
    Bpfkit { verdict, reasons, exit_ok }
}

/// The kernel's verdict on every object of [`all_objects`], loaded once per
/// test binary (both tests need them; each load takes a while), or `None`
/// when loading is not possible here (reported by the loader).
fn kernel_verdicts() -> Option<&'static BTreeMap<PathBuf, Kernel>> {
    static VERDICTS: std::sync::Mutex<Option<&'static BTreeMap<PathBuf, Kernel>>> = std::sync::Mutex::new(None);
    let mut slot = VERDICTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = *slot {
        return Some(v);
    }
    let what = "core check against the kernel";
    if !Path::new(VMLINUX).exists() {
        bpfkit_testkit::missing(what, "no /sys/kernel/btf/vmlinux");
        return None;
    }
    let loader = bpfkit_testkit::kernel::Loader::new(what)?;
    // Two loads at a time (the verifier is CPU work, the rest waiting).
    let objs = all_objects();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let got: Vec<std::sync::Mutex<Option<Kernel>>> = objs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(o) = objs.get(i) else { break };
                    *got[i].lock().unwrap() = Some(load(&loader, o));
                }
            });
        }
    });
    let v: BTreeMap<PathBuf, Kernel> =
        objs.into_iter().zip(got).map(|(o, k)| (o, k.into_inner().unwrap().unwrap())).collect();
    let v: &'static BTreeMap<PathBuf, Kernel> = Box::leak(Box::new(v));
    *slot = Some(v);
    Some(v)
}

/// `bpfkit core check` of every object, on as many threads as there are
/// cores (in a debug build each run parses vmlinux).
fn bpfkit_checks(objs: &[PathBuf]) -> Vec<Bpfkit> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let out: Vec<std::sync::Mutex<Option<Bpfkit>>> = objs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(o) = objs.get(i) else { break };
                    *out[i].lock().unwrap() = Some(bpfkit_check(o));
                }
            });
        }
    });
    out.into_iter().map(|m| m.into_inner().unwrap().unwrap()).collect()
}

/// Rejections `core check` does not model (docs/core.md, "What core check
/// does not model"), recognized by the kernel's or libbpf's own message: the
/// kernel's per-program-type helper and kfunc sets, kfunc flags
/// (sleepable), and map creation. When the kernel rejects for one of these
/// and bpfkit says "loads", the object is counted and listed as outside the
/// model, not as a disagreement; every other difference fails.
const NOT_MODELLED: &[&str] =
    &["cannot use helper", "calling kernel function", "must be sleepable", "failed to create"];

#[test]
fn core_check_agrees_with_the_kernel() {
    // bpfkit's answers while the kernel loads (the two take about as long).
    let objs = all_objects();
    let (verdicts, ours_all) = std::thread::scope(|s| {
        let ours = s.spawn(|| bpfkit_checks(&objs));
        (kernel_verdicts(), ours.join().unwrap())
    });
    let Some(verdicts) = verdicts else {
        return;
    };
    let mut stderr = std::io::stderr();
    let mut mismatches = Vec::new();
    let mut outside = Vec::new();
    let (mut loads, mut rejected, mut no_verdict) = (0, 0, 0);
    for (obj, ours) in objs.iter().zip(ours_all) {
        let kernel = verdicts[obj].clone();
        let name = short(obj);
        let _ = writeln!(stderr, "kernel: {:<8} {name} {}", kernel.word(), kernel.why());
        match &kernel {
            Kernel::Loads => loads += 1,
            Kernel::Rejected(_) => rejected += 1,
            Kernel::NoVerdict(why) => {
                no_verdict += 1;
                bpfkit_testkit::skip(&format!("core check of {name}: the kernel gives no verdict: {why}"));
                continue;
            }
        }
        let kernel_word = kernel.word();
        if matches!(kernel, Kernel::Rejected(_))
            && ours.verdict == "loads"
            && let Some(m) = NOT_MODELLED.iter().find(|m| kernel.why().contains(*m))
        {
            outside.push(format!("{name} (kernel: {m})"));
            continue;
        }
        let mut wrong = Vec::new();
        if ours.verdict != kernel_word {
            wrong.push(format!("verdict {}", ours.verdict));
        }
        if ours.exit_ok != (ours.verdict == "loads") {
            wrong.push(format!("exit status {} with verdict {}", if ours.exit_ok { 0 } else { 1 }, ours.verdict));
        }
        if !wrong.is_empty() {
            mismatches.push(format!(
                "| {name} | {kernel_word} | {} | {} | {} |",
                wrong.join("; "),
                ours.reasons.join("; "),
                kernel.why()
            ));
        }
    }
    let _ =
        writeln!(stderr, "kernel verdicts: {loads} load, {rejected} rejected, {no_verdict} without a verdict (EPERM)");
    let _ =
        writeln!(stderr, "rejected for reasons core check does not model ({}): {}", outside.len(), outside.join(", "));
    let agree = loads + rejected - outside.len() - mismatches.len();
    let _ = writeln!(stderr, "core check agrees with the kernel on {agree} of {} objects", loads + rejected);
    assert!(loads >= 5 && rejected >= 5, "vacuous run: {loads} objects load, {rejected} rejected");
    assert!(
        mismatches.is_empty(),
        "bpfkit core check disagrees with the kernel on {} objects:\n\
         | object | kernel says | bpfkit says | bpfkit's reasons | kernel's last error |\n|---|---|---|---|---|\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// One row of `testdata/check/expected.md`: a case and the verdict recorded.
fn expected_rows(doc: &str) -> BTreeMap<String, String> {
    let mut rows = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `case` | verdict | why |  ->  ["", "`case`", "verdict", ...]
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let case = cells[1].trim_matches('`').to_string();
        let verdict = cells[2].split_whitespace().next().unwrap_or("").to_string();
        assert!(rows.insert(case.clone(), verdict).is_none(), "expected.md: {case} twice");
    }
    rows
}

/// The kernel release `expected.md` was recorded on (its `Recorded on
/// Linux X` line).
fn recorded_release(doc: &str) -> Option<&str> {
    doc.lines().find_map(|l| l.strip_prefix("Recorded on Linux ")).and_then(|r| r.split_whitespace().next())
}

#[test]
fn expected_md_matches_the_kernel() {
    let dir = bpfkit_testkit::testdata().join("check");
    let doc = std::fs::read_to_string(dir.join("expected.md")).unwrap();
    let rows = expected_rows(&doc);
    // Every object has its row, whatever the kernel.
    let mut objs = Vec::new();
    objects_under(&dir, &mut objs);
    let mut cases = BTreeMap::new();
    for o in &objs {
        let file = o.file_name().unwrap().to_string_lossy().into_owned();
        let case = file.split('.').next().unwrap().to_string();
        assert!(rows.contains_key(&case), "expected.md has no row for {file}");
        cases.entry(case).or_insert_with(Vec::new).push(o.clone());
    }
    for case in rows.keys() {
        assert!(cases.contains_key(case), "expected.md lists {case}, which has no object");
    }
    let release = recorded_release(&doc).expect("expected.md: no 'Recorded on Linux X' line");
    let running = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    if !running.trim().starts_with(release) {
        bpfkit_testkit::skip(&format!(
            "expected.md against the kernel: recorded on {release}, running {}",
            running.trim()
        ));
        return;
    }
    let Some(verdicts) = kernel_verdicts() else {
        return;
    };
    let mut wrong = Vec::new();
    for (case, objs) in &cases {
        for o in objs {
            let k = &verdicts[o];
            if k.word() != rows[case] {
                wrong.push(format!(
                    "{}: expected.md says {}, the kernel {} ({})",
                    short(o),
                    rows[case],
                    k.word(),
                    k.why()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "testdata/check/expected.md is out of date:\n{}", wrong.join("\n"));
}

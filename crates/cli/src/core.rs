//! `bpfkit core ...`: CO-RE relocation of BPF objects against kernel BTF.
//!
//! * `core relocate OBJ [--target BTF] [--module BTF]... [--json]`
//! * `core check OBJ --targets DIR_OR_FILE...`
//! * `core minimize OBJ... --target BTF -o OUT`

use crate::btf::{VMLINUX, load_btf_bytes, parse_btf};
use crate::error::CliError;
use crate::input::read_file;
use bpfkit_btf::Btf;
use bpfkit_obj::Object;
use bpfkit_relo::report::{self, Entry, Status};
use bpfkit_relo::{Targets, relocate};
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const USAGE: &str = "core relocate OBJ [--target BTF] [--module BTF]... [--json] | \
core check OBJ --targets DIR_OR_FILE... | core minimize OBJ... --target BTF -o OUT";

/// Entry point of `bpfkit core`.
pub fn main(args: &[String]) -> Result<(), CliError> {
    match args.split_first() {
        Some((cmd, rest)) if cmd == "relocate" => relocate_cmd(rest),
        Some((cmd, rest)) if cmd == "check" => check_cmd(rest),
        Some((cmd, rest)) if cmd == "minimize" => minimize_cmd(rest),
        Some((cmd, _)) => Err(CliError::Usage(format!("unknown core command '{cmd}' ({USAGE})"))),
        None => Err(CliError::Usage(format!("core: missing command ({USAGE})"))),
    }
}

fn other(e: impl std::fmt::Display) -> CliError {
    CliError::Other(e.to_string())
}

fn parse_obj<'a>(bytes: &'a [u8], path: &Path) -> Result<Object<'a>, CliError> {
    Object::parse(bytes).map_err(|e| CliError::Other(format!("{}: {e}", path.display())))
}

/// A module's name from its file name (`/sys/kernel/btf/tun` → `tun`,
/// `nf_conntrack-6.1.btf.gz` → `nf_conntrack-6`).
fn module_name(path: &Path) -> String {
    let n = path.file_name().and_then(|n| n.to_str()).unwrap_or("module");
    n.split('.').next().unwrap_or(n).to_string()
}

fn check_target(path: &Path) -> Result<(), CliError> {
    if path == Path::new(VMLINUX) && !path.exists() {
        return Err(CliError::Other(format!(
            "{VMLINUX} does not exist: this kernel exposes no BTF; pass --target FILE (raw, gzip or ELF BTF)"
        )));
    }
    Ok(())
}

fn relocate_cmd(args: &[String]) -> Result<(), CliError> {
    let mut obj_path: Option<PathBuf> = None;
    let mut target = PathBuf::from(VMLINUX);
    let mut modules: Vec<PathBuf> = Vec::new();
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |n: &str| it.next().cloned().ok_or_else(|| CliError::Usage(format!("{n} needs a value")));
        match a.as_str() {
            "--target" | "-t" => target = value("--target")?.into(),
            "--module" | "-m" => modules.push(value("--module")?.into()),
            "--json" | "-j" => json = true,
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s => {
                if obj_path.replace(s.into()).is_some() {
                    return Err(CliError::Usage("core relocate takes one object".into()));
                }
            }
        }
    }
    let obj_path = obj_path.ok_or_else(|| CliError::Usage("core relocate: missing OBJ".into()))?;
    check_target(&target)?;
    let obj_file = read_file(&obj_path)?;
    let obj = parse_obj(&obj_file, &obj_path)?;
    let tfile = read_file(&target)?;
    let tbytes = load_btf_bytes(&tfile, &target)?;
    let vmlinux = parse_btf(&tbytes, &target, None)?;
    let mfiles = modules.iter().map(|p| read_file(p)).collect::<Result<Vec<_>, _>>()?;
    let mbytes: Vec<Cow<'_, [u8]>> =
        mfiles.iter().zip(&modules).map(|(f, p)| load_btf_bytes(f, p)).collect::<Result<_, _>>()?;
    let mbtfs: Vec<Btf<'_>> =
        mbytes.iter().zip(&modules).map(|(b, p)| parse_btf(b, p, Some(&vmlinux))).collect::<Result<_, _>>()?;
    let names: Vec<String> = modules.iter().map(|p| module_name(p)).collect();
    let mut targets = Targets::new(&vmlinux);
    for (b, n) in mbtfs.iter().zip(&names) {
        targets.add_module(n, b);
    }
    let rel = relocate(&obj, &targets).map_err(|e| CliError::Other(format!("{}: {e}", obj_path.display())))?;
    let entries = report::entries(&obj, &targets, &rel);
    let mut out = std::io::stdout().lock();
    if json {
        out.write_all(report::to_json(&entries).as_bytes()).map_err(CliError::output)?;
    } else {
        write_text(&mut out, &rel, &entries).map_err(CliError::output)?;
    }
    out.flush().map_err(CliError::output)?;
    let failed = entries.iter().filter(|e| e.status == Status::Failed).count();
    if failed > 0 {
        return Err(CliError::Other(format!("{failed} relocation(s) failed; libbpf would refuse to load this object")));
    }
    Ok(())
}

fn write_text(out: &mut impl Write, rel: &bpfkit_relo::Relocation<'_>, entries: &[Entry]) -> std::io::Result<()> {
    for p in &rel.programs {
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.program == p.name).collect();
        let kind = if p.uncalled_subprog { "subprogram (not called by any program)" } else { "program" };
        writeln!(
            out,
            "{kind} '{}' (section '{}'): {} instructions, {} CO-RE relocations",
            p.name,
            p.section,
            p.insns.len(),
            mine.len()
        )?;
        for e in mine {
            for l in &e.log {
                writeln!(out, "  {l}")?;
            }
            if let Some(r) = &e.reason {
                writeln!(out, "    reason: {r}")?;
            }
        }
    }
    let count = |s: Status| entries.iter().filter(|e| e.status == s).count();
    writeln!(
        out,
        "{} relocations: {} ok, {} poisoned, {} failed",
        entries.len(),
        count(Status::Ok),
        count(Status::Poisoned),
        count(Status::Failed)
    )
}

/// The result of checking one kernel.
fn check_one(obj: &Object<'_>, path: &Path) -> (bool, String) {
    let name = path.display().to_string();
    let file = match read_file(path) {
        Ok(f) => f,
        Err(e) => return (false, format!("{name}: ERROR {e}\n")),
    };
    let bytes = match load_btf_bytes(&file, path) {
        Ok(b) => b,
        Err(e) => return (false, format!("{name}: ERROR {e}\n")),
    };
    let btf = match Btf::parse(&bytes) {
        Ok(b) => b,
        Err(e) => return (false, format!("{name}: ERROR not a usable vmlinux BTF: {e}\n")),
    };
    let targets = Targets::new(&btf);
    let rel = match relocate(obj, &targets) {
        Ok(r) => r,
        Err(e) => return (false, format!("{name}: ERROR {e}\n")),
    };
    let entries = report::entries(obj, &targets, &rel);
    let bad: Vec<&Entry> = entries.iter().filter(|e| e.status != Status::Ok).collect();
    if bad.is_empty() {
        return (true, format!("{name}: OK ({} relocations)\n", entries.len()));
    }
    let failed = bad.iter().filter(|e| e.status == Status::Failed).count();
    let mut s = format!(
        "{name}: {} of {} relocations poisoned, {failed} failed{}\n",
        bad.len() - failed,
        entries.len(),
        if failed > 0 { " (libbpf would refuse to load)" } else { "" }
    );
    for e in bad {
        let what =
            if e.local_spec.is_empty() { format!("{} '{}'", e.local_type, e.access) } else { e.local_spec.clone() };
        s.push_str(&format!(
            "  prog '{}' insn #{} <{}> {what}: {} — {}\n",
            e.program,
            e.insn_idx,
            e.kind,
            e.status.name(),
            e.reason.as_deref().unwrap_or("")
        ));
    }
    (failed == 0, s)
}

fn collect_targets(specs: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for p in specs {
        if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| CliError::Io(format!("cannot list {}", p.display()), e))?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| {
                    // In a directory, kernel BTFs only: module BTF is split and
                    // needs its vmlinux (use `core relocate --module`).
                    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    n.starts_with("vmlinux")
                })
                .collect();
            v.sort();
            out.extend(v);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn check_cmd(args: &[String]) -> Result<(), CliError> {
    let mut obj_path: Option<PathBuf> = None;
    let mut specs: Vec<PathBuf> = Vec::new();
    let mut in_targets = false;
    for a in args {
        match a.as_str() {
            "--targets" | "-T" => in_targets = true,
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s if in_targets => specs.push(s.into()),
            s => {
                if obj_path.replace(s.into()).is_some() {
                    return Err(CliError::Usage("core check takes one object (targets go after --targets)".into()));
                }
            }
        }
    }
    let obj_path = obj_path.ok_or_else(|| CliError::Usage("core check: missing OBJ".into()))?;
    if specs.is_empty() {
        return Err(CliError::Usage("core check: missing --targets DIR_OR_FILE...".into()));
    }
    let targets = collect_targets(&specs)?;
    if targets.is_empty() {
        return Err(CliError::Other("core check: no kernel BTF found (directories are searched for vmlinux*)".into()));
    }
    let obj_file = read_file(&obj_path)?;
    let obj = parse_obj(&obj_file, &obj_path)?;
    let results: Vec<std::sync::Mutex<Option<(bool, String)>>> =
        targets.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(targets.len()).max(1);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(t) = targets.get(i) else { break };
                    let r = check_one(&obj, t);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(r);
                    }
                }
            });
        }
    });
    let mut out = std::io::stdout().lock();
    let mut all_ok = true;
    for r in results {
        let (ok, text) = r.into_inner().ok().flatten().unwrap_or((false, String::from("internal error\n")));
        all_ok &= ok;
        out.write_all(text.as_bytes()).map_err(CliError::output)?;
    }
    out.flush().map_err(CliError::output)?;
    if !all_ok {
        return Err(CliError::Other("some kernels can't load this object (failed relocations or unusable BTF)".into()));
    }
    Ok(())
}

fn minimize_cmd(args: &[String]) -> Result<(), CliError> {
    let mut objs: Vec<PathBuf> = Vec::new();
    let mut target: Option<PathBuf> = None;
    let mut output: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |n: &str| it.next().cloned().ok_or_else(|| CliError::Usage(format!("{n} needs a value")));
        match a.as_str() {
            "--target" | "-t" => target = Some(value("--target")?.into()),
            "-o" | "--output" => output = Some(value("-o")?.into()),
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s => objs.push(s.into()),
        }
    }
    if objs.is_empty() {
        return Err(CliError::Usage("core minimize: missing OBJ".into()));
    }
    let target = target.ok_or_else(|| CliError::Usage("core minimize: missing --target BTF".into()))?;
    let output = output.ok_or_else(|| CliError::Usage("core minimize: missing -o OUT".into()))?;
    let tfile = read_file(&target)?;
    let tbytes = load_btf_bytes(&tfile, &target)?;
    let btf = parse_btf(&tbytes, &target, None)?;
    let targets = Targets::new(&btf);
    let files = objs.iter().map(|p| read_file(p)).collect::<Result<Vec<_>, _>>()?;
    let parsed = files.iter().zip(&objs).map(|(f, p)| parse_obj(f, p)).collect::<Result<Vec<_>, _>>()?;
    let mut marks = bpfkit_relo::minimize::Marks::new(btf.type_count());
    for (o, p) in parsed.iter().zip(&objs) {
        let rel = relocate(o, &targets).map_err(|e| CliError::Other(format!("{}: {e}", p.display())))?;
        marks.record_all(&btf, &rel.records).map_err(|e| CliError::Other(format!("{}: {e}", p.display())))?;
    }
    let bytes = marks.build(&btf, btf.endian()).map_err(other)?;
    std::fs::write(&output, &bytes).map_err(|e| CliError::Io(format!("cannot write {}", output.display()), e))?;
    Ok(())
}

//! `bpfkit core ...`: CO-RE relocation of BPF objects against kernel BTF.
//!
//! * `core relocate OBJ [--target BTF] [--module BTF]... [--json]`
//! * `core check OBJ --targets DIR_OR_FILE...`
//! * `core minimize OBJ... --target BTF -o OUT`

use crate::btf::{VMLINUX, load_btf_bytes, parse_btf};
use crate::error::CliError;
use crate::input::read_file;
use crate::output::Output;
use crate::pretty::PrettyJson;
use bpfkit_btf::Btf;
use bpfkit_obj::Object;
use bpfkit_relo::report::{self, Entry, Status as ReloStatus};
use bpfkit_relo::verdict::{self, KernelEnv, Status, Verdict};
use bpfkit_relo::{Targets, relocate};
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// `bpfkit core ...`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The `core` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Apply CO-RE relocations like libbpf and report each one
    #[command(after_help = "\
Examples:
  bpfkit core relocate prog.o                          # against /sys/kernel/btf/vmlinux
  bpfkit core relocate prog.o -t vmlinux-6.1.btf.gz -m tun.btf -j")]
    Relocate(RelocateArgs),
    /// Will it load? Per kernel: loads, or will be rejected and why
    #[command(after_help = "\
Exit status 0 only when every program loads on every kernel.

Examples:
  bpfkit core check prog.o --targets /sys/kernel/btf/vmlinux
  bpfkit core check prog.o --targets btfhub/ubuntu/22.04/x86_64/
  bpfkit core check prog.o -T vmlinux-5.4.btf vmlinux-6.1.btf --kconfig config-5.4 -v")]
    Check(CheckArgs),
    /// Minimal BTF resolving the same relocations (bpftool gen min_core_btf)
    #[command(after_help = "\
Examples:
  bpfkit core minimize a.o b.o --target vmlinux-5.4.btf -o min.btf
  bpfkit gen min_core_btf vmlinux-5.4.btf min.btf a.o b.o   # bpftool's spelling")]
    Minimize(MinimizeArgs),
}

/// Arguments of `core relocate`.
#[derive(clap::Args, Debug)]
pub struct RelocateArgs {
    /// The BPF ELF object (`-` is standard input)
    #[arg(value_name = "OBJ")]
    pub obj: PathBuf,
    /// Kernel BTF (raw, gzip or ELF)
    #[arg(short, long, value_name = "BTF", default_value = VMLINUX)]
    pub target: PathBuf,
    /// Module BTF, split on the target (repeatable)
    #[arg(short, long = "module", value_name = "BTF")]
    pub modules: Vec<PathBuf>,
    /// JSON output
    #[arg(short, long)]
    pub json: bool,
    /// Pretty-printed JSON (implies --json)
    #[arg(short, long)]
    pub pretty: bool,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `core check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The BPF ELF object (`-` is standard input)
    #[arg(value_name = "OBJ")]
    pub obj: PathBuf,
    /// Kernel BTF files, or directories searched for vmlinux*
    #[arg(short = 'T', long, value_name = "DIR_OR_FILE", num_args = 1.., required = true)]
    pub targets: Vec<PathBuf>,
    /// Kernel config (plain or gzip) for `.kconfig` externs, for every target
    /// (default: the running kernel's for /sys/kernel/btf/vmlinux, none for others)
    #[arg(long, value_name = "FILE")]
    pub kconfig: Option<PathBuf>,
    /// Also print every poisoned or failed CO-RE relocation
    #[arg(short, long)]
    pub verbose: bool,
    /// JSON output
    #[arg(short, long)]
    pub json: bool,
    /// Pretty-printed JSON (implies --json)
    #[arg(short, long)]
    pub pretty: bool,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `core minimize`.
#[derive(clap::Args, Debug)]
pub struct MinimizeArgs {
    /// BPF ELF objects
    #[arg(value_name = "OBJ", required = true)]
    pub objs: Vec<PathBuf>,
    /// Kernel BTF to minimize (raw, gzip or ELF)
    #[arg(short, long, value_name = "BTF", required = true)]
    pub target: PathBuf,
    /// Where to write the minimized BTF (`-` is standard output)
    #[arg(short, long, value_name = "OUT", required = true)]
    pub output: PathBuf,
}

/// Runs `bpfkit core ...`.
pub fn run(args: &Args) -> Result<(), CliError> {
    match &args.command {
        Command::Relocate(a) => relocate_cmd(a),
        Command::Check(a) => check_cmd(a),
        Command::Minimize(a) => minimize(&a.objs, &a.target, &a.output),
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

fn relocate_cmd(args: &RelocateArgs) -> Result<(), CliError> {
    let (obj_path, target, modules) = (&args.obj, &args.target, &args.modules);
    check_target(target)?;
    let obj_file = read_file(obj_path)?;
    let obj = parse_obj(&obj_file, obj_path)?;
    let tfile = read_file(target)?;
    let tbytes = load_btf_bytes(&tfile, target)?;
    let vmlinux = parse_btf(&tbytes, target, None)?;
    let mfiles = modules.iter().map(|p| read_file(p)).collect::<Result<Vec<_>, _>>()?;
    let mbytes: Vec<Cow<'_, [u8]>> =
        mfiles.iter().zip(modules).map(|(f, p)| load_btf_bytes(f, p)).collect::<Result<_, _>>()?;
    let mbtfs: Vec<Btf<'_>> =
        mbytes.iter().zip(modules).map(|(b, p)| parse_btf(b, p, Some(&vmlinux))).collect::<Result<_, _>>()?;
    let names: Vec<String> = modules.iter().map(|p| module_name(p)).collect();
    let mut targets = Targets::new(&vmlinux);
    for (b, n) in mbtfs.iter().zip(&names) {
        targets.add_module(n, b);
    }
    let rel = relocate(&obj, &targets).map_err(|e| CliError::Other(format!("{}: {e}", obj_path.display())))?;
    let entries = report::entries(&obj, &targets, &rel);
    let mut out = Output::open(args.output.as_deref())?;
    let r = if args.pretty {
        let mut p = PrettyJson::new(&mut out);
        p.write_all(report::to_json(&entries).as_bytes()).and_then(|()| p.flush())
    } else if args.json {
        out.write_all(report::to_json(&entries).as_bytes())
    } else {
        write_text(&mut out, &rel, &entries)
    };
    r.map_err(|e| out.error(e))?;
    out.finish()?;
    let failed = entries.iter().filter(|e| e.status == ReloStatus::Failed).count();
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
    let count = |s: ReloStatus| entries.iter().filter(|e| e.status == s).count();
    writeln!(
        out,
        "{} relocations: {} ok, {} poisoned, {} failed",
        entries.len(),
        count(ReloStatus::Ok),
        count(ReloStatus::Poisoned),
        count(ReloStatus::Failed)
    )
}

/// The verdict on one kernel, or why it could not be checked, with the
/// per-relocation detail for `-v`.
struct Checked {
    target: String,
    verdict: Option<Verdict>,
    error: Option<String>,
    detail: Vec<String>,
}

impl Checked {
    fn error(name: &str, why: String) -> Checked {
        Checked { target: name.to_string(), verdict: None, error: Some(why), detail: Vec::new() }
    }
    fn status(&self) -> Status {
        self.verdict.as_ref().map_or(Status::Unknown, |v| v.status)
    }
}

/// Relocates `obj` against the kernel BTF at `path` and decides whether it loads.
fn check_one(obj: &Object<'_>, path: &Path, env: &KernelEnv) -> Checked {
    let name = path.display().to_string();
    let file = match read_file(path) {
        Ok(f) => f,
        Err(e) => return Checked::error(&name, e.to_string()),
    };
    let bytes = match load_btf_bytes(&file, path) {
        Ok(b) => b,
        Err(e) => return Checked::error(&name, e.to_string()),
    };
    let btf = match Btf::parse(&bytes) {
        Ok(b) => b,
        Err(e) => return Checked::error(&name, format!("not a usable vmlinux BTF: {e}")),
    };
    let targets = Targets::new(&btf);
    let rel = match relocate(obj, &targets) {
        Ok(r) => r,
        Err(e) => return Checked::error(&name, e.to_string()),
    };
    let verdict = verdict::check(obj, &targets, &rel, env);
    let entries = report::entries(obj, &targets, &rel);
    let mut detail = vec![format!(
        "{} CO-RE relocations: {} ok, {} poisoned, {} failed",
        entries.len(),
        entries.iter().filter(|e| e.status == ReloStatus::Ok).count(),
        entries.iter().filter(|e| e.status == ReloStatus::Poisoned).count(),
        entries.iter().filter(|e| e.status == ReloStatus::Failed).count()
    )];
    for e in entries.iter().filter(|e| e.status != ReloStatus::Ok) {
        detail.push(format!(
            "prog '{}' insn #{} <{}> {}: {} — {}",
            e.program,
            e.insn_idx,
            e.kind,
            what(e),
            e.status.name(),
            e.reason.as_deref().unwrap_or("")
        ));
    }
    Checked { target: name, verdict: Some(verdict), error: None, detail }
}

/// What a relocation is about: its spec, or type and access string.
fn what(e: &Entry) -> String {
    if e.local_spec.is_empty() { format!("{} '{}'", e.local_type, e.access) } else { e.local_spec.clone() }
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

/// The most a kernel config may inflate to (a real one is under 1 MiB).
const MAX_KCONFIG: u64 = 64 << 20;

/// Reads a kernel config, plain or gzip (`/proc/config.gz`).
fn read_kconfig(path: &Path) -> Result<String, CliError> {
    use std::io::Read;
    let raw = read_file(path)?;
    let mut text = Vec::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(&raw[..])
            .take(MAX_KCONFIG + 1)
            .read_to_end(&mut text)
            .map_err(|e| CliError::Other(format!("{}: not a gzip kernel config: {e}", path.display())))?;
        if text.len() as u64 > MAX_KCONFIG {
            return Err(CliError::Other(format!("{}: inflates past {MAX_KCONFIG} bytes", path.display())));
        }
    } else {
        text.extend_from_slice(&raw);
    }
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// What libbpf would read on this machine for its running kernel: the
/// config (`/boot/config-$(uname -r)`, then `/proc/config.gz`) and kallsyms.
fn host_env() -> KernelEnv {
    let mut env = KernelEnv::new();
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let boot = PathBuf::from(format!("/boot/config-{}", release.trim()));
    for p in [boot.as_path(), Path::new("/proc/config.gz")] {
        if p.exists()
            && let Ok(t) = read_kconfig(p)
        {
            env.kconfig = Some(KernelEnv::parse_kconfig(&t));
            break;
        }
    }
    if let Ok(t) = std::fs::read_to_string("/proc/kallsyms") {
        env.kallsyms = Some(KernelEnv::parse_kallsyms(&t));
    }
    // libbpf's LINUX_KERNEL_VERSION: Ubuntu's version signature, else uname.
    let ubuntu = std::fs::read_to_string("/proc/version_signature").ok();
    env.kernel_version = match ubuntu.as_deref().and_then(|s| s.split_whitespace().nth(2)) {
        Some(v) => KernelEnv::parse_release(v),
        None => KernelEnv::parse_release(&release),
    };
    env
}

/// Whether `path` is the running kernel's BTF.
fn is_running_kernel(path: &Path) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    path == Path::new(VMLINUX) || (canon(path).is_some() && canon(path) == canon(Path::new(VMLINUX)))
}

fn write_check_text(out: &mut impl Write, c: &Checked, verbose: bool) -> std::io::Result<()> {
    let Some(v) = &c.verdict else {
        return writeln!(out, "{}: ERROR {}", c.target, c.error.as_deref().unwrap_or(""));
    };
    let word = match v.status {
        Status::Loads => "loads",
        Status::Rejected => "will be rejected",
        Status::Unknown => "cannot tell",
    };
    writeln!(
        out,
        "{}: {word} ({} program{})",
        c.target,
        v.programs.len(),
        if v.programs.len() == 1 { "" } else { "s" }
    )?;
    for r in &v.reasons {
        writeln!(out, "  object: {}: {}", r.rule.name(), r.message)?;
    }
    for p in &v.programs {
        let own = p.reasons.iter().map(|r| r.status).max().unwrap_or(Status::Loads);
        let word = if own == p.status {
            p.status.name().to_string()
        } else {
            format!("{} with the object (on its own: {})", p.status.name(), own.name())
        };
        writeln!(out, "  prog '{}' ({}): {word}", p.name, p.section)?;
        for r in &p.reasons {
            writeln!(out, "    {}: {}", r.rule.name(), r.message)?;
        }
        for d in &p.dead_poison {
            writeln!(out, "    dead code: {d}")?;
        }
    }
    if verbose {
        for d in &c.detail {
            writeln!(out, "  {d}")?;
        }
    }
    Ok(())
}

fn check_json(c: &Checked) -> serde_json::Value {
    use serde_json::json;
    let reason = |r: &verdict::Reason| json!({"rule": r.rule.name(), "verdict": r.status.name(), "message": r.message});
    let Some(v) = &c.verdict else {
        return json!({"target": c.target, "verdict": "unknown", "error": c.error, "reasons": [], "programs": []});
    };
    json!({
        "target": c.target,
        "verdict": v.status.name(),
        "error": null,
        "reasons": v.reasons.iter().map(reason).collect::<Vec<_>>(),
        "programs": v.programs.iter().map(|p| json!({
            "name": p.name,
            "section": p.section,
            "verdict": p.status.name(),
            "reasons": p.reasons.iter().map(reason).collect::<Vec<_>>(),
            "dead_poison": p.dead_poison,
        })).collect::<Vec<_>>(),
        "relocations": c.detail,
    })
}

fn check_cmd(args: &CheckArgs) -> Result<(), CliError> {
    let (obj_path, specs) = (&args.obj, &args.targets);
    let targets = collect_targets(specs)?;
    if targets.is_empty() {
        return Err(CliError::Other("core check: no kernel BTF found (directories are searched for vmlinux*)".into()));
    }
    let obj_file = read_file(obj_path)?;
    let obj = parse_obj(&obj_file, obj_path)?;
    let given = match &args.kconfig {
        Some(p) => Some(KernelEnv::parse_kconfig(&read_kconfig(p)?)),
        None => None,
    };
    let mut env = KernelEnv::new();
    env.kconfig = given.clone();
    let host = targets.iter().any(|t| is_running_kernel(t)).then(|| {
        let mut h = host_env();
        if given.is_some() {
            h.kconfig = given.clone();
        }
        h
    });
    let results: Vec<std::sync::Mutex<Option<Checked>>> = targets.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(targets.len()).max(1);
    // Progress on a terminal only; nothing when stderr is piped or a file.
    let progress = std::io::stderr().is_terminal() && targets.len() > 1;
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(t) = targets.get(i) else { break };
                    let e = match &host {
                        Some(h) if is_running_kernel(t) => h,
                        _ => &env,
                    };
                    let r = check_one(&obj, t, e);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(r);
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        if progress {
            let total = targets.len();
            loop {
                let n = done.load(Ordering::Relaxed);
                eprint!("\rcore check: {n}/{total} kernels");
                if n >= total {
                    eprint!("\r\x1b[K");
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    });
    let checked: Vec<Checked> = results
        .into_iter()
        .zip(&targets)
        .map(|(r, t)| {
            r.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Checked::error(&t.display().to_string(), "internal error".into()))
        })
        .collect();
    let mut out = Output::open(args.output.as_deref())?;
    let r = if args.json || args.pretty {
        let doc = serde_json::json!({
            "object": obj_path.display().to_string(),
            "kernels": checked.iter().map(check_json).collect::<Vec<_>>(),
        });
        let text = format!("{doc}\n");
        if args.pretty {
            let mut p = PrettyJson::new(&mut out);
            p.write_all(text.as_bytes()).and_then(|()| p.flush())
        } else {
            out.write_all(text.as_bytes())
        }
    } else {
        checked.iter().try_for_each(|c| write_check_text(&mut out, c, args.verbose))
    };
    r.map_err(|e| out.error(e))?;
    out.finish()?;
    let count = |s: Status| checked.iter().filter(|c| c.status() == s).count();
    // The summary goes to stderr, so stdout stays one report per kernel.
    eprintln!(
        "core check: {} kernels: {} load it, {} reject it, {} cannot tell",
        targets.len(),
        count(Status::Loads),
        count(Status::Rejected),
        count(Status::Unknown)
    );
    let bad: Vec<String> = checked
        .iter()
        .filter(|c| c.status() != Status::Loads)
        .map(|c| {
            let first = c.error.clone().or_else(|| {
                let v = c.verdict.as_ref()?;
                v.reasons.first().map(|r| r.message.clone()).or_else(|| {
                    v.programs
                        .iter()
                        .find_map(|p| p.reasons.first().map(|r| format!("prog '{}': {}", p.name, r.message)))
                })
            });
            format!("  {}: {} — {}", c.target, c.status().name(), first.unwrap_or_default())
        })
        .collect();
    if !bad.is_empty() {
        return Err(CliError::Other(format!("{} does not load everywhere:\n{}", obj_path.display(), bad.join("\n"))));
    }
    Ok(())
}

/// `core minimize` and `gen min_core_btf`: the part of `target` that the
/// CO-RE relocations of `objs` use, written as BTF to `output` (`-`:
/// standard output).
pub fn minimize(objs: &[PathBuf], target: &Path, output: &Path) -> Result<(), CliError> {
    let tfile = read_file(target)?;
    let tbytes = load_btf_bytes(&tfile, target)?;
    let btf = parse_btf(&tbytes, target, None)?;
    let targets = Targets::new(&btf);
    let files = objs.iter().map(|p| read_file(p)).collect::<Result<Vec<_>, _>>()?;
    let parsed = files.iter().zip(objs).map(|(f, p)| parse_obj(f, p)).collect::<Result<Vec<_>, _>>()?;
    let mut marks = bpfkit_relo::minimize::Marks::new(btf.type_count());
    for (o, p) in parsed.iter().zip(objs) {
        let rel = relocate(o, &targets).map_err(|e| CliError::Other(format!("{}: {e}", p.display())))?;
        marks.record_all(&btf, &rel.records).map_err(|e| CliError::Other(format!("{}: {e}", p.display())))?;
    }
    let bytes = marks.build(&btf, btf.endian()).map_err(other)?;
    Output::open(Some(output))?.write_all_flush(&bytes)
}

//! Shared by the dedup tests: the operations both sides run (bpfkit and the
//! upstream libbpf 1.8 harness named by `BPFKIT_LIBBPF18`), the goldens under
//! `testdata/dedup/`, and a BTF diff that names the first differing type.
//!
//! A test group is a list of [`Case`]s. For each case the group always
//! compares bpfkit's bytes with the committed golden; when `BPFKIT_LIBBPF18`
//! is set it also runs libbpf on the same input and compares with that (and
//! checks that the golden still matches libbpf). `BPFKIT_BLESS=1` (with
//! `BPFKIT_LIBBPF18`) rewrites the goldens from libbpf's output.
#![allow(dead_code)]

use bpfkit_btf::dedup::{DedupOptions, dedup};
use bpfkit_btf::dump::Dumper;
use bpfkit_btf::btf_header::Header;
use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, Endian, TypeId, input};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// The workspace's `testdata/`.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// Prints `SKIP: why` straight to stderr, so it shows through the test
/// harness's output capture.
pub fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIP: {why}");
}

/// Prints a line straight to stderr (visible without `--nocapture`).
pub fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Whether goldens are to be rewritten (`BPFKIT_BLESS=1`).
pub fn bless() -> bool {
    std::env::var("BPFKIT_BLESS").is_ok_and(|v| v == "1")
}

/// The libbpf 1.8 harness (`BPFKIT_LIBBPF18`), if set and runnable. CI
/// cannot build libbpf 1.8, so its absence is never a failure, not even
/// under `BPFKIT_REQUIRE_TOOLS=1`: the tests print SKIP and keep comparing
/// with the goldens.
pub fn libbpf18() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os("BPFKIT_LIBBPF18")?);
    let ok = Command::new(&path).arg("version").output().is_ok_and(|o| o.status.success());
    if !ok {
        panic!("BPFKIT_LIBBPF18={} does not run (`{} version` failed)", path.display(), path.display());
    }
    Some(path)
}

/// An input file: raw BTF or an ELF object, shared between cases.
#[derive(Clone, Debug)]
pub struct Src {
    /// A short file name (used for the harness's temp file).
    pub name: String,
    /// The bytes.
    pub bytes: Arc<[u8]>,
    /// For a base that is itself split BTF: its own base (split on split).
    pub on: Option<Arc<Src>>,
}

impl Src {
    /// An input from bytes.
    pub fn new(name: &str, bytes: Vec<u8>) -> Src {
        Src { name: name.to_string(), bytes: bytes.into(), on: None }
    }
    /// This (split) BTF, parsed on `base` when used as a base itself.
    pub fn split_on(mut self, base: &Src) -> Src {
        self.on = Some(Arc::new(base.clone()));
        self
    }
    /// A testdata file, read as is.
    pub fn file(rel: &str) -> Src {
        let path = testdata().join(rel);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Src::new(&rel.replace('/', "_"), bytes)
    }
    /// A gzipped testdata file, decompressed.
    pub fn gz(rel: &str) -> Src {
        let path = testdata().join(rel);
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let raw = input::gunzip(&data).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Src::new(rel.replace('/', "_").trim_end_matches(".gz"), raw)
    }
    /// The raw `.BTF` bytes (the `.BTF` section of an ELF input).
    pub fn raw_btf(&self) -> Vec<u8> {
        bpfkit_obj::elf::btf_bytes(&self.bytes).unwrap_or_else(|e| panic!("{}: {e}", self.name)).into_owned()
    }
}

/// Little-endian objects with BTF, in the order they are concatenated.
/// (Kept as a list, not a directory scan, so new testdata objects do not
/// change these inputs.)
pub const OBJECTS_LE: &[&str] = &[
    "btf/obj/core.el.o",
    "core/ambig.clang14.bpfel.o",
    "core/ambig.clang22.bpfel.o",
    "core/bench/bench100.bpfel.o",
    "core/bitfields.clang22.bpfel.o",
    "core/enums.clang14.bpfel.o",
    "core/enums.clang22.bpfel.o",
    "core/fields.clang14.bpfel.o",
    "core/fields.clang22.bpfel.o",
    "core/kernel.clang14.bpfel.o",
    "core/kernel.clang22.bpfel.o",
    "core/subprogs.clang14.bpfel.o",
    "core/subprogs.clang22.bpfel.o",
    "core/types.clang14.bpfel.o",
    "core/types.clang22.bpfel.o",
    "insn/asm_all.v4.el.o",
    "insn/common.clang14.el.o",
    "insn/common.v1.el.o",
    "insn/common.v2.el.o",
    "insn/common.v3.el.o",
    "insn/common.v4.el.o",
    "insn/v3.clang14.el.o",
    "insn/v3.v3.el.o",
    "insn/v3.v4.el.o",
    "insn/v4.v4.el.o",
    "obj/bench/big.bpfel.o",
    "obj/core.clang14.bpfel.o",
    "obj/core.clang22.bpfel.o",
    "obj/globals.clang14.bpfel.o",
    "obj/globals.clang22.bpfel.o",
    "obj/legacy.clang14.bpfel.o",
    "obj/legacy.clang22.bpfel.o",
    "obj/maps.clang14.bpfel.o",
    "obj/maps.clang22.bpfel.o",
    "obj/newer.clang14.bpfel.o",
    "obj/newer.clang22.bpfel.o",
    "obj/progs.clang14.bpfel.o",
    "obj/progs.clang22.bpfel.o",
];

/// Big-endian objects with BTF, in the order they are concatenated.
pub const OBJECTS_BE: &[&str] = &[
    "btf/obj/core.eb.o",
    "core/ambig.clang14.bpfeb.o",
    "core/ambig.clang22.bpfeb.o",
    "core/bitfields.clang22.bpfeb.o",
    "core/enums.clang14.bpfeb.o",
    "core/enums.clang22.bpfeb.o",
    "core/fields.clang14.bpfeb.o",
    "core/fields.clang22.bpfeb.o",
    "core/kernel.clang14.bpfeb.o",
    "core/kernel.clang22.bpfeb.o",
    "core/subprogs.clang14.bpfeb.o",
    "core/subprogs.clang22.bpfeb.o",
    "core/types.clang14.bpfeb.o",
    "core/types.clang22.bpfeb.o",
    "insn/asm_all.v4.eb.o",
    "insn/common.clang14.eb.o",
    "insn/v3.clang14.eb.o",
    "insn/v4.v4.eb.o",
    "obj/core.clang14.bpfeb.o",
    "obj/core.clang22.bpfeb.o",
    "obj/globals.clang14.bpfeb.o",
    "obj/globals.clang22.bpfeb.o",
    "obj/legacy.clang14.bpfeb.o",
    "obj/legacy.clang22.bpfeb.o",
    "obj/maps.clang14.bpfeb.o",
    "obj/maps.clang22.bpfeb.o",
    "obj/newer.clang14.bpfeb.o",
    "obj/newer.clang22.bpfeb.o",
    "obj/progs.clang14.bpfeb.o",
    "obj/progs.clang22.bpfeb.o",
];

/// The testdata kernels.
pub const KERNELS: &[&str] = &["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"];

/// The testdata modules, on `vmlinux-6.1-cloud-amd64`.
pub const MODULES: &[&str] = &["tun-6.1-cloud-amd64", "nf_conntrack-6.1-cloud-amd64"];

/// The objects of `list` (paths under testdata).
pub fn objects(list: &[&str]) -> Vec<Src> {
    list.iter().map(|rel| Src::file(rel)).collect()
}

/// A testdata kernel or module's raw BTF.
pub fn kernel(name: &str) -> Src {
    Src::gz(&format!("btf/{name}.btf.gz"))
}

/// What both sides run.
#[derive(Clone, Debug)]
pub enum Op {
    /// Parse `input` (split on `base`), dedup it (with the ELF's `.BTF.ext`
    /// when `ext`), write the raw BTF (only the split part for split input).
    /// Harness: `dedup`.
    Dedup {
        /// The BTF (raw or ELF).
        input: Src,
        /// Base BTF for split input.
        base: Option<Src>,
        /// `force_collisions`.
        force: bool,
        /// Whether the input ELF's `.BTF.ext` takes part.
        ext: Ext,
    },
    /// A new (split) BTF with every input appended in order
    /// (`btf__add_btf` / `BtfBuilder::add_btf`), then what `then` says.
    /// Harness: `concat`, `concat-dedup`, or `concat` then `dedup`.
    Concat {
        /// The inputs, in order.
        inputs: Vec<Src>,
        /// Base BTF: the output is split on it.
        base: Option<Src>,
        /// With a base: the inputs are standalone BTF (object BTF appended
        /// on a vmlinux base) rather than split BTF on the same base.
        standalone: bool,
        /// What to do with the concatenation.
        then: Then,
        /// `force_collisions` for the dedup.
        force: bool,
    },
}

/// The `.BTF.ext` in an [`Op::Dedup`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ext {
    /// Not given to dedup.
    No,
    /// Given to dedup (its strings join the string pass); the output is the BTF.
    Use,
    /// Given to dedup; the output is the remapped `.BTF.ext`.
    Out,
}

/// What follows a concatenation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// Write it.
    Write,
    /// Dedup it in memory: created BTF, whose strings libbpf leaves as they
    /// are (the static linker's path).
    Dedup,
    /// Write it, parse it back and dedup the parsed BTF (string pass on).
    WriteParseDedup,
}

impl Op {
    /// `Op::Concat` of standalone inputs.
    pub fn concat(inputs: &[Src], then: Then, force: bool) -> Op {
        Op::Concat { inputs: inputs.to_vec(), base: None, standalone: false, then, force }
    }
    /// `Op::Concat` on a base: split inputs on it, or standalone ones.
    pub fn concat_on(base: &Src, inputs: &[Src], standalone: bool, then: Then) -> Op {
        Op::Concat { inputs: inputs.to_vec(), base: Some(base.clone()), standalone, then, force: false }
    }
    /// `Op::Dedup` of a parsed input.
    pub fn dedup(input: &Src, base: Option<&Src>, force: bool, ext: Ext) -> Op {
        Op::Dedup { input: input.clone(), base: base.cloned(), force, ext }
    }
}

/// How a golden is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// The whole output, gzipped (or a testdata file with the same bytes).
    Full,
    /// Only its length and digest (big intermediate outputs).
    Digest,
}

/// One output to check.
#[derive(Clone, Debug)]
pub struct Case {
    /// Unique within its group; names the golden file.
    pub name: String,
    /// What to run.
    pub op: Op,
    /// How the golden is kept.
    pub store: Store,
    /// Gzipped testdata files that may hold the same bytes as the output
    /// (then the golden refers to them instead of storing a copy).
    pub same_as: Vec<String>,
    /// libbpf rejects this input (its golden says so); bpfkit must return
    /// an error too, not a result and not a panic.
    pub rejected: bool,
}

impl Case {
    /// A case whose output is stored in full.
    pub fn new(name: &str, op: Op) -> Case {
        Case { name: name.to_string(), op, store: Store::Full, same_as: Vec::new(), rejected: false }
    }
    /// A case whose output is kept as a digest only.
    pub fn digest(name: &str, op: Op) -> Case {
        Case { store: Store::Digest, ..Case::new(name, op) }
    }
    /// A case libbpf rejects (bpfkit must return an error).
    pub fn rejected(name: &str, op: Op) -> Case {
        Case { rejected: true, ..Case::new(name, op) }
    }
    /// Adds a testdata file the output may be identical to.
    pub fn maybe_same_as(mut self, rel: &str) -> Case {
        self.same_as.push(rel.to_string());
        self
    }
}

/// The inputs' parsed base, if any.
fn base_of(op: &Op) -> Option<&Src> {
    match op {
        Op::Dedup { base, .. } | Op::Concat { base, .. } => base.as_ref(),
    }
}

/// Runs `op` with bpfkit and returns the raw BTF it writes.
pub fn run_bpfkit(op: &Op) -> Result<Vec<u8>, String> {
    let base_base_raw = base_of(op).and_then(|b| b.on.as_deref()).map(Src::raw_btf);
    let base_base = match &base_base_raw {
        Some(raw) => Some(Btf::parse(raw).map_err(|e| format!("base's base: {e}"))?),
        None => None,
    };
    let base_raw = base_of(op).map(Src::raw_btf);
    let base = match &base_raw {
        Some(raw) => Some(
            match &base_base {
                Some(bb) => Btf::parse_split(raw, bb),
                None => Btf::parse(raw),
            }
            .map_err(|e| format!("base: {e}"))?,
        ),
        None => None,
    };
    match op {
        Op::Dedup { input: src, force, ext, .. } => {
            let raw = src.raw_btf();
            let btf = match &base {
                Some(b) => Btf::parse_split(&raw, b),
                None => Btf::parse(&raw),
            }
            .map_err(|e| format!("{}: {e}", src.name))?;
            let ext_bytes = if *ext != Ext::No {
                let sec = bpfkit_obj::elf::section_bytes(&src.bytes, ".BTF.ext").map_err(|e| format!("{}: {e}", src.name))?;
                Some(sec.ok_or_else(|| format!("{}: no .BTF.ext", src.name))?.into_owned())
            } else {
                None
            };
            let mut opts = DedupOptions::new().force_collisions(*force);
            if let Some(b) = &base {
                opts = opts.base(b);
            }
            if let Some(e) = &ext_bytes {
                opts = opts.btf_ext(e);
            }
            let builder = BtfBuilder::from_btf(&btf);
            let out = dedup(&builder, &opts).map_err(|e| format!("dedup: {e}"))?;
            if *ext == Ext::Out {
                return out.btf_ext().map(<[u8]>::to_vec).ok_or_else(|| "dedup returned no .BTF.ext".to_string());
            }
            Ok(out.btf().encode(btf.endian()))
        }
        Op::Concat { inputs, standalone, then, force, .. } => {
            let (builder, endian) = concat_bpfkit(inputs, base.as_ref(), *standalone)?;
            let mut opts = DedupOptions::new().force_collisions(*force);
            if let Some(b) = &base {
                opts = opts.base(b);
            }
            match then {
                Then::Write => Ok(builder.encode(endian)),
                Then::Dedup => {
                    let out = dedup(&builder, &opts).map_err(|e| format!("dedup: {e}"))?;
                    Ok(out.btf().encode(endian))
                }
                Then::WriteParseDedup => {
                    let raw = builder.encode(endian);
                    let btf = match &base {
                        Some(b) => Btf::parse_split(&raw, b),
                        None => Btf::parse(&raw),
                    }
                    .map_err(|e| format!("parse of the concatenation: {e}"))?;
                    let out = dedup(&BtfBuilder::from_btf(&btf), &opts).map_err(|e| format!("dedup: {e}"))?;
                    Ok(out.btf().encode(endian))
                }
            }
        }
    }
}

/// bpfkit's concatenation: a new (split) builder with every input added by
/// `add_btf`; the byte order is the first input's (as the harness and the
/// static linker do).
pub fn concat_bpfkit(inputs: &[Src], base: Option<&Btf<'_>>, standalone: bool) -> Result<(BtfBuilder, Endian), String> {
    let mut builder = match base {
        Some(b) => BtfBuilder::new_split(b),
        None => BtfBuilder::new(),
    };
    let mut endian = base.map(|b| b.endian());
    for (i, src) in inputs.iter().enumerate() {
        let raw = src.raw_btf();
        let btf = match base {
            Some(b) if !standalone => Btf::parse_split(&raw, b),
            _ => Btf::parse(&raw),
        }
        .map_err(|e| format!("{}: {e}", src.name))?;
        if i == 0 {
            endian = Some(btf.endian());
        }
        builder.add_btf(&btf).map_err(|e| format!("add_btf {}: {e}", src.name))?;
    }
    Ok((builder, endian.unwrap_or(Endian::Little)))
}

/// Runs `op` with the libbpf harness `tool` (inputs written under `dir`,
/// which is removed afterwards).
pub fn run_libbpf(tool: &Path, op: &Op, dir: &Path) -> Result<Vec<u8>, String> {
    let res = run_libbpf_in(tool, op, dir);
    let _ = std::fs::remove_dir_all(dir);
    res
}

fn run_libbpf_in(tool: &Path, op: &Op, dir: &Path) -> Result<Vec<u8>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut n = 0;
    let mut put = |src: &Src| -> PathBuf {
        n += 1;
        let p = dir.join(format!("{n}-{}", src.name));
        std::fs::write(&p, &src.bytes).unwrap();
        p
    };
    let out = dir.join("out.btf");
    let mut cmd = Command::new(tool);
    match op {
        Op::Dedup { input: src, base, force, ext } => {
            let inp = put(src);
            let btf_out = if *ext == Ext::Out { dir.join("btf.out") } else { out.clone() };
            cmd.arg("dedup").arg(inp).arg(btf_out);
            if let Some(b) = base {
                cmd.arg("--base").arg(put(b));
                if let Some(bb) = &b.on {
                    cmd.arg("--base-base").arg(put(bb));
                }
            }
            if *force {
                cmd.arg("--force-collisions");
            }
            match ext {
                Ext::No => {}
                Ext::Use => {
                    cmd.arg("--ext");
                }
                Ext::Out => {
                    cmd.arg("--ext-out").arg(&out);
                }
            }
        }
        Op::Concat { inputs, base, standalone, then, force } => {
            cmd.arg(if *then == Then::Dedup { "concat-dedup" } else { "concat" }).arg(&out);
            for src in inputs {
                cmd.arg(put(src));
            }
            let base_path = base.as_ref().map(&mut put);
            let base_base_path = base.as_ref().and_then(|b| b.on.as_deref()).map(&mut put);
            if let Some(b) = &base_path {
                cmd.arg("--base").arg(b);
                if *standalone {
                    cmd.arg("--standalone");
                }
            }
            if let Some(bb) = &base_base_path {
                cmd.arg("--base-base").arg(bb);
            }
            if *force && *then == Then::Dedup {
                cmd.arg("--force-collisions");
            }
            if *then == Then::WriteParseDedup {
                run(&mut cmd)?;
                let parsed = dir.join("parsed.btf");
                cmd = Command::new(tool);
                cmd.arg("dedup").arg(&out).arg(&parsed);
                if let Some(b) = &base_path {
                    cmd.arg("--base").arg(b);
                }
                if let Some(bb) = &base_base_path {
                    cmd.arg("--base-base").arg(bb);
                }
                if *force {
                    cmd.arg("--force-collisions");
                }
                run(&mut cmd)?;
                let bytes = std::fs::read(&parsed).map_err(|e| e.to_string())?;
                let _ = std::fs::remove_dir_all(dir);
                return Ok(bytes);
            }
        }
    }
    run(&mut cmd)?;
    let bytes = std::fs::read(&out).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(bytes)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let res = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if !res.status.success() {
        return Err(format!("libbpf harness failed: {cmd:?}\n{}", String::from_utf8_lossy(&res.stderr)));
    }
    Ok(())
}

/// FNV-1a, 64 bits: the digest kept in manifests.
pub fn fnv64(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One manifest line: a case's expected length, digest and file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    len: usize,
    digest: u64,
    /// Relative to testdata; `None` for digest-only goldens.
    file: Option<String>,
}

/// The manifest's file field for an input libbpf rejects.
const REJECTED: &str = "!rejected";

fn manifest_path(group: &str) -> PathBuf {
    testdata().join("dedup").join(format!("{group}.manifest"))
}

fn read_manifest(group: &str) -> HashMap<String, Entry> {
    let path = manifest_path(group);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (regenerate with BPFKIT_BLESS=1 BPFKIT_LIBBPF18=...)", path.display()));
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 4, "{}: bad line {line:?}", path.display());
        let entry = Entry {
            len: f[1].parse().expect("length"),
            digest: u64::from_str_radix(f[2], 16).expect("digest"),
            file: (f[3] != "-").then(|| f[3].to_string()),
        };
        map.insert(f[0].to_string(), entry);
    }
    map
}

/// The committed golden bytes of `case` in `group` (`None` when the golden
/// keeps only a digest).
pub fn golden(group: &str, case: &str) -> Option<Vec<u8>> {
    let entry = read_manifest(group).remove(case).unwrap_or_else(|| panic!("{group}: no golden for {case}"));
    let bytes = gunzip_rel(entry.file.as_deref().filter(|f| *f != REJECTED)?);
    assert_eq!(
        (bytes.len(), fnv64(&bytes)),
        (entry.len, entry.digest),
        "{group}/{case}: golden file does not match its manifest"
    );
    Some(bytes)
}

fn gunzip_rel(rel: &str) -> Vec<u8> {
    let path = testdata().join(rel);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&data[..]).read_to_end(&mut out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// The outcome of one group.
#[derive(Debug, Default)]
pub struct Report {
    /// Cases where bpfkit's output equals the golden (and live libbpf).
    pub matched: Vec<String>,
    /// `case: what differs`.
    pub failed: Vec<String>,
}

/// Runs a group of cases: bless, live-compare and golden-compare as the
/// environment says; panics at the end listing every failing case.
pub fn run_group(group: &str, cases: &[Case]) {
    let tool = libbpf18();
    let blessing = bless();
    if blessing && tool.is_none() {
        panic!("BPFKIT_BLESS=1 needs BPFKIT_LIBBPF18 (the libbpf 1.8 harness) to regenerate testdata/dedup/{group}");
    }
    if tool.is_none() {
        skip(&format!(
            "dedup {group}: BPFKIT_LIBBPF18 not set; comparing with committed libbpf 1.8 goldens only (no live run)"
        ));
    }
    if blessing {
        // Start the group's files afresh, so no stale golden stays behind.
        let _ = std::fs::remove_dir_all(testdata().join("dedup").join(group));
    }
    let goldens = if blessing { HashMap::new() } else { read_manifest(group) };
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let mut report = Report::default();
    let mut written: Vec<(String, Entry)> = Vec::new();
    let mut by_digest: HashMap<(usize, u64), String> = HashMap::new();

    for case in cases {
        let dir = tmp.join(format!("bpfkit-dedup-{group}-{}-{}", std::process::id(), case.name));
        if case.rejected {
            // libbpf must reject it (live, and per the golden); bpfkit too.
            if let Some(t) = &tool
                && let Ok(b) = run_libbpf(t, &case.op, &dir)
            {
                report.failed.push(format!(
                    "{}: libbpf accepted an input marked rejected ({} bytes out)",
                    case.name,
                    b.len()
                ));
                continue;
            }
            if blessing {
                written.push((case.name.clone(), Entry { len: 0, digest: 0, file: Some(REJECTED.into()) }));
            } else if goldens.get(&case.name).and_then(|e| e.file.as_deref()) != Some(REJECTED) {
                report.failed.push(format!("{}: the golden does not say libbpf rejects it", case.name));
                continue;
            }
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_bpfkit(&case.op))) {
                Ok(Err(_)) => report.matched.push(case.name.clone()),
                Ok(Ok(b)) => {
                    report.failed.push(format!("{}: libbpf rejects it, bpfkit returned {} bytes", case.name, b.len()))
                }
                Err(_) => report.failed.push(format!("{}: libbpf rejects it, bpfkit panicked", case.name)),
            }
            continue;
        }
        let live = match &tool {
            Some(t) => match run_libbpf(t, &case.op, &dir) {
                Ok(b) => Some(b),
                Err(e) => {
                    report.failed.push(format!("{}: {e}", case.name));
                    continue;
                }
            },
            None => None,
        };
        // The expected bytes (when kept in full) and the entry.
        let (entry, expected) = if blessing {
            // (`live` is always there when blessing.)
            let bytes = live.clone().expect("blessing runs libbpf");
            let key = (bytes.len(), fnv64(&bytes));
            let file = match case.store {
                Store::Digest => None,
                Store::Full => {
                    let same = case.same_as.iter().find(|rel| gunzip_rel(rel) == bytes).cloned();
                    Some(same.or_else(|| by_digest.get(&key).cloned()).unwrap_or_else(|| {
                        let ext = if case.name.ends_with(".ext") { "btfext.gz" } else { "btf.gz" };
                        let rel = format!("dedup/{group}/{}.{ext}", case.name);
                        let path = testdata().join(&rel);
                        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                        std::fs::write(&path, gzip(&bytes)).unwrap();
                        by_digest.insert(key, rel.clone());
                        rel
                    }))
                }
            };
            let entry = Entry { len: key.0, digest: key.1, file };
            written.push((case.name.clone(), entry.clone()));
            (entry, Some(bytes))
        } else {
            let Some(entry) = goldens.get(&case.name).cloned() else {
                report.failed.push(format!("{}: no golden (run with BPFKIT_BLESS=1 BPFKIT_LIBBPF18=...)", case.name));
                continue;
            };
            if entry.file.as_deref() == Some(REJECTED) {
                report.failed.push(format!("{}: the golden says libbpf rejects it; mark the case rejected", case.name));
                continue;
            }
            let expected = entry.file.as_deref().map(gunzip_rel);
            if let Some(e) = &expected {
                assert_eq!(
                    (e.len(), fnv64(e)),
                    (entry.len, entry.digest),
                    "{group}/{}: golden file does not match its manifest line",
                    case.name
                );
            }
            (entry, expected)
        };
        if let Some(l) = &live
            && (l.len(), fnv64(l)) != (entry.len, entry.digest)
        {
            let why = match &expected {
                Some(e) => diff_btf(e, l, base_of(&case.op)),
                None => format!("length {} vs {}", entry.len, l.len()),
            };
            report.failed.push(format!(
                "{}: live libbpf differs from the golden (libbpf or harness changed?): {why}",
                case.name
            ));
            continue;
        }
        let actual = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_bpfkit(&case.op)));
        let actual = match actual {
            Ok(Ok(a)) => a,
            Ok(Err(e)) => {
                report.failed.push(format!("{}: bpfkit error: {e}", case.name));
                continue;
            }
            Err(p) => {
                let msg =
                    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()));
                report.failed.push(format!("{}: bpfkit panicked: {}", case.name, msg.unwrap_or_default()));
                continue;
            }
        };
        if (actual.len(), fnv64(&actual)) == (entry.len, entry.digest) && expected.as_ref().is_none_or(|e| *e == actual)
        {
            report.matched.push(case.name.clone());
        } else {
            let reference = expected.as_ref().or(live.as_ref());
            let why = match reference {
                Some(e) => diff_btf(e, &actual, base_of(&case.op)),
                None => format!(
                    "digest differs (golden keeps only the digest: len {} vs {}; set BPFKIT_LIBBPF18 for a diff)",
                    entry.len,
                    actual.len()
                ),
            };
            let saved = save_failure(&tmp, group, case, reference.map(|v| &v[..]), &actual);
            report.failed.push(format!("{}: {why}\n  inputs and both outputs saved in {}", case.name, saved.display()));
        }
    }

    if blessing {
        let mut text = format!(
            "# libbpf 1.8 goldens for the dedup test group `{group}`: case, length, FNV-1a-64, file under testdata (- = digest only; !rejected = libbpf rejects the input).\n# Generated by BPFKIT_BLESS=1 BPFKIT_LIBBPF18=<harness>; never edit by hand. See testdata/README.md.\n"
        );
        for (name, e) in &written {
            text += &format!("{name} {} {:016x} {}\n", e.len, e.digest, e.file.as_deref().unwrap_or("-"));
        }
        std::fs::write(manifest_path(group), text).unwrap();
    }
    note(&format!(
        "dedup {group}: {}/{} cases byte-identical to libbpf 1.8{}",
        report.matched.len(),
        cases.len(),
        if tool.is_some() { " (goldens and live harness)" } else { " (goldens)" }
    ));
    if !report.failed.is_empty() {
        panic!(
            "dedup {group}: {} of {} cases differ from libbpf 1.8:\n{}",
            report.failed.len(),
            cases.len(),
            report.failed.join("\n")
        );
    }
}

/// Writes a failing case's inputs (with the harness command that
/// reproduces it) and both outputs under `tmp/dedup-failures/`, for
/// debugging; returns the directory.
fn save_failure(tmp: &Path, group: &str, case: &Case, expected: Option<&[u8]>, actual: &[u8]) -> PathBuf {
    let dir = tmp.join("dedup-failures").join(group).join(&case.name);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let mut srcs: Vec<&Src> = Vec::new();
    match &case.op {
        Op::Dedup { input, base, .. } => {
            srcs.push(input);
            srcs.extend(base.iter());
        }
        Op::Concat { inputs, base, .. } => {
            srcs.extend(inputs.iter());
            srcs.extend(base.iter());
        }
    }
    if let Some(on) = base_of(&case.op).and_then(|b| b.on.as_deref()) {
        srcs.push(on);
    }
    for src in srcs {
        let _ = std::fs::write(dir.join(&src.name), &src.bytes);
    }
    if let Some(e) = expected {
        let _ = std::fs::write(dir.join("libbpf.out"), e);
    }
    let _ = std::fs::write(dir.join("bpfkit.out"), actual);
    let _ = std::fs::write(dir.join("op.txt"), format!("{:#?}\n", OpSummary(&case.op)));
    dir
}

/// An `Op` printed without its input bytes.
struct OpSummary<'a>(&'a Op);

impl std::fmt::Debug for OpSummary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |s: &Src| match &s.on {
            Some(on) => format!("{} (split on {})", s.name, on.name),
            None => s.name.clone(),
        };
        match self.0 {
            Op::Dedup { input, base, force, ext } => f
                .debug_struct("Dedup")
                .field("input", &name(input))
                .field("base", &base.as_ref().map(name))
                .field("force", force)
                .field("ext", ext)
                .finish(),
            Op::Concat { inputs, base, standalone, then, force } => f
                .debug_struct("Concat")
                .field("inputs", &inputs.iter().map(name).collect::<Vec<_>>())
                .field("base", &base.as_ref().map(name))
                .field("standalone", standalone)
                .field("then", then)
                .field("force", force)
                .finish(),
        }
    }
}

/// Explains how two raw BTF blobs differ: header fields, then the first
/// type whose record differs (id, kind, both records as bpftool prints them
/// and as raw words), then type counts, then the first differing string.
pub fn diff_btf(expected: &[u8], actual: &[u8], base: Option<&Src>) -> String {
    if expected == actual {
        return "identical".into();
    }
    let first_byte = expected.iter().zip(actual).position(|(a, b)| a != b).unwrap_or(expected.len().min(actual.len()));
    let mut out =
        format!("first differing byte at {first_byte} (len {} expected, {} actual)", expected.len(), actual.len());
    let (he, ha) = match (Header::parse(expected), Header::parse(actual)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => return format!("{out}; headers: expected {a:?}, actual {b:?}"),
    };
    if he != ha {
        out += &format!("\n  header expected {he:?}\n  header actual   {ha:?}");
    }
    let base_base_raw = base.and_then(|b| b.on.as_deref()).map(Src::raw_btf);
    let base_base = base_base_raw.as_ref().and_then(|r| Btf::parse(r).ok());
    let base_raw = base.map(Src::raw_btf);
    let base_btf = base_raw.as_ref().and_then(|r| match &base_base {
        Some(bb) => Btf::parse_split(r, bb).ok(),
        None => Btf::parse(r).ok(),
    });
    let parse = |d| match &base_btf {
        Some(b) => Btf::parse_split(d, b),
        None => Btf::parse(d),
    };
    let (e, a) = match (parse(expected), parse(actual)) {
        (Ok(e), Ok(a)) => (e, a),
        (e, a) => return format!("{out}; parse: expected {:?}, actual {:?}", e.err(), a.err()),
    };
    let dump = |btf: &Btf<'_>, id: u32| Dumper::new().roots(vec![TypeId(id)]).to_string(btf);
    let words = |btf: &Btf<'_>, id: u32| {
        btf.get(TypeId(id)).map_or(String::from("-"), |t| {
            t.bytes()
                .chunks_exact(4)
                .map(|c| format!("{:08x}", btf.endian().read_u32(c, 0).unwrap_or(0)))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let start = e.start_id().0;
    let end = e.type_count().min(a.type_count());
    // First type that prints differently (names resolved), then the first
    // whose raw record differs (e.g. only string offsets).
    let shown = (start..end).find(|&id| dump(&e, id) != dump(&a, id)).or_else(|| {
        (start..end).find(|&id| e.get(TypeId(id)).map(|t| t.bytes()) != a.get(TypeId(id)).map(|t| t.bytes()))
    });
    if let Some(id) = shown {
        let kind = e.get(TypeId(id)).map(|t| t.kind().name()).unwrap_or("?");
        out += &format!(
            "\n  first differing type [{id}] ({kind}):\n    expected: {}    words {}\n    actual:   {}    words {}",
            dump(&e, id),
            words(&e, id),
            dump(&a, id),
            words(&a, id)
        );
    }
    if e.type_count() != a.type_count() {
        out += &format!("\n  type count: expected {}, actual {}", e.type_count(), a.type_count());
        if shown.is_none() {
            let id = end;
            out += &format!("\n  first extra type [{id}]: expected {:?} actual {:?}", dump(&e, id), dump(&a, id));
        }
    }
    let (se, sa) = (e.string_section(), a.string_section());
    if se != sa {
        let at = se.iter().zip(sa).position(|(x, y)| x != y).unwrap_or(se.len().min(sa.len()));
        let word = |s: &[u8]| {
            let from = s[..at.min(s.len())].iter().rposition(|&b| b == 0).map_or(0, |p| p + 1);
            let to = s[from..].iter().position(|&b| b == 0).map_or(s.len(), |p| from + p);
            String::from_utf8_lossy(&s[from..to]).into_owned()
        };
        out += &format!(
            "\n  strings ({} vs {} bytes) differ at +{at}: expected {:?}, actual {:?}",
            se.len(),
            sa.len(),
            word(se),
            word(sa)
        );
    }
    out
}

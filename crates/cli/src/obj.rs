//! `bpfkit obj INPUT [--json]`: what a BPF object contains — programs, maps,
//! data sections, externs, relocations and CO-RE relocations with their
//! decoded access paths — as text or JSON.

use crate::error::CliError;
use crate::input::read_file;
use crate::output::Output;
use crate::pretty::PrettyJson;
use bpfkit_obj::{ExternKind, Object, Program, RelocTarget, SlotTarget, elf::SHT_REL};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `bpfkit obj`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  bpfkit obj prog.o
  bpfkit obj -j -p prog.o | jq '.maps[].name'")]
pub struct Args {
    /// The BPF ELF object (`-` is standard input)
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
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

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<(), CliError> {
    let bytes = read_file(&args.input)?;
    let path = args.input.display();
    let obj = Object::parse(&bytes).map_err(|e| CliError::Other(format!("{path}: {e}")))?;
    let mut out = Output::open(args.output.as_deref())?;
    if args.pretty {
        let mut p = PrettyJson::new(&mut out);
        let r = p.write_all(render_json(&obj).as_bytes()).and_then(|()| p.flush());
        return r.map_err(|e| out.error(e));
    }
    let text = if args.json { render_json(&obj) } else { render_text(&obj) };
    out.write_all_flush(text.as_bytes())
}

/// The `.BTF` name of a type, or `[id]` without BTF.
fn type_name(obj: &Object<'_>, id: Option<bpfkit_btf::TypeId>) -> Option<String> {
    let id = id?;
    Some(match obj.btf() {
        Some(btf) => btf.type_name(id),
        None => format!("[{}]", id.0),
    })
}

fn prog_name(obj: &Object<'_>, p: bpfkit_obj::ProgramIndex) -> String {
    obj.program(p).map_or_else(|| format!("#{}", p.0), |p| p.name.to_string())
}

/// One line describing what a relocation refers to.
fn target_text(obj: &Object<'_>, t: &RelocTarget) -> String {
    match *t {
        RelocTarget::Map(m) => format!("map {}", obj.map(m).map_or("?", |m| m.name)),
        RelocTarget::MapPointer(m) => format!("map pointer {}", obj.map(m).map_or("?", |m| m.name)),
        RelocTarget::Data { data, offset } => {
            let d = obj.data_section(data);
            let var = d.and_then(|d| d.vars.iter().find(|v| v.offset <= offset && offset < v.offset + v.size.max(1)));
            match var {
                Some(v) if v.offset == offset => format!("data {}+{offset:#x} ({})", d.map_or("?", |d| d.name), v.name),
                Some(v) => {
                    format!("data {}+{offset:#x} ({}+{})", d.map_or("?", |d| d.name), v.name, offset - v.offset)
                }
                None => format!("data {}+{offset:#x}", d.map_or("?", |d| d.name)),
            }
        }
        RelocTarget::Call(p) => format!("call {}", prog_name(obj, p)),
        RelocTarget::FuncAddr(p) => format!("func address {}", prog_name(obj, p)),
        RelocTarget::Program(p) => format!("program {}", prog_name(obj, p)),
        RelocTarget::Extern(e) => match obj.extern_(e) {
            Some(x) => format!("extern {} {}", x.kind_name(), x.name),
            None => "extern ?".into(),
        },
        RelocTarget::Address { section, offset } => {
            let s = section.and_then(|s| obj.section(s)).map_or("<none>", |s| s.name);
            format!("address {s}+{offset:#x}")
        }
    }
}

fn attach_text(p: &Program<'_>) -> String {
    p.expected_attach_type().map_or_else(|| "-".into(), |a| a.to_string())
}

/// Metadata relocation sections (`.rel.BTF`, `.rel.BTF.ext`, DWARF), summarized:
/// `(rel section, target section, {type: count}, {referenced section: count})`.
type MetaSummary<'a> = (&'a str, &'a str, BTreeMap<String, usize>, BTreeMap<String, usize>);

fn metadata_relocs<'a>(obj: &Object<'a>) -> Vec<MetaSummary<'a>> {
    let mut out = Vec::new();
    for s in obj.sections() {
        if s.sh_type != SHT_REL {
            continue;
        }
        let Some(t) = obj.section(bpfkit_obj::SectionIndex(s.info)) else { continue };
        if !(t.name == ".BTF" || t.name == ".BTF.ext" || t.name.starts_with(".debug")) {
            continue;
        }
        let mut kinds = BTreeMap::new();
        let mut targets = BTreeMap::new();
        for r in obj.raw_relocations(s.index) {
            *kinds.entry(r.kind.to_string()).or_insert(0) += 1;
            let name = match obj.resolve_address(&r) {
                Some(RelocTarget::Address { section: Some(sec), .. }) => {
                    obj.section(sec).map_or("?", |s| s.name).to_string()
                }
                Some(_) => "<none>".to_string(),
                None => "<bad symbol>".to_string(),
            };
            *targets.entry(name).or_insert(0) += 1;
        }
        out.push((s.name, t.name, kinds, targets));
    }
    out
}

fn join_counts(m: &BTreeMap<String, usize>) -> String {
    m.iter().map(|(k, v)| format!("{k} x{v}")).collect::<Vec<_>>().join(", ")
}

fn render_text(obj: &Object<'_>) -> String {
    let mut o = String::new();
    let endian = match obj.endian() {
        bpfkit_btf::Endian::Little => "little",
        bpfkit_btf::Endian::Big => "big",
    };
    let _ = writeln!(o, "endian: {endian}");
    let _ = writeln!(o, "license: {}", obj.license().unwrap_or("-"));
    if let Some(v) = obj.version() {
        let _ = writeln!(o, "version: {v:#x}");
    }
    let _ = writeln!(o, "\nprograms:");
    for p in obj.programs() {
        let _ = write!(
            o,
            "  {} [{}] section '{}' insns {}",
            p.name,
            if p.subprog { "subprog" } else { "prog" },
            p.section_name,
            p.insn_count()
        );
        if !p.subprog {
            let _ = write!(o, " type {} attach {}", p.prog_type(), attach_text(p));
            if let Some(t) = p.attach_target() {
                let _ = write!(o, " target '{t}'");
            }
            if p.prog_flags() != 0 {
                let _ = write!(o, " flags {:#x}", p.prog_flags());
            }
            if !p.autoload() {
                let _ = write!(o, " autoload off");
            }
        }
        let _ = writeln!(o);
        for c in obj.program_calls(p.index) {
            let kind = if c.is_call { "calls" } else { "takes address of" };
            let _ = writeln!(o, "    insn {}: {kind} {}", c.insn, prog_name(obj, c.callee));
        }
        if !p.subprog
            && let Ok(l) = obj.loaded_layout(p.index)
            && l.placed.len() > 1
        {
            let parts: Vec<String> =
                l.placed.iter().map(|x| format!("{}@{}", prog_name(obj, x.program), x.insn_offset)).collect();
            let _ = writeln!(o, "    loaded layout: {} ({} insns)", parts.join(" "), l.insn_count);
        }
    }
    let _ = writeln!(o, "\nmaps:");
    for m in obj.maps() {
        let d = &m.def;
        let _ = write!(
            o,
            "  {} [{}] type {} key {} value {} max_entries {} flags {:#x}",
            m.name,
            m.kind.name(),
            d.map_type,
            d.key_size,
            d.value_size,
            d.max_entries,
            d.map_flags
        );
        if let Some(k) = type_name(obj, d.key_type) {
            let _ = write!(o, " key_type '{k}'");
        }
        if let Some(v) = type_name(obj, d.value_type) {
            let _ = write!(o, " value_type '{v}'");
        }
        if d.pinning.0 != 0 {
            let _ = write!(o, " pinning {}", d.pinning.0);
        }
        if d.numa_node != 0 {
            let _ = write!(o, " numa_node {}", d.numa_node);
        }
        if d.map_extra != 0 {
            let _ = write!(o, " map_extra {:#x}", d.map_extra);
        }
        let _ = writeln!(o);
        if let Some(i) = &m.inner {
            let _ = writeln!(
                o,
                "    inner: type {} key {} value {} max_entries {}",
                i.map_type, i.key_size, i.value_size, i.max_entries
            );
        }
        for s in &m.init {
            let t = match s.target {
                SlotTarget::Map(x) => format!("map {}", obj.map(x).map_or("?", |m| m.name)),
                SlotTarget::Program(p) => format!("program {}", prog_name(obj, p)),
            };
            let _ = writeln!(o, "    [{}] = {t}", s.index);
        }
    }
    let _ = writeln!(o, "\ndata sections:");
    for d in obj.data_sections() {
        let _ = writeln!(
            o,
            "  {} [{}] size {}{}",
            d.name,
            d.kind.name(),
            d.size,
            d.map.and_then(|m| obj.map(m)).map_or(String::new(), |m| format!(" map flags {:#x}", m.def.map_flags))
        );
        for v in &d.vars {
            let _ = writeln!(
                o,
                "    {:#06x} {} size {}{}",
                v.offset,
                v.name,
                v.size,
                if v.global { "" } else { " static" }
            );
        }
    }
    let _ = writeln!(o, "\nexterns:");
    for e in obj.externs() {
        let _ = write!(o, "  {} [{}]{}", e.name, e.kind_name(), if e.weak { " weak" } else { "" });
        match e.kind {
            ExternKind::Kconfig { ty, size, offset, .. } => {
                let _ = write!(o, " {} size {size} offset {offset}", ty.name());
            }
            ExternKind::Ksym { type_id } => match type_name(obj, type_id) {
                Some(t) => {
                    let _ = write!(o, " type '{t}'");
                }
                None => {
                    let _ = write!(o, " untyped");
                }
            },
            ExternKind::Kfunc { proto } => {
                let _ = write!(o, " proto [{}]", proto.0);
            }
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "\nrelocations:");
    for r in obj.relocations() {
        let sec = obj.section(r.section).map_or("?", |s| s.name);
        let sym = obj.symbol(r.symbol).map_or("?", |s| obj.symbol_display_name(s));
        let _ = write!(o, "  {sec}+{:#x} {} '{sym}'", r.offset, r.kind);
        if let (Some(p), Some(i)) = (r.program, r.insn) {
            let _ = write!(o, " in {} insn {i}", prog_name(obj, p));
        }
        let _ = writeln!(o, " -> {}", target_text(obj, &r.target));
    }
    for (rs, ts, kinds, targets) in metadata_relocs(obj) {
        let _ = writeln!(o, "  {rs} (for {ts}): {} -> {}", join_counts(&kinds), join_counts(&targets));
    }
    let _ = writeln!(o, "\nCO-RE relocations:");
    for c in obj.core_relos() {
        let place = match c.loc.program {
            Some(p) => format!("{} insn {}", prog_name(obj, p), c.loc.insn),
            None => format!("{} insn {}", obj.section(c.loc.section).map_or("?", |s| s.name), c.loc.section_insn),
        };
        let what = match obj.core_access(c) {
            Ok(a) => a.to_string(),
            Err(e) => format!("{} [{}] '{}': {e}", c.kind, c.type_id.0, c.access),
        };
        let _ = writeln!(o, "  {place}: {what}");
    }
    o
}

/// The JSON document of `bpfkit obj --json`.
#[derive(Serialize)]
struct ObjJson<'a> {
    endian: &'static str,
    license: Option<&'a str>,
    version: Option<u32>,
    programs: Vec<ProgJson<'a>>,
    maps: Vec<MapJson<'a>>,
    data_sections: Vec<DataJson<'a>>,
    externs: Vec<ExternJson<'a>>,
    relocations: Vec<RelocJson<'a>>,
    metadata_relocations: Vec<MetaJson<'a>>,
    core_relocations: Vec<CoreJson<'a>>,
}

#[derive(Serialize)]
struct ProgJson<'a> {
    name: &'a str,
    section: &'a str,
    subprog: bool,
    offset: u64,
    insns: usize,
    #[serde(rename = "type")]
    prog_type: String,
    expected_attach_type: Option<String>,
    attach_target: Option<&'a str>,
    prog_flags: u32,
    autoload: bool,
    calls: Vec<CallJson>,
    layout: Vec<PlacedJson>,
    func_infos: usize,
    line_infos: usize,
    core_relos: usize,
}

#[derive(Serialize)]
struct CallJson {
    insn: usize,
    callee: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct PlacedJson {
    program: String,
    insn_offset: usize,
}

#[derive(Serialize)]
struct MapJson<'a> {
    name: &'a str,
    kind: &'static str,
    #[serde(rename = "type")]
    map_type: String,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
    map_flags: u32,
    numa_node: u32,
    pinning: u32,
    map_extra: u64,
    key_type: Option<String>,
    value_type: Option<String>,
    inner: Option<InnerJson>,
    init: Vec<SlotJson>,
}

#[derive(Serialize)]
struct InnerJson {
    #[serde(rename = "type")]
    map_type: String,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
}

#[derive(Serialize)]
struct SlotJson {
    index: u32,
    #[serde(flatten)]
    target: SlotRef,
}

/// A slot's target: `"map": NAME` or `"program": NAME`.
#[derive(Serialize)]
enum SlotRef {
    #[serde(rename = "map")]
    Map(String),
    #[serde(rename = "program")]
    Program(String),
}

#[derive(Serialize)]
struct DataJson<'a> {
    name: &'a str,
    kind: &'static str,
    size: u64,
    map: Option<&'a str>,
    vars: Vec<VarJson<'a>>,
}

#[derive(Serialize)]
struct VarJson<'a> {
    name: &'a str,
    offset: u64,
    size: u64,
    global: bool,
}

#[derive(Serialize)]
struct ExternJson<'a> {
    name: &'a str,
    kind: &'static str,
    weak: bool,
    btf_id: u32,
    #[serde(flatten)]
    detail: ExternDetail,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ExternDetail {
    Kconfig {
        kconfig_type: &'static str,
        signed: bool,
        size: u32,
        align: u32,
        offset: u32,
    },
    Ksym {
        #[serde(rename = "type")]
        ty: Option<String>,
    },
    Kfunc {
        proto: u32,
    },
}

#[derive(Serialize)]
struct RelocJson<'a> {
    section: &'a str,
    offset: u64,
    #[serde(rename = "type")]
    kind: String,
    symbol: &'a str,
    program: Option<String>,
    insn: Option<usize>,
    target: String,
}

#[derive(Serialize)]
struct MetaJson<'a> {
    section: &'a str,
    #[serde(rename = "for")]
    target: &'a str,
    types: BTreeMap<String, usize>,
    targets: BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct CoreJson<'a> {
    section: &'a str,
    program: Option<String>,
    insn: usize,
    kind: String,
    type_id: u32,
    access_string: &'a str,
    access: Option<String>,
    error: Option<String>,
}

fn render_json(obj: &Object<'_>) -> String {
    let endian = match obj.endian() {
        bpfkit_btf::Endian::Little => "little",
        bpfkit_btf::Endian::Big => "big",
    };
    let programs = obj
        .programs()
        .iter()
        .map(|p| ProgJson {
            name: p.name,
            section: p.section_name,
            subprog: p.subprog,
            offset: p.offset,
            insns: p.insn_count(),
            prog_type: p.prog_type().to_string(),
            expected_attach_type: p.expected_attach_type().map(|a| a.to_string()),
            attach_target: p.attach_target(),
            prog_flags: p.prog_flags(),
            autoload: p.autoload(),
            calls: obj
                .program_calls(p.index)
                .iter()
                .map(|c| CallJson {
                    insn: c.insn,
                    callee: prog_name(obj, c.callee),
                    kind: if c.is_call { "call" } else { "func_addr" },
                })
                .collect(),
            layout: if p.subprog {
                Vec::new()
            } else {
                obj.loaded_layout(p.index).map_or_else(
                    |_| Vec::new(),
                    |l| {
                        l.placed
                            .iter()
                            .map(|x| PlacedJson { program: prog_name(obj, x.program), insn_offset: x.insn_offset })
                            .collect()
                    },
                )
            },
            func_infos: obj.program_func_infos(p.index).len(),
            line_infos: obj.program_line_infos(p.index).len(),
            core_relos: obj.program_core_relos(p.index).len(),
        })
        .collect();
    let maps = obj
        .maps()
        .iter()
        .map(|m| {
            let d = &m.def;
            MapJson {
                name: m.name,
                kind: m.kind.name(),
                map_type: d.map_type.to_string(),
                key_size: d.key_size,
                value_size: d.value_size,
                max_entries: d.max_entries,
                map_flags: d.map_flags,
                numa_node: d.numa_node,
                pinning: d.pinning.0,
                map_extra: d.map_extra,
                key_type: type_name(obj, d.key_type),
                value_type: type_name(obj, d.value_type),
                inner: m.inner.as_ref().map(|i| InnerJson {
                    map_type: i.map_type.to_string(),
                    key_size: i.key_size,
                    value_size: i.value_size,
                    max_entries: i.max_entries,
                }),
                init: m
                    .init
                    .iter()
                    .map(|s| SlotJson {
                        index: s.index,
                        target: match s.target {
                            SlotTarget::Map(x) => SlotRef::Map(obj.map(x).map_or("?", |m| m.name).to_string()),
                            SlotTarget::Program(p) => SlotRef::Program(prog_name(obj, p)),
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    let data_sections = obj
        .data_sections()
        .iter()
        .map(|d| DataJson {
            name: d.name,
            kind: d.kind.name(),
            size: d.size,
            map: d.map.and_then(|m| obj.map(m)).map(|m| m.name),
            vars: d
                .vars
                .iter()
                .map(|v| VarJson { name: v.name, offset: v.offset, size: v.size, global: v.global })
                .collect(),
        })
        .collect();
    let externs = obj
        .externs()
        .iter()
        .map(|e| ExternJson {
            name: e.name,
            kind: e.kind_name(),
            weak: e.weak,
            btf_id: e.btf_id.0,
            detail: match e.kind {
                ExternKind::Kconfig { ty, signed, size, align, offset } => {
                    ExternDetail::Kconfig { kconfig_type: ty.name(), signed, size, align, offset }
                }
                ExternKind::Ksym { type_id } => ExternDetail::Ksym { ty: type_name(obj, type_id) },
                ExternKind::Kfunc { proto } => ExternDetail::Kfunc { proto: proto.0 },
            },
        })
        .collect();
    let relocations = obj
        .relocations()
        .iter()
        .map(|r| RelocJson {
            section: obj.section(r.section).map_or("?", |s| s.name),
            offset: r.offset,
            kind: r.kind.to_string(),
            symbol: obj.symbol(r.symbol).map_or("?", |s| obj.symbol_display_name(s)),
            program: r.program.map(|p| prog_name(obj, p)),
            insn: r.insn,
            target: target_text(obj, &r.target),
        })
        .collect();
    let metadata_relocations = metadata_relocs(obj)
        .into_iter()
        .map(|(rs, ts, types, targets)| MetaJson { section: rs, target: ts, types, targets })
        .collect();
    let core_relocations = obj
        .core_relos()
        .iter()
        .map(|c| {
            let (access, error) = match obj.core_access(c) {
                Ok(a) => (Some(a.to_string()), None),
                Err(e) => (None, Some(e.to_string())),
            };
            CoreJson {
                section: obj.section(c.loc.section).map_or("?", |s| s.name),
                program: c.loc.program.map(|p| prog_name(obj, p)),
                insn: c.loc.insn,
                kind: c.kind.to_string(),
                type_id: c.type_id.0,
                access_string: c.access,
                access,
                error,
            }
        })
        .collect();
    let doc = ObjJson {
        endian,
        license: obj.license(),
        version: obj.version(),
        programs,
        maps,
        data_sections,
        externs,
        relocations,
        metadata_relocations,
        core_relocations,
    };
    crate::json::to_string(&doc, crate::json::Layout::obj())
}

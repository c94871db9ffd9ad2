//! Will an object load on a kernel? libbpf's load steps that depend on the
//! kernel's BTF, then the reachability of every instruction the verifier
//! rejects.
//!
//! Checked, per kernel (see docs/core.md for what is not):
//! - CO-RE: a failed relocation (libbpf refuses the object); a poisoned
//!   instruction the verifier can reach ([`crate::reach`]), with the guard
//!   named when it cannot;
//! - externs as libbpf resolves them: kfuncs and typed `__ksym` variables
//!   in the kernel's BTF with compatible types (weak ones may be missing;
//!   a call of a missing weak kfunc is poison), typeless `__ksym`s in
//!   kallsyms, `.kconfig` values in the kernel's config, libbpf's virtual
//!   `LINUX_*` values;
//! - attach targets of `fentry/fexit/fmod_ret/tp_btf/lsm/iter` programs in
//!   the kernel's BTF, and context reads within the target's arguments;
//! - `struct_ops` maps: the kernel's struct and its `bpf_struct_ops_`
//!   wrapper, and each member a program is assigned to.

use crate::cands::{Targets, essential_name};
use crate::compat::types_are_compat;
use crate::patch::{POISON_IMM, Patched};
use crate::program::{LoadedProgram, Relocation};
use crate::reach::{self, Function, Origin, PoisonId, Region, Val};
use bpfkit_btf::{Btf, BtfKind, TypeId};
use bpfkit_insn::{Insn, Opcode};
use bpfkit_obj::section_def::{AttachType, ProgType, SecFlags};
use bpfkit_obj::{DataKind, ExternKind, MapKind, Object, RelocTarget, SlotTarget};
use std::collections::{HashMap, HashSet};

/// What the loader reads from the machine besides BTF, when known: the
/// kernel's config (`/proc/config.gz`) and symbol names (`/proc/kallsyms`).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct KernelEnv {
    /// `CONFIG_X` → value (`y`, `m`, `42`, `"str"`), as in a `.config`.
    pub kconfig: Option<HashMap<String, String>>,
    /// Symbol names in kallsyms.
    pub kallsyms: Option<HashSet<String>>,
    /// libbpf's `LINUX_KERNEL_VERSION` (`KERNEL_VERSION(a, b, c)`).
    pub kernel_version: Option<u32>,
}

impl KernelEnv {
    /// Nothing known besides BTF.
    pub fn new() -> KernelEnv {
        KernelEnv::default()
    }
    /// Parses a kernel `.config` (`CONFIG_X=value` lines; comments and
    /// `# CONFIG_X is not set` lines mean unset, as for libbpf).
    pub fn parse_kconfig(text: &str) -> HashMap<String, String> {
        text.lines()
            .filter(|l| l.starts_with("CONFIG_"))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.trim_end().to_string()))
            .collect()
    }
    /// `KERNEL_VERSION(a, b, c)` of a release string (`6.18.44-fc-v669`),
    /// as libbpf reads `uname -r`: the patch level is capped at 255.
    pub fn parse_release(release: &str) -> Option<u32> {
        let mut it = release.trim().split(|c: char| !c.is_ascii_digit());
        let mut next = || it.next().and_then(|n| n.parse::<u32>().ok());
        let (a, b, c) = (next()?, next()?, next().unwrap_or(0));
        Some((a << 16) + (b.min(255) << 8) + c.min(255))
    }
    /// Parses `/proc/kallsyms` (`ADDR TYPE NAME [MODULE]` lines) into names.
    pub fn parse_kallsyms(text: &str) -> HashSet<String> {
        text.lines().filter_map(|l| l.split_whitespace().nth(2)).map(str::to_string).collect()
    }
}

/// Loads, will be rejected, or cannot be told from what is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Loads (as far as the checked rules go).
    Loads,
    /// Depends on something not known here (kernel config, kallsyms,
    /// control flow the analysis cannot follow).
    Unknown,
    /// The loader or the verifier rejects it.
    Rejected,
}

impl Status {
    /// `loads`, `unknown`, `rejected`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Loads => "loads",
            Status::Unknown => "unknown",
            Status::Rejected => "rejected",
        }
    }
}

/// Which rule decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// libbpf refuses the object itself.
    Object,
    /// A CO-RE relocation failed: libbpf refuses the whole object.
    RelocationFailed,
    /// A poisoned CO-RE instruction is reachable.
    ReachablePoison,
    /// A call of a missing weak kfunc is reachable.
    ReachableMissingKfunc,
    /// A strong kfunc or `__ksym` is not in the kernel's BTF.
    MissingExtern,
    /// A kfunc or typed `__ksym` does not match the kernel's type.
    IncompatibleExtern,
    /// A `.kconfig` extern that libbpf cannot fill.
    Kconfig,
    /// A typeless `__ksym` (kallsyms).
    Kallsyms,
    /// The attach target is not in the kernel's BTF.
    AttachTarget,
    /// The program reads a context argument the target does not have.
    AttachArgs,
    /// A `struct_ops` map or member the kernel does not have.
    StructOps,
    /// libbpf does not know the section's program type.
    Section,
    /// The kernel has no such program type or attach type (its BTF's
    /// `enum bpf_prog_type` / `enum bpf_attach_type` end before it).
    ProgType,
    /// A reachable call of a helper the kernel does not have (`enum bpf_func_id`).
    Helper,
    /// The analysis could not follow the program.
    Analysis,
}

impl Rule {
    /// The rule's name in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Object => "object",
            Rule::RelocationFailed => "relocation-failed",
            Rule::ReachablePoison => "reachable-poison",
            Rule::ReachableMissingKfunc => "reachable-missing-kfunc",
            Rule::MissingExtern => "missing-extern",
            Rule::IncompatibleExtern => "incompatible-extern",
            Rule::Kconfig => "kconfig",
            Rule::Kallsyms => "kallsyms",
            Rule::AttachTarget => "attach-target",
            Rule::AttachArgs => "attach-args",
            Rule::StructOps => "struct-ops",
            Rule::Section => "section",
            Rule::ProgType => "prog-type",
            Rule::Helper => "helper",
            Rule::Analysis => "analysis",
        }
    }
}

/// One reason for a verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reason {
    /// What it breaks.
    pub status: Status,
    /// The rule.
    pub rule: Rule,
    /// In words.
    pub message: String,
}

impl Reason {
    fn new(status: Status, rule: Rule, message: String) -> Reason {
        Reason { status, rule, message }
    }
}

/// The verdict on one program.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ProgramVerdict {
    /// The program's name.
    pub name: String,
    /// Its section.
    pub section: String,
    /// The verdict (counting the object's own reasons).
    pub status: Status,
    /// Why it is rejected or unknown (its own reasons; see
    /// [`Verdict::reasons`] for the object's).
    pub reasons: Vec<Reason>,
    /// Poisoned instructions the verifier never reaches, each with its guard.
    pub dead_poison: Vec<String>,
}

/// The verdict on an object for one kernel.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Verdict {
    /// The worst program verdict, or the object's.
    pub status: Status,
    /// Reasons that stop the whole object (libbpf loads objects as a unit).
    pub reasons: Vec<Reason>,
    /// The programs libbpf loads (autoload on), in object order.
    pub programs: Vec<ProgramVerdict>,
}

/// How libbpf resolves one extern against this kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resolved {
    /// Present: an address (non-null).
    Present,
    /// Weak and absent: zero, and calls to it are poison.
    Zero,
    /// Not known here.
    Unknown,
    /// Refused (the object does not load).
    Refused,
}

/// Checks whether `obj`, relocated as `rel` against `targets`, loads on
/// that kernel (see the module docs for the rules).
pub fn check(obj: &Object<'_>, targets: &Targets<'_>, rel: &Relocation<'_>, env: &KernelEnv) -> Verdict {
    let mut reasons = Vec::new();
    if obj.maps().iter().any(|m| m.kind == MapKind::Legacy) {
        reasons.push(Reason::new(
            Status::Rejected,
            Rule::Object,
            String::from("legacy map definitions in the 'maps' section: libbpf 1.0 and later refuse the object"),
        ));
    }
    let externs = resolve_externs(obj, targets, env, &mut reasons);
    let mut skip: HashSet<bpfkit_obj::ProgramIndex> = HashSet::new();
    struct_ops(obj, targets, &mut reasons, &mut skip);
    let local = obj.btf();
    let mut programs = Vec::new();
    for p in rel.programs.iter().filter(|p| !p.uncalled_subprog) {
        let Some(prog) = obj.program(p.program) else { continue };
        if !prog.autoload() || skip.contains(&p.program) {
            continue;
        }
        let mut pv = ProgramVerdict {
            name: p.name.to_string(),
            section: p.section.to_string(),
            status: Status::Loads,
            reasons: Vec::new(),
            dead_poison: Vec::new(),
        };
        // Failed relocations of loaded programs stop the object.
        for a in &p.applied {
            if let Err(e) = &a.result {
                let rec = &rel.records[a.record];
                reasons.push(Reason::new(
                    Status::Rejected,
                    Rule::RelocationFailed,
                    format!(
                        "prog '{}': relo #{} ({} of {}) failed: {}",
                        p.name,
                        rec.relo.index,
                        rec.kind.name(),
                        local.map_or_else(String::new, |b| crate::spec::type_label(b, rec.local_type_id)),
                        e.message()
                    ),
                ));
            }
        }
        if prog.kind.def.is_none() {
            pv.reasons.push(Reason::new(
                Status::Rejected,
                Rule::Section,
                format!("libbpf does not know the program type of section '{}'", p.section),
            ));
        }
        let walk = program_flow(obj, rel, p, &externs, env, &mut pv);
        attach(obj, targets, env, p, &walk.ctx_loads, &mut pv);
        kernel_enums(targets, prog, &walk.helper_calls, &mut pv);
        pv.status = pv.reasons.iter().map(|r| r.status).max().unwrap_or(Status::Loads);
        programs.push(pv);
    }
    let object = reasons.iter().map(|r| r.status).max().unwrap_or(Status::Loads);
    for p in &mut programs {
        p.status = p.status.max(object);
    }
    let status = programs.iter().map(|p| p.status).max().unwrap_or(Status::Loads).max(object);
    Verdict { status, reasons, programs }
}

/// libbpf's `bpf_object__resolve_externs` against the kernel's BTF and env.
fn resolve_externs(obj: &Object<'_>, targets: &Targets<'_>, env: &KernelEnv, out: &mut Vec<Reason>) -> Vec<Resolved> {
    let Some(local) = obj.btf() else { return Vec::new() };
    let mut res = Vec::with_capacity(obj.externs().len());
    for e in obj.externs() {
        let r = match e.kind {
            ExternKind::Kfunc { proto } => {
                let name = essential_name(e.name);
                match find(targets, name, BtfKind::FUNC) {
                    None if e.weak => Resolved::Zero,
                    None => {
                        out.push(Reason::new(
                            Status::Rejected,
                            Rule::MissingExtern,
                            format!("kfunc '{}' is not in the kernel's BTF (strong extern)", e.name),
                        ));
                        Resolved::Refused
                    }
                    Some((btf, id)) => {
                        let kproto = btf.get(id).map_or(TypeId(0), |t| t.type_id());
                        if types_are_compat(local, proto, btf, kproto).unwrap_or(false) {
                            Resolved::Present
                        } else if e.weak {
                            Resolved::Zero
                        } else {
                            out.push(Reason::new(
                                Status::Rejected,
                                Rule::IncompatibleExtern,
                                format!(
                                    "kfunc '{}': the object's prototype is incompatible with the kernel's [{}]",
                                    e.name, kproto.0
                                ),
                            ));
                            Resolved::Refused
                        }
                    }
                }
            }
            ExternKind::Ksym { type_id: Some(ty) } => match find(targets, e.name, BtfKind::VAR) {
                None if e.weak => Resolved::Zero,
                None => {
                    out.push(Reason::new(
                        Status::Rejected,
                        Rule::MissingExtern,
                        format!("ksym '{}' is not a variable in the kernel's BTF (strong extern)", e.name),
                    ));
                    Resolved::Refused
                }
                Some((btf, id)) => {
                    let kty = btf.get(id).map(|v| v.type_id()).and_then(|t| btf.skip_mods_and_typedefs(t).ok());
                    let ok = kty.is_some_and(|k| types_are_compat(local, ty, btf, k.id()).unwrap_or(false));
                    if ok {
                        Resolved::Present
                    } else {
                        // libbpf refuses an incompatible variable even when weak.
                        out.push(Reason::new(
                            Status::Rejected,
                            Rule::IncompatibleExtern,
                            format!(
                                "ksym '{}': its type is incompatible with the kernel's variable [{}]",
                                e.name, id.0
                            ),
                        ));
                        Resolved::Refused
                    }
                }
            },
            ExternKind::Ksym { type_id: None } => match &env.kallsyms {
                Some(k) if k.contains(e.name) => Resolved::Present,
                Some(_) if e.weak => Resolved::Zero,
                Some(_) => {
                    out.push(Reason::new(
                        Status::Rejected,
                        Rule::Kallsyms,
                        format!("typeless ksym '{}' is not in kallsyms (strong extern)", e.name),
                    ));
                    Resolved::Refused
                }
                None => {
                    out.push(Reason::new(
                        Status::Unknown,
                        Rule::Kallsyms,
                        format!(
                            "typeless ksym '{}' is resolved from the kernel's kallsyms, which BTF does not hold",
                            e.name
                        ),
                    ));
                    Resolved::Unknown
                }
            },
            ExternKind::Kconfig { ty, .. } => kconfig(e.name, e.weak, ty, env, out),
        };
        res.push(r);
    }
    res
}

fn kconfig(name: &str, weak: bool, ty: bpfkit_obj::KconfigType, env: &KernelEnv, out: &mut Vec<Reason>) -> Resolved {
    use bpfkit_obj::KconfigType;
    if matches!(name, "LINUX_KERNEL_VERSION" | "LINUX_HAS_BPF_COOKIE" | "LINUX_HAS_SYSCALL_WRAPPER") {
        return Resolved::Present;
    }
    if !name.starts_with("CONFIG_") {
        if name.starts_with("LINUX_") && weak {
            return Resolved::Zero;
        }
        out.push(Reason::new(
            Status::Rejected,
            Rule::Kconfig,
            format!("kconfig extern '{name}': libbpf knows only CONFIG_* and its own LINUX_* values"),
        ));
        return Resolved::Refused;
    }
    let Some(cfg) = &env.kconfig else {
        if weak {
            return Resolved::Unknown;
        }
        out.push(Reason::new(
            Status::Unknown,
            Rule::Kconfig,
            format!("kconfig extern '{name}' (strong) needs the kernel's config, which BTF does not hold (--kconfig)"),
        ));
        return Resolved::Unknown;
    };
    let Some(v) = cfg.get(name) else {
        if weak {
            return Resolved::Zero;
        }
        out.push(Reason::new(
            Status::Rejected,
            Rule::Kconfig,
            format!("kconfig extern '{name}' (strong) is not set in the kernel's config"),
        ));
        return Resolved::Refused;
    };
    let fits = match ty {
        KconfigType::Bool => matches!(v.as_str(), "y" | "n"),
        KconfigType::Tristate => matches!(v.as_str(), "y" | "n" | "m"),
        KconfigType::Char => matches!(v.as_str(), "y" | "n" | "m") || v.parse::<i64>().is_ok(),
        KconfigType::CharArray => v.starts_with('"'),
        KconfigType::Int => parse_c_int(v).is_some(),
    };
    if !fits {
        out.push(Reason::new(
            Status::Rejected,
            Rule::Kconfig,
            format!("kconfig extern '{name}': the kernel's value '{v}' does not fit its {} type", ty.name()),
        ));
        return Resolved::Refused;
    }
    Resolved::Present
}

/// The `.kconfig` map's contents as libbpf fills them, when every value is
/// known (`None` otherwise): the verifier reads the frozen map as constants.
fn kconfig_bytes(obj: &Object<'_>, env: &KernelEnv) -> Option<Vec<u8>> {
    use bpfkit_obj::KconfigType;
    let mut out = vec![0u8; obj.kconfig_size() as usize];
    let big = obj.endian() == bpfkit_btf::Endian::Big;
    for e in obj.externs() {
        let ExternKind::Kconfig { ty, size, offset, .. } = e.kind else { continue };
        let (off, size) = (offset as usize, size as usize);
        let slot = out.get_mut(off..off + size)?;
        let num = |slot: &mut [u8], v: i64| {
            let b = v.to_le_bytes();
            for (k, byte) in slot.iter_mut().enumerate() {
                *byte = if big { b[size - 1 - k] } else { b[k] };
            }
        };
        match e.name {
            "LINUX_KERNEL_VERSION" => num(slot, i64::from(env.kernel_version?)),
            n if n.starts_with("CONFIG_") => {
                let Some(v) = env.kconfig.as_ref()?.get(n) else {
                    continue; // weak and unset: zero (strong ones refuse the object)
                };
                match (ty, v.as_str()) {
                    (KconfigType::Bool | KconfigType::Tristate, "y") => num(slot, 1),
                    (KconfigType::Bool | KconfigType::Tristate, "n") => num(slot, 0),
                    (KconfigType::Tristate, "m") => num(slot, 2),
                    (KconfigType::Char, "y" | "n" | "m") => num(slot, i64::from(v.as_bytes()[0])),
                    (KconfigType::CharArray, s) => {
                        let s = s.trim_matches('"').as_bytes();
                        let n = s.len().min(size.saturating_sub(1));
                        slot[..n].copy_from_slice(&s[..n]);
                    }
                    (_, s) => num(slot, parse_c_int(s)?),
                }
            }
            n if n.starts_with("LINUX_HAS_") => return None, // probed by libbpf
            _ => {}                                          // weak unknown LINUX_*: zero
        }
    }
    Some(out)
}

fn parse_c_int(v: &str) -> Option<i64> {
    let (neg, d) = v.strip_prefix('-').map_or((false, v), |r| (true, r));
    let n = match d.strip_prefix("0x").or_else(|| d.strip_prefix("0X")) {
        Some(h) => i64::from_str_radix(h, 16).ok()?,
        None => d.parse::<i64>().ok()?,
    };
    Some(if neg { -n } else { n })
}

/// `btf__find_by_name_kind` in vmlinux, then in each module (libbpf's order).
fn find<'t, 'a>(targets: &'t Targets<'a>, name: &str, kind: BtfKind) -> Option<(&'t Btf<'a>, TypeId)> {
    targets.iter().find_map(|(_, t)| t.btf.find_by_name_kind(name, kind).map(|id| (t.btf, id)))
}

/// The reachability of every poisoned instruction of one loaded program.
/// Returns the walk (for the entry program's context reads and helper calls).
fn program_flow(
    obj: &Object<'_>,
    rel: &Relocation<'_>,
    p: &LoadedProgram<'_>,
    externs: &[Resolved],
    env: &KernelEnv,
    pv: &mut ProgramVerdict,
) -> reach::Reach {
    let Some(local) = obj.btf() else { return reach::Reach::default() };
    let mut input = reach::Input { insns: &p.insns, endian: Some(rel.endian), ..reach::Input::default() };
    for placed in &p.layout.placed {
        let global = placed.program != p.program && obj.program(placed.program).is_some_and(|x| x.global);
        input.functions.push(Function { start: placed.insn_offset, len: placed.insn_count, global });
    }
    // Poison and loader constants from CO-RE.
    let mut poison_text: Vec<String> = Vec::new();
    let mut origin_text: HashMap<usize, String> = HashMap::new();
    for a in &p.applied {
        let rec = &rel.records[a.record];
        let Ok(res) = &rec.resolution else { continue };
        let what = format!("{} {}", rec.kind.name(), crate::spec::describe(local, &res.local));
        match &a.result {
            Ok(Patched::Poisoned { .. }) => {
                input.poison.insert(a.insn_idx, PoisonId(poison_text.len() as u32));
                let why = res.poison_reason(local).unwrap_or_else(|| String::from("unsafe load/store size change"));
                poison_text
                    .push(format!("insn #{}: relo #{} <{what}> was poisoned ({why})", a.insn_idx, rec.relo.index));
            }
            Ok(Patched::Value { new, .. }) => {
                input.origins.insert(a.insn_idx);
                origin_text.insert(a.insn_idx, format!("{what} = {new}"));
            }
            Err(_) => {}
        }
    }
    // What the loader puts in ld_imm64 and kfunc calls.
    let mut ro_index: HashMap<Option<bpfkit_obj::DataIndex>, u32> = HashMap::new();
    let mut ro_names: Vec<Option<bpfkit_obj::DataIndex>> = Vec::new();
    let kconfig = kconfig_bytes(obj, env);
    for r in &p.relocs {
        let at = r.insn.0;
        let Some(raw) = p.insns.get(at) else { continue };
        let is_call = raw.code == Opcode::CALL;
        let v = match r.target {
            RelocTarget::Map(_) => Val::Ptr(Region::Other, None),
            RelocTarget::Data { data, offset } => match obj.data_section(data) {
                Some(d) if d.kind == DataKind::Rodata => {
                    let idx = *ro_index.entry(Some(data)).or_insert_with(|| {
                        input.readonly.push(d.bytes);
                        ro_names.push(Some(data));
                        (input.readonly.len() - 1) as u32
                    });
                    Val::Ptr(Region::ReadOnly(idx), i64::try_from(offset).ok())
                }
                Some(d) if d.kind == DataKind::Arena => Val::Unknown,
                _ => Val::Ptr(Region::Other, i64::try_from(offset).ok()),
            },
            RelocTarget::FuncAddr(_) => continue, // `reach` follows BPF_PSEUDO_FUNC itself
            RelocTarget::Extern(x) => {
                let Some(e) = obj.extern_(x) else { continue };
                let res = externs.get(x.index()).copied().unwrap_or(Resolved::Unknown);
                // The verifier looks up the address of every kfunc called and
                // every typed ksym loaded, reachable or not (kallsyms).
                let typed = matches!(e.kind, ExternKind::Kfunc { .. } | ExternKind::Ksym { type_id: Some(_) });
                if typed
                    && res == Resolved::Present
                    && let Some(k) = &env.kallsyms
                    && !k.contains(essential_name(e.name))
                {
                    pv.reasons.push(Reason::new(
                        Status::Rejected,
                        Rule::Kallsyms,
                        format!(
                            "insn #{at}: '{}' is in the kernel's BTF but has no address in kallsyms{}",
                            e.name,
                            if matches!(e.kind, ExternKind::Ksym { .. }) {
                                " (data symbols need CONFIG_KALLSYMS_ALL)"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
                if is_call {
                    input.kfunc_calls.insert(at);
                    if res == Resolved::Zero {
                        input.poison.insert(at, PoisonId(poison_text.len() as u32));
                        poison_text.push(format!(
                            "insn #{at}: call of kfunc '{}', which this kernel does not have (weak extern, libbpf poisons the call)",
                            e.name
                        ));
                    }
                    continue;
                }
                match (e.kind, res) {
                    (ExternKind::Kconfig { offset, .. }, _) => match &kconfig {
                        Some(bytes) => {
                            let idx = *ro_index.entry(None).or_insert_with(|| {
                                input.readonly.push(bytes);
                                ro_names.push(None);
                                (input.readonly.len() - 1) as u32
                            });
                            Val::Ptr(Region::ReadOnly(idx), Some(i64::from(offset)))
                        }
                        None => Val::Ptr(Region::Other, None),
                    },
                    (_, Resolved::Zero) => {
                        origin_text.insert(at, format!("weak extern '{}' = 0 (not in this kernel)", e.name));
                        input.origins.insert(at);
                        Val::Scalar(0, Some(Origin::Insn(at)))
                    }
                    // A kfunc's address is PTR_TO_MEM (never null to the
                    // verifier); a typeless ksym is a non-zero address.
                    (ExternKind::Kfunc { .. } | ExternKind::Ksym { type_id: None }, Resolved::Present) => {
                        Val::Ptr(Region::Other, None)
                    }
                    // A typed variable is a PTR_TO_BTF_ID the verifier may
                    // not know to be non-null: both ways of a null test.
                    _ => Val::Unknown,
                }
            }
            _ => continue,
        };
        if !is_call && raw.code == Opcode::LD_IMM64 {
            input.imm64.insert(at, v);
        }
    }
    let r = reach::analyze(&input);
    if let Some(why) = &r.gave_up {
        pv.reasons.push(Reason::new(Status::Unknown, Rule::Analysis, format!("cannot follow the control flow: {why}")));
    }
    let reached: HashSet<PoisonId> = r.reached_poison.iter().map(|x| x.1).collect();
    let mut poisons: Vec<(usize, PoisonId)> = input.poison.iter().map(|(&i, &id)| (i, id)).collect();
    poisons.sort();
    for (at, id) in poisons {
        let text = &poison_text[id.0 as usize];
        let kfunc = text.contains("call of kfunc");
        if reached.contains(&id) {
            if r.gave_up.is_some() {
                continue; // said once, as an analysis limit
            }
            let (rule, tail) = if kfunc {
                (
                    Rule::ReachableMissingKfunc,
                    format!("and the verifier reaches it (`invalid func unknown#{}`)", 2_002_000_000u32),
                )
            } else {
                (Rule::ReachablePoison, format!("and the verifier reaches it (`invalid func unknown#{POISON_IMM}`)"))
            };
            // Where it is, when not in the entry program itself.
            let place = p
                .layout
                .placed
                .iter()
                .skip(1)
                .find(|x| at >= x.insn_offset && at < x.insn_offset + x.insn_count)
                .and_then(|x| obj.program(x.program))
                .map_or(String::new(), |sub| {
                    if sub.global {
                        format!(
                            " in global function '{}' (the verifier checks it on its own, with unknown arguments)",
                            sub.name
                        )
                    } else {
                        format!(" in subprogram '{}'", sub.name)
                    }
                });
            pv.reasons.push(Reason::new(Status::Rejected, rule, format!("{text}{place} {tail}")));
            continue;
        }
        let guard = match r.guard_of(&p.insns, &input.functions, at) {
            Some(d) => {
                let raw = p.insns[d.insn];
                let insn = Insn::decode(raw, p.insns.get(d.insn + 1).copied());
                let from = match d.origin {
                    Some(Origin::Insn(k)) => origin_text.get(&k).cloned().unwrap_or_else(|| format!("insn #{k}")),
                    Some(Origin::ReadOnly { map, offset }) if ro_names.get(map as usize) == Some(&None) => {
                        let e = obj.externs().iter().find(|e| {
                            matches!(e.kind, ExternKind::Kconfig { offset: o, size, .. }
                                if offset >= u64::from(o) && offset < u64::from(o + size))
                        });
                        match e {
                            Some(e) => format!("{} from the kernel's .kconfig values", e.name),
                            None => String::from(".kconfig"),
                        }
                    }
                    Some(Origin::ReadOnly { map, offset }) => ro_names
                        .get(map as usize)
                        .and_then(|&di| di.and_then(|di| obj.data_section(di)))
                        .map(|d| {
                            let var = d.vars.iter().find(|v| offset >= v.offset && offset < v.offset + v.size);
                            match var {
                                Some(v) => format!(
                                    "'{}' in {} as compiled (a loader that changes it before loading changes this)",
                                    v.name, d.name
                                ),
                                None => format!("{}+{offset} as compiled", d.name),
                            }
                        })
                        .unwrap_or_default(),
                    None => String::from("a constant"),
                };
                format!(
                    "guarded by insn #{} `{insn}`, {} taken: {from}",
                    d.insn,
                    if d.taken { "always" } else { "never" }
                )
            }
            None => String::from("not reached from the program's entry"),
        };
        pv.dead_poison.push(format!("{text}; unreachable, {guard}"));
    }
    r
}

/// Attach targets (`SEC("fentry/NAME")` and friends) and context reads.
fn attach(
    obj: &Object<'_>,
    targets: &Targets<'_>,
    env: &KernelEnv,
    p: &LoadedProgram<'_>,
    ctx_loads: &[(usize, i64)],
    pv: &mut ProgramVerdict,
) {
    let Some(prog) = obj.program(p.program) else { return };
    let Some(def) = prog.kind.def else { return };
    if def.prog_type == ProgType::EXT {
        pv.reasons.push(Reason::new(
            Status::Unknown,
            Rule::AttachTarget,
            format!("freplace program: its target is another BPF program ({}), not the kernel", p.section),
        ));
        return;
    }
    if !def.flags.contains(SecFlags::ATTACH_BTF) {
        return;
    }
    let attach_type = def.expected_attach_type;
    let Some(name) = prog.attach_target() else {
        pv.reasons.push(Reason::new(
            Status::Rejected,
            Rule::AttachTarget,
            format!("section '{}' names no attach target (a loader must set one)", p.section),
        ));
        return;
    };
    let (module, func) = match name.split_once(':') {
        Some((m, f)) => (Some(m), f),
        None => (None, name),
    };
    let (prefix, kind) = match attach_type {
        Some(AttachType::TRACE_RAW_TP) => ("btf_trace_", BtfKind::TYPEDEF),
        Some(AttachType::LSM_MAC) | Some(AttachType::LSM_CGROUP) => ("bpf_lsm_", BtfKind::FUNC),
        Some(AttachType::TRACE_ITER) => ("bpf_iter_", BtfKind::FUNC),
        _ => ("", BtfKind::FUNC),
    };
    let full = format!("{prefix}{func}");
    let found = targets.iter().find_map(|(_, t)| {
        let wanted = match module {
            None => true,
            Some("vmlinux") => t.name == "vmlinux",
            Some(m) => t.name == m,
        };
        if !wanted {
            return None;
        }
        t.btf.find_by_name_kind(&full, kind).map(|id| (t.btf, id))
    });
    let Some((btf, id)) = found else {
        pv.reasons.push(Reason::new(
            Status::Rejected,
            Rule::AttachTarget,
            format!("attach target '{name}': no {} '{full}' in the kernel's BTF", kind.name()),
        ));
        return;
    };
    if kind == BtfKind::FUNC
        && matches!(
            attach_type,
            Some(AttachType::TRACE_FENTRY) | Some(AttachType::TRACE_FEXIT) | Some(AttachType::MODIFY_RETURN)
        )
        && let Some(k) = &env.kallsyms
        && !k.contains(func)
    {
        pv.reasons.push(Reason::new(
            Status::Rejected,
            Rule::AttachTarget,
            format!("attach target '{func}' has BTF but no address in kallsyms"),
        ));
    }
    // The target's argument count, for context reads.
    let proto = match kind {
        BtfKind::TYPEDEF => btf
            .get(id)
            .and_then(|t| btf.skip_mods_and_typedefs(t.type_id()).ok())
            .filter(|t| t.kind() == BtfKind::PTR)
            .and_then(|t| btf.get(t.type_id())),
        _ => btf.get(id).and_then(|f| btf.get(f.type_id())),
    };
    let Some(proto) = proto.filter(|t| t.kind() == BtfKind::FUNC_PROTO) else { return };
    if attach_type == Some(AttachType::TRACE_ITER) {
        return; // the context is a struct, checked by the verifier's BTF access
    }
    let mut nr_args = proto.vlen() as i64;
    if kind == BtfKind::TYPEDEF {
        nr_args -= 1; // the tracepoint's hidden `void *__data`
    }
    let ret_ok = matches!(
        attach_type,
        Some(AttachType::TRACE_FEXIT)
            | Some(AttachType::MODIFY_RETURN)
            | Some(AttachType::LSM_MAC)
            | Some(AttachType::LSM_CGROUP)
    );
    for &(at, off) in ctx_loads {
        let arg = off.div_euclid(8);
        let bad = if off % 8 != 0 {
            Some(format!("offset {off} is not a multiple of 8"))
        } else if arg > nr_args || (arg == nr_args && !ret_ok) {
            Some(format!("'{func}' has {nr_args} argument(s); the program reads argument {arg}"))
        } else {
            None
        };
        if let Some(b) = bad {
            pv.reasons.push(Reason::new(Status::Rejected, Rule::AttachArgs, format!("insn #{at}: context read: {b}")));
        }
    }
}

/// The value of enumerator `name` of `enum ty` in the kernel's BTF.
fn enum_value(targets: &Targets<'_>, ty: &str, name: &str) -> Option<i64> {
    let btf = targets.vmlinux().btf;
    let id = btf.find_by_name_kind(ty, BtfKind::ENUM)?;
    let t = btf.get(id)?;
    t.enumerators().find(|e| btf.str(e.name_off).ok() == Some(name)).map(|e| e.signed())
}

/// Program type, attach type and helpers against the kernel's own enums.
fn kernel_enums(
    targets: &Targets<'_>,
    prog: &bpfkit_obj::Program<'_>,
    helpers: &[(usize, i32)],
    pv: &mut ProgramVerdict,
) {
    let Some(def) = prog.kind.def else { return };
    if let Some(max) = enum_value(targets, "bpf_prog_type", "__MAX_BPF_PROG_TYPE")
        && i64::from(def.prog_type.0) >= max
    {
        pv.reasons.push(Reason::new(
            Status::Rejected,
            Rule::ProgType,
            format!(
                "this kernel has no program type {} (its enum bpf_prog_type ends at {})",
                def.prog_type.name().unwrap_or("?"),
                max - 1
            ),
        ));
    }
    if let Some(at) = def.expected_attach_type
        && let Some(max) = enum_value(targets, "bpf_attach_type", "__MAX_BPF_ATTACH_TYPE")
        && i64::from(at.0) >= max
    {
        pv.reasons.push(Reason::new(
            Status::Rejected,
            Rule::ProgType,
            format!(
                "this kernel has no attach type {} (its enum bpf_attach_type ends at {})",
                at.name().unwrap_or("?"),
                max - 1
            ),
        ));
    }
    if let Some(max) = enum_value(targets, "bpf_func_id", "__BPF_FUNC_MAX_ID") {
        for &(at, id) in helpers {
            if i64::from(id) >= max && id != POISON_IMM && !(2_001_000_000..2_003_000_000).contains(&id) {
                pv.reasons.push(Reason::new(
                    Status::Rejected,
                    Rule::Helper,
                    format!(
                        "insn #{at}: helper #{id} is not in this kernel (its enum bpf_func_id ends at {})",
                        max - 1
                    ),
                ));
            }
        }
    }
}

/// libbpf's struct_ops checks (`bpf_map__init_kern_struct_ops`): the
/// kernel's struct and its `bpf_struct_ops_` wrapper; each member set in
/// the object (a program, or non-zero data) must exist in the kernel's
/// struct with the same kind; all-zero members the kernel lacks are
/// skipped. Programs no struct_ops map refers to are not loaded.
fn struct_ops(
    obj: &Object<'_>,
    targets: &Targets<'_>,
    out: &mut Vec<Reason>,
    skip: &mut HashSet<bpfkit_obj::ProgramIndex>,
) {
    let Some(local) = obj.btf() else { return };
    let mut used: HashSet<bpfkit_obj::ProgramIndex> = HashSet::new();
    for m in obj.maps().iter().filter(|m| m.kind == MapKind::StructOps) {
        used.extend(m.init.iter().filter_map(|s| match s.target {
            SlotTarget::Program(p) => Some(p),
            SlotTarget::Map(_) => None,
        }));
        let Some(ty) = m.def.value_type else { continue };
        let tname = essential_name(local.name_of(ty));
        let Some((kbtf, kid)) = find(targets, tname, BtfKind::STRUCT) else {
            out.push(Reason::new(
                Status::Rejected,
                Rule::StructOps,
                format!("struct_ops map '{}': struct {tname} is not in the kernel's BTF", m.name),
            ));
            continue;
        };
        if find(targets, &format!("bpf_struct_ops_{tname}"), BtfKind::STRUCT).is_none() {
            out.push(Reason::new(
                Status::Rejected,
                Rule::StructOps,
                format!(
                    "struct_ops map '{}': the kernel has no bpf_struct_ops_{tname} (not a struct_ops type)",
                    m.name
                ),
            ));
            continue;
        }
        let (Some(lt), Some(kt)) = (local.get(ty), kbtf.get(kid)) else { continue };
        let data = m
            .section
            .and_then(|si| obj.section(si))
            .map_or(&[][..], |sec| sec.data.get(m.offset as usize..).unwrap_or(&[]));
        for (i, mem) in lt.members().enumerate() {
            let mname = local.str(mem.name_off).unwrap_or("");
            let has_prog = m.init.iter().any(|s| s.index as usize == i && matches!(s.target, SlotTarget::Program(_)));
            let size = local.resolve_size(mem.type_id).unwrap_or(0) as usize;
            let at = (mem.bit_offset / 8) as usize;
            let zero = data.get(at..at + size).is_none_or(|b| b.iter().all(|&x| x == 0));
            let Some(km) = kt.members().find(|km| kbtf.str(km.name_off).ok() == Some(mname)) else {
                if has_prog || !zero {
                    out.push(Reason::new(
                        Status::Rejected,
                        Rule::StructOps,
                        format!("struct_ops map '{}': struct {tname} of this kernel has no member '{mname}'", m.name),
                    ));
                }
                continue;
            };
            let lk = local.skip_mods_and_typedefs(mem.type_id).map(|t| t.kind()).ok();
            let kk = kbtf.skip_mods_and_typedefs(km.type_id).map(|t| t.kind()).ok();
            if lk != kk {
                out.push(Reason::new(
                    Status::Rejected,
                    Rule::StructOps,
                    format!(
                        "struct_ops map '{}': member '{mname}' is a {} here but not in the kernel",
                        m.name,
                        lk.map_or("?", |k| k.name())
                    ),
                ));
            }
        }
    }
    for p in obj.programs() {
        if p.prog_type() == ProgType::STRUCT_OPS && !used.contains(&p.index) {
            skip.insert(p.index);
        }
    }
}

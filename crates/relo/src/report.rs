//! Per-relocation reports: one [`Entry`] per relocation per loaded
//! program, with libbpf-style text and JSON.

use crate::cands::Targets;
use crate::compat::Outcome;
use crate::patch::Patched;
use crate::program::{LoadedProgram, Record, Relocation};
use crate::spec::{describe, format_spec, type_label};
use bpfkit_obj::Object;

/// One candidate as the report shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct CandidateReport {
    /// The target BTF's name.
    pub btf: String,
    /// The candidate's type id.
    pub type_id: u32,
    /// libbpf's formatted target spec.
    pub spec: String,
    /// Whether it matched.
    pub matched: bool,
    /// Why not, if it did not.
    pub why: Option<String>,
}

/// Outcome of one relocation in one loaded program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Resolved and patched.
    Ok,
    /// Instruction poisoned (`call 0xbad2310`).
    Poisoned,
    /// Resolution or patching failed (libbpf refuses to load).
    Failed,
}

impl Status {
    /// `ok`, `poisoned`, `failed`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Poisoned => "poisoned",
            Status::Failed => "failed",
        }
    }
}

/// The report of one relocation in one loaded program.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// Section of the relocated instruction.
    pub section: String,
    /// The loaded (entry) program.
    pub program: String,
    /// The subprogram holding the instruction, when it is not the entry program.
    pub subprogram: Option<String>,
    /// libbpf's `relo #N`: index among the section's CO-RE records.
    pub relo_index: usize,
    /// Byte offset of the instruction in its section (as in `.BTF.ext`).
    pub insn_off: u32,
    /// Instruction index in the loaded program.
    pub insn_idx: usize,
    /// libbpf's short kind name.
    pub kind: &'static str,
    /// Local root type id.
    pub local_type_id: u32,
    /// `struct task_struct`.
    pub local_type: String,
    /// The access string.
    pub access: String,
    /// `struct task_struct.real_parent`.
    pub local_spec: String,
    /// libbpf's formatted local spec (`<byte_off> [2] struct task_struct.pid (0:3 @ offset 32)`).
    pub local_spec_full: String,
    /// Target BTF name of the chosen candidate.
    pub target_btf: Option<String>,
    /// Target type id of the chosen candidate.
    pub target_type_id: Option<u32>,
    /// Target type label.
    pub target_type: Option<String>,
    /// Raw target access string.
    pub target_access: Option<String>,
    /// libbpf's formatted target spec.
    pub target_spec: Option<String>,
    /// Local (compiler-encoded) value.
    pub orig: Option<u64>,
    /// New value (`None` when poisoned or failed).
    pub new: Option<u64>,
    /// Status.
    pub status: Status,
    /// Why it was poisoned or failed, in words.
    pub reason: Option<String>,
    /// Every candidate tried.
    pub candidates: Vec<CandidateReport>,
    /// libbpf-style log lines for this relocation.
    pub log: Vec<String>,
}

impl Entry {
    /// Whether the instruction was poisoned.
    pub fn poisoned(&self) -> bool {
        self.status == Status::Poisoned
    }
    /// The log lines joined.
    pub fn text_line(&self) -> String {
        self.log.join("\n")
    }
}

/// Builds the report entries of a relocation, program by program.
pub fn entries(obj: &Object<'_>, targets: &Targets<'_>, rel: &Relocation<'_>) -> Vec<Entry> {
    let mut out = Vec::new();
    for p in &rel.programs {
        program_entries(obj, targets, rel, p, &mut out);
    }
    out
}

fn program_entries(
    obj: &Object<'_>,
    targets: &Targets<'_>,
    rel: &Relocation<'_>,
    p: &LoadedProgram<'_>,
    out: &mut Vec<Entry>,
) {
    let Some(local_btf) = obj.btf() else { return };
    for a in &p.applied {
        let rec = &rel.records[a.record];
        let sub = (rec.program != p.program).then(|| obj.program(rec.program).map_or("?", |x| x.name).to_string());
        let label = match &sub {
            Some(sname) => format!("prog '{}' (subprog '{sname}')", p.name),
            None => format!("prog '{}'", p.name),
        };
        let pre = format!("{label}: relo #{}:", rec.relo.index);
        let mut log = Vec::new();
        let mut e = Entry {
            section: rec.relo.section.clone(),
            program: p.name.to_string(),
            subprogram: sub,
            relo_index: rec.relo.index,
            insn_off: rec.relo.insn_off,
            insn_idx: a.insn_idx,
            kind: rec.kind.name(),
            local_type_id: rec.local_type_id.0,
            local_type: type_label(local_btf, rec.local_type_id),
            access: rec.access.to_string(),
            local_spec: String::new(),
            local_spec_full: String::new(),
            target_btf: None,
            target_type_id: None,
            target_type: None,
            target_access: None,
            target_spec: None,
            orig: None,
            new: None,
            status: Status::Failed,
            reason: None,
            candidates: Vec::new(),
            log: Vec::new(),
        };
        if let Ok(res) = &rec.resolution {
            e.local_spec = describe(local_btf, &res.local);
            e.local_spec_full = format_spec(local_btf, &res.local);
            log.extend(record_log(local_btf, targets, rec, &label).into_iter().filter(|l| !l.starts_with("CO-RE")));
            for t in &res.tried {
                let Some(tg) = targets.get(t.cand.target) else { continue };
                e.candidates.push(CandidateReport {
                    btf: tg.name.to_string(),
                    type_id: t.cand.id.0,
                    spec: format_spec(tg.btf, &t.spec),
                    matched: t.outcome.is_match(),
                    why: match &t.outcome {
                        Outcome::Match => None,
                        Outcome::NoMatch(w) => Some(w.clone()),
                    },
                });
            }
            if let Some((c, ts)) = &res.target
                && let Some(tg) = targets.get(c.target)
            {
                e.target_btf = Some(tg.name.to_string());
                e.target_type_id = Some(c.id.0);
                e.target_type = Some(type_label(tg.btf, c.id));
                e.target_access = Some(if rec.kind.is_type() { String::from("0") } else { ts.access_string() });
                e.target_spec = Some(describe(tg.btf, ts));
            }
            e.orig = Some(res.value.orig_val);
        } else {
            e.local_spec = String::new();
        }
        match &a.result {
            Ok(Patched::Poisoned { memsz }) => {
                e.status = Status::Poisoned;
                e.reason = if *memsz {
                    Some(format!(
                        "{}: field size changes from {} to {} bytes and the field is not a pointer or unsigned integer, so the load/store can't be adjusted",
                        e.local_spec,
                        rec.resolution.as_ref().map_or(0, |r| r.value.orig_sz),
                        rec.resolution.as_ref().map_or(0, |r| r.value.new_sz)
                    ))
                } else {
                    rec.resolution.as_ref().ok().and_then(|r| r.poison_reason(local_btf))
                };
                if *memsz {
                    // libbpf 1.8 warns before it poisons an unadjustable load/store.
                    log.push(format!(
                        "{pre} insn #{} (LDX/ST/STX) accesses field incorrectly. Make sure you are accessing \
                         pointers, unsigned integers, or fields of matching type and size.",
                        a.insn_idx
                    ));
                }
                log.push(format!("{pre} substituting insn #{} w/ invalid insn", a.insn_idx));
            }
            Ok(Patched::Value { field, old, new, mem_size }) => {
                e.status = Status::Ok;
                e.new = Some(*new);
                let what = match field {
                    crate::patch::PatchedField::AluImm => "imm",
                    crate::patch::PatchedField::MemOff => "off",
                    crate::patch::PatchedField::Imm64 => "imm64",
                };
                log.push(format!(
                    "{pre} patched insn #{} ({}) {what} {} -> {new}",
                    a.insn_idx,
                    field.label(),
                    *old as u64
                ));
                if let Some((o, n)) = mem_size {
                    log.push(format!("{pre} patched insn #{} ({}) mem_sz {o} -> {n}", a.insn_idx, field.label()));
                }
            }
            Err(err) => {
                e.status = Status::Failed;
                e.reason = Some(err.message().to_string());
                log.push(format!("{pre} failed: {}", err.message()));
            }
        }
        e.log = log;
        out.push(e);
    }
}

/// libbpf's debug log of resolving one record (what `bpftool -d gen
/// min_core_btf` prints for it), each line starting with `prefix`
/// (libbpf: `prog 'NAME'`): the
/// candidate search lines when this record triggered the search, the local
/// spec, each candidate tried, and `no matching targets found`.
pub fn record_log(
    local_btf: &bpfkit_btf::Btf<'_>,
    targets: &Targets<'_>,
    rec: &Record<'_>,
    prefix: &str,
) -> Vec<String> {
    let mut log = Vec::new();
    let pre = format!("{prefix}: relo #{}:", rec.relo.index);
    let (res, err) = match (&rec.resolution, &rec.partial) {
        (Ok(r), _) => (r, None),
        (Err(e), Some(p)) => (p, Some(e)),
        (Err(e), None) => {
            if let Some(l) = e.libbpf_log() {
                log.push(format!("{pre} {l}"));
            }
            return log;
        }
    };
    for c in &res.found {
        if let Some(tg) = targets.get(c.target) {
            log.push(format!(
                "CO-RE relocating [{}] {}: found target candidate [{}] {} in [{}]",
                rec.local_type_id.0,
                type_label(local_btf, rec.local_type_id),
                c.id.0,
                crate::cands::cand_label(targets, *c),
                tg.name
            ));
        }
    }
    log.push(format!("{pre} {}", format_spec(local_btf, &res.local)));
    for (i, t) in res.tried.iter().enumerate() {
        let Some(tg) = targets.get(t.cand.target) else { continue };
        let m = if t.outcome.is_match() { "matching" } else { "non-matching" };
        log.push(format!("{pre} {m} candidate #{i} {}", format_spec(tg.btf, &t.spec)));
    }
    if let Some(e) = err {
        if let Some(l) = e.libbpf_log() {
            log.push(format!("{pre} {l}"));
        }
        return log;
    }
    if res.target.is_none() && rec.kind != bpfkit_btf::ext::CoreReloKind::TYPE_ID_LOCAL {
        log.push(format!("{pre} no matching targets found"));
    }
    log
}

/// `s` as a JSON string literal (quoted and escaped by `serde_json`).
pub fn json_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The JSON form of an entry: every field but the full spec and the log,
/// plus `poisoned`, in a fixed order.
impl serde::Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = ser.serialize_struct("Entry", 22)?;
        st.serialize_field("section", &self.section)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("subprogram", &self.subprogram)?;
        st.serialize_field("relo_index", &self.relo_index)?;
        st.serialize_field("insn_off", &self.insn_off)?;
        st.serialize_field("insn_idx", &self.insn_idx)?;
        st.serialize_field("kind", self.kind)?;
        st.serialize_field("local_type_id", &self.local_type_id)?;
        st.serialize_field("local_type", &self.local_type)?;
        st.serialize_field("access", &self.access)?;
        st.serialize_field("local_spec", &self.local_spec)?;
        st.serialize_field("target_btf", &self.target_btf)?;
        st.serialize_field("target_type_id", &self.target_type_id)?;
        st.serialize_field("target_type", &self.target_type)?;
        st.serialize_field("target_access", &self.target_access)?;
        st.serialize_field("target_spec", &self.target_spec)?;
        st.serialize_field("orig", &self.orig)?;
        st.serialize_field("new", &self.new)?;
        st.serialize_field("poisoned", &self.poisoned())?;
        st.serialize_field("status", self.status.name())?;
        st.serialize_field("reason", &self.reason)?;
        st.serialize_field("candidates", &self.candidates)?;
        st.end()
    }
}

impl Entry {
    /// One JSON object (no trailing newline), through serde.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// All entries as a JSON array, one object per line.
pub fn to_json(entries: &[Entry]) -> String {
    let mut s = String::from("[\n");
    for (i, e) in entries.iter().enumerate() {
        s.push_str("  ");
        s.push_str(&e.to_json());
        if i + 1 < entries.len() {
            s.push(',');
        }
        s.push('\n');
    }
    s.push_str("]\n");
    s
}

//! Resolving one relocation against its candidates (libbpf's
//! `bpf_core_calc_relo_insn` with the per-type candidate cache of
//! `bpf_core_resolve_relo`).

use crate::calc::{ReloValue, calc_relo};
use crate::cands::{Candidate, Targets, find_cands};
use crate::compat::{Outcome, spec_match};
use crate::error::{Error, ErrorKind, Result};
use crate::spec::{Spec, format_spec, parse_spec, type_label};
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, Endian, TypeId};
use std::collections::HashMap;

/// One candidate tried for a relocation, as libbpf logs it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tried<'a> {
    /// The candidate.
    pub cand: Candidate,
    /// The target spec built while matching (partial if it did not match).
    pub spec: Spec<'a>,
    /// Whether it matched, and why not.
    pub outcome: Outcome,
}

/// The resolution of one relocation record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resolution<'a> {
    /// The local spec.
    pub local: Spec<'a>,
    /// Every candidate tried, in order (empty for `local_type_id`).
    pub tried: Vec<Tried<'a>>,
    /// Candidates known before this relocation (after earlier pruning).
    pub cand_count: usize,
    /// The candidates found when this relocation triggered the search for
    /// its root type (empty when they came from the cache).
    pub found: Vec<Candidate>,
    /// The first matching candidate and its spec, if any.
    pub target: Option<(Candidate, Spec<'a>)>,
    /// The values.
    pub value: ReloValue,
}

impl Resolution<'_> {
    /// Why the instruction gets poisoned, in words (`None` if it is not).
    pub fn poison_reason(&self, local_btf: &Btf<'_>) -> Option<String> {
        if !self.value.poison {
            return None;
        }
        let what = crate::spec::describe(local_btf, &self.local);
        if self.tried.is_empty() {
            return Some(format!(
                "{what}: no target type named '{}' (of a compatible kind)",
                crate::cands::essential_name(local_btf.name_of(self.local.root_type_id))
            ));
        }
        let why: Vec<String> = self
            .tried
            .iter()
            .map(|t| match &t.outcome {
                Outcome::Match => String::from("matched"),
                Outcome::NoMatch(r) => r.clone(),
            })
            .collect();
        Some(format!("{what} not found in any candidate: {}", why.join("; ")))
    }
}

/// Resolves relocations of one local BTF against targets, keeping
/// libbpf's candidate cache: candidates are searched once per local root
/// type and pruned to the matching ones after each relocation that has any.
#[derive(Debug)]
pub struct Resolver<'a, 't> {
    local: &'t Btf<'a>,
    targets: &'t Targets<'a>,
    order: Endian,
    cache: HashMap<TypeId, Vec<Candidate>>,
    prefetched: HashMap<TypeId, Vec<Candidate>>,
}

impl<'a, 't> Resolver<'a, 't> {
    /// A resolver with an empty cache.
    pub fn new(local: &'t Btf<'a>, targets: &'t Targets<'a>, order: Endian) -> Self {
        Resolver { local, targets, order, cache: HashMap::new(), prefetched: HashMap::new() }
    }

    /// The local BTF.
    pub fn local_btf(&self) -> &'t Btf<'a> {
        self.local
    }

    /// The targets.
    pub fn targets(&self) -> &'t Targets<'a> {
        self.targets
    }

    /// Searches the candidates of all `roots` not yet cached in one pass
    /// over each target (the lists [`Resolver::candidates`] would find),
    /// and caches them; the log still reports each search at the first
    /// relocation of its root type.
    pub fn prefetch(&mut self, roots: &[TypeId]) {
        let todo: Vec<TypeId> =
            roots.iter().copied().filter(|r| !self.cache.contains_key(r) && !self.prefetched.contains_key(r)).collect();
        if todo.len() < 2 {
            return;
        }
        let found = crate::cands::find_cands_many(self.local, &todo, self.targets);
        self.prefetched.extend(found);
    }

    /// The candidates of `root` (searched on first use, then cached).
    pub fn candidates(&mut self, root: TypeId) -> &[Candidate] {
        let (local, targets) = (self.local, self.targets);
        let pre = self.prefetched.remove(&root);
        self.cache.entry(root).or_insert_with(|| pre.unwrap_or_else(|| find_cands(local, root, targets)))
    }

    /// Resolves one relocation (`bpf_core_calc_relo_insn`).
    pub fn resolve(&mut self, root: TypeId, access: &str, kind: CoreReloKind) -> Result<Resolution<'a>> {
        let mut partial = None;
        self.resolve_traced(root, access, kind, &mut partial)
    }

    /// [`Resolver::resolve`], leaving in `partial` what was found before an
    /// error (local spec, candidates tried), for logs.
    pub fn resolve_traced(
        &mut self,
        root: TypeId,
        access: &str,
        kind: CoreReloKind,
        partial: &mut Option<Resolution<'a>>,
    ) -> Result<Resolution<'a>> {
        let lb = self.local;
        if root.0 == 0 || lb.get(root).is_none() {
            return Err(Error::new(ErrorKind::Spec, format!("local root type [{}] does not exist", root.0)));
        }
        let local = parse_spec(lb, root, access, kind).map_err(|e| {
            let errno = if e.message.contains("more than") { -7 } else { -22 };
            let message = format!("parsing [{}] {} + {access} failed: {}", root.0, type_label(lb, root), e.message);
            Error::from(e).with_message(message).with_log(format!(
                "parsing [{}] {} + {access} failed: {errno}",
                root.0,
                type_label(lb, root)
            ))
        })?;
        if kind == CoreReloKind::TYPE_ID_LOCAL {
            let v = u64::from(root.0);
            let value = ReloValue { orig_val: v, new_val: v, validate: false, ..ReloValue::default() };
            return Ok(Resolution { local, tried: Vec::new(), cand_count: 0, found: Vec::new(), target: None, value });
        }
        if lb.name_of(root).is_empty() {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "<{}> relocation of anonymous {} is not supported (libbpf: EOPNOTSUPP)",
                    kind.name(),
                    type_label(lb, root)
                ),
            ));
        }
        let fresh = !self.cache.contains_key(&root);
        let cands: Vec<Candidate> = self.candidates(root).to_vec();
        let found = if fresh { cands.clone() } else { Vec::new() };
        let mut tried = Vec::with_capacity(cands.len());
        let mut target: Option<(Candidate, Spec<'a>)> = None;
        let mut value = ReloValue::default();
        let mut kept = Vec::new();
        let mut fail = |tried: &Vec<Tried<'a>>, e: Error| {
            *partial = Some(Resolution {
                local: local.clone(),
                tried: tried.clone(),
                cand_count: cands.len(),
                found: found.clone(),
                target: None,
                value: ReloValue::default(),
            });
            e
        };
        for (ci, &c) in cands.iter().enumerate() {
            let t = self
                .targets
                .get(c.target)
                .ok_or_else(|| Error::new(ErrorKind::Target, "candidate in unknown target"))?;
            let mut cs = Spec::empty(c.id, kind);
            let outcome = match spec_match(lb, &local, t.btf, c.id, &mut cs) {
                Ok(o) => o,
                Err(e) => {
                    let errno = if e.message().contains("deeper than") { -7 } else { -22 };
                    let message =
                        format!("error matching candidate [{}] {}: {}", c.id.0, type_label(t.btf, c.id), e.message());
                    let e = e
                        .with_message(message)
                        .with_log(format!("error matching candidate #{ci} {}: {errno}", format_spec(t.btf, &cs)));
                    return Err(fail(&tried, e));
                }
            };
            let matched = outcome.is_match();
            tried.push(Tried { cand: c, spec: cs.clone(), outcome });
            if !matched {
                continue;
            }
            let v = match calc_relo(kind, lb, &local, Some((t.btf, &cs)), self.order) {
                Ok(v) => v,
                Err(e) => return Err(fail(&tried, e)),
            };
            match &target {
                None => {
                    value = v;
                    target = Some((c, cs));
                }
                Some((first, fs)) => {
                    let fb = self.targets.get(first.target).map_or(t.btf, |x| x.btf);
                    if cs.bit_offset != fs.bit_offset {
                        let line = format!("field offset ambiguity: {} != {}", cs.bit_offset, fs.bit_offset);
                        return Err(fail(
                            &tried,
                            Error::new(
                                ErrorKind::Ambiguous,
                                format!(
                                    "field offset ambiguity: candidate {} puts it at bit {} but candidate {} at bit {}",
                                    format_spec(t.btf, &cs),
                                    cs.bit_offset,
                                    format_spec(fb, fs),
                                    fs.bit_offset
                                ),
                            )
                            .with_log(line),
                        ));
                    }
                    if v.poison != value.poison || v.new_val != value.new_val {
                        let say = |p: bool, n: u64| if p { String::from("failure") } else { format!("success {n}") };
                        let fs_ = |p: bool| if p { "failure" } else { "success" };
                        let line = format!(
                            "relocation decision ambiguity: {} {} != {} {}",
                            fs_(v.poison),
                            v.new_val,
                            fs_(value.poison),
                            value.new_val
                        );
                        return Err(fail(
                            &tried,
                            Error::new(
                                ErrorKind::Ambiguous,
                                format!(
                                    "relocation decision ambiguity: candidate {} gives {} but candidate {} gives {}",
                                    format_spec(t.btf, &cs),
                                    say(v.poison, v.new_val),
                                    format_spec(fb, fs),
                                    say(value.poison, value.new_val)
                                ),
                            )
                            .with_log(line),
                        ));
                    }
                }
            }
            kept.push(c);
        }
        if !kept.is_empty() {
            self.cache.insert(root, kept);
        } else {
            value = match calc_relo(kind, lb, &local, None, self.order) {
                Ok(v) => v,
                Err(e) => return Err(fail(&tried, e)),
            };
        }
        Ok(Resolution { local, tried, cand_count: cands.len(), found, target, value })
    }
}

//! Shared helpers of the link tests: the case manifest, linking with
//! bpfkit, and the checks every linked object must pass.

#![allow(dead_code)]

use bpfkit_btf::{BtfKind, Linkage};
use bpfkit_obj::Object;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The cases built in `variant`.
pub fn cases_for(variant: &str) -> Vec<Case> {
    all_cases().into_iter().filter(|c| c.in_variant(variant)).collect()
}

/// The four builds of every fixture.
pub const VARIANTS: [&str; 4] = ["clang14.bpfel", "clang14.bpfeb", "clang22.bpfel", "clang22.bpfeb"];

/// One input of a case.
#[derive(Debug, Clone)]
pub enum Input {
    /// A fixture (`flip`: in the other byte order).
    Fixture { name: String, flip: bool },
    /// The output of an earlier case.
    Case(String),
}

/// One line of `testdata/link/cases.txt`.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub refuse: bool,
    pub inputs: Vec<Input>,
    /// `NAME@TAG`: only the builds whose name contains TAG (e.g. `clang22`).
    pub only: Option<String>,
}

impl Case {
    /// Whether the case is built in `variant`.
    pub fn in_variant(&self, variant: &str) -> bool {
        self.only.as_ref().is_none_or(|t| variant.contains(t.as_str()))
    }
}

pub fn dir() -> PathBuf {
    bpfkit_testkit::testdata().join("link")
}

/// All cases (filter with [`Case::in_variant`]).
pub fn all_cases() -> Vec<Case> {
    let text = std::fs::read_to_string(dir().join("cases.txt")).unwrap();
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let (head, ins) = line.split_once(':').expect("NAME: INPUT...");
        let (refuse, name) = match head.strip_prefix("refuse ") {
            Some(n) => (true, n),
            None => (false, head),
        };
        let inputs = ins
            .split_whitespace()
            .map(|i| match i.strip_prefix('=') {
                Some(c) => Input::Case(c.into()),
                None => match i.strip_suffix("@flip") {
                    Some(n) => Input::Fixture { name: n.into(), flip: true },
                    None => Input::Fixture { name: i.into(), flip: false },
                },
            })
            .collect();
        let (name, only) = match name.trim().split_once('@') {
            Some((n, t)) => (n, Some(t.to_string())),
            None => (name.trim(), None),
        };
        out.push(Case { name: name.into(), refuse, inputs, only });
    }
    out
}

pub fn flip(variant: &str) -> String {
    if variant.ends_with("bpfel") { variant.replace("bpfel", "bpfeb") } else { variant.replace("bpfeb", "bpfel") }
}

/// The fixture path of `name` in `variant`.
pub fn fixture(name: &str, variant: &str) -> PathBuf {
    dir().join(format!("{name}.{variant}.o"))
}

/// The golden of a case: bpftool 7.8's output (`.o`) or refusal (`.err`).
pub fn golden(case: &str, variant: &str, refuse: bool) -> PathBuf {
    dir().join("expected").join(format!("{case}.{variant}.{}", if refuse { "err" } else { "o" }))
}

/// Links `inputs` (name, bytes) with bpfkit.
pub fn link(inputs: &[(String, Vec<u8>)]) -> Result<Vec<u8>, bpfkit_link::Error> {
    let mut l = bpfkit_link::Linker::new(bpfkit_link::LinkOptions::new());
    for (n, b) in inputs {
        l.add_object(n, b)?;
    }
    l.finish()
}

/// Every DATASEC entry of a global VAR sits where its ELF symbol says (the
/// property libbpf 1.8 breaks when a strong definition replaces a weak
/// one). Returns what is inconsistent.
pub fn datasec_inconsistencies(bytes: &[u8]) -> Vec<String> {
    let elf = bpfkit_obj::elf::ElfFile::parse(bytes).unwrap();
    let syms = elf.symbols().unwrap();
    let Some(sec) = elf.section_by_name(".BTF") else { return Vec::new() };
    let btf = bpfkit_btf::Btf::parse(sec.data).unwrap();
    let mut bad = Vec::new();
    for t in btf.types().filter(|t| t.kind() == BtfKind::DATASEC) {
        let sname = btf.name(&t);
        let Some(s) = elf.section_by_name(sname) else { continue };
        for v in t.datasec_vars() {
            let vt = btf.get(v.type_id).unwrap();
            if vt.var_linkage() != Some(Linkage::GLOBAL) {
                continue;
            }
            let name = btf.name(&vt);
            let sym = syms.iter().find(|y| y.name == name && y.section_index() == Some(s.index));
            match sym {
                Some(y) if y.value == u64::from(v.offset) => {}
                Some(y) => bad.push(format!("{sname}: '{name}' DATASEC offset {} but symbol at {}", v.offset, y.value)),
                None => bad.push(format!("{sname}: '{name}' has no symbol")),
            }
        }
    }
    bad
}

/// Program names, map names and the numbers of `.BTF.ext` records of an
/// object, read from its ELF symbols and `.BTF.ext` (inputs with
/// link-time externs are not loadable objects, so not through `Object`).
pub fn summary(bytes: &[u8]) -> (BTreeSet<String>, BTreeSet<String>, [usize; 3]) {
    let elf = bpfkit_obj::elf::ElfFile::parse(bytes).unwrap();
    let syms = elf.symbols().unwrap();
    let secs = elf.sections();
    let in_sec = |y: &bpfkit_obj::Symbol<'_>, f: &dyn Fn(&bpfkit_obj::Section<'_>) -> bool| {
        y.section_index().is_some_and(|i| f(&secs[i.0 as usize]))
    };
    let progs = syms
        .iter()
        .filter(|y| y.kind == bpfkit_obj::elf::STT_FUNC && in_sec(y, &|s| s.is_code() && s.name != ".text"))
        .map(|y| y.name.to_string())
        .collect();
    let maps = syms
        .iter()
        .filter(|y| y.kind == bpfkit_obj::elf::STT_OBJECT && in_sec(y, &|s| s.name == ".maps"))
        .map(|y| y.name.to_string())
        .collect();
    let ext = elf
        .section_by_name(".BTF.ext")
        .map(|s| {
            let x = bpfkit_btf::ext::BtfExt::parse(s.data).unwrap();
            let n = |sub: bpfkit_btf::ext::Subsection<'_>| sub.sections().map(|s| s.len()).sum();
            [n(x.func_info()), n(x.line_info()), n(x.core_relo())]
        })
        .unwrap_or([0; 3]);
    (progs, maps, ext)
}

/// bpfkit-obj reads a linked object: its programs and maps by name.
pub fn object_summary(bytes: &[u8]) -> (BTreeSet<String>, BTreeSet<String>) {
    let obj = Object::parse(bytes).unwrap_or_else(|e| panic!("bpfkit-obj cannot read the object: {e}"));
    let progs = obj.programs().iter().map(|p| p.name.to_string()).collect();
    let maps = obj.maps().iter().filter(|m| !m.is_internal()).map(|m| m.name.to_string()).collect();
    (progs, maps)
}

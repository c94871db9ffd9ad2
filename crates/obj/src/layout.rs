//! The loader's layout of a program: the entry program followed by the
//! subprograms it uses, in the order libbpf appends them.

use crate::error::{Error, ErrorKind, Result};
use crate::ids::ProgramIndex;
use crate::object::Object;

/// One program placed in a loaded instruction array.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The (sub)program.
    pub program: ProgramIndex,
    /// Index of its first instruction slot in the loaded array.
    pub insn_offset: usize,
    /// Number of instruction slots.
    pub insn_count: usize,
}

/// A call or callback reference, relocated to the loaded array.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadedRef {
    /// The calling instruction's index in the loaded array.
    pub at: usize,
    /// The target instruction's index in the loaded array.
    pub target: usize,
    /// `call` (true) or `ld_imm64` function address (false).
    pub is_call: bool,
}

impl LoadedRef {
    /// The immediate the instruction gets: `target - at - 1`.
    pub fn imm(&self) -> i64 {
        self.target as i64 - self.at as i64 - 1
    }
}

/// The instruction layout of one program as the kernel receives it.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedLayout {
    /// The entry program first, then each appended subprogram.
    pub placed: Vec<Placed>,
    /// Every call and callback reference in the loaded array, in the order
    /// libbpf relocates them, with its new target.
    pub refs: Vec<LoadedRef>,
    /// Total instruction slots.
    pub insn_count: usize,
}

impl LoadedLayout {
    /// Where a program starts in the loaded array, if it is part of it.
    pub fn position(&self, prog: ProgramIndex) -> Option<usize> {
        self.placed.iter().find(|p| p.program == prog).map(|p| p.insn_offset)
    }
    /// Maps instruction `insn` of `prog` to its index in the loaded array.
    pub fn loaded_insn(&self, prog: ProgramIndex, insn: usize) -> Option<usize> {
        let p = self.placed.iter().find(|p| p.program == prog)?;
        (insn < p.insn_count).then_some(p.insn_offset + insn)
    }
    /// Which placed program holds loaded instruction `at`, and its index there.
    pub fn source_of(&self, at: usize) -> Option<(ProgramIndex, usize)> {
        let i = self.placed.partition_point(|p| p.insn_offset <= at).checked_sub(1)?;
        let p = &self.placed[i];
        (at < p.insn_offset + p.insn_count).then_some((p.program, at - p.insn_offset))
    }
}

impl Object<'_> {
    /// Computes the layout libbpf gives `prog` when it loads it
    /// (`bpf_object__relocate_calls` → `bpf_object__reloc_code` →
    /// `bpf_object__append_subprog_code`).
    ///
    /// Starting with `prog`'s own instructions, the calls and callback
    /// references (`BPF_PSEUDO_CALL`, `BPF_PSEUDO_FUNC`) are walked in
    /// instruction order; the first reference to a subprogram not yet
    /// placed appends that subprogram at the end and walks it at once
    /// (depth first), before the walk of the referring program resumes.
    /// Each subprogram appears once, however often it is called. Kfunc
    /// calls are not subprogram calls and are skipped.
    ///
    /// Per-instruction data of a placed program (relocations,
    /// `.BTF.ext` records) moves by [`Placed::insn_offset`]; use
    /// [`LoadedLayout::loaded_insn`]. libbpf additionally adjusts the
    /// func_info/line_info of appended subprograms the same way.
    pub fn loaded_layout(&self, prog: ProgramIndex) -> Result<LoadedLayout> {
        let main = self.program(prog).ok_or(Error::new(ErrorKind::Missing("program index out of range")))?;
        let n = self.programs().len();
        let mut pos: Vec<Option<usize>> = vec![None; n];
        pos[prog.index()] = Some(0);
        let mut placed = vec![Placed { program: prog, insn_offset: 0, insn_count: main.insn_count() }];
        let mut total = main.insn_count();
        // Walk order of references, to relocate them after placement.
        let mut order: Vec<(ProgramIndex, usize)> = Vec::new();
        // Explicit stack of (program, next reference index) frames: the
        // recursion of bpf_object__reloc_code, without recursion. Depth is
        // bounded by the number of programs since each is pushed once.
        let mut stack: Vec<(ProgramIndex, usize)> = vec![(prog, 0)];
        while let Some(&mut (p, ref mut next)) = stack.last_mut() {
            let calls = self.program_calls(p);
            if *next >= calls.len() {
                stack.pop();
                continue;
            }
            let r = calls[*next];
            order.push((p, *next));
            *next += 1;
            if pos[r.callee.index()].is_none() {
                let callee = &self.programs()[r.callee.index()];
                pos[r.callee.index()] = Some(total);
                placed.push(Placed { program: r.callee, insn_offset: total, insn_count: callee.insn_count() });
                total += callee.insn_count();
                stack.push((r.callee, 0));
            }
        }
        let refs = order
            .into_iter()
            .map(|(p, i)| {
                let r = self.program_calls(p)[i];
                let base = pos[p.index()].unwrap_or(0);
                let target = pos[r.callee.index()].unwrap_or(0) + r.callee_insn;
                LoadedRef { at: base + r.insn, target, is_call: r.is_call }
            })
            .collect();
        Ok(LoadedLayout { placed, refs, insn_count: total })
    }
}

//! Subprogram calls and callback references between programs.

use crate::error::{Error, ErrorKind, Result};
use crate::ids::ProgramIndex;
use crate::object::Object;
use crate::program::INSN_SIZE;
use crate::reloc::{CALL, PSEUDO_CALL, PSEUDO_FUNC, RelocTarget};
use bpfkit_insn::{Opcode, RawInsn};

/// A call or callback reference from one program to a subprogram,
/// with or without a relocation.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubprogRef {
    /// The instruction index in the calling program.
    pub insn: usize,
    /// The called program.
    pub callee: ProgramIndex,
    /// Instruction index in the callee the reference lands on (0 for its entry).
    pub callee_insn: usize,
    /// `call` (true) or `ld_imm64` function address (false).
    pub is_call: bool,
}

impl<'data> Object<'data> {
    /// The subprogram calls and callback references of one program, by instruction.
    pub fn program_calls(&self, prog: ProgramIndex) -> &[SubprogRef] {
        self.program(prog).map_or(&[], |p| &self.calls[p.calls.clone()])
    }

    pub(crate) fn collect_calls(&mut self) -> Result<()> {
        let mut calls = Vec::new();
        for pi in 0..self.programs.len() {
            let p = &self.programs[pi];
            let start = calls.len();
            let mut i = 0usize;
            let n = p.insn_count();
            while i < n {
                let Some(raw) = RawInsn::read(&p.bytes[i * 8..], self.endian) else {
                    break;
                };
                let slots = if raw.code == Opcode::LD_IMM64 { 2 } else { 1 };
                let is_call = raw.code == CALL && raw.src == PSEUDO_CALL;
                // libbpf marks every ld_imm64 with a subprogram address
                // relocation as BPF_PSEUDO_FUNC (clang 14 leaves src 0).
                let is_func = raw.code == Opcode::LD_IMM64
                    && (raw.src == PSEUDO_FUNC
                        || matches!(self.reloc_at(p.index, i).map(|r| r.target), Some(RelocTarget::FuncAddr(_))));
                if is_call || is_func {
                    let perr = |what: String| {
                        Error::at(
                            ErrorKind::Program { name: p.name.into(), what },
                            self.sections[p.section.index()].file_offset + p.offset + i as u64 * 8,
                        )
                    };
                    let reloc = self.reloc_at(p.index, i);
                    let (callee, target_insn) = match reloc.map(|r| r.target) {
                        Some(RelocTarget::Extern(_)) => {
                            i += slots;
                            continue;
                        }
                        Some(RelocTarget::Call(c)) | Some(RelocTarget::FuncAddr(c)) => {
                            let r = reloc.expect("matched Some");
                            let sym = &self.symbols[r.symbol.index()];
                            let at = if is_call {
                                (sym.value / INSN_SIZE) as i64 + i64::from(raw.imm) + 1
                            } else {
                                (sym.value as i64 + i64::from(raw.imm)) / INSN_SIZE as i64
                            };
                            (c, at as usize)
                        }
                        Some(other) => {
                            return Err(perr(format!("instruction #{i}: unexpected relocation {other:?} on a call")));
                        }
                        None if is_call => {
                            let at = (p.section_insn() + i) as i64 + i64::from(raw.imm) + 1;
                            let c = usize::try_from(at)
                                .ok()
                                .and_then(|at| self.program_at(p.section, at))
                                .ok_or_else(|| perr(format!("instruction #{i}: call lands outside any function")))?;
                            (c.index, at as usize)
                        }
                        None => return Err(perr(format!("instruction #{i}: subprogram address without relocation"))),
                    };
                    let callee_p = &self.programs[callee.index()];
                    calls.push(SubprogRef {
                        insn: i,
                        callee,
                        callee_insn: target_insn - callee_p.section_insn(),
                        is_call,
                    });
                }
                i += slots;
            }
            let end = calls.len();
            self.programs[pi].calls = start..end;
        }
        self.calls = calls;
        Ok(())
    }
}

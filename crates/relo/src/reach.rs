//! Which instructions of a loaded program the kernel's verifier can reach,
//! once the loader has put its constants in.
//!
//! CO-RE turns `bpf_core_field_exists()` and friends into constants, and
//! the verifier follows only the branch a constant condition takes: a
//! poisoned instruction behind such a branch is dead code, not a load
//! failure. [`analyze`] folds those constants and walks every path the
//! verifier may walk, from the entry, into static subprograms with their
//! callers' arguments (the verifier's own inlining), global functions on
//! their own with unknown arguments (the verifier checks them separately),
//! and callbacks as extra entries.
//!
//! The analysis over-approximates what the verifier explores: a register
//! is a constant only where the verifier knows it to be one too (moves,
//! `+ - * & | ^ << >> s>>` and negation of constants, 8-byte stack spills
//! and fills, loads from frozen read-only maps such as `.rodata`, the null
//! test of a map, map value or kfunc address); everything else is unknown, and
//! a branch on an unknown value takes both ways. So an instruction it
//! calls unreachable is one the verifier never visits; one it calls
//! reachable may still be pruned by the verifier's range tracking, which
//! this does not model (it then reports a rejection the kernel would not
//! make, never the other way round).

use bpfkit_insn::{AluOp, Class, Endian, JmpOp, Mode, Opcode, RawInsn, Source};
use std::collections::{HashMap, HashSet};

/// Where a constant came from, for naming the guard of dead code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// The loader-made immediate of this instruction (a CO-RE value, an
    /// extern's address).
    Insn(usize),
    /// A load from a read-only map ([`Region::ReadOnly`]) at a byte offset.
    ReadOnly {
        /// The map, an index into [`Input::readonly`].
        map: u32,
        /// The byte offset loaded from.
        offset: u64,
    },
}

/// What a pointer points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Region {
    /// The program's context (`r1` at entry).
    Ctx,
    /// The stack of the frame at this call depth (0: the entry program).
    Stack(u8),
    /// A frozen read-only map value (`.rodata`): loads from it are
    /// constants. The index is into [`Input::readonly`].
    ReadOnly(u32),
    /// Any other pointer the verifier knows cannot be null (a map, a map
    /// value, a kfunc's address, a function).
    Other,
}

/// The abstract value of a register or stack slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Val {
    /// Anything but a pointer to the stack.
    Unknown,
    /// A constant the verifier knows, and where it came from.
    Scalar(u64, Option<Origin>),
    /// A non-null pointer with a known (or unknown) offset.
    Ptr(Region, Option<i64>),
}

impl Val {
    fn join(self, other: Val) -> Val {
        match (self, other) {
            (a, b) if a == b => a,
            (Val::Scalar(a, oa), Val::Scalar(b, ob)) if a == b => Val::Scalar(a, oa.or(ob)),
            (Val::Ptr(ra, _), Val::Ptr(rb, _)) if ra == rb => Val::Ptr(ra, None),
            _ => Val::Unknown,
        }
    }
    fn scalar(self) -> Option<u64> {
        match self {
            Val::Scalar(v, _) => Some(v),
            _ => None,
        }
    }
    fn origin(self) -> Option<Origin> {
        match self {
            Val::Scalar(_, o) => o,
            _ => None,
        }
    }
}

/// Why an instruction is poison: reaching it makes the verifier reject the
/// program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PoisonId(pub u32);

/// One function of a loaded program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    /// First instruction.
    pub start: usize,
    /// Number of instruction slots.
    pub len: usize,
    /// A global function: the verifier checks it on its own, with unknown
    /// arguments, and a call to it returns an unknown value.
    pub global: bool,
}

/// What the analysis needs to know besides the instructions.
#[derive(Clone, Debug, Default)]
pub struct Input<'a> {
    /// The loaded program's instructions (CO-RE applied, calls fixed up).
    pub insns: &'a [RawInsn],
    /// Its byte order (for loads from read-only data).
    pub endian: Option<Endian>,
    /// Its functions; the first is the entry program.
    pub functions: Vec<Function>,
    /// The value the loader gives each `ld_imm64` (by instruction index),
    /// where it is not the instruction's own immediate: maps, data, externs,
    /// function addresses.
    pub imm64: HashMap<usize, Val>,
    /// Calls the loader turns into kfunc calls (the object has them as
    /// calls of an extern): no subprogram behind them.
    pub kfunc_calls: HashSet<usize>,
    /// Instructions the verifier rejects when it reaches them.
    pub poison: HashMap<usize, PoisonId>,
    /// Instructions whose immediate is a loader-made constant (a CO-RE
    /// value): constants they make carry [`Origin::Insn`].
    pub origins: HashSet<usize>,
    /// The bytes of each frozen read-only map ([`Region::ReadOnly`]).
    pub readonly: Vec<&'a [u8]>,
}

/// A conditional jump whose outcome the verifier knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decided {
    /// The jump.
    pub insn: usize,
    /// Whether it is always taken (else never).
    pub taken: bool,
    /// Where the deciding constant came from.
    pub origin: Option<Origin>,
}

/// The result of [`analyze`].
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// Per instruction: whether the verifier may visit it.
    pub reachable: Vec<bool>,
    /// Poisoned instructions the verifier may reach.
    pub reached_poison: Vec<(usize, PoisonId)>,
    /// Conditional jumps with a known outcome in some context.
    pub decided: Vec<Decided>,
    /// Loads from the context of the entry program: (instruction, offset).
    pub ctx_loads: Vec<(usize, i64)>,
    /// Helper calls the verifier may reach: (instruction, helper id).
    pub helper_calls: Vec<(usize, i32)>,
    /// Why the analysis could not finish, if it could not (then every
    /// instruction counts as reachable).
    pub gave_up: Option<String>,
}

impl Reach {
    /// The guard that makes instruction `at` unreachable: the decided jump
    /// closest before it whose pruned edge leads to it.
    pub fn guard_of(&self, insns: &[RawInsn], functions: &[Function], at: usize) -> Option<Decided> {
        let mut best: Option<Decided> = None;
        for d in &self.decided {
            let Some(raw) = insns.get(d.insn) else { continue };
            let pruned = if d.taken { d.insn + 1 } else { jump_target(d.insn, raw).unwrap_or(usize::MAX) };
            if pruned > at {
                continue;
            }
            if flows_to(insns, functions, pruned, at) && best.is_none_or(|b| b.insn < d.insn) {
                best = Some(*d);
            }
        }
        best
    }
}

/// Plain control flow (both ways at every branch, into callees): can `from` reach `to`?
fn flows_to(insns: &[RawInsn], functions: &[Function], from: usize, to: usize) -> bool {
    let mut seen = vec![false; insns.len()];
    let mut work = vec![from];
    while let Some(i) = work.pop() {
        if i == to {
            return true;
        }
        let Some(raw) = insns.get(i) else { continue };
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let code = raw.code;
        match code.class() {
            Class::JMP | Class::JMP32 => {
                if code == Opcode::EXIT || code == Opcode::GOTOX || code == Opcode::CALLX {
                    continue;
                }
                if code == Opcode::CALL {
                    if raw.src == 1
                        && let Some(t) = call_target(i, raw)
                        && functions.iter().any(|f| f.start == t)
                    {
                        work.push(t);
                    }
                    work.push(i + 1);
                    continue;
                }
                if let Some(t) = jump_target(i, raw) {
                    work.push(t);
                }
                if code != Opcode::JA && code != Opcode::GOTOL {
                    work.push(i + 1);
                }
            }
            _ if code == Opcode::LD_IMM64 => work.push(i + 2),
            _ => work.push(i + 1),
        }
    }
    false
}

fn jump_target(i: usize, raw: &RawInsn) -> Option<usize> {
    let delta = if raw.code == Opcode::GOTOL { i64::from(raw.imm) } else { i64::from(raw.off) };
    usize::try_from(i as i64 + delta + 1).ok()
}

fn call_target(i: usize, raw: &RawInsn) -> Option<usize> {
    usize::try_from(i as i64 + i64::from(raw.imm) + 1).ok()
}

/// The verifier's call depth limit (`MAX_CALL_FRAMES`).
const MAX_FRAMES: u8 = 8;
/// Instruction visits before the analysis gives up (the verifier's own
/// limit is one million processed instructions).
const BUDGET: usize = 4_000_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct State {
    regs: [Val; 11],
    /// Known stack contents of this frame: (offset from `r10`, size, value),
    /// sorted, not overlapping. The verifier keeps a spilled register at an
    /// 8-byte aligned slot (narrower scalar spills too), and knows bytes
    /// written with zero anywhere.
    stack: Vec<(i64, u8, Val)>,
}

impl State {
    fn join(&mut self, other: &State) -> bool {
        let mut changed = false;
        for (a, b) in self.regs.iter_mut().zip(other.regs.iter()) {
            let j = a.join(*b);
            if j != *a {
                *a = j;
                changed = true;
            }
        }
        let before = self.stack.len();
        let mut out = Vec::with_capacity(self.stack.len());
        for &(off, size, v) in &self.stack {
            if let Some(&(_, _, w)) = other.stack.iter().find(|s| s.0 == off && s.1 == size) {
                let j = v.join(w);
                if j != v {
                    changed = true;
                }
                if j != Val::Unknown {
                    out.push((off, size, j));
                }
            }
        }
        if out.len() != before {
            changed = true;
        }
        self.stack = out;
        changed
    }
    /// What a load of `size` bytes at `off` gives: the spilled value of that
    /// exact slot, or zero when every byte is known zero.
    fn fill(&self, off: i64, size: u8) -> Val {
        if let Some(&(_, _, v)) = self.stack.iter().find(|s| s.0 == off && s.1 == size) {
            return v;
        }
        let all_zero = (off..off + i64::from(size)).all(|b| {
            self.stack.iter().any(|&(o, n, v)| b >= o && b < o + i64::from(n) && matches!(v, Val::Scalar(0, _)))
        });
        if all_zero { Val::Scalar(0, None) } else { Val::Unknown }
    }
    /// Forgets every slot overlapping `[off, off + size)`.
    fn clobber(&mut self, off: i64, size: i64) {
        self.stack.retain(|&(o, n, _)| o + i64::from(n) <= off || o >= off + size);
    }
    /// A store of `v` (`size` bytes) at `off`.
    fn store(&mut self, off: i64, size: u8, v: Val) {
        self.clobber(off, i64::from(size));
        let keep = match v {
            Val::Unknown => false,
            Val::Scalar(0, _) => true,
            Val::Scalar(..) => off % 8 == 0,
            Val::Ptr(..) => off % 8 == 0 && size == 8,
        };
        if keep {
            let k = self.stack.partition_point(|s| s.0 < off);
            self.stack.insert(k, (off, size, v));
        }
    }
    /// A call may write through stack pointers passed in `r1`..`r5`.
    fn call_clobbers(&mut self, depth: u8) {
        if self.regs[1..=5].iter().any(|r| matches!(r, Val::Ptr(Region::Stack(d), _) if *d == depth)) {
            self.stack.clear();
        }
        for r in &mut self.regs[1..=5] {
            *r = Val::Unknown;
        }
    }
}

struct Walker<'i, 'a> {
    input: &'i Input<'a>,
    out: Reach,
    decided: HashSet<Decided>,
    poison: HashSet<(usize, PoisonId)>,
    ctx_loads: HashSet<(usize, i64)>,
    helpers: HashSet<(usize, i32)>,
    callbacks: Vec<usize>,
    memo: HashMap<(usize, [Val; 5]), Val>,
    steps: usize,
}

/// Walks every path the verifier may walk in `input` (see the module
/// docs).
pub fn analyze(input: &Input<'_>) -> Reach {
    let n = input.insns.len();
    let mut w = Walker {
        input,
        out: Reach { reachable: vec![false; n], ..Reach::default() },
        decided: HashSet::new(),
        poison: HashSet::new(),
        ctx_loads: HashSet::new(),
        helpers: HashSet::new(),
        callbacks: Vec::new(),
        memo: HashMap::new(),
        steps: 0,
    };
    let mut entries: Vec<usize> = input.functions.first().map(|f| f.start).into_iter().collect();
    let mut done: HashSet<usize> = HashSet::new();
    let mut k = 0;
    while k < entries.len() && w.out.gave_up.is_none() {
        let start = entries[k];
        k += 1;
        if !done.insert(start) {
            continue;
        }
        let mut regs = [Val::Unknown; 11];
        // The entry program gets its context; global functions and callbacks unknown arguments.
        regs[1] = if k == 1 { Val::Ptr(Region::Ctx, Some(0)) } else { Val::Unknown };
        regs[10] = Val::Ptr(Region::Stack(0), Some(0));
        w.function(start, State { regs, stack: Vec::new() }, 0, k == 1);
        // Global functions and callbacks reached so far are verified on their own.
        for f in &input.functions {
            if f.global && w.out.reachable.get(f.start).copied().unwrap_or(false) && !done.contains(&f.start) {
                entries.push(f.start);
            }
        }
        // Callbacks whose address a reached `ld_imm64` takes (`BPF_PSEUDO_FUNC`).
        for cb in std::mem::take(&mut w.callbacks) {
            if !done.contains(&cb) {
                entries.push(cb);
            }
        }
    }
    if w.out.gave_up.is_some() {
        w.out.reachable = vec![true; n];
        w.poison.extend(input.poison.iter().map(|(&i, &p)| (i, p)));
    }
    let mut out = w.out;
    out.reached_poison = w.poison.into_iter().collect();
    out.reached_poison.sort();
    out.decided = w.decided.into_iter().collect();
    out.decided.sort_by_key(|d| (d.insn, d.taken, d.origin));
    out.ctx_loads = w.ctx_loads.into_iter().collect();
    out.ctx_loads.sort();
    out.helper_calls = w.helpers.into_iter().collect();
    out.helper_calls.sort();
    out
}

impl Walker<'_, '_> {
    fn give_up(&mut self, why: String) {
        if self.out.gave_up.is_none() {
            self.out.gave_up = Some(why);
        }
    }

    fn func_of(&self, at: usize) -> Option<Function> {
        self.input.functions.iter().copied().find(|f| at >= f.start && at < f.start + f.len)
    }

    /// Analyzes the function starting at `start` entered with `entry` at
    /// call depth `depth`; returns the join of `r0` at its exits.
    fn function(&mut self, start: usize, entry: State, depth: u8, is_entry: bool) -> Val {
        let Some(f) = self.func_of(start) else {
            self.give_up(format!("instruction {start} is not the start of a function"));
            return Val::Unknown;
        };
        let (lo, hi) = (f.start, f.start + f.len);
        let mut states: HashMap<usize, State> = HashMap::new();
        let mut work = vec![start];
        states.insert(start, entry);
        let mut ret: Option<Val> = None;
        while let Some(i) = work.pop() {
            self.steps += 1;
            if self.steps > BUDGET {
                self.give_up(format!("more than {BUDGET} instruction visits"));
                return Val::Unknown;
            }
            if self.out.gave_up.is_some() {
                return Val::Unknown;
            }
            let Some(s) = states.get(&i).cloned() else { continue };
            let Some(&raw) = self.input.insns.get(i) else {
                self.give_up(format!("control flow leaves the program at instruction {i}"));
                return Val::Unknown;
            };
            self.out.reachable[i] = true;
            if let Some(&p) = self.input.poison.get(&i) {
                self.poison.insert((i, p));
                continue; // the verifier stops here
            }
            let mut succ: Vec<(usize, State)> = Vec::with_capacity(2);
            self.step(i, raw, s, depth, is_entry, &mut succ, &mut ret);
            for (t, st) in succ {
                if t < lo || t >= hi {
                    self.give_up(format!("jump from instruction {i} leaves its function"));
                    return Val::Unknown;
                }
                match states.get_mut(&t) {
                    Some(old) => {
                        if old.join(&st) {
                            work.push(t);
                        }
                    }
                    None => {
                        states.insert(t, st);
                        work.push(t);
                    }
                }
            }
        }
        ret.unwrap_or(Val::Unknown)
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        i: usize,
        raw: RawInsn,
        mut s: State,
        depth: u8,
        is_entry: bool,
        succ: &mut Vec<(usize, State)>,
        ret: &mut Option<Val>,
    ) {
        let code = raw.code;
        let (dst, src) = (usize::from(raw.dst & 0xf).min(10), usize::from(raw.src & 0xf).min(10));
        match code.class() {
            Class::ALU | Class::ALU64 => {
                s.regs[dst] = self.alu(i, raw, &s, dst, src);
                succ.push((i + 1, s));
            }
            Class::LD => {
                if code == Opcode::LD_IMM64 {
                    let v = match self.input.imm64.get(&i) {
                        Some(&v) => v,
                        None if raw.src == 0 => {
                            let hi = self.input.insns.get(i + 1).map_or(0, |n| n.imm as u32);
                            Val::Scalar(
                                u64::from(raw.imm as u32) | (u64::from(hi) << 32),
                                self.input.origins.contains(&i).then_some(Origin::Insn(i)),
                            )
                        }
                        None => Val::Ptr(Region::Other, None),
                    };
                    if raw.src == 4 {
                        // A function's address: the helper it is given calls it.
                        match call_target(i, &raw) {
                            Some(t) => self.callbacks.push(t),
                            None => self.give_up(format!("callback address before the program at instruction {i}")),
                        }
                    }
                    s.regs[dst] = v;
                    succ.push((i + 2, s));
                } else {
                    // Legacy packet loads: r0 unknown, r1-r5 clobbered.
                    s.regs[0] = Val::Unknown;
                    s.call_clobbers(depth);
                    succ.push((i + 1, s));
                }
            }
            Class::LDX => {
                s.regs[dst] = self.load(i, raw, &s, src, depth, is_entry);
                succ.push((i + 1, s));
            }
            Class::ST | Class::STX => {
                let v = if code.class() == Class::ST { Val::Scalar(raw.imm as i64 as u64, None) } else { s.regs[src] };
                let size = i64::from(code.size().bytes());
                match s.regs[dst] {
                    Val::Ptr(Region::Stack(d), Some(base)) if d == depth => {
                        let off = base + i64::from(raw.off);
                        // A narrower store of a register keeps its low bytes.
                        let v = match v {
                            Val::Scalar(x, o) if size < 8 => Val::Scalar(x & (u64::MAX >> (64 - 8 * size)), o),
                            Val::Ptr(..) if size < 8 => Val::Unknown,
                            v => v,
                        };
                        if code.mode() == Mode::MEM {
                            s.store(off, size as u8, v);
                        } else {
                            s.clobber(off, size);
                        }
                    }
                    Val::Ptr(Region::Stack(d), None) if d == depth => s.stack.clear(),
                    _ => {}
                }
                if code.mode() == Mode::ATOMIC {
                    // Fetching atomics write the old value to a register.
                    let fetch = raw.imm & 0x01 != 0;
                    if fetch {
                        if raw.imm == 0xf1 {
                            s.regs[0] = Val::Unknown; // cmpxchg
                        } else {
                            s.regs[src] = Val::Unknown;
                        }
                    }
                }
                succ.push((i + 1, s));
            }
            Class::JMP | Class::JMP32 => self.jump(i, raw, s, depth, succ, ret),
            _ => succ.push((i + 1, s)),
        }
    }

    fn alu(&mut self, i: usize, raw: RawInsn, s: &State, dst: usize, src: usize) -> Val {
        let code = raw.code;
        let wide = code.class() == Class::ALU64;
        let op = code.alu_op();
        let origin = self.input.origins.contains(&i).then_some(Origin::Insn(i));
        let rhs = if code.source() == Source::X {
            s.regs[src]
        } else if wide {
            Val::Scalar(raw.imm as i64 as u64, origin)
        } else {
            Val::Scalar(u64::from(raw.imm as u32), origin)
        };
        let lhs = s.regs[dst];
        if op == AluOp::MOV {
            if raw.off != 0 {
                return Val::Unknown; // sign-extending move
            }
            return match (wide, rhs) {
                (true, v) => v,
                (false, Val::Scalar(v, o)) => Val::Scalar(v & 0xffff_ffff, o),
                (false, _) => Val::Unknown,
            };
        }
        if op == AluOp::NEG {
            return match lhs {
                Val::Scalar(v, o) if wide => Val::Scalar(v.wrapping_neg(), o),
                Val::Scalar(v, o) => Val::Scalar(u64::from((v as u32).wrapping_neg()), o),
                _ => Val::Unknown,
            };
        }
        // Pointer arithmetic with constants keeps the region.
        if wide && (op == AluOp::ADD || op == AluOp::SUB) {
            match (lhs, rhs) {
                (Val::Ptr(r, off), Val::Scalar(k, _)) => {
                    let k = k as i64;
                    let off = off.and_then(|o| if op == AluOp::ADD { o.checked_add(k) } else { o.checked_sub(k) });
                    return Val::Ptr(r, off);
                }
                (Val::Ptr(r, _), _) => return Val::Ptr(r, None),
                (Val::Scalar(k, _), Val::Ptr(r, off)) if op == AluOp::ADD => {
                    return Val::Ptr(r, off.and_then(|o| o.checked_add(k as i64)));
                }
                (_, Val::Ptr(r, _)) if op == AluOp::ADD => return Val::Ptr(r, None),
                _ => {}
            }
        }
        let (Val::Scalar(a, oa), Val::Scalar(b, ob)) = (lhs, rhs) else { return Val::Unknown };
        let o = oa.or(ob);
        let bits = if wide { 64 } else { 32 };
        let r = match op {
            AluOp::ADD => Some(a.wrapping_add(b)),
            AluOp::SUB => Some(a.wrapping_sub(b)),
            AluOp::MUL => Some(a.wrapping_mul(b)),
            AluOp::AND => Some(a & b),
            AluOp::OR => Some(a | b),
            AluOp::XOR => Some(a ^ b),
            AluOp::LSH if b < bits => Some(a << b),
            AluOp::RSH if b < bits => Some(if wide { a >> b } else { u64::from(a as u32 >> b) }),
            AluOp::ARSH if b < bits => {
                Some(if wide { ((a as i64) >> b) as u64 } else { u64::from(((a as u32 as i32) >> b) as u32) })
            }
            // Division, modulo and byte swaps: the verifier keeps no constant.
            _ => None,
        };
        match r {
            Some(v) if wide => Val::Scalar(v, o),
            Some(v) => Val::Scalar(v & 0xffff_ffff, o),
            None => Val::Unknown,
        }
    }

    fn load(&mut self, i: usize, raw: RawInsn, s: &State, src: usize, depth: u8, is_entry: bool) -> Val {
        let size = raw.code.size();
        let plain = raw.code.mode() == Mode::MEM;
        match s.regs[src] {
            Val::Ptr(Region::Stack(d), Some(base)) if d == depth && plain => {
                s.fill(base + i64::from(raw.off), size.bytes())
            }
            Val::Ptr(Region::ReadOnly(m), Some(base)) if plain => {
                let off = base + i64::from(raw.off);
                let n = usize::from(size.bytes());
                let Some(bytes) = self.input.readonly.get(m as usize) else { return Val::Unknown };
                let Ok(at) = usize::try_from(off) else { return Val::Unknown };
                let Some(b) = at.checked_add(n).and_then(|end| bytes.get(at..end)) else { return Val::Unknown };
                let mut v = 0u64;
                for (k, &byte) in b.iter().enumerate() {
                    match self.input.endian {
                        Some(Endian::Big) => v = (v << 8) | u64::from(byte),
                        _ => v |= u64::from(byte) << (8 * k),
                    }
                }
                Val::Scalar(v, Some(Origin::ReadOnly { map: m, offset: at as u64 }))
            }
            Val::Ptr(Region::Ctx, Some(base)) if is_entry && depth == 0 => {
                self.ctx_loads.insert((i, base + i64::from(raw.off)));
                Val::Unknown
            }
            _ => Val::Unknown,
        }
    }

    fn jump(
        &mut self,
        i: usize,
        raw: RawInsn,
        mut s: State,
        depth: u8,
        succ: &mut Vec<(usize, State)>,
        ret: &mut Option<Val>,
    ) {
        let code = raw.code;
        if code == Opcode::EXIT {
            *ret = Some(match *ret {
                Some(r) => r.join(s.regs[0]),
                None => s.regs[0],
            });
            return;
        }
        if code == Opcode::CALL {
            self.call(i, raw, s, depth, succ);
            return;
        }
        if code == Opcode::CALLX || code == Opcode::GOTOX {
            self.give_up(format!("indirect jump or call at instruction {i}"));
            return;
        }
        let Some(target) = jump_target(i, &raw) else {
            self.give_up(format!("jump before the program at instruction {i}"));
            return;
        };
        if code == Opcode::JA || code == Opcode::GOTOL {
            succ.push((target, s));
            return;
        }
        if code.jmp_op() == JmpOp::JCOND {
            succ.push((target, s.clone()));
            succ.push((i + 1, s));
            return;
        }
        let wide = code.class() == Class::JMP;
        let (dst, src) = (usize::from(raw.dst & 0xf).min(10), usize::from(raw.src & 0xf).min(10));
        let lhs = s.regs[dst];
        let rhs = if code.source() == Source::X { s.regs[src] } else { Val::Scalar(raw.imm as i64 as u64, None) };
        let outcome = branch(code.jmp_op(), wide, lhs, rhs);
        match outcome {
            Some(taken) => {
                let origin = lhs.origin().or(rhs.origin());
                self.decided.insert(Decided { insn: i, taken, origin });
                succ.push((if taken { target } else { i + 1 }, s));
            }
            None => {
                let mut t = s.clone();
                // The equal edge of `==` / the fall-through of `!=` knows the value.
                if wide && code.source() == Source::K && lhs == Val::Unknown {
                    let k = Val::Scalar(raw.imm as i64 as u64, None);
                    if code.jmp_op() == JmpOp::JEQ {
                        t.regs[dst] = k;
                    } else if code.jmp_op() == JmpOp::JNE {
                        s.regs[dst] = k;
                    }
                }
                succ.push((target, t));
                succ.push((i + 1, s));
            }
        }
    }

    fn call(&mut self, i: usize, raw: RawInsn, mut s: State, depth: u8, succ: &mut Vec<(usize, State)>) {
        if raw.src == 1 && !self.input.kfunc_calls.contains(&i) {
            let Some(t) = call_target(i, &raw) else {
                self.give_up(format!("call before the program at instruction {i}"));
                return;
            };
            let Some(f) = self.input.functions.iter().copied().find(|f| f.start == t) else {
                self.give_up(format!("call at instruction {i} does not target a function"));
                return;
            };
            let r0 = if f.global || depth + 1 >= MAX_FRAMES {
                // Verified on its own (see `analyze`); mark its entry so it is.
                self.out.reachable[t] = true;
                if !f.global {
                    self.give_up(format!("calls nested deeper than {MAX_FRAMES} frames at instruction {i}"));
                }
                Val::Unknown
            } else {
                let mut args = [Val::Unknown; 5];
                args.copy_from_slice(&s.regs[1..=5]);
                match self.memo.get(&(t, args)) {
                    Some(&r0) => r0,
                    None => {
                        let mut regs = [Val::Unknown; 11];
                        regs[1..=5].copy_from_slice(&args);
                        regs[10] = Val::Ptr(Region::Stack(depth + 1), Some(0));
                        // Guard against recursion (the verifier rejects it).
                        self.memo.insert((t, args), Val::Unknown);
                        let r0 = self.function(t, State { regs, stack: Vec::new() }, depth + 1, false);
                        self.memo.insert((t, args), r0);
                        r0
                    }
                }
            };
            s.call_clobbers(depth);
            s.regs[0] = match r0 {
                // A pointer into the callee's own stack is invalid after it returns.
                Val::Ptr(Region::Stack(d), _) if d > depth => Val::Unknown,
                v => v,
            };
            succ.push((i + 1, s));
            return;
        }
        // Helpers and kfuncs.
        if raw.src == 0 && !self.input.kfunc_calls.contains(&i) {
            self.helpers.insert((i, raw.imm));
        }
        s.call_clobbers(depth);
        s.regs[0] = Val::Unknown;
        succ.push((i + 1, s));
    }
}

/// The outcome of a conditional jump, if the verifier knows it.
fn branch(op: JmpOp, wide: bool, lhs: Val, rhs: Val) -> Option<bool> {
    if let (Some(a), Some(b)) = (lhs.scalar(), rhs.scalar()) {
        let (ua, ub, sa, sb) = if wide {
            (a, b, a as i64, b as i64)
        } else {
            (u64::from(a as u32), u64::from(b as u32), i64::from(a as u32 as i32), i64::from(b as u32 as i32))
        };
        return match op {
            JmpOp::JEQ => Some(ua == ub),
            JmpOp::JNE => Some(ua != ub),
            JmpOp::JGT => Some(ua > ub),
            JmpOp::JGE => Some(ua >= ub),
            JmpOp::JLT => Some(ua < ub),
            JmpOp::JLE => Some(ua <= ub),
            JmpOp::JSGT => Some(sa > sb),
            JmpOp::JSGE => Some(sa >= sb),
            JmpOp::JSLT => Some(sa < sb),
            JmpOp::JSLE => Some(sa <= sb),
            JmpOp::JSET => Some(ua & ub != 0),
            _ => None,
        };
    }
    // A pointer the verifier knows cannot be null (`reg_not_null`: map
    // values, maps, kfunc addresses; not the context or the stack)
    // compared with 0 (64-bit only).
    if wide {
        let non_null = |v: Val| matches!(v, Val::Ptr(Region::Other | Region::ReadOnly(_), _));
        let ptr_vs_zero =
            (non_null(lhs) && matches!(rhs, Val::Scalar(0, _))) || (non_null(rhs) && matches!(lhs, Val::Scalar(0, _)));
        if ptr_vs_zero {
            return match op {
                JmpOp::JEQ => Some(false),
                JmpOp::JNE => Some(true),
                _ => None,
            };
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use bpfkit_insn::Opcode;

    fn ins(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> RawInsn {
        RawInsn { code: Opcode(code), dst, src, off, imm }
    }
    const POISON: RawInsn = RawInsn { code: Opcode::CALL, dst: 0, src: 0, off: 0, imm: crate::POISON_IMM };

    fn run<'a>(insns: &'a [RawInsn], extra: impl FnOnce(&mut Input<'a>)) -> Reach {
        let mut input = Input {
            insns,
            functions: vec![Function { start: 0, len: insns.len(), global: false }],
            ..Input::default()
        };
        for (k, i) in insns.iter().enumerate() {
            if *i == POISON {
                input.poison.insert(k, PoisonId(k as u32));
            }
        }
        extra(&mut input);
        analyze(&input)
    }

    #[test]
    fn constant_guard_prunes_poison() {
        // r1 = 0 (field_exists said no); if r1 == 0 goto +1; poison; r0 = 0; exit
        let p = [ins(0xb7, 1, 0, 0, 0), ins(0x15, 1, 0, 1, 0), POISON, ins(0xb7, 0, 0, 0, 0), ins(0x95, 0, 0, 0, 0)];
        let r = run(&p, |i| {
            i.origins.insert(0);
        });
        assert!(r.reached_poison.is_empty());
        assert!(!r.reachable[2]);
        let g = r.guard_of(&p, &[Function { start: 0, len: 5, global: false }], 2).unwrap();
        assert_eq!((g.insn, g.taken, g.origin), (1, true, Some(Origin::Insn(0))));
        // The same with r1 = 1: the poison is reached.
        let mut q = p;
        q[0] = ins(0xb7, 1, 0, 0, 1);
        assert_eq!(run(&q, |_| {}).reached_poison.len(), 1);
    }

    #[test]
    fn unknown_value_takes_both_ways() {
        // r1 = *(u32 *)(r1 + 0): unknown; if r1 == 0 goto +1; poison; exit
        let p = [ins(0x61, 1, 1, 0, 0), ins(0x15, 1, 0, 1, 0), POISON, ins(0x95, 0, 0, 0, 0)];
        assert_eq!(run(&p, |_| {}).reached_poison.len(), 1);
    }

    #[test]
    fn spill_fill_and_helper_calls() {
        // r6 = 0; *(u64 *)(r10 - 8) = r6; call 5 (clobbers r1-r5, keeps r6-r9 and the slot);
        // r2 = *(u64 *)(r10 - 8); if r2 != 0 goto +1; exit; poison
        let p = [
            ins(0xb7, 6, 0, 0, 0),
            ins(0x7b, 10, 6, -8, 0),
            ins(0x85, 0, 0, 0, 5),
            ins(0x79, 2, 10, -8, 0),
            ins(0x55, 2, 0, 1, 0),
            ins(0x95, 0, 0, 0, 0),
            POISON,
        ];
        assert!(run(&p, |_| {}).reached_poison.is_empty());
        // A helper given a pointer to the stack may overwrite the slot.
        let mut q = p.to_vec();
        q.insert(2, ins(0xbf, 1, 10, 0, 0)); // r1 = r10
        q[5].off = 1;
        assert_eq!(run(&q, |_| {}).reached_poison.len(), 1);
    }

    #[test]
    fn loop_converges() {
        // r1 = 0; loop: r1 += 1; if r1 < 10 goto loop; if r1 == 99 goto +1 (unknown after the join); exit; poison
        let p = [
            ins(0xb7, 1, 0, 0, 0),
            ins(0x07, 1, 0, 0, 1),
            ins(0xa5, 1, 0, -2, 10),
            ins(0x15, 1, 0, 1, 99),
            ins(0x95, 0, 0, 0, 0),
            POISON,
        ];
        let r = run(&p, |_| {});
        assert!(r.gave_up.is_none());
        assert_eq!(r.reached_poison.len(), 1);
    }

    #[test]
    fn static_and_global_subprograms() {
        // main: r1 = 0; call sub; exit.  sub: if r1 == 0 goto +1; poison; r0 = 0; exit
        let p = [
            ins(0xb7, 1, 0, 0, 0),
            ins(0x85, 0, 1, 0, 1),
            ins(0x95, 0, 0, 0, 0),
            ins(0x15, 1, 0, 1, 0),
            POISON,
            ins(0xb7, 0, 0, 0, 0),
            ins(0x95, 0, 0, 0, 0),
        ];
        let funcs = |global| vec![Function { start: 0, len: 3, global: false }, Function { start: 3, len: 4, global }];
        let r = run(&p, |i| i.functions = funcs(false));
        assert!(r.reached_poison.is_empty(), "{r:?}");
        // A global function is checked with unknown arguments.
        let r = run(&p, |i| i.functions = funcs(true));
        assert_eq!(r.reached_poison.len(), 1);
    }

    #[test]
    fn return_value_of_static_subprogram() {
        // main: call sub; if r0 == 0 goto +1; poison; exit.  sub: r0 = 0; exit
        let p = [
            ins(0x85, 0, 1, 0, 3),
            ins(0x15, 0, 0, 1, 0),
            POISON,
            ins(0x95, 0, 0, 0, 0),
            ins(0xb7, 0, 0, 0, 0),
            ins(0x95, 0, 0, 0, 0),
        ];
        let r = run(&p, |i| {
            i.functions =
                vec![Function { start: 0, len: 4, global: false }, Function { start: 4, len: 2, global: false }]
        });
        assert!(r.reached_poison.is_empty(), "{r:?}");
    }

    #[test]
    fn readonly_data_and_pointer_null_tests() {
        // r1 = &rodata; r2 = *(u32 *)(r1 + 4); if r2 == 0 goto +1; poison; r3 = &map; if r3 != 0 goto +1; poison; exit
        let p = [
            ins(0x18, 1, 2, 0, 0),
            ins(0, 0, 0, 0, 0),
            ins(0x61, 2, 1, 4, 0),
            ins(0x15, 2, 0, 1, 0),
            POISON,
            ins(0x18, 3, 1, 0, 0),
            ins(0, 0, 0, 0, 0),
            ins(0x55, 3, 0, 1, 0),
            POISON,
            ins(0x95, 0, 0, 0, 0),
        ];
        static DATA: [u8; 8] = [1, 1, 1, 1, 0, 0, 0, 0];
        let r = run(&p, |i| {
            i.readonly = vec![&DATA];
            i.imm64.insert(0, Val::Ptr(Region::ReadOnly(0), Some(0)));
            i.imm64.insert(5, Val::Ptr(Region::Other, None));
        });
        assert!(r.reached_poison.is_empty(), "{r:?}");
    }

    #[test]
    fn context_and_stack_pointers_are_not_known_non_null() {
        // if r1 != 0 goto +1 (r1 = ctx); poison; r2 = r10; if r2 != 0 goto +1; poison; exit
        let p = [
            ins(0x55, 1, 0, 1, 0),
            POISON,
            ins(0xbf, 2, 10, 0, 0),
            ins(0x55, 2, 0, 1, 0),
            POISON,
            ins(0x95, 0, 0, 0, 0),
        ];
        assert_eq!(run(&p, |_| {}).reached_poison.len(), 2);
    }

    #[test]
    fn indirect_jumps_give_up() {
        let p = [ins(0x0d, 1, 0, 0, 0), POISON, ins(0x95, 0, 0, 0, 0)];
        let r = run(&p, |_| {});
        assert!(r.gave_up.is_some());
        assert_eq!(r.reached_poison.len(), 1);
    }
}

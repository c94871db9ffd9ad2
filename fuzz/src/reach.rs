//! Fuzz logic for the reachability walk (`bpfkit_relo::reach`): arbitrary
//! instruction streams, cut into functions and given poison, read-only data
//! and loader constants by the input's own bytes. The walk must finish
//! within its budget, never panic, and keep its invariants.

use bpfkit_insn::{Endian, RawInsn};
use bpfkit_relo::reach::{Function, Input, PoisonId, Region, Val, analyze};

/// Runs the walk over arbitrary bytes.
pub fn run(data: &[u8]) {
    let Some((&ctl, code)) = data.split_first() else { return };
    let insns: Vec<RawInsn> = code.chunks_exact(8).filter_map(|c| RawInsn::read(c, Endian::Little)).collect();
    if insns.is_empty() {
        return;
    }
    let n = insns.len();
    let mut input = Input { insns: &insns, endian: Some(Endian::Little), ..Input::default() };
    // Functions: cut where a pseudo call points, or at `ctl`.
    let mut starts: Vec<usize> = vec![0];
    for (i, r) in insns.iter().enumerate() {
        if r.code.0 == 0x85 && r.src == 1 {
            let t = i as i64 + i64::from(r.imm) + 1;
            if t > 0 && (t as usize) < n {
                starts.push(t as usize);
            }
        }
    }
    starts.push(usize::from(ctl) % n);
    starts.sort_unstable();
    starts.dedup();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(n);
        input.functions.push(Function { start: s, len: end - s, global: (ctl >> k.min(7)) & 1 == 1 && k > 0 });
    }
    // Every call with the poison id, and every `ld_imm64` whose low byte
    // of `imm` says so, is poison; others point into the input as rodata.
    for (i, r) in insns.iter().enumerate() {
        if r.code.0 == 0x85 && r.src == 0 && r.imm == bpfkit_relo::POISON_IMM {
            input.poison.insert(i, PoisonId(i as u32));
        }
        if r.code.0 == 0x18 {
            match r.imm & 3 {
                0 => {
                    input.origins.insert(i);
                }
                1 => {
                    input.imm64.insert(i, Val::Ptr(Region::ReadOnly(0), Some(i64::from(r.off))));
                }
                2 => {
                    input.imm64.insert(i, Val::Ptr(Region::Other, None));
                }
                _ => {
                    input.kfunc_calls.insert(i + 1);
                }
            }
        }
    }
    input.readonly = vec![code];
    let r = analyze(&input);
    assert_eq!(r.reachable.len(), n);
    if r.gave_up.is_none() {
        assert!(r.reachable[0], "the entry is reached");
        for &(i, p) in &r.reached_poison {
            assert!(r.reachable[i] && input.poison.get(&i) == Some(&p));
        }
        for d in &r.decided {
            assert!(r.reachable[d.insn]);
        }
        for (i, _) in input.poison.iter() {
            if !r.reachable[*i] {
                let _ = r.guard_of(&insns, &input.functions, *i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    /// The programs of the `testdata/check` objects (read once).
    fn seeds() -> &'static [Vec<u8>] {
        static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
        SEEDS.get_or_init(read_seeds)
    }

    fn read_seeds() -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for o in crate::testdata_objects("check") {
            let Ok(obj) = bpfkit_obj::Object::parse(&o) else { continue };
            for p in obj.programs() {
                let mut v = vec![p.insn_count() as u8];
                v.extend_from_slice(p.bytes);
                out.push(v);
            }
        }
        assert!(out.len() > 50);
        out
    }

    #[test]
    fn seeds_run_clean() {
        for s in seeds() {
            run(s);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(2000, "proptest-regressions/reach.txt"))]
        #[test]
        fn random_streams(data in prop::collection::vec(any::<u8>(), 1..400)) {
            run(&data);
        }

        #[test]
        fn mutated_programs(seed in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
            let seeds = seeds();
            let mut data = seeds[seed.index(seeds.len())].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
        }
    }
}

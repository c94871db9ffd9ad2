//! Fuzz logic for the CO-RE resolver: relocate arbitrary objects against
//! their own BTF and against a fixed target, resolve arbitrary access
//! strings, render every report and decide whether each object loads
//! (`verdict::check`); nothing may panic or hang.

use bpfkit_btf::Btf;
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_relo::{Targets, relocate, report};

/// A small fixed target: the `fields.c` target BTF of the relo tests.
const TARGET: &[u8] = include_bytes!("../../testdata/core/fields.target.btf");

/// Runs the resolver over arbitrary bytes (an object, or else access strings).
pub fn run(data: &[u8]) {
    let target = Btf::parse(TARGET).expect("fixed target parses");
    if let Ok(obj) = bpfkit_obj::Object::parse(data) {
        if let Some(own) = obj.btf() {
            for t in [Targets::new(own), Targets::new(&target)] {
                if let Ok(rel) = relocate(&obj, &t) {
                    let entries = report::entries(&obj, &t, &rel);
                    let _ = report::to_json(&entries);
                    for p in &rel.programs {
                        assert!(p.insns.len() == p.layout.insn_count);
                    }
                    // Will it load: the reachability walk and every extern,
                    // attach and struct_ops rule, with and without an env.
                    let mut env = bpfkit_relo::verdict::KernelEnv::new();
                    let _ = bpfkit_relo::verdict::check(&obj, &t, &rel, &env);
                    env.kconfig = Some(Default::default());
                    env.kallsyms = Some(Default::default());
                    let _ = bpfkit_relo::verdict::check(&obj, &t, &rel, &env);
                }
            }
        }
        return;
    }
    // Not an object: treat the bytes as access strings against the target.
    let s = String::from_utf8_lossy(data);
    let _ = bpfkit_relo::parse_access(&s);
    for (i, line) in s.lines().take(16).enumerate() {
        let kind = CoreReloKind((i % 14) as u32);
        for id in 1..target.type_count().min(24) {
            let mut r = bpfkit_relo::Resolver::new(&target, &Targets::new(&target), bpfkit_btf::Endian::Little)
                .resolve(bpfkit_btf::TypeId(id), line, kind);
            if let Ok(res) = r.as_mut() {
                let _ = bpfkit_relo::spec::format_spec(&target, &res.local);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        crate::testdata_objects("core")
    }

    #[test]
    fn seeds_run_clean() {
        let seeds = seeds();
        assert!(seeds.len() >= 20);
        for s in &seeds {
            run(s);
        }
    }

    #[test]
    fn access_strings_run_clean() {
        for s in
            ["0", "0:1", "0:1:0:5", "", ":", "0:", "1 2", "-1", "0:99999999999", "0::1", "+3:-0", "0:0:0:0:0:0:0:0"]
        {
            run(s.as_bytes());
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(300, "proptest-regressions/relo.txt"))]
        #[test]
        fn mutated_objects(idx in 0usize..64, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
            let seeds = seeds();
            let mut s = seeds[idx % seeds.len()].clone();
            for (at, v) in flips {
                let n = s.len();
                s[at % n] ^= v | 1;
            }
            run(&s);
        }

        #[test]
        fn access_grammar(s in "[0-9: +-]{0,40}") {
            run(s.as_bytes());
        }
    }
}

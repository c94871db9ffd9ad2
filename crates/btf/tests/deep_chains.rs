//! 100k-deep chains and cycles: errors or answers, never a stack overflow.

use bpfkit_btf::validate::{Rule, strict};
use bpfkit_btf::{Btf, ErrorKind, TypeId};

#[test]
fn reader_helpers_and_strict_validation_stay_bounded() {
    for (name, data) in bpfkit_testkit::deep::deep_btfs() {
        let btf = Btf::parse(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        for id in [1, 2, btf.type_count() / 2, btf.type_count() - 1] {
            let id = TypeId(id);
            let _ = btf.resolve_size(id);
            let _ = btf.align_of(id);
            let _ = btf.skip_mods_and_typedefs(id);
            let _ = btf.type_name(id);
        }
        // The kernel's resolver stack is 32 deep: long ascending chains are
        // too deep for it, cycles are loops or too deep, descending
        // modifier chains resolve one step at a time.
        let verdict = strict(&btf);
        let rule = |r: &bpfkit_btf::Result<()>| match r.as_ref().map_err(|e| e.kind()) {
            Err(ErrorKind::Strict { rule, .. }) => Some(rule),
            Ok(()) => None,
            Err(k) => panic!("{name}: not a kernel rule: {k}"),
        };
        match name.as_str() {
            "const up" | "typedef up" | "ptr up" | "struct up" => {
                assert_eq!(rule(&verdict), Some(Rule::TooDeep), "{name}")
            }
            "const down" | "typedef down" | "ptr down" | "struct down" | "struct/ptr ring" => {
                assert_eq!(rule(&verdict), None, "{name}")
            }
            n if n.contains("cycle") => {
                assert!(matches!(rule(&verdict), Some(Rule::Loop | Rule::TooDeep)), "{name}: {verdict:?}")
            }
            _ => {
                let _ = rule(&verdict);
            }
        }
    }
}

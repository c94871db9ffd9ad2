//! `bpfkit obj` (through `Object::core_access`) and `bpfkit core relocate`
//! (through the resolver's local spec) read every CO-RE record of every
//! testdata object the same way: same verdict, same indexes, same bit
//! offset, same named steps.

mod common;

use bpfkit_obj::AccessStep;
use bpfkit_relo::{ErrorKind, Targets, relocate};

#[test]
fn obj_and_relo_agree_on_every_record() {
    let mut compared = 0;
    for path in common::objects() {
        let data = std::fs::read(&path).unwrap();
        let obj = bpfkit_obj::Object::parse(&data).unwrap();
        let own = obj.btf().unwrap();
        let rel = relocate(&obj, &Targets::new(own)).unwrap();
        for r in &rel.records {
            let rec = obj
                .core_relos()
                .iter()
                .find(|c| c.loc.section == r.section && c.loc.section_insn == r.section_insn && c.access == r.access)
                .unwrap_or_else(|| panic!("{}: {} has no bpfkit-obj record", path.display(), r.relo));
            let access = obj.core_access(rec);
            let what = format!("{}: {} {} '{}'", path.display(), r.relo, r.kind, r.access);
            let local = match (&r.resolution, &r.partial) {
                (Ok(res), _) => Some(&res.local),
                (Err(_), Some(p)) => Some(&p.local),
                (Err(e), None) => {
                    // Only a spec the parser rejects may fail before matching.
                    let parse_failed = matches!(e.kind(), ErrorKind::AccessString | ErrorKind::Spec);
                    assert_eq!(access.is_err(), parse_failed, "{what}: obj {access:?}, relo {e}");
                    None
                }
            };
            if let Some(spec) = local {
                let acc = access.unwrap_or_else(|e| panic!("{what}: relo parsed it, obj says {e}"));
                if r.kind.is_field() {
                    assert_eq!(acc.raw, spec.raw, "{what}");
                    assert_eq!(acc.bit_offset, Some(u64::from(spec.bit_offset)), "{what}");
                    let named: Vec<&str> = acc
                        .steps
                        .iter()
                        .filter_map(|s| match s {
                            AccessStep::Member { name, .. } if !name.is_empty() => Some(*name),
                            _ => None,
                        })
                        .collect();
                    let spec_named: Vec<&str> = spec.accessors.iter().filter_map(|a| a.name).collect();
                    assert_eq!(named, spec_named, "{what}");
                } else if r.kind.is_enumval() {
                    assert_eq!(acc.enumerator, spec.accessors[0].name, "{what}");
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "only {compared} records compared");
}

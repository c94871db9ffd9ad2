//! `minimize`: the minimized BTF resolves every relocation like the full
//! BTF, equals what `bpftool gen min_core_btf` produces (compared as
//! bpftool's raw dump of both), and parses with bpftool.

mod common;

use bpfkit_btf::Btf;
use bpfkit_relo::minimize::minimize;
use bpfkit_relo::{Record, Targets, relocate};
use std::path::Path;
use std::process::Command;

fn summary(btf: &Btf<'_>, r: &Record<'_>) -> String {
    match &r.resolution {
        Err(e) => format!("error {:?}", e.kind()),
        Ok(res) => {
            let v = &res.value;
            let target = res.target.as_ref().map(|(_, s)| bpfkit_relo::spec::describe(btf, s));
            let new = if r.kind == bpfkit_btf::ext::CoreReloKind::TYPE_ID_TARGET { None } else { Some(v.new_val) };
            format!(
                "{} orig={} new={new:?} poison={} target={target:?} sz={}/{}",
                r.kind, v.orig_val, v.poison, v.orig_sz, v.new_sz
            )
        }
    }
}

fn dump(path: &Path) -> Option<String> {
    let o = Command::new("bpftool").args(["btf", "dump", "file"]).arg(path).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn minimized_resolves_the_same_and_equals_bpftool() {
    let what = "minimized BTF against bpftool";
    let bpftool = bpfkit_testkit::have_tool("bpftool", &["version"], what)
        && bpfkit_testkit::have_tool("llvm-objcopy", &["--version"], what);
    let dir = common::scratch("min");
    let (mut same, mut vs_bpftool) = (0, 0);
    for obj_path in common::objects() {
        let data = std::fs::read(&obj_path).unwrap();
        let obj = bpfkit_obj::Object::parse(&data).unwrap();
        for t in common::targets_for(&obj_path) {
            let (tname, tbytes, full) = (&t.name, t.bytes, &t.btf);
            let targets = Targets::new(full);
            let rel = relocate(&obj, &targets).unwrap();
            let ours = minimize(full, &[&rel.records]);
            let what = format!("{} vs {tname}", obj_path.display());
            let bt = if bpftool {
                let tpath = dir.join(format!("{tname}.raw"));
                std::fs::write(&tpath, tbytes).unwrap();
                let out = dir.join("bpftool.min.btf");
                let _ = std::fs::remove_file(&out);
                let src = common::for_bpftool(&obj_path, &dir);
                let st = Command::new("bpftool")
                    .args(["gen", "min_core_btf"])
                    .arg(&tpath)
                    .arg(&out)
                    .arg(&src)
                    .output()
                    .unwrap();
                Some((st.status.success(), out))
            } else {
                None
            };
            let Ok(min_bytes) = ours else {
                // Only a failing relocation (ambiguity) stops minimizing, as in bpftool.
                assert!(rel.records.iter().any(|r| r.resolution.is_err()), "{what}: {:?}", ours.err());
                if let Some((ok, _)) = bt {
                    assert!(!ok, "{what}: bpftool minimizes but bpfkit doesn't");
                }
                continue;
            };
            let min = Btf::parse(&min_bytes).unwrap();
            let mtargets = Targets::new(&min);
            let rel2 = relocate(&obj, &mtargets).unwrap();
            assert_eq!(rel.records.len(), rel2.records.len());
            for (a, b) in rel.records.iter().zip(&rel2.records) {
                assert_eq!(summary(full, a), summary(&min, b), "{what}: {}", a.relo);
            }
            // The same patched instructions, except target type ids.
            for (pa, pb) in rel.programs.iter().zip(&rel2.programs) {
                for (x, y) in pa.applied.iter().zip(&pb.applied) {
                    if rel.records[x.record].kind != bpfkit_btf::ext::CoreReloKind::TYPE_ID_TARGET {
                        assert_eq!(
                            pa.insns[x.insn_idx], pb.insns[y.insn_idx],
                            "{what}: {}",
                            rel.records[x.record].relo
                        );
                    }
                }
            }
            same += 1;
            if let Some((ok, out)) = bt {
                assert!(ok, "{what}: bpfkit minimizes but bpftool fails");
                let mine = dir.join("bpfkit.min.btf");
                std::fs::write(&mine, &min_bytes).unwrap();
                let theirs_dump = dump(&out).expect("bpftool can't dump its own output");
                let ours_dump =
                    dump(&mine).unwrap_or_else(|| panic!("{what}: bpftool can't parse bpfkit's minimized BTF"));
                assert_eq!(ours_dump, theirs_dump, "{what}: minimized BTF differs from bpftool's");
                vs_bpftool += 1;
            }
        }
    }
    assert!(same > 50, "{same}");
    eprintln!("{same} minimized BTFs resolve like the full BTF; {vs_bpftool} equal bpftool's");
}

//! Differential test against libbpf: for every test object and target,
//! the CO-RE debug log `bpftool -d gen min_core_btf` prints (candidate
//! search, local spec, every candidate's target spec, matching or not, no
//! matching targets) must equal the log bpfkit reconstructs from its own
//! resolution, line for line.

mod common;

use bpfkit_btf::Btf;
use bpfkit_relo::{Resolver, Targets, program::resolve_records, report::record_log};
use std::path::Path;
use std::process::Command;

fn bpftool_log(target: &Path, obj: &Path, out: &Path) -> (bool, Vec<String>) {
    let o = Command::new("bpftool").args(["-d", "gen", "min_core_btf"]).arg(target).arg(out).arg(obj).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let lines = err
        .lines()
        .filter_map(|l| l.strip_prefix("libbpf: "))
        .filter(|l| l.starts_with("CO-RE relocating") || (l.starts_with("prog '") && l.contains(": relo #")))
        .map(str::to_string)
        .collect();
    (o.status.success(), lines)
}

fn our_log(vm: &Btf<'_>, obj: &Path) -> (bool, Vec<String>) {
    let data = std::fs::read(obj).unwrap();
    let o = bpfkit_obj::Object::parse(&data).unwrap();
    let targets = Targets::new(vm);
    let local = o.btf().unwrap();
    let mut r = Resolver::new(local, &targets, o.endian());
    let recs = resolve_records(&o, local, &mut r).unwrap();
    let mut lines = Vec::new();
    for rec in &recs {
        let ok = rec.resolution.is_ok();
        lines.extend(record_log(local, &targets, rec, &format!("prog '{}'", rec.relo.section)));
        if !ok {
            // bpftool stops at the first failing relocation.
            return (false, lines);
        }
    }
    (true, lines)
}

#[test]
fn log_equals_bpftool() {
    let what = "libbpf log differential test";
    if !bpfkit_testkit::have_tool("bpftool", &["version"], what)
        || !bpfkit_testkit::have_tool("llvm-objcopy", &["--version"], what)
    {
        return;
    }
    let dir = common::scratch("log");
    let mut compared = 0;
    let mut failures = Vec::new();
    for obj in common::objects() {
        for t in common::targets_for(&obj) {
            let name = &t.name;
            let tpath = dir.join(format!("{name}.raw"));
            std::fs::write(&tpath, t.bytes).unwrap();
            let reference = common::for_bpftool(&obj, &dir);
            let (theirs_ok, theirs) = bpftool_log(&tpath, &reference, &dir.join("min.btf"));
            let (ours_ok, ours) = our_log(&t.btf, &obj);
            compared += 1;
            if theirs != ours || theirs_ok != ours_ok {
                let n = theirs.iter().zip(&ours).take_while(|(a, b)| a == b).count();
                failures.push(format!(
                    "{} vs {name}: ok {theirs_ok}/{ours_ok}, first difference at line {n}:\n  bpftool: {:?}\n  bpfkit:  {:?}",
                    obj.display(),
                    theirs.get(n),
                    ours.get(n)
                ));
            }
        }
    }
    assert!(compared > 0);
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{compared} object/target pairs give libbpf's log");
}

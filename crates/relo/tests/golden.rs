//! Golden reports: `testdata/core/expected/<object>.<target>.{json,txt}` —
//! the JSON report and the libbpf-style text of relocating each clang-22
//! little-endian test object against its case targets and the 6.12 kernel.
//! Regenerate with `BPFKIT_BLESS=1 cargo test -p bpfkit-relo --test golden`.

mod common;

use bpfkit_btf::Btf;
use bpfkit_relo::{Targets, relocate, report};

#[test]
fn reports_match_golden_files() {
    let bless = bpfkit_testkit::blessing();
    let exp = common::core_dir().join("expected");
    let mut checked = 0;
    let mut diffs = Vec::new();
    for obj_path in common::objects() {
        let name = obj_path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.contains("clang22.bpfel") || !obj_path.starts_with(common::core_dir()) {
            continue;
        }
        let stem = name.split('.').next().unwrap().to_string();
        let data = std::fs::read(&obj_path).unwrap();
        let obj = bpfkit_obj::Object::parse(&data).unwrap();
        let mut tlist = vec![(
            "vmlinux-6.12".to_string(),
            common::btf_file(&common::root().join("testdata/btf/vmlinux-6.12-amd64.btf.gz")),
        )];
        for e in std::fs::read_dir(common::core_dir()).unwrap().filter_map(|e| e.ok()) {
            let n = e.file_name().to_str().unwrap().to_string();
            if n.starts_with(&format!("{stem}.target")) && n.ends_with(".btf") {
                tlist.push((
                    n.trim_end_matches(".btf").trim_start_matches(&format!("{stem}.")).to_string(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
        tlist.sort();
        for (tname, bytes) in &tlist {
            let btf = Btf::parse(bytes).unwrap();
            let targets = Targets::new(&btf);
            let rel = relocate(&obj, &targets).unwrap();
            let entries = report::entries(&obj, &targets, &rel);
            let json = report::to_json(&entries);
            let mut text = String::new();
            for e in &entries {
                text.push_str(&e.text_line());
                text.push('\n');
                if let Some(r) = &e.reason {
                    text.push_str(&format!("    reason: {r}\n"));
                }
            }
            for (ext, body) in [("json", &json), ("txt", &text)] {
                let path = exp.join(format!("{stem}.{tname}.{ext}"));
                if bless {
                    std::fs::write(&path, body).unwrap();
                } else {
                    let want = std::fs::read_to_string(&path)
                        .unwrap_or_else(|_| panic!("{} missing (BPFKIT_BLESS=1)", path.display()));
                    if &want != body {
                        diffs.push(path.display().to_string());
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked}");
    assert!(diffs.is_empty(), "differ from golden (BPFKIT_BLESS=1 to regenerate):\n{}", diffs.join("\n"));
}

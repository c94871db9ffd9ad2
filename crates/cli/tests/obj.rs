//! `bpfkit obj`: golden outputs (text and JSON) for every test object in
//! `testdata/obj`, regenerated only with `BPFKIT_BLESS=1`, plus errors.

use std::path::PathBuf;
use std::process::Command;

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/obj")
}

fn bpfkit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bpfkit")).args(args).output().expect("run bpfkit")
}

#[test]
fn golden_outputs() {
    let bless = bpfkit_testkit::blessing();
    let mut files: Vec<String> = std::fs::read_dir(testdata())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".o"))
        .collect();
    files.sort();
    assert!(files.len() >= 24);
    let mut mismatches = Vec::new();
    for f in &files {
        let path = testdata().join(f);
        let stem = f.trim_end_matches(".o");
        for (flag, ext) in [(None, "txt"), (Some("--json"), "json")] {
            let mut args = vec!["obj", path.to_str().unwrap()];
            args.extend(flag);
            let out = bpfkit(&args);
            assert!(out.status.success(), "{f}: {}", String::from_utf8_lossy(&out.stderr));
            let golden = testdata().join("expected").join(format!("{stem}.{ext}"));
            if bless {
                std::fs::write(&golden, &out.stdout).unwrap();
                continue;
            }
            let want = std::fs::read(&golden)
                .unwrap_or_else(|e| panic!("{}: {e} (run with BPFKIT_BLESS=1 to create)", golden.display()));
            if want != out.stdout {
                mismatches.push(golden.display().to_string());
            }
        }
    }
    assert!(mismatches.is_empty(), "outputs differ from goldens: {mismatches:#?}");
}

#[test]
fn json_names_what_the_text_shows() {
    let path = testdata().join("core.clang22.bpfel.o");
    let json = String::from_utf8(bpfkit(&["obj", path.to_str().unwrap(), "--json"]).stdout).unwrap();
    let text = String::from_utf8(bpfkit(&["obj", path.to_str().unwrap()]).stdout).unwrap();
    for s in ["byte_off struct task_struct.real_parent (0:7)", "enumval_value enum pid_type::PIDTYPE_TGID (1)"] {
        assert!(json.contains(s) && text.contains(s), "{s}");
    }
    assert!(json.trim_start().starts_with('{') && json.trim_end().ends_with('}'));
}

#[test]
fn errors() {
    let out = bpfkit(&["obj"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<INPUT>"));
    let out = bpfkit(&["obj", "--bogus", "x.o"]);
    assert_eq!(out.status.code(), Some(2));
    let dir = std::env::temp_dir().join(format!("bpfkit-obj-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("truncated.o");
    let data = std::fs::read(testdata().join("maps.clang22.bpfel.o")).unwrap();
    std::fs::write(&bad, &data[..100]).unwrap();
    let out = bpfkit(&["obj", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("truncated.o") && err.contains("bad ELF"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

//! Fuzz logic for every bpfkit parser, as plain functions.
//!
//! Each module exposes `pub fn run(data: &[u8])`, which must never panic,
//! loop forever or allocate without bound on any input. The thin binaries in
//! `fuzz_targets/` hand libFuzzer's input to these functions; the unit tests
//! in each module drive the same functions with proptest and with mutated
//! testdata, so the logic runs under plain `cargo test`.

pub mod btf_dedup;
pub mod btf_ext;
pub mod btf_parse;
pub mod header;
pub mod insn;
pub mod link;
pub mod obj;
pub mod reach;
pub mod relo;
pub mod validate;

/// The `.o` files directly under `testdata/<dir>`, sorted by name: seeds
/// for the smoke tests.
#[cfg(test)]
pub(crate) fn testdata_objects(dir: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata").join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "o"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Every input a campaign found a crash with, kept in `fuzz/regressions/`
/// as `<target>-<what>.bin`, runs clean through its target.
#[cfg(test)]
#[test]
fn regressions_run_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        let data = std::fs::read(&p).unwrap();
        let target = name.split('-').next().unwrap();
        let run: fn(&[u8]) = match target {
            "btf_dedup" => btf_dedup::run,
            "btf_ext" => btf_ext::run,
            "btf_parse" => btf_parse::run,
            "header" => header::run,
            "insn" => insn::run,
            "link" => link::run,
            "obj" => obj::run,
            "relo" => relo::run,
            "reach" => reach::run,
            "validate" => validate::run,
            other => panic!("{name}: no fuzz target '{other}'"),
        };
        run(&data);
        n += 1;
    }
    assert!(n > 0, "no regression inputs in {}", dir.display());
}

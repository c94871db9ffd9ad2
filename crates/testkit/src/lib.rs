//! Test-only helpers shared by the bpfkit crates (a dev-dependency, never
//! published).
//!
//! * External tools: [`have_tool`] / [`tool_on_path`] say whether a tool is
//!   there; when it is not they print a visible `SKIP:` line ([`skip`]), or
//!   panic when `BPFKIT_REQUIRE_TOOLS=1` ([`require_tools`]), so CI cannot
//!   pass by skipping.
//! * Golden files: [`check_golden`] compares output with a file under
//!   `testdata/`, or rewrites it when `BPFKIT_BLESS=1` ([`blessing`]).
//! * Property tests: [`proptest_config`] gives a fixed seed unless
//!   `PROPTEST_RNG_SEED` is set (`PROPTEST_CASES` overrides the case count),
//!   and keeps regressions in the crate's `proptest-regressions/`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The workspace's `testdata/` directory.
pub fn testdata() -> PathBuf {
    workspace().join("testdata")
}

/// Whether missing tools must fail the tests (`BPFKIT_REQUIRE_TOOLS=1`).
pub fn require_tools() -> bool {
    std::env::var("BPFKIT_REQUIRE_TOOLS").as_deref() == Ok("1")
}

/// Whether golden files are being regenerated (`BPFKIT_BLESS=1`).
pub fn blessing() -> bool {
    std::env::var("BPFKIT_BLESS").as_deref() == Ok("1")
}

/// Prints `SKIP: why` straight to the stderr handle (not `eprintln!`, which
/// the test harness captures), so the line shows in `cargo test` output.
pub fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIP: {why}");
}

/// Reports a missing requirement: panics under `BPFKIT_REQUIRE_TOOLS=1`,
/// otherwise prints `SKIP: what: missing`.
#[track_caller]
pub fn missing(what: &str, missing: &str) {
    if require_tools() {
        panic!("{what}: {missing} (required by BPFKIT_REQUIRE_TOOLS=1)");
    }
    skip(&format!("{what}: {missing}"));
}

/// Whether `tool args...` runs and exits successfully (`args` is usually
/// `["--version"]`); reports it as [`missing`] for `what` when not.
#[track_caller]
pub fn have_tool(tool: &str, args: &[&str], what: &str) -> bool {
    let ok = Command::new(tool).args(args).output().is_ok_and(|o| o.status.success());
    if !ok {
        missing(what, &format!("{tool} not installed"));
    }
    ok
}

/// Whether `tool` is on `PATH` (`command -v`); reports it as [`missing`]
/// for `what` when not.
#[track_caller]
pub fn tool_on_path(tool: &str, what: &str) -> bool {
    let ok = Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success());
    if !ok {
        missing(what, &format!("{tool} not installed"));
    }
    ok
}

/// Compares `actual` with the file at `path`, panicking at the first
/// differing line; with `BPFKIT_BLESS=1` writes the file instead.
#[track_caller]
pub fn check_golden(path: &Path, actual: &[u8]) {
    if blessing() {
        std::fs::create_dir_all(path.parent().expect("golden path has a parent")).unwrap();
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BPFKIT_BLESS=1 to create it)", path.display()));
    if expected != actual {
        let exp = String::from_utf8_lossy(&expected);
        let act = String::from_utf8_lossy(actual);
        let line = exp
            .lines()
            .zip(act.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(exp.lines().count().min(act.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n  expected: {:?}\n  actual:   {:?}\n(rerun with BPFKIT_BLESS=1 if the change is intended)",
            path.display(),
            line + 1,
            exp.lines().nth(line),
            act.lines().nth(line)
        );
    }
}

/// The seed every property test uses unless `PROPTEST_RNG_SEED` is set, so
/// a CI run is reproducible (explore other seeds with that variable).
pub const PROPTEST_SEED: u64 = 0x6270_666b_6974; // "bpfkit"

/// A proptest configuration with `cases` cases (or `PROPTEST_CASES` when
/// set), the fixed seed [`PROPTEST_SEED`] (or `PROPTEST_RNG_SEED` when set)
/// and failures persisted to `regressions`, a path relative to the crate
/// directory (cargo runs tests there), e.g.
/// `"proptest-regressions/layout_prop.txt"`.
pub fn proptest_config(cases: u32, regressions: &'static str) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
    // `Config::default()` reads the PROPTEST_* variables.
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(PROPTEST_SEED);
    }
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(regressions)));
    config
}

pub mod deep;
pub mod kernel;

//! `bpfkit btf validate FILE [--base FILE] [--json]`: would the kernel load it?
//!
//! Runs [`bpfkit_btf::validate::strict_bytes`], the model of the Linux 6.18
//! BTF verifier, over the raw `.BTF` bytes of FILE (raw, gzip or ELF). The
//! input is deliberately not parsed with [`bpfkit_btf::Btf::parse`] first:
//! the kernel loads some blobs libbpf's rules refuse (longer, zero-padded
//! headers). Exit status 0 when the kernel would load it, 1 with the
//! kernel's reason otherwise.

use crate::btf::{check_input_exists, default_base, load_btf_bytes, with_btf};
use crate::error::CliError;
use crate::input::read_file;
use bpfkit_btf::validate::{Part, strict_bytes};
use bpfkit_btf::{Btf, ErrorKind};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The kernel version whose verifier the model follows.
pub const KERNEL_MODELLED: &str = "6.18";

/// Arguments of `bpfkit btf validate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// BTF to check (raw, gzip or ELF `.BTF`; `-` is standard input)
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Base BTF when FILE is split (module) BTF; default for
    /// /sys/kernel/btf/MODULE: /sys/kernel/btf/vmlinux
    #[arg(short = 'B', long, value_name = "FILE")]
    pub base: Option<PathBuf>,
    /// The verdict as one JSON object
    #[arg(short, long)]
    pub json: bool,
}

/// Examples for `--help`.
pub const EXAMPLES: &str = "\
Examples:
  bpfkit btf validate prog.bpf.o                  # exit 0: the kernel would load its .BTF
  bpfkit btf validate --json -B vmlinux.btf mod.btf";

/// Runs `bpfkit btf validate`: exit 0 when the modelled kernel would load
/// the BTF, 1 with its reason otherwise.
pub fn run(args: &Args) -> Result<(), CliError> {
    let (input, json) = (&args.input, args.json);
    check_input_exists(input)?;
    let file = read_file(input)?;
    let bytes = load_btf_bytes(&file, input)?;
    let verdict = match args.base.clone().or_else(|| default_base(input)) {
        Some(b) => with_btf(&b, None, |base| Ok(check(&bytes, Some(base)))),
        None => Ok(check(&bytes, None)),
    }?;
    report(input, verdict, json)
}

/// The verdict on `bytes`: `None` when the kernel would load them.
fn check(bytes: &[u8], base: Option<&Btf<'_>>) -> Option<bpfkit_btf::Error> {
    strict_bytes(bytes, base).err()
}

fn report(input: &Path, verdict: Option<bpfkit_btf::Error>, json: bool) -> Result<(), CliError> {
    let name = input.display().to_string();
    let Some(err) = verdict else {
        let line = if json {
            serde_json::json!({ "file": name, "kernel": KERNEL_MODELLED, "loadable": true }).to_string() + "\n"
        } else {
            format!("{name}: OK: the Linux {KERNEL_MODELLED} BTF verifier accepts it\n")
        };
        return std::io::stdout().write_all(line.as_bytes()).map_err(CliError::output);
    };
    if json {
        let mut o = serde_json::json!({ "file": name, "kernel": KERNEL_MODELLED, "loadable": false });
        if let ErrorKind::Strict { id, rule, part } = err.kind() {
            o["rule"] = format!("{rule:?}").into();
            o["kernel_message"] = rule.kernel_message().into();
            o["type_id"] = id.into();
            let (what, index) = match part {
                Part::Member(i) => ("member", Some(i)),
                Part::Param(i) => ("param", Some(i)),
                Part::Entry(i) => ("entry", Some(i)),
                Part::Enumerator(i) => ("enumerator", Some(i)),
                _ => ("type", None),
            };
            o["part"] = what.into();
            if let Some(i) = index {
                o["index"] = i.into();
            }
        }
        o["offset"] = err.offset().into();
        o["error"] = err.to_string().into();
        std::io::stdout().write_all((o.to_string() + "\n").as_bytes()).map_err(CliError::output)?;
    }
    Err(CliError::Other(format!("{name}: {err}")))
}

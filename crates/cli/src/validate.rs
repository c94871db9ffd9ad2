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

/// Entry point of `bpfkit btf validate`.
pub fn main(args: &[String]) -> Result<(), CliError> {
    let mut base: Option<PathBuf> = None;
    let mut input: Option<PathBuf> = None;
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base" | "-B" => {
                base = Some(it.next().ok_or_else(|| CliError::Usage("--base needs a value".into()))?.into())
            }
            "--json" | "-j" => json = true,
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s => {
                if input.replace(s.into()).is_some() {
                    return Err(CliError::Usage("more than one input".into()));
                }
            }
        }
    }
    let input = input.ok_or_else(|| CliError::Usage("btf validate: missing FILE".into()))?;
    check_input_exists(&input)?;
    let file = read_file(&input)?;
    let bytes = load_btf_bytes(&file, &input)?;
    let verdict = match base.or_else(|| default_base(&input)) {
        Some(b) => with_btf(&b, None, |base| Ok(check(&bytes, Some(base)))),
        None => Ok(check(&bytes, None)),
    }?;
    report(&input, verdict, json)
}

/// The verdict on `bytes`: `None` when the kernel would load them.
fn check(bytes: &[u8], base: Option<&Btf<'_>>) -> Option<bpfkit_btf::Error> {
    strict_bytes(bytes, base).err()
}

fn report(input: &Path, verdict: Option<bpfkit_btf::Error>, json: bool) -> Result<(), CliError> {
    let name = input.display().to_string();
    let Some(err) = verdict else {
        let line = if json {
            format!("{{\"file\":{},\"kernel\":\"{KERNEL_MODELLED}\",\"loadable\":true}}\n", json_str(&name))
        } else {
            format!("{name}: OK: the Linux {KERNEL_MODELLED} BTF verifier accepts it\n")
        };
        return std::io::stdout().write_all(line.as_bytes()).map_err(CliError::output);
    };
    if json {
        let mut o = format!("{{\"file\":{},\"kernel\":\"{KERNEL_MODELLED}\",\"loadable\":false", json_str(&name));
        if let ErrorKind::Strict { id, rule, part } = err.kind() {
            o += &format!(
                ",\"rule\":\"{rule:?}\",\"kernel_message\":{},\"type_id\":{id}",
                json_str(rule.kernel_message())
            );
            let (what, index) = match part {
                Part::Member(i) => ("member", Some(i)),
                Part::Param(i) => ("param", Some(i)),
                Part::Entry(i) => ("entry", Some(i)),
                Part::Enumerator(i) => ("enumerator", Some(i)),
                _ => ("type", None),
            };
            o += &format!(",\"part\":\"{what}\"");
            if let Some(i) = index {
                o += &format!(",\"index\":{i}");
            }
        }
        match err.offset() {
            Some(off) => o += &format!(",\"offset\":{off}"),
            None => o += ",\"offset\":null",
        }
        o += &format!(",\"error\":{}}}\n", json_str(&err.to_string()));
        std::io::stdout().write_all(o.as_bytes()).map_err(CliError::output)?;
    }
    Err(CliError::Other(format!("{name}: {err}")))
}

fn json_str(s: &str) -> String {
    bpfkit_relo::report::json_str(s)
}

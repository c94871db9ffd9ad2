//! `bpfkit btf dedup INPUT [--base FILE] -o OUT [--stats]`: libbpf's
//! `btf__dedup` on a raw, gzip or ELF `.BTF`, written as raw BTF.

use crate::btf::with_btf;
use crate::error::CliError;
use bpfkit_btf::BtfKind;
use bpfkit_btf::dedup::{DedupOptions, dedup_parsed};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Names the file a library error is about.
fn named(p: &Path) -> impl Fn(bpfkit_btf::Error) -> CliError + '_ {
    move |e| CliError::Other(format!("{}: {e}", p.display()))
}

/// Entry point of `bpfkit btf dedup`.
pub fn main(args: &[String]) -> Result<(), CliError> {
    let (mut input, mut base, mut out, mut stats) = (None::<PathBuf>, None::<PathBuf>, None::<PathBuf>, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| CliError::Usage(format!("{name} needs a value")));
        match a.as_str() {
            "--base" | "-B" => base = Some(value("--base")?.into()),
            "-o" | "--output" => out = Some(value("-o")?.into()),
            "--stats" => stats = true,
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s if input.is_none() => input = Some(s.into()),
            _ => return Err(CliError::Usage("more than one input".into())),
        }
    }
    let input = input.ok_or_else(|| CliError::Usage("btf dedup: missing INPUT".into()))?;
    let out = out.ok_or_else(|| CliError::Usage("btf dedup: missing -o OUT".into()))?;
    with_btf(&input, base, |btf| {
        let mut opts = DedupOptions::new();
        if let Some(b) = btf.base() {
            opts = opts.base(b);
        }
        let result = dedup_parsed(btf, &opts).map_err(named(&input))?;
        let raw = result.btf().encode(result.btf().endian());
        std::fs::write(&out, raw).map_err(|e| CliError::Io(format!("cannot write {}", out.display()), e))?;
        if stats {
            let s = result.stats();
            let mut o = std::io::stdout().lock();
            let mut text = String::from("kind          in      out\n");
            for k in 1..=BtfKind::MAX_KNOWN.0 {
                let (i, n) = s.kind(BtfKind(k));
                if i != 0 || n != 0 {
                    text += &format!("{:<10} {i:>7} {n:>8}\n", BtfKind(k).name());
                }
            }
            text += &format!("{:<10} {:>7} {:>8}\n", "total", s.total_in(), s.total_out());
            o.write_all(text.as_bytes()).map_err(CliError::output)?;
        }
        Ok(())
    })
}

//! `bpfkit btf dedup INPUT [-B FILE] -o OUT [--stats]`: libbpf's
//! `btf__dedup` on a raw, gzip or ELF `.BTF`, written as raw BTF.

use crate::btf::with_btf;
use crate::error::CliError;
use crate::output::Output;
use bpfkit_btf::BtfKind;
use bpfkit_btf::dedup::{DedupOptions, dedup_parsed};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Names the file a library error is about.
fn named(p: &Path) -> impl Fn(bpfkit_btf::Error) -> CliError + '_ {
    move |e| CliError::Other(format!("{}: {e}", p.display()))
}

/// Arguments of `bpfkit btf dedup`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// BTF to deduplicate (raw, gzip or ELF `.BTF`; `-` is standard input)
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Base BTF when INPUT is split (module) BTF: only the split part is written
    #[arg(short = 'B', long, value_name = "FILE")]
    pub base: Option<PathBuf>,
    /// Where to write the deduplicated raw BTF (`-` is standard output)
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Print the number of types in and out per kind (on standard error
    /// when the BTF goes to standard output)
    #[arg(long)]
    pub stats: bool,
}

/// Examples for `bpfkit btf dedup --help`.
pub const EXAMPLES: &str = "\
Examples:
  bpfkit btf dedup objs.btf -o objs.dedup.btf --stats
  bpfkit btf dedup -B /sys/kernel/btf/vmlinux module.btf -o module.dedup.btf";

/// Runs `bpfkit btf dedup`: libbpf 1.8's `btf__dedup`, raw BTF out.
pub fn run(args: &Args) -> Result<(), CliError> {
    let (input, out, stats) = (&args.input, &args.output, args.stats);
    with_btf(input, args.base.clone(), |btf| {
        let mut opts = DedupOptions::new();
        if let Some(b) = btf.base() {
            opts = opts.base(b);
        }
        let result = dedup_parsed(btf, &opts).map_err(named(input))?;
        let raw = result.btf().encode(result.btf().endian());
        let to_stdout = out.as_os_str() == "-";
        Output::open(Some(out))?.write_all_flush(&raw)?;
        if stats {
            let s = result.stats();
            let mut text = String::from("kind          in      out\n");
            for k in 1..=BtfKind::MAX_KNOWN.0 {
                let (i, n) = s.kind(BtfKind(k));
                if i != 0 || n != 0 {
                    text += &format!("{:<10} {i:>7} {n:>8}\n", BtfKind(k).name());
                }
            }
            text += &format!("{:<10} {:>7} {:>8}\n", "total", s.total_in(), s.total_out());
            if to_stdout {
                std::io::stderr().write_all(text.as_bytes()).map_err(CliError::output)?;
            } else {
                std::io::stdout().lock().write_all(text.as_bytes()).map_err(CliError::output)?;
            }
        }
        Ok(())
    })
}

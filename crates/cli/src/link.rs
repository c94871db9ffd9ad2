//! `bpfkit link [-o] OUT IN...` and bpftool's spelling `bpfkit gen object
//! OUT IN...`: the static linker (libbpf 1.8's `bpf_linker`).

use crate::error::CliError;
use crate::input::read_file;
use crate::output::Output;
use bpfkit_link::{LinkOptions, Linker};
use std::path::PathBuf;

/// Arguments of `bpfkit link` and `bpfkit gen object`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The linked object to write (`-` is standard output), then the input
    /// objects in link order
    #[arg(value_name = "OUT IN", num_args = 1.., required = true)]
    pub paths: Vec<PathBuf>,
    /// The linked object to write; then every positional path is an input
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Examples for `--help`.
pub const EXAMPLES: &str = "\
Examples:
  bpfkit link prog.bpf.o main.bpf.o lib.bpf.o
  bpfkit link -o prog.bpf.o main.bpf.o lib.bpf.o
  bpfkit gen object prog.bpf.o main.bpf.o lib.bpf.o   # bpftool's spelling";

/// Runs the linker: every input in order, then the output.
pub fn run(args: &Args) -> Result<(), CliError> {
    let (out, inputs) = match &args.output {
        Some(o) => (o.clone(), &args.paths[..]),
        None => match args.paths.split_first() {
            Some((o, rest)) => (o.clone(), rest),
            None => return Err(CliError::Usage("link: missing OUT".into())),
        },
    };
    if inputs.is_empty() {
        return Err(CliError::Usage("link: missing input objects".into()));
    }
    let mut linker = Linker::new(LinkOptions::new());
    for path in inputs {
        let bytes = read_file(path)?;
        linker.add_object(&path.display().to_string(), &bytes).map_err(|e| CliError::Other(e.to_string()))?;
    }
    let bytes = linker.finish().map_err(|e| CliError::Other(e.to_string()))?;
    Output::open(Some(&out))?.write_all_flush(&bytes)
}

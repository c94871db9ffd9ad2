//! `bpfkit gen ...`: bpftool's `gen` commands (`min_core_btf`, `object`),
//! spelled as bpftool spells them.

use crate::error::CliError;
use std::path::PathBuf;

/// `bpfkit gen ...`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to generate.
    #[command(subcommand)]
    pub command: Command,
}

/// The `gen` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Minimal BTF for the CO-RE relocations of OBJ... (same as `core minimize`)
    #[command(
        name = "min_core_btf",
        after_help = "\
Examples:
  bpfkit gen min_core_btf vmlinux-5.4.btf min.btf prog.o
  bpfkit gen min_core_btf /sys/kernel/btf/vmlinux - a.o b.o > min.btf"
    )]
    MinCoreBtf(MinCoreBtfArgs),
    /// Statically link BPF objects (same as `bpfkit link OUT IN...`)
    #[command(after_help = crate::link::EXAMPLES)]
    Object(crate::link::Args),
}

/// Arguments of `gen min_core_btf`, as bpftool takes them.
#[derive(clap::Args, Debug)]
pub struct MinCoreBtfArgs {
    /// Kernel BTF to minimize (raw, gzip or ELF)
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Where to write the minimized BTF (`-` is standard output)
    #[arg(value_name = "OUTPUT")]
    pub output: PathBuf,
    /// BPF ELF objects
    #[arg(value_name = "OBJ", required = true)]
    pub objs: Vec<PathBuf>,
}

/// Runs `bpfkit gen ...`.
pub fn run(args: &Args) -> Result<(), CliError> {
    match &args.command {
        Command::MinCoreBtf(a) => crate::core::minimize(&a.objs, &a.input, &a.output),
        Command::Object(a) => crate::link::run(a),
    }
}

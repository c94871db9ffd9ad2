//! `bpfkit disasm OBJ`: disassemble a BPF object in the layout of
//! `llvm-objdump -d` (raw bytes shown; `--no-show-raw-insn` hides them).

use crate::error::CliError;
use crate::input::read_file;
use crate::output::Output;
use bpfkit_obj::objdump::{ObjdumpConfig, objdump};
use std::path::PathBuf;

/// Arguments of `bpfkit disasm`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  bpfkit disasm prog.o                        # like llvm-objdump -d prog.o
  bpfkit disasm --no-show-raw-insn -j xdp prog.o
  llvm-strip -g prog.o -o - | bpfkit disasm -")]
pub struct Args {
    /// The BPF ELF object (`-` is standard input)
    #[arg(value_name = "OBJ")]
    pub input: PathBuf,
    /// Accepted for llvm-objdump's `-d` (disassembly is what this command does)
    #[arg(short = 'd', long = "disassemble")]
    pub disassemble: bool,
    /// Hide the raw bytes column
    #[arg(long)]
    pub no_show_raw_insn: bool,
    /// Show the raw bytes column (the default; kept for older scripts)
    #[arg(long, hide = true)]
    pub raw: bool,
    /// Only the section NAME
    #[arg(short = 'j', long, value_name = "NAME")]
    pub section: Option<String>,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<(), CliError> {
    let bytes = read_file(&args.input)?;
    let name = args.input.display().to_string();
    let name = if name == "-" { "<stdin>".to_string() } else { name };
    let mut cfg = ObjdumpConfig::default();
    cfg.raw_bytes = !args.no_show_raw_insn;
    cfg.section = args.section.as_deref();
    let mut text = String::with_capacity(bytes.len().saturating_mul(4).min(1 << 30));
    objdump(&mut text, &name, &bytes, &cfg).map_err(|e| CliError::Other(format!("{name}: {e}")))?;
    Output::open(args.output.as_deref())?.write_all_flush(text.as_bytes())
}

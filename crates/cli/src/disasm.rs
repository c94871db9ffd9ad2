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
  bpfkit disasm -r prog.o                     # with ELF and CO-RE relocations (llvm-objdump -d -r)
  bpfkit disasm -S -l prog.o                  # source lines from .BTF.ext, DWARF or not
  bpfkit disasm --start-address=0x40 --stop-address=0x80 prog.o
  llvm-strip -g prog.o -o - | bpfkit disasm -S -")]
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
    /// Show relocations (ELF and CO-RE) after the instructions they patch
    #[arg(short = 'r', long = "reloc")]
    pub relocs: bool,
    /// Show the source line of each `.BTF.ext` line_info before its instructions
    #[arg(short = 'S', long)]
    pub source: bool,
    /// Show FILE:LINE of each `.BTF.ext` line_info before its instructions
    #[arg(short = 'l', long)]
    pub line_numbers: bool,
    /// Start at this address (decimal, 0x hex or 0 octal, like llvm-objdump)
    #[arg(long, value_name = "ADDR", value_parser = parse_address)]
    pub start_address: Option<u64>,
    /// Stop before this address
    #[arg(long, value_name = "ADDR", value_parser = parse_address)]
    pub stop_address: Option<u64>,
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
    cfg.relocs = args.relocs;
    cfg.source = args.source;
    cfg.line_numbers = args.line_numbers;
    cfg.start_address = args.start_address;
    cfg.stop_address = args.stop_address;
    if let (Some(a), Some(b)) = (args.start_address, args.stop_address)
        && b <= a
    {
        return Err(CliError::Usage(format!("disasm: --stop-address ({b:#x}) must be above --start-address ({a:#x})")));
    }
    let mut text = String::with_capacity(bytes.len().saturating_mul(4).min(1 << 30));
    objdump(&mut text, &name, &bytes, &cfg).map_err(|e| CliError::Other(format!("{name}: {e}")))?;
    Output::open(args.output.as_deref())?.write_all_flush(text.as_bytes())
}

/// An address as llvm-objdump reads one: `0x` hex, `0` octal, else decimal.
fn parse_address(s: &str) -> Result<u64, String> {
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() || digits.starts_with('+') {
        return Err(format!("'{s}' is not an address"));
    }
    u64::from_str_radix(digits, radix).map_err(|_| format!("'{s}' is not an address"))
}

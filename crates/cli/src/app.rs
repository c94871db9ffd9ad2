//! The `bpfkit` command line: one [`Command`] variant per subcommand, each
//! with an args struct and a `run(&Args)` in its own module.
//!
//! Exit codes: 0 success; 1 an input or its processing failed (the message
//! names the file and, where known, the byte offset); 2 the command line is
//! wrong (the message ends with a hint to `--help`).

use crate::error::CliError;
use crate::{btf, completions, core, disasm, generate, link, obj};
use clap::{Parser, Subcommand};
use std::ffi::OsString;

/// The command line of `bpfkit`.
#[derive(Parser, Debug)]
#[command(
    name = "bpfkit",
    version,
    about = "BPF toolbox: BTF dumps and C headers, disassembly, objects, CO-RE relocation",
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true,
    after_help = "\
Exit status: 0 success, 1 an input failed (message names file and offset), 2 usage error.
See 'bpfkit COMMAND --help' for each command's options and examples."
)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Every `bpfkit` subcommand.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// BTF: dump in bpftool's raw, C or JSON format
    Btf(btf::Args),
    /// Disassemble a BPF object like llvm-objdump -d
    Disasm(disasm::Args),
    /// Programs, maps, data, externs, relocations and CO-RE relocations of an object
    Obj(obj::Args),
    /// CO-RE: relocate, check against many kernels, minimize BTF
    Core(core::Args),
    /// Statically link BPF objects like `bpftool gen object` (libbpf 1.8)
    #[command(after_help = link::EXAMPLES)]
    Link(link::Args),
    /// bpftool's gen commands (min_core_btf, object)
    Gen(generate::Args),
    /// Print a shell completion script
    Completions(completions::Args),
}

impl Command {
    /// Runs the command.
    pub fn run(&self) -> Result<(), CliError> {
        match self {
            Command::Btf(a) => btf::run(a),
            Command::Disasm(a) => disasm::run(a),
            Command::Obj(a) => obj::run(a),
            Command::Core(a) => core::run(a),
            Command::Link(a) => link::run(a),
            Command::Gen(a) => generate::run(a),
            Command::Completions(a) => completions::run(a),
        }
    }
}

/// Reports the result of a command as `prog` and returns the exit status:
/// usage mistakes exit 2 with a hint, other errors 1, a closed output pipe 0.
pub fn status(prog: &str, result: Result<(), CliError>) -> u8 {
    match result {
        Ok(()) | Err(CliError::BrokenPipe) => 0,
        Err(CliError::Usage(msg)) => {
            eprintln!("{prog}: error: {msg}\n\nFor more information, try '--help'.");
            2
        }
        Err(e) => {
            eprintln!("{prog}: {e}");
            1
        }
    }
}

/// `bpfkit`'s `main` over its command line `args` (program name first):
/// parses it (clap prints help, version and usage errors itself), runs the
/// command and returns the exit status.
pub fn main(args: Vec<OsString>) -> u8 {
    let cli = Cli::parse_from(args);
    status("bpfkit", cli.command.run())
}

//! `bpfkit completions SHELL`: a shell completion script on standard output.

use crate::error::CliError;
use crate::output::Output;
use std::path::PathBuf;

/// Arguments of `bpfkit completions`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  bpfkit completions bash > /etc/bash_completion.d/bpfkit
  bpfkit completions zsh -o ~/.zfunc/_bpfkit")]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<(), CliError> {
    let mut cmd = <crate::app::Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "bpfkit", &mut script);
    Output::open(args.output.as_deref())?.write_all_flush(&script)
}

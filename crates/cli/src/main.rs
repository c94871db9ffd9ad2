//! `bpfkit`: the multi-tool over the bpfkit libraries.
//!
//! Each subcommand lives in its own module and exposes
//! `pub fn main(args: &[String]) -> Result<(), CliError>`.

use bpfkit_cli::error::CliError;
use bpfkit_cli::{btf, core, disasm, obj};
use std::process::ExitCode;

const USAGE: &str = "\
usage: bpfkit <command> [args]

commands:
  btf dump [--base FILE] [--format raw|json|c] [INPUT]
                      dump BTF like `bpftool btf dump file INPUT`
  btf validate FILE [--base FILE] [--json]
                      would the kernel (6.18 BPF_BTF_LOAD) load it? exit 1 with its reason
  disasm OBJ [--section NAME] [--raw]
                      disassemble like `llvm-objdump -d` (--raw: with bytes)
  obj INPUT [--json]  programs, maps, data, externs, relocations and CO-RE
                      relocations of a BPF object
  core relocate OBJ [--target BTF] [--module BTF]... [--json]
                      apply CO-RE relocations like libbpf (target: /sys/kernel/btf/vmlinux)
  core check OBJ --targets DIR_OR_FILE...
                      relocate against many kernels' BTF: OK or what poisons/fails
  core minimize OBJ... --target BTF -o OUT
                      minimal BTF resolving the same (bpftool gen min_core_btf)
  help                this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "btf" => btf::main(rest),
        "disasm" => disasm::main(rest),
        "obj" => obj::main(rest),
        "core" => core::main(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(CliError::Usage(format!("unknown command '{other}'"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bpfkit: {e}");
            if matches!(e, CliError::Usage(_)) {
                eprint!("{USAGE}");
            }
            ExitCode::from(if matches!(e, CliError::Usage(_)) { 2 } else { 1 })
        }
    }
}

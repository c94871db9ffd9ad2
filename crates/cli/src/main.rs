//! `bpfkit`: the multi-tool over the bpfkit libraries (see
//! [`bpfkit_cli::app`] for the command line).

fn main() -> std::process::ExitCode {
    bpfkit_cli::app::main()
}

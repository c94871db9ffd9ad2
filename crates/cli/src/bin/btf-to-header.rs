//! `btf-to-header`: write `vmlinux.h` (C type definitions) from BTF, like
//! `bpftool btf dump file INPUT format c`, in pure Rust.

use bpfkit_cli::btf::{VMLINUX, with_btf};
use bpfkit_cli::error::CliError;
use bpfkit_header::{Config, Order, Root};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: btf-to-header [INPUT] [--base FILE] [-o OUT] [--unsorted] [--root NAME|ID]... [--threads N]

Writes C definitions of the types in INPUT (default /sys/kernel/btf/vmlinux),
byte-identical to `bpftool btf dump file INPUT format c`.

  INPUT            raw BTF, gzip-compressed BTF or an ELF file with .BTF
  --base FILE, -B  base BTF of split (module) BTF; default for
                   /sys/kernel/btf/<module>: /sys/kernel/btf/vmlinux
  -o OUT           write to OUT instead of standard output
  --unsorted       id order (bpftool's `unsorted`) instead of sorted
  --root NAME|ID   emit only this type and what it needs (repeatable)
  --no-header      only the types: no guard, pragmas, macros or kfuncs
  --threads N, -j  1: order and print on one thread; 2: order on a second
                   thread; 3: also print on a third (same output either
                   way); default: 3 with more than one core
";

struct Args {
    input: PathBuf,
    base: Option<PathBuf>,
    output: Option<PathBuf>,
    config: Config,
}

fn parse_args(args: &[String]) -> Result<Option<Args>, CliError> {
    let mut input: Option<PathBuf> = None;
    let mut base = None;
    let mut output = None;
    let mut config = Config::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| CliError::Usage(format!("{name} needs a value")));
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--base" | "-B" => base = Some(value("--base")?.into()),
            "-o" | "--output" => output = Some(value("-o")?.into()),
            "--unsorted" => config.order = Order::Unsorted,
            "--sorted" => config.order = Order::Sorted,
            "--root" => config.roots.push(Root::parse(&value("--root")?)),
            "--no-header" => config.header = false,
            "--threads" | "-j" => {
                let v = value("--threads")?;
                config.threads =
                    v.parse().map_err(|_| CliError::Usage(format!("--threads needs a number, not '{v}'")))?;
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s => {
                if input.replace(s.into()).is_some() {
                    return Err(CliError::Usage("more than one input".into()));
                }
            }
        }
    }
    Ok(Some(Args { input: input.unwrap_or_else(|| VMLINUX.into()), base, output, config }))
}

fn run(args: &[String]) -> Result<(), CliError> {
    let Some(args) = parse_args(args)? else {
        print!("{USAGE}");
        return Ok(());
    };
    with_btf(&args.input, args.base, |btf| {
        // Check the roots before creating the output file.
        bpfkit_header::resolve_roots(btf, &args.config).map_err(|e| CliError::Other(e.to_string()))?;
        let result = match &args.output {
            Some(path) => {
                let f = std::fs::File::create(path)
                    .map_err(|e| CliError::Io(format!("cannot create {}", path.display()), e))?;
                bpfkit_header::write_header(btf, &args.config, f)
            }
            None => bpfkit_header::write_header(btf, &args.config, std::io::stdout().lock()),
        };
        result.map_err(|e| match e {
            bpfkit_header::Error::Io(io) => CliError::output(io),
            other => CliError::Other(other.to_string()),
        })
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) | Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("btf-to-header: {e}");
            if matches!(e, CliError::Usage(_)) {
                eprint!("{USAGE}");
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

//! `btf-to-header`: write `vmlinux.h` (C type definitions) from BTF, like
//! `bpftool btf dump file INPUT format c`, in pure Rust.

// The C runtime's `main`, without the Rust runtime's start-up (see
// `bpfkit_cli::start`).
#![no_main]

use bpfkit_btf::Btf;
use bpfkit_cli::btf::{VMLINUX, check_input_exists, default_base, parse_btf, with_btf, with_btf_bytes};
use bpfkit_cli::error::CliError;
use bpfkit_cli::output::Output;
use bpfkit_header::{Config, Order, Prescan, Root};
use clap::Parser;
use std::path::PathBuf;

/// Writes C definitions of the types in INPUT, byte-identical to
/// `bpftool btf dump file INPUT format c`.
#[derive(Parser, Debug)]
#[command(
    name = "btf-to-header",
    version,
    after_help = "\
Examples:
  btf-to-header -o vmlinux.h                       # the running kernel
  btf-to-header vmlinux-6.1.btf.gz --root task_struct
  btf-to-header -B /sys/kernel/btf/vmlinux /sys/kernel/btf/tun -o tun.h

Exit status: 0 success, 1 an input failed (message names file and offset), 2 usage error."
)]
struct Args {
    /// Raw BTF, gzip-compressed BTF or an ELF file with .BTF (`-` is standard input)
    #[arg(value_name = "INPUT", default_value = VMLINUX)]
    input: PathBuf,
    /// Base BTF of split (module) BTF; default for /sys/kernel/btf/MODULE: /sys/kernel/btf/vmlinux
    #[arg(short = 'B', long, value_name = "FILE")]
    base: Option<PathBuf>,
    /// Write to OUT instead of standard output
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Id order (bpftool's `unsorted`) instead of sorted
    #[arg(long, overrides_with = "sorted")]
    unsorted: bool,
    /// Sorted order (the default)
    #[arg(long, overrides_with = "unsorted")]
    sorted: bool,
    /// Emit only this type and what it needs: an id or a name (repeatable)
    #[arg(long = "root", value_name = "NAME|ID")]
    roots: Vec<String>,
    /// Only the types: no guard, pragmas, macros or kfuncs
    #[arg(long)]
    no_header: bool,
    /// 1: order and print on one thread; 2: order on a second thread; 3:
    /// also print on a third (same output either way); default: 3 with more
    /// than one core
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
}

fn run(args: &Args) -> Result<(), CliError> {
    let mut config = Config::new();
    if args.unsorted {
        config.order = Order::Unsorted;
    }
    config.roots = args.roots.iter().map(|r| Root::parse(r)).collect();
    config.header = !args.no_header;
    if let Some(n) = args.threads {
        if n == 0 {
            return Err(CliError::Usage("--threads needs a number from 1 to 3".into()));
        }
        config.threads = n;
    }
    let write = |btf: &Btf<'_>, pre: Option<Prescan<'_>>| {
        // Check the roots before creating the output file.
        bpfkit_header::resolve_roots(btf, &config).map_err(|e| CliError::Other(e.to_string()))?;
        let mut out = Output::open(args.output.as_deref())?;
        bpfkit_header::write_header_prescanned(btf, &config, pre, &mut out).map_err(|e| match e {
            bpfkit_header::Error::Io(io) => out.error(io),
            other => CliError::Other(other.to_string()),
        })?;
        out.finish()
    };
    let base = args.base.clone().or_else(|| default_base(&args.input));
    if base.is_some() {
        return with_btf(&args.input, base, |btf| write(btf, None));
    }
    // Standalone: a full dump's first pass may start beside the parse.
    check_input_exists(&args.input)?;
    with_btf_bytes(&args.input, |bytes| {
        bpfkit_header::with_prescan(bytes, &config, |b| parse_btf(b, &args.input, None), write)
    })
}

/// The process entry, called by the C runtime (see `bpfkit_cli::start`).
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
extern "C" fn main(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    // SAFETY: the C runtime passes argc strings in argv.
    unsafe {
        bpfkit_cli::start::main(argc, argv, |cmdline| {
            let args = Args::parse_from(cmdline);
            bpfkit_cli::app::status("btf-to-header", run(&args))
        })
    }
}

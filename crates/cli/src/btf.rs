//! `bpfkit btf ...`: dump BTF in bpftool's formats.

use crate::error::CliError;
use crate::input::read_file;
use crate::output::Output;
use crate::pretty::PrettyJson;
use bpfkit_btf::Btf;
use bpfkit_btf::dump::{DumpFormat, Dumper};
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The kernel's own BTF.
pub const VMLINUX: &str = "/sys/kernel/btf/vmlinux";

/// `bpfkit btf ...`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to do with the BTF.
    #[command(subcommand)]
    pub command: Command,
}

/// The `btf` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Dump BTF like `bpftool btf dump file INPUT [format raw|c|json]`
    #[command(after_help = DUMP_EXAMPLES)]
    Dump(DumpArgs),
    /// Deduplicate BTF exactly like libbpf 1.8's btf__dedup (raw BTF out)
    #[command(after_help = crate::dedup::EXAMPLES)]
    Dedup(crate::dedup::Args),
    /// Would the kernel (Linux 6.18's BTF verifier) load it? Exit 1 with its reason
    #[command(after_help = crate::validate::EXAMPLES)]
    Validate(crate::validate::Args),
}

const DUMP_EXAMPLES: &str = "\
Examples:
  bpfkit btf dump                                  # the running kernel, raw format
  bpfkit btf dump file vmlinux.btf format c        # bpftool's spelling
  bpfkit btf dump -j -p prog.o                     # .BTF of an ELF object, pretty JSON
  bpfkit btf dump -B /sys/kernel/btf/vmlinux tun.btf --root 42
  gzip -dc vmlinux.btf.gz | bpfkit btf dump - format c";

/// The output formats of `btf dump`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// bpftool's raw text
    Raw,
    /// C definitions (vmlinux.h)
    C,
    /// bpftool's JSON
    Json,
}

/// Arguments of `bpfkit btf dump`.
#[derive(clap::Args, Debug)]
pub struct DumpArgs {
    /// INPUT (raw, gzip or ELF BTF; `-` is standard input; default
    /// /sys/kernel/btf/vmlinux), or bpftool's words `file INPUT [format F]`
    #[arg(value_name = "INPUT", num_args = 0..)]
    pub words: Vec<String>,
    /// Base BTF of split (module) BTF; default for /sys/kernel/btf/MODULE: /sys/kernel/btf/vmlinux
    #[arg(short = 'B', long, value_name = "FILE")]
    pub base: Option<PathBuf>,
    /// Output format
    #[arg(short = 'f', long, value_enum)]
    pub format: Option<Format>,
    /// JSON output (same as --format json)
    #[arg(short, long)]
    pub json: bool,
    /// Pretty-printed JSON, as bpftool -p (implies --json)
    #[arg(short, long)]
    pub pretty: bool,
    /// Only this type (a type id, or a struct/union/enum/typedef name); repeatable
    #[arg(long = "root", value_name = "NAME|ID")]
    pub roots: Vec<String>,
    /// With format c: id order (bpftool's `unsorted`) instead of sorted
    #[arg(long)]
    pub unsorted: bool,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `bpfkit btf ...`.
pub fn run(args: &Args) -> Result<(), CliError> {
    match &args.command {
        Command::Dump(a) => dump(a),
        Command::Dedup(a) => crate::dedup::run(a),
        Command::Validate(a) => crate::validate::run(a),
    }
}

/// The input and format named by `btf dump`'s positional words: `INPUT`,
/// or bpftool's `file INPUT [format F]`.
fn dump_words(words: &[String]) -> Result<(Option<PathBuf>, Option<Format>), CliError> {
    let usage =
        |m: String| CliError::Usage(format!("btf dump: {m} (expected INPUT or `file INPUT [format raw|c|json]`)"));
    match words {
        [] => Ok((None, None)),
        [one] if one != "file" => Ok((Some(one.into()), None)),
        [kw, rest @ ..] if kw == "file" => {
            let [input, tail @ ..] = rest else { return Err(usage("`file` needs a path".into())) };
            let format = match tail {
                [] => None,
                [kw, f] if kw == "format" => Some(match f.as_str() {
                    "raw" => Format::Raw,
                    "c" => Format::C,
                    "json" => Format::Json,
                    other => return Err(usage(format!("unknown format '{other}'"))),
                }),
                [kw] if kw == "format" => return Err(usage("`format` needs raw, c or json".into())),
                [other, ..] => return Err(usage(format!("unexpected '{other}'"))),
            };
            Ok((Some(input.into()), format))
        }
        [_, second, ..] => Err(usage(format!("unexpected '{second}'"))),
        _ => Err(usage("bad arguments".into())),
    }
}

/// The raw `.BTF` bytes of a file (raw, gzip or ELF), with a message naming the file.
pub fn load_btf_bytes<'a>(bytes: &'a [u8], path: &Path) -> Result<Cow<'a, [u8]>, CliError> {
    bpfkit_obj::elf::btf_bytes(bytes).map_err(|e| CliError::Other(format!("{}: {e}", path.display())))
}

/// The default base for an input: `/sys/kernel/btf/vmlinux` for module BTF under sysfs.
pub fn default_base(input: &Path) -> Option<PathBuf> {
    let vmlinux = Path::new(VMLINUX);
    (input.starts_with("/sys/kernel/btf") && input != vmlinux).then(|| vmlinux.to_path_buf())
}

/// Reads `input` (raw, gzip or ELF BTF) and hands it to `f` parsed: as
/// split BTF on `base` when one is given or implied ([`default_base`]),
/// otherwise standalone. Errors name the file they are about.
pub fn with_btf<T>(
    input: &Path,
    base: Option<PathBuf>,
    f: impl FnOnce(&Btf<'_>) -> Result<T, CliError>,
) -> Result<T, CliError> {
    check_input_exists(input)?;
    let base = base.or_else(|| default_base(input));
    let base_file = base.as_deref().map(read_file).transpose()?;
    let base_bytes = match (&base_file, &base) {
        (Some(file), Some(p)) => Some(load_btf_bytes(file, p)?),
        _ => None,
    };
    let base_btf = match (&base_bytes, &base) {
        (Some(b), Some(p)) => Some(parse_btf(b, p, None)?),
        _ => None,
    };
    with_btf_bytes(input, |bytes| f(&parse_btf(bytes, input, base_btf.as_ref())?))
}

/// Reads `input` (raw, gzip or ELF BTF) and hands `f` its raw BTF bytes,
/// unparsed. Errors name the file.
pub fn with_btf_bytes<T>(input: &Path, f: impl FnOnce(&[u8]) -> Result<T, CliError>) -> Result<T, CliError> {
    let file = read_file(input)?;
    let bytes = load_btf_bytes(&file, input)?;
    f(&bytes)
}

/// Parses BTF bytes read from `path`, as split BTF when `base` is given,
/// with an error naming the file.
pub fn parse_btf<'a>(bytes: &'a [u8], path: &Path, base: Option<&'a Btf<'a>>) -> Result<Btf<'a>, CliError> {
    match base {
        Some(b) => Btf::parse_split(bytes, b),
        None => Btf::parse(bytes),
    }
    .map_err(|e| CliError::Other(format!("{}: {e}", path.display())))
}

/// Checks that the default input exists, with a helpful message if not.
pub fn check_input_exists(input: &Path) -> Result<(), CliError> {
    if input == Path::new(VMLINUX) && !input.exists() {
        return Err(CliError::Other(format!(
            "{VMLINUX} does not exist: this kernel exposes no BTF (CONFIG_DEBUG_INFO_BTF). \
             Pass a BTF file instead (raw, gzip or an ELF file with a .BTF section)"
        )));
    }
    Ok(())
}

fn dump(args: &DumpArgs) -> Result<(), CliError> {
    let (input, word_format) = dump_words(&args.words)?;
    let format = match (args.format, word_format) {
        (Some(a), Some(b)) if a != b => {
            return Err(CliError::Usage("btf dump: --format and `format` disagree".into()));
        }
        (a, b) => a.or(b),
    };
    let json = args.json || args.pretty;
    let format = match format {
        Some(f) if json && f != Format::Json => {
            return Err(CliError::Usage("btf dump: --json/--pretty need format json".into()));
        }
        Some(f) => f,
        None if json => Format::Json,
        None => Format::Raw,
    };
    let input = input.unwrap_or_else(|| VMLINUX.into());
    with_btf(&input, args.base.clone(), |btf| print_btf(btf, format, args))
}

fn print_btf(btf: &Btf<'_>, format: Format, args: &DumpArgs) -> Result<(), CliError> {
    let order = if args.unsorted { bpfkit_header::Order::Unsorted } else { bpfkit_header::Order::Sorted };
    let mut config = bpfkit_header::Config::new().order(order);
    config.roots = args.roots.iter().map(|r| bpfkit_header::Root::parse(r)).collect();
    // Unknown roots are errors naming them, before any output is created.
    let roots = bpfkit_header::resolve_roots(btf, &config).map_err(|e| CliError::Other(format!("--root: {e}")))?;
    let mut out = Output::open(args.output.as_deref())?;
    if format == Format::C {
        bpfkit_header::write_header(btf, &config, &mut out).map_err(|e| match e {
            bpfkit_header::Error::Io(io) => out.error(io),
            other => CliError::Other(other.to_string()),
        })?;
        return out.finish();
    }
    let fmt = if format == Format::Json { DumpFormat::Json } else { DumpFormat::Raw };
    let dumper = Dumper::new().format(fmt).roots(roots);
    let r = if args.pretty {
        let mut p = PrettyJson::new(&mut out);
        dumper.dump(btf, &mut p).and_then(|()| p.flush())
    } else {
        dumper.dump(btf, &mut out)
    };
    r.map_err(|e| out.error(e))?;
    out.finish()
}

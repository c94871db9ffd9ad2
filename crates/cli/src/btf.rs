//! `bpfkit btf ...`: dump BTF in bpftool's formats (and dispatch `validate`).

use crate::error::CliError;
use crate::input::read_file;
use bpfkit_btf::dump::{DumpFormat, Dumper};
use bpfkit_btf::{Btf, TypeId};
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The kernel's own BTF.
pub const VMLINUX: &str = "/sys/kernel/btf/vmlinux";

/// Entry point of `bpfkit btf`.
pub fn main(args: &[String]) -> Result<(), CliError> {
    match args.split_first() {
        Some((cmd, rest)) if cmd == "dump" => dump(rest),
        Some((cmd, rest)) if cmd == "validate" => crate::validate::main(rest),
        Some((cmd, _)) => Err(CliError::Usage(format!("unknown btf command '{cmd}'"))),
        None => Err(CliError::Usage("btf: missing command (dump, validate)".into())),
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
    let file = read_file(input)?;
    let bytes = load_btf_bytes(&file, input)?;
    f(&parse_btf(&bytes, input, base_btf.as_ref())?)
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

fn dump(args: &[String]) -> Result<(), CliError> {
    let mut base: Option<PathBuf> = None;
    let mut input: Option<PathBuf> = None;
    let mut format = "raw".to_string();
    let mut roots: Vec<String> = Vec::new();
    let mut unsorted = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| CliError::Usage(format!("{name} needs a value")));
        match a.as_str() {
            "--base" | "-B" => base = Some(value("--base")?.into()),
            "--format" | "-f" => format = value("--format")?,
            "--json" | "-j" => format = "json".into(),
            "--root" => roots.push(value("--root")?),
            "--unsorted" => unsorted = true,
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s => {
                if input.replace(s.into()).is_some() {
                    return Err(CliError::Usage("more than one input".into()));
                }
            }
        }
    }
    let input = input.unwrap_or_else(|| VMLINUX.into());
    let fmt = match format.as_str() {
        "raw" => DumpFormat::Raw,
        "json" => DumpFormat::Json,
        "c" => DumpFormat::Raw,
        other => return Err(CliError::Usage(format!("unknown format '{other}' (raw, json, c)"))),
    };
    with_btf(&input, base, |btf| print_btf(btf, &format, fmt, unsorted, &roots))
}

fn print_btf(btf: &Btf<'_>, format: &str, fmt: DumpFormat, unsorted: bool, roots: &[String]) -> Result<(), CliError> {
    let stdout = std::io::stdout().lock();
    if format == "c" {
        let order = if unsorted { bpfkit_header::Order::Unsorted } else { bpfkit_header::Order::Sorted };
        let mut config = bpfkit_header::Config::new().order(order);
        config.roots = roots.iter().map(|r| bpfkit_header::Root::parse(r)).collect();
        return bpfkit_header::write_header(btf, &config, stdout).map_err(|e| match e {
            bpfkit_header::Error::Io(io) => CliError::output(io),
            other => CliError::Other(other.to_string()),
        });
    }
    let roots = roots
        .iter()
        .map(|v| v.parse().map(TypeId).map_err(|_| CliError::Usage(format!("bad type id '{v}'"))))
        .collect::<Result<Vec<_>, _>>()?;
    Dumper::new().format(fmt).roots(roots).dump(btf, stdout).map_err(CliError::output)?;
    std::io::stdout().flush().map_err(CliError::output)
}

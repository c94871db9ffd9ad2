//! `bpfkit disasm OBJ [--section NAME] [--raw]`: disassemble a BPF object in
//! the layout of `llvm-objdump -d` (with `--raw`) or `llvm-objdump -d
//! --no-show-raw-insn` (without).

use crate::error::CliError;
use crate::input::read_file;
use bpfkit_obj::objdump::{ObjdumpConfig, objdump};
use std::io::Write;
use std::path::Path;

/// Runs the subcommand.
pub fn main(args: &[String]) -> Result<(), CliError> {
    let mut path: Option<&str> = None;
    let mut section: Option<&str> = None;
    let mut raw = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--raw" => raw = true,
            "--section" | "-j" => {
                let v = it.next().ok_or_else(|| CliError::Usage(format!("{a} needs a section name")))?;
                section = Some(v);
            }
            s if s.starts_with("--section=") => section = Some(&s["--section=".len()..]),
            s if s.starts_with('-') && s != "-" => {
                return Err(CliError::Usage(format!("disasm: unknown option '{s}'")));
            }
            s => {
                if path.replace(s).is_some() {
                    return Err(CliError::Usage("disasm: more than one input file".into()));
                }
            }
        }
    }
    let path = path.ok_or_else(|| CliError::Usage("disasm: missing input file".into()))?;
    let bytes = read_file(Path::new(path))?;
    let mut cfg = ObjdumpConfig::default();
    cfg.raw_bytes = raw;
    cfg.section = section;
    let mut text = String::with_capacity(bytes.len().saturating_mul(4).min(1 << 30));
    objdump(&mut text, path, &bytes, &cfg).map_err(|e| CliError::Other(format!("{path}: {e}")))?;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(text.as_bytes()).map_err(CliError::output)?;
    lock.flush().map_err(CliError::output)
}

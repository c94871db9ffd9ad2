//! `bpfkit link [-o] OUT IN...` and bpftool's spelling `bpfkit gen object
//! OUT IN...`: the static linker (libbpf 1.8's `bpf_linker`).

use crate::error::CliError;
use crate::input::read_file;
use bpfkit_link::{LinkOptions, Linker};
use std::path::PathBuf;

/// Entry point of `bpfkit link` (`cmd` = "link") and `bpfkit gen object` (`cmd` = "gen").
pub fn main(cmd: &str, args: &[String]) -> Result<(), CliError> {
    let args = if cmd == "gen" {
        match args.split_first() {
            Some((sub, rest)) if sub == "object" => rest,
            _ => return Err(CliError::Usage("gen: only 'gen object OUT IN...' is supported".into())),
        }
    } else {
        args
    };
    let (mut out, mut inputs) = (None::<PathBuf>, Vec::<PathBuf>::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" if cmd == "link" => {
                out = Some(it.next().ok_or_else(|| CliError::Usage("-o needs a value".into()))?.into())
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(CliError::Usage(format!("unknown option '{s}'"))),
            s if out.is_none() => out = Some(s.into()),
            s => inputs.push(s.into()),
        }
    }
    let out = out.ok_or_else(|| CliError::Usage(format!("{cmd}: missing OUT")))?;
    if inputs.is_empty() {
        return Err(CliError::Usage(format!("{cmd}: missing input objects")));
    }
    let mut linker = Linker::new(LinkOptions::new());
    for path in &inputs {
        let bytes = read_file(path)?;
        linker.add_object(&path.display().to_string(), &bytes).map_err(|e| CliError::Other(e.to_string()))?;
    }
    let bytes = linker.finish().map_err(|e| CliError::Other(e.to_string()))?;
    std::fs::write(&out, bytes).map_err(|e| CliError::Io(format!("cannot write {}", out.display()), e))
}

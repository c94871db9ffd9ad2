//! Writes `$OUT_DIR/vmlinux.h` from kernel BTF with `bpfkit-header`.
//!
//! The BTF is `$BPFKIT_VMLINUX_BTF` if set, else the running kernel's
//! `/sys/kernel/btf/vmlinux`, else the 6.12 BTF committed in `testdata/`
//! (so the example builds anywhere). Raw, gzip and ELF files all work.

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=BPFKIT_VMLINUX_BTF");
    let input = match std::env::var_os("BPFKIT_VMLINUX_BTF") {
        Some(p) => PathBuf::from(p),
        None if Path::new("/sys/kernel/btf/vmlinux").exists() => PathBuf::from("/sys/kernel/btf/vmlinux"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/btf/vmlinux-6.12-amd64.btf.gz"),
    };
    println!("cargo:rerun-if-changed={}", input.display());
    let bytes = std::fs::read(&input)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("vmlinux.h");
    let file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    bpfkit_header::write_vmlinux_h(&bytes, None, &bpfkit_header::Config::new(), file)?;
    Ok(())
}

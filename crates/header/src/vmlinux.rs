//! The one-call entry for `build.rs` scripts: input bytes in (raw BTF,
//! gzip-compressed BTF, or with feature `elf` an ELF file with `.BTF`),
//! `vmlinux.h` out.

use crate::{Config, Error, Result, with_prescan, write_header, write_header_prescanned};
use bpfkit_btf::Btf;
use std::borrow::Cow;

/// The raw `.BTF` bytes of an input: raw as is, gzip inflated, the `.BTF`
/// section of an ELF file with feature `elf`.
pub fn btf_bytes(input: &[u8]) -> Result<Cow<'_, [u8]>> {
    #[cfg(feature = "elf")]
    {
        bpfkit_obj::elf::btf_bytes(input).map_err(|e| match e.kind() {
            bpfkit_obj::ErrorKind::Input(b) => Error::Btf(b.clone()),
            _ => Error::Elf(e.to_string().into()),
        })
    }
    #[cfg(not(feature = "elf"))]
    {
        match bpfkit_btf::input::unpack(input).map_err(Error::Btf)? {
            bpfkit_btf::input::Unpacked::Btf(b) => Ok(b),
            bpfkit_btf::input::Unpacked::Elf(_) => {
                Err(Error::Elf("an ELF input needs bpfkit-header's feature `elf`".into()))
            }
        }
    }
}

/// Writes the C header for `input` to `out`, like
/// `bpftool btf dump file INPUT format c`; `base` is the base BTF
/// (same containers) when `input` is split (module) BTF.
///
/// ```
/// # fn main() -> Result<(), bpfkit_header::Error> {
/// // In build.rs: the BTF of the kernel to build against (raw, gzip or ELF).
/// let mut b = bpfkit_btf::write::BtfBuilder::new();
/// b.add_int("int", 4, bpfkit_btf::IntEncoding::SIGNED, 32);
/// let btf = b.encode(bpfkit_btf::Endian::Little);
/// let mut header = Vec::new();
/// bpfkit_header::write_vmlinux_h(&btf, None, &bpfkit_header::Config::new(), &mut header)?;
/// assert!(header.starts_with(b"#ifndef __VMLINUX_H__"));
/// // std::fs::write(std::path::Path::new(&std::env::var("OUT_DIR")?).join("vmlinux.h"), header)?;
/// # Ok(()) }
/// ```
pub fn write_vmlinux_h<W: std::io::Write>(input: &[u8], base: Option<&[u8]>, config: &Config, out: W) -> Result<()> {
    let base_bytes = base.map(btf_bytes).transpose()?;
    let base_btf = base_bytes.as_deref().map(Btf::parse).transpose().map_err(Error::Btf)?;
    let bytes = btf_bytes(input)?;
    if let Some(b) = &base_btf {
        let btf = Btf::parse_split(&bytes, b).map_err(Error::Btf)?;
        return write_header(&btf, config, out);
    }
    // Standalone: a full dump's first pass may start beside the parse.
    let parse = |b| Btf::parse(b).map_err(Error::Btf);
    with_prescan(&bytes, config, parse, |btf, pre| write_header_prescanned(btf, config, pre, out))
}

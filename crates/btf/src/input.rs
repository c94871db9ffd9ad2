//! Telling what an input holds: raw `.BTF` (either byte order), gzip, or an
//! ELF file. Finding `.BTF` inside an ELF file is `bpfkit-obj`'s job (its
//! `elf::btf_bytes`); this module says when an input is ELF.

use crate::error::{Error, ErrorKind, Result};
use std::borrow::Cow;
#[cfg(feature = "gzip")]
use std::io::Read;

/// The largest decompressed size accepted from gzip or a compressed section.
pub const MAX_DECOMPRESSED: u64 = 1 << 30;

/// What kind of container an input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// Raw BTF (either byte order).
    Raw,
    /// gzip-compressed data.
    Gzip,
    /// An ELF file.
    Elf,
    /// None of the above.
    Unknown,
}

/// Tells the container from the first bytes.
pub fn detect(data: &[u8]) -> Container {
    match data {
        [0x9f, 0xeb, ..] | [0xeb, 0x9f, ..] => Container::Raw,
        [0x1f, 0x8b, ..] => Container::Gzip,
        [0x7f, b'E', b'L', b'F', ..] => Container::Elf,
        _ => Container::Unknown,
    }
}

/// Decompresses gzip data, refusing more than [`MAX_DECOMPRESSED`] bytes.
/// Without the feature `gzip` every input is an [`ErrorKind::Gzip`] error.
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>> {
    gunzip_limited(data, MAX_DECOMPRESSED)
}

/// Decompresses gzip data, refusing more than `limit` bytes
/// ([`ErrorKind::TooLarge`]). The output grows with what the stream really
/// holds; nothing is reserved from a size the input claims. Without the
/// feature `gzip` every input is an [`ErrorKind::Gzip`] error.
pub fn gunzip_limited(data: &[u8], limit: u64) -> Result<Vec<u8>> {
    #[cfg(not(feature = "gzip"))]
    {
        let _ = (data, limit);
        Err(Error::new(ErrorKind::Gzip))
    }
    #[cfg(feature = "gzip")]
    gunzip_impl(data, limit)
}

#[cfg(feature = "gzip")]
fn gunzip_impl(data: &[u8], limit: u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(data).take(limit.saturating_add(1));
    dec.read_to_end(&mut out).map_err(|e| Error::new(ErrorKind::Gzip).with_source(e))?;
    if out.len() as u64 > limit {
        return Err(Error::new(ErrorKind::TooLarge { what: "gzip output", limit }));
    }
    Ok(out)
}

/// An input with gzip undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unpacked<'a> {
    /// BTF bytes to parse (or bytes of no known container, for the BTF
    /// parser to say what is wrong with the magic).
    Btf(Cow<'a, [u8]>),
    /// An ELF file: read its `.BTF` with `bpfkit_obj::elf::btf_bytes`.
    Elf(Cow<'a, [u8]>),
}

/// Undoes gzip (once) and says whether the input is BTF or ELF.
pub fn unpack(data: &[u8]) -> Result<Unpacked<'_>> {
    Ok(match detect(data) {
        Container::Gzip => {
            let inner = gunzip(data)?;
            match detect(&inner) {
                Container::Elf => Unpacked::Elf(Cow::Owned(inner)),
                _ => Unpacked::Btf(Cow::Owned(inner)),
            }
        }
        Container::Elf => Unpacked::Elf(Cow::Borrowed(data)),
        Container::Raw | Container::Unknown => Unpacked::Btf(Cow::Borrowed(data)),
    })
}

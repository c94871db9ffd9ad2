//! Finding the BTF bytes in an input: raw `.BTF`, gzip, or an ELF file's
//! `.BTF` section (possibly `SHF_COMPRESSED`).

use crate::error::{Error, ErrorKind, Result};
use std::borrow::Cow;
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
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(data).take(MAX_DECOMPRESSED + 1);
    dec.read_to_end(&mut out).map_err(|e| Error::unplaced(ErrorKind::Gzip).with_source(e))?;
    if out.len() as u64 > MAX_DECOMPRESSED {
        return Err(Error::unplaced(ErrorKind::Gzip));
    }
    Ok(out)
}

/// Returns the raw `.BTF` bytes of an input: raw BTF as is, gzip
/// decompressed, or the `.BTF` section of an ELF file (gzip around ELF works too).
pub fn btf_bytes(data: &[u8]) -> Result<Cow<'_, [u8]>> {
    match detect(data) {
        Container::Raw => Ok(Cow::Borrowed(data)),
        Container::Gzip => {
            let inner = gunzip(data)?;
            match detect(&inner) {
                Container::Elf => {
                    let sec = elf_section(&inner, ".BTF")?.ok_or_else(|| Error::unplaced(ErrorKind::NoBtfSection))?;
                    Ok(Cow::Owned(sec.into_owned()))
                }
                _ => Ok(Cow::Owned(inner)),
            }
        }
        Container::Elf => elf_section(data, ".BTF")?.ok_or_else(|| Error::unplaced(ErrorKind::NoBtfSection)),
        // Let the BTF parser say what is wrong with the magic.
        Container::Unknown => Ok(Cow::Borrowed(data)),
    }
}

/// The contents of the ELF section `name`, decompressed if needed;
/// `None` when the file has no such section.
pub fn elf_section<'a>(data: &'a [u8], name: &str) -> Result<Option<Cow<'a, [u8]>>> {
    use object::{Object, ObjectSection};
    let file = object::File::parse(data).map_err(|e| Error::unplaced(ErrorKind::Elf(elf_msg(e))))?;
    let Some(sec) = file.section_by_name(name) else { return Ok(None) };
    let off = sec.file_range().map_or(0, |(o, _)| o as usize);
    let compressed = sec.compressed_data().map_err(|e| Error::new(ErrorKind::Elf(elf_msg(e)), off))?;
    if compressed.uncompressed_size > MAX_DECOMPRESSED {
        return Err(Error::new(ErrorKind::Elf("compressed section too large"), off));
    }
    let bytes = compressed.decompress().map_err(|e| Error::new(ErrorKind::Elf(elf_msg(e)), off))?;
    Ok(Some(bytes))
}

fn elf_msg(_e: object::Error) -> &'static str {
    // object's messages are &'static str inside; keep ours Copy.
    "malformed ELF (section headers, names or compression)"
}

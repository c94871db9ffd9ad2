//! The output ELF file, laid out as libelf's `elf_update` lays out
//! libbpf's linker output: the file header, then the sections in index
//! order, each at the next offset aligned to its `sh_addralign` (NOBITS
//! take no room), then the section header table aligned to 8.
//!
//! Written by hand rather than with `object::write::elf`: libbpf emits one
//! `.strtab` that names both sections and symbols, with strings in
//! insertion order and no tail merging, while `object`'s writer builds its
//! own (suffix-merged) string tables and separate `.shstrtab`, so its
//! files could never equal libbpf's.

use crate::error::{ErrorKind, Result};
use crate::linker::{Linker, STRTAB_IDX, SYMTAB_IDX, write_u64};
use bpfkit_btf::Endian;

const SHT_PROGBITS: u32 = 1;
const SHT_SYMTAB: u32 = 2;
const SHT_STRTAB: u32 = 3;
const SHT_NOBITS: u32 = 8;
const SHF_STRINGS: u64 = 0x20;

struct OutSec<'a> {
    name: u32,
    sh_type: u32,
    flags: u64,
    link: u32,
    info: u32,
    align: u64,
    entsize: u64,
    size: u64,
    data: &'a [u8],
}

impl Linker {
    /// Finishes the link (libbpf's `bpf_linker__finalize`) and returns the
    /// output object's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        let Some(e) = self.endian else {
            return Err(crate::Error::new(ErrorKind::Malformed("no input objects".into())));
        };
        let (btf, ext) = self.finalize_btf()?;
        let btf_name = btf.as_ref().map(|_| self.strtab.add(b".BTF"));
        let ext_name = ext.as_ref().map(|_| self.strtab.add(b".BTF.ext"));
        let mut symtab = Vec::with_capacity(self.syms.len() * 24);
        for s in &self.syms {
            symtab.extend_from_slice(&e.u32_bytes(s.name));
            symtab.extend_from_slice(&[s.info, s.other]);
            symtab.extend_from_slice(&e.u16_bytes(s.shndx));
            symtab.extend_from_slice(&write_u64(e, s.value));
            symtab.extend_from_slice(&write_u64(e, s.size));
        }
        let strtab = std::mem::take(&mut self.strtab.data);
        let mut secs = vec![
            OutSec {
                name: self.secs[STRTAB_IDX as usize].name_off,
                sh_type: SHT_STRTAB,
                flags: SHF_STRINGS,
                link: 0,
                info: 0,
                align: 1,
                entsize: 0,
                size: strtab.len() as u64,
                data: &strtab,
            },
            OutSec {
                name: self.secs[SYMTAB_IDX as usize].name_off,
                sh_type: SHT_SYMTAB,
                flags: 0,
                link: STRTAB_IDX,
                info: 0,
                align: 8,
                entsize: 24,
                size: symtab.len() as u64,
                data: &symtab,
            },
        ];
        let mut order: Vec<&crate::linker::DstSec> =
            self.secs[3..].iter().filter(|s| !s.ephemeral && s.sec_idx != 0).collect();
        order.sort_by_key(|s| s.sec_idx);
        for s in order {
            secs.push(OutSec {
                name: s.name_off,
                sh_type: s.sh_type,
                flags: s.flags,
                link: s.link,
                info: s.info,
                align: s.align,
                entsize: s.entsize,
                size: s.size,
                data: &s.data,
            });
        }
        for (name, data) in [(btf_name, &btf), (ext_name, &ext)] {
            if let (Some(name), Some(data)) = (name, data) {
                secs.push(OutSec {
                    name,
                    sh_type: SHT_PROGBITS,
                    flags: 0,
                    link: 0,
                    info: 0,
                    align: 8,
                    entsize: 0,
                    size: data.len() as u64,
                    data,
                });
            }
        }
        Ok(layout(e, &secs))
    }
}

fn layout(e: Endian, secs: &[OutSec<'_>]) -> Vec<u8> {
    let mut offsets = Vec::with_capacity(secs.len());
    let mut off = 64u64;
    for s in secs {
        let a = s.align.max(1);
        off = off.div_ceil(a) * a;
        offsets.push(off);
        if s.sh_type != SHT_NOBITS {
            off += s.size;
        }
    }
    let shoff = off.div_ceil(8) * 8;
    let shnum = secs.len() as u16 + 1;
    let mut out = Vec::with_capacity((shoff + u64::from(shnum) * 64) as usize);
    out.extend_from_slice(b"\x7fELF");
    out.extend_from_slice(&[2, if e == Endian::Big { 2 } else { 1 }, 1, 0]);
    out.resize(16, 0);
    out.extend_from_slice(&e.u16_bytes(1)); // ET_REL
    out.extend_from_slice(&e.u16_bytes(247)); // EM_BPF
    out.extend_from_slice(&e.u32_bytes(1)); // EV_CURRENT
    out.extend_from_slice(&write_u64(e, 0)); // e_entry
    out.extend_from_slice(&write_u64(e, 0)); // e_phoff
    out.extend_from_slice(&write_u64(e, shoff));
    out.extend_from_slice(&e.u32_bytes(0)); // e_flags
    for v in [64u16, 0, 0, 64, shnum, STRTAB_IDX as u16] {
        out.extend_from_slice(&e.u16_bytes(v));
    }
    for (s, &o) in secs.iter().zip(&offsets) {
        if s.sh_type == SHT_NOBITS {
            continue;
        }
        out.resize(o as usize, 0);
        out.extend_from_slice(s.data);
    }
    out.resize(shoff as usize, 0);
    out.resize(out.len() + 64, 0);
    for (s, &o) in secs.iter().zip(&offsets) {
        out.extend_from_slice(&e.u32_bytes(s.name));
        out.extend_from_slice(&e.u32_bytes(s.sh_type));
        out.extend_from_slice(&write_u64(e, s.flags));
        out.extend_from_slice(&write_u64(e, 0));
        out.extend_from_slice(&write_u64(e, o));
        out.extend_from_slice(&write_u64(e, s.size));
        out.extend_from_slice(&e.u32_bytes(s.link));
        out.extend_from_slice(&e.u32_bytes(s.info));
        out.extend_from_slice(&write_u64(e, s.align));
        out.extend_from_slice(&write_u64(e, s.entsize));
    }
    out
}

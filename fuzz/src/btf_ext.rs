//! Fuzz logic for `.BTF.ext`: parse, read every record of every section,
//! and check the records against a BTF the way libbpf uses them (func_info
//! types, line_info strings, CO-RE access strings parsed into specs).
//!
//! Input: an ELF object (its `.BTF` and `.BTF.ext`), or `[u32 LE n][n
//! bytes of .BTF][.BTF.ext]`, or a bare `.BTF.ext` (no BTF to check against).

use bpfkit_btf::ext::BtfExt;
use bpfkit_btf::{Btf, BtfKind};

/// Runs the `.BTF.ext` reader over arbitrary bytes.
pub fn run(data: &[u8]) {
    if data.starts_with(b"\x7fELF") {
        let (Ok(btf), Ok(Some(ext))) =
            (bpfkit_obj::elf::btf_bytes(data), bpfkit_obj::elf::section_bytes(data, ".BTF.ext"))
        else {
            return;
        };
        check(&ext, Btf::parse(&btf).ok().as_ref());
        return;
    }
    let n = data.get(..4).map_or(usize::MAX, |b| u32::from_le_bytes(b.try_into().unwrap()) as usize);
    match data.get(4..).and_then(|rest| Some((rest.get(..n)?, rest.get(n..)?))) {
        Some((btf, ext)) if btf.starts_with(&[0x9f, 0xeb]) || btf.starts_with(&[0xeb, 0x9f]) => {
            check(ext, Btf::parse(btf).ok().as_ref())
        }
        _ => check(data, None),
    }
}

fn check(data: &[u8], btf: Option<&Btf<'_>>) {
    let Ok(ext) = BtfExt::parse(data) else { return };
    let mut n = 0usize;
    for sub in [ext.func_info(), ext.line_info(), ext.core_relo()] {
        for sec in sub.sections() {
            if let Some(btf) = btf {
                let _ = btf.str(sec.sec_name_off);
            }
            for f in sec.func_infos() {
                n += 1;
                if let Some(btf) = btf {
                    let _ = btf.get(f.type_id).map(|t| t.kind() == BtfKind::FUNC);
                }
            }
            for l in sec.line_infos() {
                n += 1;
                if let Some(btf) = btf {
                    let _ = (btf.str(l.file_name_off), btf.str(l.line_off), l.line(), l.column());
                }
            }
            for r in sec.core_relos() {
                let _ = (r.kind.name(), r.kind.is_field(), r.kind.to_string());
                n += 1;
                if let Some(btf) = btf
                    && let Ok(access) = btf.str(r.access_str_off)
                    && let Ok(spec) = bpfkit_obj::core_spec::parse_spec(btf, r.type_id, access, r.kind)
                {
                    let _ = bpfkit_relo::spec::describe(btf, &spec);
                }
            }
        }
    }
    assert!(n <= data.len(), "records cannot outnumber the input's bytes");
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/btf/obj/");
        ["core.el.o", "core.eb.o"]
            .iter()
            .map(|f| {
                let data = std::fs::read(format!("{dir}{f}")).unwrap();
                bpfkit_obj::elf::section_bytes(&data, ".BTF.ext").unwrap().unwrap().into_owned()
            })
            .collect()
    }

    /// `[u32 LE n][.BTF][.BTF.ext]` inputs, the records checked against the BTF.
    #[test]
    fn combined_seeds_run_clean() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/btf/obj/");
        for f in ["core.el.o", "core.eb.o"] {
            let data = std::fs::read(format!("{dir}{f}")).unwrap();
            run(&data);
            let btf = bpfkit_obj::elf::btf_bytes(&data).unwrap();
            let ext = bpfkit_obj::elf::section_bytes(&data, ".BTF.ext").unwrap().unwrap();
            let mut combined = (btf.len() as u32).to_le_bytes().to_vec();
            combined.extend_from_slice(&btf);
            combined.extend_from_slice(&ext);
            run(&combined);
            assert!(bpfkit_btf::Btf::parse(&btf).is_ok());
        }
    }

    #[test]
    fn seeds_run_clean() {
        for s in seeds() {
            assert!(bpfkit_btf::ext::BtfExt::parse(&s).is_ok());
            run(&s);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(2000, "proptest-regressions/btf_ext.txt"))]
        #[test]
        fn random_bytes(mut data in prop::collection::vec(any::<u8>(), 0..512), big in any::<bool>()) {
            if data.len() >= 4 {
                data[..4].copy_from_slice(if big { &[0xeb, 0x9f, 1, 0] } else { &[0x9f, 0xeb, 1, 0] });
            }
            run(&data);
        }

        #[test]
        fn mutated_seeds(seed in 0usize..2, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
            let mut data = seeds()[seed].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
            run(&data[..cut.index(data.len() + 1)]);
        }
    }
}

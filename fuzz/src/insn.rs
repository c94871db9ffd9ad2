//! Fuzz logic for the instruction model: decode arbitrary bytes in both
//! byte orders, print every instruction in both flavors, re-encode, and
//! reassemble the valid ones; and run the objdump layout over the input as
//! an ELF file.

use bpfkit_insn::{DisplayConfig, Endian, Error, Insn, assemble_insn, decode, write_insn};
use bpfkit_obj::objdump::{ObjdumpConfig, objdump};

/// Runs the instruction model over arbitrary bytes. Panics only on a broken
/// invariant.
pub fn run(data: &[u8]) {
    if data.starts_with(b"\x7fELF") {
        let mut out = String::new();
        for raw_bytes in [false, true] {
            out.clear();
            let mut cfg = ObjdumpConfig::default();
            cfg.raw_bytes = raw_bytes;
            if objdump(&mut out, "fuzz.o", data, &cfg).is_ok() {
                // Each output line covers at least one input byte.
                assert!(out.len() <= 256 + data.len() * 200, "output is bounded");
            }
        }
        // -r -S -l: relocations, CO-RE records and line_info from .BTF.ext;
        // each annotation repeats at most a string of the input.
        let mut cfg = ObjdumpConfig::default();
        cfg.relocs = true;
        cfg.source = true;
        cfg.line_numbers = true;
        cfg.start_address = Some(u64::from(data.len() as u32 & 0x38));
        out.clear();
        if objdump(&mut out, "fuzz.o", data, &cfg).is_ok() {
            assert!(out.len() <= 256 + data.len() * (200 + data.len()), "output is bounded");
        }
        return;
    }
    // Raw decoding: the corpus holds raw `.text` streams too (run-all.sh
    // seeds them), not only ELF files, so this path gets inputs. ELF inputs
    // are decoded section by section by the objdump layout above.
    decode_all(data);
}

fn decode_all(data: &[u8]) {
    for endian in [Endian::Little, Endian::Big] {
        let mut out = Vec::with_capacity(data.len());
        let mut text = String::new();
        for item in decode(data, endian) {
            match item {
                Ok((at, insn)) => {
                    assert_eq!(at, out.len(), "offsets are contiguous");
                    insn.encode_into(endian, &mut out);
                    for cfg in [DisplayConfig::LLVM, DisplayConfig::LOSSLESS] {
                        text.clear();
                        write_insn(&mut text, &insn, &cfg).expect("String sink");
                        assert!(text.len() < 128);
                    }
                    if insn.is_valid() {
                        // `text` holds the lossless flavor.
                        assert_eq!(assemble_insn(&text), Ok(insn), "{text}");
                    } else {
                        assert!(matches!(insn, Insn::Unknown(_)));
                    }
                }
                Err(Error::Truncated { offset, len, .. }) => {
                    assert_eq!(offset, out.len() as u64);
                    assert!(len < 8 && out.len() + usize::from(len) == data.len());
                }
                Err(e) => panic!("unexpected error {e}"),
            }
        }
        // Decode -> encode is the identity on every whole slot.
        assert_eq!(out, data[..data.len() / 8 * 8]);
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use proptest::prelude::*;

    /// The committed bpfkit-insn test objects, whole and as their program
    /// sections' bytes.
    fn seeds() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/insn/");
        let mut out = Vec::new();
        for f in [
            "common.v1.el.o",
            "common.clang14.eb.o",
            "v3.v3.el.o",
            "v4.v4.el.o",
            "v4.v4.eb.o",
            "asm_all.v4.el.o",
            "asm_all.v4.eb.o",
        ] {
            let data = std::fs::read(format!("{dir}{f}")).unwrap();
            let obj = bpfkit_obj::objdump::read_text_sections(&data).unwrap();
            for s in &obj.sections {
                out.push(s.data.to_vec());
            }
            out.push(data);
        }
        out
    }

    #[test]
    fn seeds_run_clean() {
        let seeds = seeds();
        assert!(seeds.len() > 20);
        for s in seeds {
            run(&s);
        }
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(2000, "proptest-regressions/insn.txt"))]
        #[test]
        fn random_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
            run(&data);
        }

        #[test]
        fn random_opcode_heavy_bytes(slots in prop::collection::vec((any::<u8>(), any::<u8>(), prop::sample::select(vec![0i16, 1, -1, 8, 16, 32, i16::MIN]), prop::sample::select(vec![0i32, 1, 16, 32, 64, 0x41, 0xe1, 0xf1, 0x100, 0x110, -1])), 0..64)) {
            let mut data = Vec::new();
            for (code, regs, off, imm) in slots {
                data.push(code);
                data.push(regs);
                data.extend_from_slice(&off.to_le_bytes());
                data.extend_from_slice(&imm.to_le_bytes());
            }
            run(&data);
        }

        #[test]
        fn mutated_seeds(seed in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
            let seeds = seeds();
            let mut data = seeds[seed.index(seeds.len())].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
            let at = cut.index(data.len() + 1);
            run(&data[..at]);
        }
    }
}

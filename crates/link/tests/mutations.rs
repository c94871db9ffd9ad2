//! Mutated and truncated inputs are refused with an error, never a panic
//! (a fixed-seed sweep; the libFuzzer target `link` explores further).

mod common;

use common::*;

/// xorshift64*: a fixed, dependency-free sequence.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn mutated_objects_error_without_panicking() {
    let pairs =
        [("funcs1", "funcs2"), ("maps1", "maps2"), ("vars1", "vars2"), ("lib", "app"), ("override1", "override2")];
    // BPFKIT_LINK_MUTATIONS=N runs N mutations per input pair and build.
    let per: usize = std::env::var("BPFKIT_LINK_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(160);
    let mut rng = Rng(0x6c69_6e6b);
    let (mut runs, mut refused) = (0, 0);
    for (a, b) in pairs {
        for variant in ["clang22.bpfel", "clang14.bpfeb"] {
            let (x, y) = (std::fs::read(fixture(a, variant)).unwrap(), std::fs::read(fixture(b, variant)).unwrap());
            for i in 0..per {
                let mut m = if i % 2 == 0 { x.clone() } else { y.clone() };
                if i % 16 == 15 {
                    let n = rng.next() as usize % m.len();
                    m.truncate(n);
                } else {
                    for _ in 0..1 + rng.next() % 4 {
                        let at = rng.next() as usize % m.len();
                        m[at] ^= 1 << (rng.next() % 8);
                    }
                }
                let ins = if i % 2 == 0 {
                    vec![("m.o".to_string(), m), ("y.o".to_string(), y.clone())]
                } else {
                    vec![("x.o".to_string(), x.clone()), ("m.o".to_string(), m)]
                };
                let r = std::panic::catch_unwind(|| link(&ins));
                match r {
                    Ok(Ok(out)) => {
                        // Whatever links must read back.
                        bpfkit_obj::elf::ElfFile::parse(&out).expect("output is ELF");
                    }
                    Ok(Err(e)) => {
                        refused += 1;
                        assert!(!e.to_string().is_empty());
                    }
                    Err(_) => panic!("panic linking a mutation of {a}/{b}.{variant} (#{i})"),
                }
                runs += 1;
            }
        }
    }
    assert!(refused > runs / 10, "suspiciously few refusals: {refused}/{runs}");
}

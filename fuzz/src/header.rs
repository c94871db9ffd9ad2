//! Fuzz logic for the C header emitter: arbitrary bytes → BTF → header,
//! sorted, unsorted, with roots or split (one of them per input). The emitter must
//! not panic or hang, and its output is capped by the sink.

use bpfkit_btf::{Btf, TypeId};
use bpfkit_header::{Config, Order, Root, write_header};
use std::io;

/// The most output one run keeps; the sink fails beyond it, which stops
/// the emitter.
pub const MAX_OUTPUT: usize = 4 << 20;

/// A sink that counts bytes and fails past [`MAX_OUTPUT`].
struct Capped(usize);

impl io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        if self.0 > MAX_OUTPUT {
            return Err(io::Error::other("output cap"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs the emitter over arbitrary bytes: once per input (the input's
/// length picks sorted, unsorted, with roots or split), so big seeds cost
/// one emission, not four. Single-threaded: libFuzzer's per-input leak
/// check runs while finished worker threads may still be running their
/// thread-local destructors (std's channel context), a false leak; the
/// pipelined path gives the same bytes (header tests) and is driven by
/// [`run_threaded`] in the smoke tests.
pub fn run(data: &[u8]) {
    run_with(data, 1);
}

/// [`run`] with the emitter's threaded pipeline (three threads).
pub fn run_threaded(data: &[u8]) {
    run_with(data, 3);
}

fn run_with(data: &[u8], threads: usize) {
    let mode = data.len() % 4;
    if mode == 3 {
        // Split BTF: the first half as base, the second as the module.
        let mid = data.len() / 2;
        if let Ok(base) = Btf::parse(&data[..mid])
            && let Ok(split) = Btf::parse_split(&data[mid..], &base)
        {
            emit(&split, data, 0, threads);
        }
        return;
    }
    let bytes = match bpfkit_btf::input::detect(data) {
        bpfkit_btf::input::Container::Elf => match bpfkit_obj::elf::btf_bytes(data) {
            Ok(b) => b.into_owned(),
            Err(_) => return,
        },
        _ => data.to_vec(),
    };
    if let Ok(btf) = Btf::parse(&bytes) {
        emit(&btf, data, mode, threads);
    }
}

fn emit(btf: &Btf<'_>, data: &[u8], mode: usize, threads: usize) {
    let mut cfg = match mode {
        1 => Config::new().order(Order::Unsorted).header(false),
        _ => Config::new(),
    }
    .threads(threads);
    if mode == 2 {
        // Roots taken from the input's last bytes.
        let n = btf.type_count().max(1);
        cfg.roots = data.iter().rev().take(3).map(|&b| Root::Id(TypeId(u32::from(b) % n))).collect();
    }
    if mode == 1 {
        // The `fmt::Write` path.
        let mut text = String::new();
        let _ = bpfkit_header::write_header_fmt(btf, &cfg, Limited(&mut text));
        assert!(text.len() <= MAX_OUTPUT);
        return;
    }
    let mut sink = Capped(0);
    let _ = write_header(btf, &cfg, &mut sink);
    assert!(sink.0 <= MAX_OUTPUT + (1 << 17), "the emitter stops soon after the sink fails");
    if threads > 1 && btf.base().is_none() && sink.0 <= MAX_OUTPUT {
        // A prescan of the bytes gives the same header (or error).
        let plain = bpfkit_header::header_bytes(btf, &cfg);
        let pre = std::thread::scope(|scope| {
            let prescan = bpfkit_header::Prescan::start(scope, btf.data(), &cfg);
            let mut out = Vec::new();
            bpfkit_header::write_header_prescanned(btf, &cfg, Some(prescan), &mut out).map(|()| out)
        });
        assert_eq!(pre.as_ref().map_err(ToString::to_string), plain.as_ref().map_err(ToString::to_string));
    }
}

/// A `fmt::Write` with the same cap.
struct Limited<'s>(&'s mut String);

impl core::fmt::Write for Limited<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        if self.0.len() + s.len() > MAX_OUTPUT {
            return Err(core::fmt::Error);
        }
        self.0.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/header/cases/");
        let mut out = Vec::new();
        for f in ["syntax", "ordering", "padding", "packing", "bitfields", "multidim", "enums", "tags"] {
            let data = std::fs::read(format!("{dir}{f}.bpf.o")).unwrap();
            out.push(bpfkit_obj::elf::btf_bytes(&data).unwrap().into_owned());
        }
        out
    }

    #[test]
    fn seeds_run_clean() {
        for s in seeds() {
            run(&s);
            run_threaded(&s);
            // Sanity: the seeds really produce headers.
            let btf = Btf::parse(&s).unwrap();
            let mut sink = Capped(0);
            write_header(&btf, &Config::new(), &mut sink).unwrap();
            assert!(sink.0 > 500);
        }
    }

    /// A struct that embeds itself and a pointer that points to itself
    /// (libbpf recurses forever on the latter): errors, no hang.
    #[test]
    fn cycles_end_in_errors() {
        use bpfkit_btf::write::{BtfBuilder, MemberSpec};
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, bpfkit_btf::IntEncoding::SIGNED, 32);
        let next = b.next_id();
        b.add_struct("loop", 8, &[MemberSpec::new("a", int, 0), MemberSpec::new("self", next, 32)]);
        let p = b.next_id();
        b.add_ref(bpfkit_btf::BtfKind::PTR, "", p);
        let data = b.encode(bpfkit_btf::Endian::Little);
        let btf = Btf::parse(&data).unwrap();
        assert!(matches!(
            bpfkit_header::header_bytes(&btf, &Config::new()),
            Err(bpfkit_header::Error::Cycle(_) | bpfkit_header::Error::TooDeep(_))
        ));
        run(&data);
    }

    /// Anonymous structs nested two-wide 40 deep would print 2^40
    /// definitions: the output cap or the work budget stops it.
    #[test]
    fn exponential_nesting_is_bounded() {
        use bpfkit_btf::write::{BtfBuilder, MemberSpec};
        let mut b = BtfBuilder::new();
        let mut inner = b.add_int("int", 4, bpfkit_btf::IntEncoding::SIGNED, 32);
        for _ in 0..40 {
            inner = b.add_struct("", 8, &[MemberSpec::new("l", inner, 0), MemberSpec::new("r", inner, 0)]);
        }
        b.add_struct("top", 8, &[MemberSpec::new("t", inner, 0)]);
        let data = b.encode(bpfkit_btf::Endian::Little);
        let start = std::time::Instant::now();
        run(&data);
        assert!(start.elapsed() < std::time::Duration::from_secs(60));
    }

    proptest! {
        #![proptest_config(bpfkit_testkit::proptest_config(1000, "proptest-regressions/header.txt"))]
        #[test]
        fn random_bytes_with_btf_magic(mut data in prop::collection::vec(any::<u8>(), 24..1024)) {
            data[..4].copy_from_slice(&[0x9f, 0xeb, 1, 0]);
            run(&data);
        }

        #[test]
        fn mutated_seeds(seed in 0usize..8, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
            let mut data = seeds()[seed].clone();
            for (i, b) in edits {
                let at = i.index(data.len());
                data[at] = b;
            }
            run(&data);
            let len = cut.index(data.len() + 1);
            run_threaded(&data[..len]);
        }
    }
}

//! The library API: sinks, streaming, errors.

mod common;

use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, Endian, IntEncoding};
use bpfkit_header::{Config, Error, Order, header_bytes, write_header, write_header_fmt};
use common::kernel_btf;
use std::io;

/// Records the size of every write.
struct Recorder {
    sizes: Vec<usize>,
    total: usize,
}

impl io::Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sizes.push(buf.len());
        self.total += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The emitter streams: the sink gets bounded chunks, never the whole text.
#[test]
fn streams_in_bounded_chunks() {
    let data = kernel_btf("vmlinux-6.1-cloud-amd64");
    let btf = Btf::parse(&data).unwrap();
    let mut r = Recorder { sizes: Vec::new(), total: 0 };
    write_header(&btf, &Config::new().order(Order::Unsorted), &mut r).unwrap();
    assert!(r.total > 2 << 20);
    assert!(r.sizes.len() > 20);
    assert!(r.sizes.iter().all(|&n| n <= (1 << 16) + 4096), "largest write {}", r.sizes.iter().max().unwrap());
}

/// `fmt::Write` gives the same text as `io::Write`.
#[test]
fn fmt_sink_matches_io_sink() {
    let data = kernel_btf("vmlinux-7.1-amd64");
    let btf = Btf::parse(&data).unwrap();
    for cfg in [Config::new(), Config::new().order(Order::Unsorted).header(false)] {
        let bytes = header_bytes(&btf, &cfg).unwrap();
        let mut s = String::new();
        write_header_fmt(&btf, &cfg, &mut s).unwrap();
        assert!(s.as_bytes() == bytes.as_slice());
    }
}

/// Names that are not UTF-8 go through `io::Write` as bytes and through
/// `fmt::Write` as U+FFFD.
#[test]
fn non_utf8_names() {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let name = b.add_str_bytes(b"caf\xe9");
    let x = b.add_str("x");
    // STRUCT (kind 4), one member `x` of type int at offset 0.
    b.add_raw(name, (4 << 24) | 1, 4, &[x.0, int.0, 0]);
    let data = b.encode(Endian::Little);
    let btf = Btf::parse(&data).unwrap();
    let cfg = Config::new().order(Order::Unsorted).header(false);
    let bytes = header_bytes(&btf, &cfg).unwrap();
    assert!(bytes.windows(4).any(|w| w == b"caf\xe9"));
    let mut s = String::new();
    write_header_fmt(&btf, &cfg, &mut s).unwrap();
    assert!(s.contains("struct caf\u{fffd} {"), "{s}");
}

/// A failing sink stops the emitter with `Error::Io`.
#[test]
fn sink_errors_stop_the_emitter() {
    struct Fails(usize);
    impl io::Write for Fails {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += 1;
            if self.0 > 3 { Err(io::Error::other("full")) } else { Ok(buf.len()) }
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let data = kernel_btf("vmlinux-6.1-cloud-amd64");
    let btf = Btf::parse(&data).unwrap();
    let mut sink = Fails(0);
    let err = write_header(&btf, &Config::new(), &mut sink).unwrap_err();
    assert!(matches!(err, Error::Io(_)), "{err}");
    assert_eq!(sink.0, 4, "no writes after the failure");
}

#[test]
fn error_is_small() {
    assert!(std::mem::size_of::<bpfkit_header::Error>() <= 24, "{}", std::mem::size_of::<bpfkit_header::Error>());
}

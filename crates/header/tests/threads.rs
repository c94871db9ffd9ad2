//! The two-thread path (a planner ordering and resolving names, the calling
//! thread printing) prints exactly what the one-thread path prints: every
//! kernel and module in testdata, sorted and unsorted, with and without the
//! boilerplate, and writer-built BTF where names depend on print order.
//! Three threads (two printers, which share the alignments the calling
//! thread computes while the planner sorts) print the same too, and so do
//! three threads after a prescan.

mod common;

use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, Endian, IntEncoding};
use bpfkit_header::{Config, Order, header_bytes};
use common::kernel_btf;

const KERNELS: [&str; 3] = ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"];
const MODULES: [&str; 2] = ["tun-6.1-cloud-amd64", "nf_conntrack-6.1-cloud-amd64"];

fn check(name: &str, btf: &Btf<'_>) {
    for order in [Order::Sorted, Order::Unsorted] {
        for header in [true, false] {
            let config = Config::new().order(order).header(header);
            let one = header_bytes(btf, &config.clone().threads(1)).unwrap();
            assert!(one.len() > 100, "{name}: empty output");
            for threads in [2, 3, 0] {
                // 0: three threads, after a prescan (standalone BTF only).
                let more = match threads {
                    0 if btf.base().is_none() => prescanned(btf, &config.clone().threads(3)),
                    0 => continue,
                    n => header_bytes(btf, &config.clone().threads(n)).unwrap(),
                };
                if one != more {
                    let at = one.iter().zip(&more).position(|(a, b)| a != b).unwrap_or(one.len().min(more.len()));
                    let ctx = |v: &[u8]| {
                        String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())]).into_owned()
                    };
                    panic!(
                        "{name} {order:?} header={header} threads={threads}: byte {at} differs:\n one: {:?}\n more: {:?}",
                        ctx(&one),
                        ctx(&more)
                    );
                }
            }
        }
    }
}

/// The header after a [`bpfkit_header::Prescan`] of the bytes `btf` was parsed from.
fn prescanned(btf: &Btf<'_>, config: &Config) -> Vec<u8> {
    std::thread::scope(|scope| {
        let prescan = bpfkit_header::Prescan::start(scope, btf.data(), config);
        let mut out = Vec::new();
        bpfkit_header::write_header_prescanned(btf, config, Some(prescan), &mut out).unwrap();
        out
    })
}

#[test]
fn kernels() {
    for k in KERNELS {
        let data = kernel_btf(k);
        check(k, &Btf::parse(&data).unwrap());
    }
}

#[test]
fn modules_with_base() {
    let base_data = kernel_btf(KERNELS[0]);
    let base = Btf::parse(&base_data).unwrap();
    for m in MODULES {
        let data = kernel_btf(m);
        check(m, &Btf::parse_split(&data, &base).unwrap());
    }
}

/// Names whose `___N` depends on print order: an anonymous enum defined
/// inline in two structs (its enumerators are counted each time), one as
/// a prototype's parameter, clashing typedef and enumerator names, and the
/// `__builtin_va_list` typedef that is never defined (its name is counted
/// where it is first used).
#[test]
fn order_dependent_names() {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let anon = b.add_enum("", 4, false, &[("SHARED", 1), ("ALSO", 2)]);
    let va = b.add_typedef("__builtin_va_list", int);
    let va_ptr = b.add_ptr(va);
    let proto = b.add_func_proto(int, &[("e", anon), ("v", va_ptr)]);
    let fptr = b.add_ptr(proto);
    let td = b.add_typedef("SHARED", int);
    let s1 = b.add_struct("one", 12, &[MemberSpec::new("e", anon, 0), MemberSpec::new("f", fptr, 32)]);
    let s2 = b.add_struct("two", 8, &[MemberSpec::new("e", anon, 0), MemberSpec::new("t", td, 32)]);
    let va2 = b.add_typedef("__builtin_va_list", s2);
    let _ = b.add_struct("three", 8, &[MemberSpec::new("p", va_ptr, 0), MemberSpec::new("q", s1, 0)]);
    let _ = b.add_ptr(va2);
    let data = b.encode(Endian::Little);
    let btf = Btf::parse(&data).unwrap();
    let text = String::from_utf8(header_bytes(&btf, &Config::new().threads(1)).unwrap()).unwrap();
    assert!(text.contains("SHARED___"), "the case renames something:\n{text}");
    check("writer", &btf);
}

/// More types of one name than the names table keeps in a byte: 300
/// structs `s` (each with a member of the previous one, so that each needs
/// the one before) print as `s`, `s___2`, ... `s___300`, on any number of
/// threads.
#[test]
fn many_of_one_name() {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let mut prev = int;
    for _ in 0..300 {
        prev = b.add_struct("s", 4, &[MemberSpec::new("m", prev, 0)]);
    }
    let data = b.encode(Endian::Little);
    let btf = Btf::parse(&data).unwrap();
    let text =
        String::from_utf8(header_bytes(&btf, &Config::new().order(Order::Unsorted).threads(1)).unwrap()).unwrap();
    let name = |n: u32| if n == 1 { "s".to_string() } else { format!("s___{n}") };
    for n in [2, 3, 254, 255, 256, 300] {
        let def = format!("struct {} {{\n\tstruct {} m;\n}};", name(n), name(n - 1));
        assert!(text.contains(&def), "{def}:\n{text}");
    }
    assert!(text.contains("struct s {\n\tint m;\n};"));
    assert!(!text.contains("s___301"));
    check("many", &btf);
}

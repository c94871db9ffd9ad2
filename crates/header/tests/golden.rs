//! The emitter against bpftool 7.8's golden headers for every kernel and
//! module in testdata, sorted and unsorted.

mod common;

use bpfkit_btf::{Btf, BtfKind};
use bpfkit_header::{Config, HEADER, Order, header_bytes, sorted_ids};
use common::{gunzip_file, kernel_btf, testdata};

const KERNELS: [&str; 3] = ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"];
const MODULES: [&str; 2] = ["tun-6.1-cloud-amd64", "nf_conntrack-6.1-cloud-amd64"];
const MODULE_BASE: &str = "vmlinux-6.1-cloud-amd64";

fn golden(name: &str, sorted: bool) -> Vec<u8> {
    let suffix = if sorted { "h.gz" } else { "unsorted.h.gz" };
    gunzip_file(&testdata().join("golden/btf").join(format!("{name}.{suffix}")))
}

fn assert_same(name: &str, what: &str, expected: &[u8], actual: &[u8]) {
    if expected == actual {
        return;
    }
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let line = e.lines().zip(a.lines()).position(|(x, y)| x != y).unwrap_or(e.lines().count().min(a.lines().count()));
    panic!(
        "{name} {what}: differs from golden at line {} (golden {} bytes, ours {}):\n  golden: {:?}\n  ours:   {:?}",
        line + 1,
        expected.len(),
        actual.len(),
        e.lines().nth(line),
        a.lines().nth(line)
    );
}

/// Removes the one block bpftool 7.5–7.8 skips from our sorted output:
/// the first entry of the sorted list, which must be an anonymous enum
/// emitted as the first type block, right after the header.
fn strip_bpftool_skipped_block(btf: &Btf<'_>, ours: &[u8]) -> Vec<u8> {
    let first = sorted_ids(btf)[0];
    let t = btf.get(first).unwrap();
    assert!(t.is_enum() && t.name_off().0 == 0, "first sorted entry [{}] is not an anonymous enum", first.0);
    let first_enumerator = btf.str(t.enumerators().next().expect("enumerators").name_off).unwrap();
    let body = ours.strip_prefix(HEADER.as_bytes()).expect("our output starts with the header");
    let opening = format!("enum {{\n\t{first_enumerator} = ");
    assert!(
        body.starts_with(opening.as_bytes()),
        "first type block is not the anonymous enum starting with {first_enumerator}"
    );
    let end = body.windows(4).position(|w| w == b"};\n\n").expect("block end") + 4;
    let block = &body[..end];
    // One definition: no other type starts inside it.
    assert_eq!(block.iter().filter(|&&b| b == b'{').count(), 1, "block is a single enum");
    let mut v = HEADER.as_bytes().to_vec();
    v.extend_from_slice(&body[end..]);
    v
}

fn check_kernel(name: &str, btf: &Btf<'_>) {
    let unsorted = header_bytes(btf, &Config::new().order(Order::Unsorted)).unwrap();
    assert_same(name, "unsorted", &golden(name, false), &unsorted);
    drop(unsorted);
    let sorted = header_bytes(btf, &Config::new()).unwrap();
    let stripped = strip_bpftool_skipped_block(btf, &sorted);
    assert!(stripped.len() < sorted.len());
    assert_same(name, "sorted", &golden(name, true), &stripped);
}

#[test]
fn vmlinux_6_1() {
    let data = kernel_btf(KERNELS[0]);
    check_kernel(KERNELS[0], &Btf::parse(&data).unwrap());
}

#[test]
fn vmlinux_6_12() {
    let data = kernel_btf(KERNELS[1]);
    check_kernel(KERNELS[1], &Btf::parse(&data).unwrap());
}

#[test]
fn vmlinux_7_1() {
    let data = kernel_btf(KERNELS[2]);
    check_kernel(KERNELS[2], &Btf::parse(&data).unwrap());
}

#[test]
fn modules_with_base() {
    let base_data = kernel_btf(MODULE_BASE);
    let base = Btf::parse(&base_data).unwrap();
    for m in MODULES {
        let data = kernel_btf(m);
        let btf = Btf::parse_split(&data, &base).unwrap();
        check_kernel(m, &btf);
    }
}

/// The golden 7.1 kernel has kfuncs and `bpf_fastcall`; make sure the
/// comparison above covered them.
#[test]
fn golden_covers_kfuncs() {
    let data = kernel_btf(KERNELS[2]);
    let btf = Btf::parse(&data).unwrap();
    let kfuncs = btf
        .types()
        .filter(|t| t.kind() == BtfKind::DECL_TAG && btf.name(t) == "bpf_kfunc" && t.decl_tag_component() == Some(-1))
        .count();
    assert!(kfuncs > 50, "{kfuncs}");
    let text = String::from_utf8(golden(KERNELS[2], true)).unwrap();
    assert!(text.contains("extern __bpf_fastcall "));
}

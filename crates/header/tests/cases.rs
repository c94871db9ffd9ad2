//! Small cases in the spirit of libbpf's `btf_dump_test_case_*.c`
//! selftests (syntax, ordering, padding, packing, bitfields, multidim,
//! namespacing, plus enums and tags): BTF compiled from our own C files in
//! `testdata/header/cases/` or built with the `bpfkit-btf` writer, with
//! expected output checked in under `testdata/header/expected/`.
//!
//! Each case is also compiled by clang (the header must build) and, for
//! the C cases, compared with Debian's bpftool 7.1 where the two versions
//! agree.

mod common;

use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, BtfKind, Endian, IntEncoding, Linkage, TypeId};
use bpfkit_header::{Config, FOOTER, HEADER, Order, Root, header_bytes};
use common::{compile_bpf, object_btf, testdata};
use std::process::Command;

const C_CASES: [&str; 8] = ["syntax", "ordering", "padding", "packing", "bitfields", "multidim", "enums", "tags"];

fn expected_dir() -> std::path::PathBuf {
    testdata().join("header/expected")
}

fn types_only(btf: &Btf<'_>) -> Vec<u8> {
    header_bytes(btf, &Config::new().order(Order::Unsorted).header(false)).unwrap()
}

/// Checks both outputs of a case against the checked-in files and that
/// the full header compiles.
fn check_case(name: &str, btf: &Btf<'_>) {
    for config in [Config::new(), Config::new().order(Order::Unsorted).header(false)] {
        let one = header_bytes(btf, &config.clone().threads(1)).unwrap();
        let two = header_bytes(btf, &config.clone().threads(2)).unwrap();
        assert!(one == two, "{name}: two threads print differently from one ({config:?})");
    }
    let dir = expected_dir();
    bpfkit_testkit::check_golden(&dir.join(format!("{name}.h")), &types_only(btf));
    let sorted = header_bytes(btf, &Config::new()).unwrap();
    bpfkit_testkit::check_golden(&dir.join(format!("{name}.sorted.h")), &sorted);
    if bpfkit_testkit::have_tool(&common::clang(), &["--version"], &format!("compiling the {name} header")) {
        let src = format!("{}\nint use_it(void) {{ return 0; }}\n", String::from_utf8(sorted).unwrap());
        if let Err(e) = compile_bpf(&src, &["-O2"], name) {
            panic!("{name}: header does not compile:\n{e}");
        }
    }
}

fn c_case(name: &str) -> Vec<u8> {
    let obj = std::fs::read(testdata().join(format!("header/cases/{name}.bpf.o"))).unwrap();
    object_btf(&obj)
}

#[test]
fn c_cases() {
    for name in C_CASES {
        let data = c_case(name);
        let btf = Btf::parse(&data).unwrap();
        check_case(name, &btf);
    }
}

/// Debian's bpftool 7.1 (libbpf 1.1+) prints the same types as 7.8 except
/// for `mode(byte|word)` on enums and the 7.5+ boilerplate, which are
/// removed from our side before comparing.
#[test]
fn c_cases_match_debian_bpftool() {
    if !bpfkit_testkit::have_tool("bpftool", &["--version"], "differential test against bpftool 7.1") {
        return;
    }
    for name in C_CASES {
        let path = testdata().join(format!("header/cases/{name}.bpf.o"));
        let out =
            Command::new("bpftool").args(["btf", "dump", "file"]).arg(&path).args(["format", "c"]).output().unwrap();
        assert!(out.status.success(), "bpftool failed on {name}");
        let theirs = String::from_utf8(out.stdout).unwrap();
        let data = c_case(name);
        let btf = Btf::parse(&data).unwrap();
        let ours = String::from_utf8(types_only(&btf)).unwrap();
        let ours = ours.replace(" __attribute__((mode(byte)))", "").replace(" __attribute__((mode(word)))", "");
        // 7.1's header: guard and pragma push (7 lines), footer (5 lines).
        let start = theirs.find("#endif\n\n").expect("7.1 header") + "#endif\n\n".len();
        let end = theirs.rfind("#ifndef BPF_NO_PRESERVE_ACCESS_INDEX").expect("7.1 footer");
        assert_eq!(&theirs[start..end], ours, "{name}: differs from bpftool 7.1");
    }
}

/// Duplicate names: struct/union/enum tags share a namespace, typedefs and
/// enumerators share another; forward declarations are never renamed.
fn namespacing_btf() -> Vec<u8> {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let long = b.add_int("long", 8, IntEncoding::SIGNED, 64);
    let s1 = b.add_struct("dup", 4, &[MemberSpec::new("first", int, 0)]);
    let s2 = b.add_struct("dup", 8, &[MemberSpec::new("second", long, 0)]);
    let u = b.add_union("dup", 4, &[MemberSpec::new("third", int, 0)]);
    let e = b.add_enum("dup", 4, false, &[("DUPVAL", 1), ("OTHER", 2)]);
    let anon = b.add_enum("", 4, false, &[("DUPVAL", 3)]);
    let td1 = b.add_typedef("DUPVAL", int);
    let td2 = b.add_typedef("dup_t", s1);
    let td3 = b.add_typedef("dup_t", s2);
    // Forward declarations keep their names, also when repeated.
    let fwd1 = b.add_fwd("twice", false);
    let fwd2 = b.add_fwd("twice", false);
    let efwd = b.add_enum("later_enum", 4, false, &[]);
    let p_fwd1 = b.add_ptr(fwd1);
    let p_fwd2 = b.add_ptr(fwd2);
    let p_efwd = b.add_ptr(efwd);
    let holder = b.add_struct(
        "holder",
        72,
        &[
            MemberSpec::new("a", s1, 0),
            MemberSpec::new("b", s2, 64),
            MemberSpec::new("c", u, 128),
            MemberSpec::new("d", e, 160),
            MemberSpec::new("e", anon, 192),
            MemberSpec::new("f", td1, 224),
            MemberSpec::new("g", td2, 256),
            MemberSpec::new("h", td3, 320),
            MemberSpec::new("i", p_fwd1, 384),
            MemberSpec::new("j", p_fwd2, 448),
            MemberSpec::new("k", p_efwd, 512),
        ],
    );
    let _ = holder;
    b.encode(Endian::Little)
}

/// What libbpf special-cases: `__builtin_va_list` is never defined,
/// `__gnuc_va_list` to void becomes `__builtin_va_list`, GCC's `__Poly*_t`
/// get aliases, kind_flag type tags print as plain attributes, FLOAT and
/// FWD unions, `(void)` and vararg prototypes, top-level anonymous enums,
/// empty and padding-only structs.
fn special_btf() -> Vec<u8> {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let uchar = b.add_int("unsigned char", 1, IntEncoding::NONE, 8);
    let char_t = b.add_int("char", 1, IntEncoding::SIGNED, 8);
    let poly8 = b.add_int("__Poly8_t", 1, IntEncoding::NONE, 8);
    let poly64 = b.add_int("__Poly64_t", 8, IntEncoding::NONE, 64);
    let dbl = b.add_float("double", 8);
    let ptr_char = b.add_ptr(char_t);
    let va = b.add_typedef("__builtin_va_list", ptr_char);
    let gnuc = b.add_typedef("__gnuc_va_list", TypeId(0));
    let va2 = b.add_typedef("va_list", va);
    let tag_attr = b.add_type_tag("address_space(1)", int, true);
    let tag_plain = b.add_type_tag("user", int, false);
    let p_attr = b.add_ptr(tag_attr);
    let p_plain = b.add_ptr(tag_plain);
    let fwd_union = b.add_fwd("opaque", true);
    let p_fwd_union = b.add_ptr(fwd_union);
    let void_proto = b.add_func_proto(int, &[]);
    let varargs = b.add_func_proto(int, &[("fmt", ptr_char), ("", TypeId(0))]);
    let p_void_proto = b.add_ptr(void_proto);
    let p_varargs = b.add_ptr(varargs);
    let _top = b.add_enum("", 4, true, &[("TOP_NEG", -5), ("TOP_POS", 5)]);
    let empty = b.add_struct("empty", 0, &[]);
    let only_pad = b.add_struct("only_padding", 16, &[]);
    let s = b.add_struct(
        "specials",
        88,
        &[
            MemberSpec::new("p8", poly8, 0),
            MemberSpec::new("uc", uchar, 8),
            MemberSpec::new("p64", poly64, 64),
            MemberSpec::new("d", dbl, 128),
            MemberSpec::new("va", va2, 192),
            MemberSpec::new("gnuc", gnuc, 256),
            MemberSpec::new("pa", p_attr, 320),
            MemberSpec::new("pp", p_plain, 384),
            MemberSpec::new("fu", p_fwd_union, 448),
            MemberSpec::new("vp", p_void_proto, 512),
            MemberSpec::new("va_fn", p_varargs, 576),
            MemberSpec::new("e", empty, 640),
            MemberSpec::new("o", only_pad, 640),
        ],
    );
    let _ = s;
    b.encode(Endian::Little)
}

/// Kfuncs: `bpf_kfunc` decl tags become sorted `extern` prototypes,
/// `bpf_fastcall` adds `__bpf_fastcall`; other tags and component tags are
/// ignored.
fn kfuncs_btf() -> Vec<u8> {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let u64t = b.add_int("unsigned long long", 8, IntEncoding::NONE, 64);
    let task = b.add_struct("task", 8, &[MemberSpec::new("id", u64t, 0)]);
    let p_task = b.add_ptr(task);
    let proto1 = b.add_func_proto(p_task, &[("pid", int)]);
    let proto2 = b.add_func_proto(TypeId(0), &[("t", p_task), ("flags", u64t)]);
    let proto3 = b.add_func_proto(int, &[]);
    let zeta = b.add_func("zeta_acquire", proto1, Linkage::GLOBAL);
    let alpha = b.add_func("alpha_release", proto2, Linkage::GLOBAL);
    let fast = b.add_func("fast_get", proto3, Linkage::GLOBAL);
    let plain = b.add_func("not_a_kfunc", proto3, Linkage::GLOBAL);
    b.add_decl_tag("bpf_kfunc", zeta, -1, false);
    b.add_decl_tag("bpf_kfunc", alpha, -1, false);
    b.add_decl_tag("bpf_kfunc", fast, -1, false);
    b.add_decl_tag("bpf_fastcall", fast, -1, false);
    b.add_decl_tag("bpf_kfunc", plain, 0, false);
    b.add_decl_tag("other", plain, -1, false);
    b.encode(Endian::Little)
}

#[test]
fn writer_namespacing() {
    let data = namespacing_btf();
    let btf = Btf::parse(&data).unwrap();
    check_case("namespacing", &btf);
    let text = String::from_utf8(types_only(&btf)).unwrap();
    for want in [
        "struct dup___2 {",
        "union dup___3 {",
        "enum dup___4 {",
        "\tDUPVAL = 1,",
        "\tDUPVAL___3 = 3,",
        "typedef int DUPVAL___2;",
        "typedef struct dup___2 dup_t___2;",
        "\tstruct twice *i;\n\tstruct twice *j;\n\tenum later_enum *k;",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

#[test]
fn writer_specials() {
    let data = special_btf();
    let btf = Btf::parse(&data).unwrap();
    check_case("specials", &btf);
    let text = String::from_utf8(types_only(&btf)).unwrap();
    assert!(!text.contains("typedef char *__builtin_va_list"));
    for want in [
        "typedef __builtin_va_list __gnuc_va_list;",
        "typedef unsigned char __Poly8_t;",
        "typedef unsigned long long __Poly64_t;",
        "int __attribute__((address_space(1))) *pa;",
        "int __attribute__((btf_type_tag(\"user\"))) *pp;",
        "union opaque *fu;",
        "int (*vp)(void);",
        "int (*va_fn)(char *fmt, ...);",
        "struct empty {};",
        "struct only_padding {\n\tlong: 64;\n\tlong: 64;\n};",
        "enum {\n\tTOP_NEG = -5,\n\tTOP_POS = 5,\n};",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

#[test]
fn writer_kfuncs() {
    let data = kfuncs_btf();
    let btf = Btf::parse(&data).unwrap();
    check_case("kfuncs", &btf);
    let text = String::from_utf8(header_bytes(&btf, &Config::new()).unwrap()).unwrap();
    let section = &text[text.find("/* BPF kfuncs */").unwrap()..text.find(FOOTER).unwrap()];
    assert_eq!(
        section,
        "/* BPF kfuncs */\n#ifndef BPF_NO_KFUNC_PROTOTYPES\n\
         extern void alpha_release(struct task *t, unsigned long long flags) __weak __ksym;\n\
         extern __bpf_fastcall int fast_get(void) __weak __ksym;\n\
         extern struct task *zeta_acquire(int pid) __weak __ksym;\n\
         #endif\n\n"
    );
    // No kfuncs without the boilerplate, nor with roots.
    assert!(!String::from_utf8(types_only(&btf)).unwrap().contains("extern"));
    let rooted = header_bytes(&btf, &Config::new().root(Root::Name("task".into()))).unwrap();
    assert!(!String::from_utf8(rooted).unwrap().contains("kfuncs"));
}

/// Roots: only the named types and what they need, in the given order,
/// between the header and the footer (no kfuncs).
#[test]
fn roots_select_types() {
    let data = c_case("syntax");
    let btf = Btf::parse(&data).unwrap();
    let cfg = Config::new().root(Root::Name("simple".into())).root(Root::Name("forward_only_ptr_t".into()));
    let text = String::from_utf8(header_bytes(&btf, &cfg).unwrap()).unwrap();
    bpfkit_testkit::check_golden(&expected_dir().join("syntax.roots.h"), text.as_bytes());
    let body = text.strip_prefix(HEADER).unwrap().strip_suffix(FOOTER).unwrap();
    assert!(body.contains("struct simple {"));
    assert!(body.contains("struct empty_struct {};"));
    assert!(body.contains("typedef struct forward_only *forward_only_ptr_t;"));
    assert!(!body.contains("struct root"));
    assert!(!body.contains("kfuncs"));
    // By id: the same.
    let id = btf.find_by_name_kind("simple", BtfKind::STRUCT).unwrap();
    let td = btf.find_by_name_kind("forward_only_ptr_t", BtfKind::TYPEDEF).unwrap();
    let by_id = header_bytes(&btf, &Config::new().root(Root::Id(id)).root(Root::Id(td))).unwrap();
    assert_eq!(by_id, text.as_bytes());
    // Unknown names and ids fail before anything is written.
    let mut out = Vec::new();
    assert!(bpfkit_header::write_header(&btf, &Config::new().root(Root::Name("nope".into())), &mut out).is_err());
    assert!(bpfkit_header::write_header(&btf, &Config::new().root(Root::Id(TypeId(1 << 30))), &mut out).is_err());
    assert!(out.is_empty());
}

/// Split BTF built with the writer on top of a small base: base and
/// module types in one header, like bpftool with `-B`.
#[test]
fn writer_split() {
    let base_data = c_case("ordering");
    let base = Btf::parse(&base_data).unwrap();
    let mut b = BtfBuilder::new_split(&base);
    let lh = base.find_by_name_kind("list_head", BtfKind::STRUCT).unwrap();
    let int = base.find_by_name_kind("int", BtfKind::INT).unwrap();
    let p_lh = b.add_ptr(lh);
    b.add_struct("module_thing", 24, &[MemberSpec::new("node", lh, 0), MemberSpec::new("count", int, 128)]);
    b.add_struct("module_ref", 8, &[MemberSpec::new("head", p_lh, 0)]);
    let data = b.encode(Endian::Little);
    let btf = Btf::parse_split(&data, &base).unwrap();
    check_case("split", &btf);
    let text = String::from_utf8(types_only(&btf)).unwrap();
    let base_only = String::from_utf8(types_only(&base)).unwrap();
    assert!(text.starts_with(&base_only), "base types first");
    assert!(text.ends_with("struct module_thing {\n\tstruct list_head node;\n\tint count;\n};\n\nstruct module_ref {\n\tstruct list_head *head;\n};\n\n"), "{text}");
}

/// The sorted emitter leaves out ids whose place cannot matter
/// (unreferenced FUNC/VAR/DATASEC/DECL_TAG); dumping every id of the full
/// sorted order as roots must give the same types. Includes BTF where a
/// pointer and a typedef refer to FUNCs (which then stay in the sort).
#[test]
fn skipping_noops_is_invisible() {
    let mut inputs: Vec<(String, Vec<u8>)> = C_CASES.iter().map(|n| (n.to_string(), c_case(n))).collect();
    inputs.push(("kernel 6.1".into(), common::kernel_btf("vmlinux-6.1-cloud-amd64")));
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let proto = b.add_func_proto(int, &[("x", int)]);
    let f1 = b.add_func("aaa_func", proto, Linkage::GLOBAL);
    let f2 = b.add_func("zzz_func", proto, Linkage::GLOBAL);
    let p = b.add_ptr(f1);
    let td = b.add_typedef("func_alias", f2);
    b.add_struct("uses", 16, &[MemberSpec::new("p", p, 0), MemberSpec::new("t", td, 64)]);
    let v = b.add_var("a_var", int, Linkage::GLOBAL);
    b.add_datasec(".data", 4, &[(v, 0, 4)]);
    b.add_decl_tag("tag", f1, -1, false);
    inputs.push(("funcs referenced".into(), b.encode(Endian::Little)));
    for (name, data) in &inputs {
        let btf = Btf::parse(data).unwrap();
        let sorted = header_bytes(&btf, &Config::new().header(false)).unwrap();
        let mut all = Config::new().header(false);
        all.roots = bpfkit_header::sorted_ids(&btf).into_iter().map(Root::Id).collect();
        assert!(sorted == header_bytes(&btf, &all).unwrap(), "{name}");
    }
}

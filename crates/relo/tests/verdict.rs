//! `verdict::check` on other kernels: the objects of `testdata/check`
//! against a committed kernel BTF (6.12), then against the same BTF edited
//! with the writer (a field, a kfunc, an attach target, a struct_ops
//! wrapper renamed away) — the verdict must flip for the reason removed,
//! and only then. The running kernel's own verdicts are checked against
//! `bpftool prog loadall` in crates/cli/tests/core_check.rs.

mod common;

use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, BtfKind};
use bpfkit_obj::Object;
use bpfkit_relo::verdict::{self, KernelEnv, Rule, Status, Verdict};
use bpfkit_relo::{Targets, relocate};
use std::collections::{HashMap, HashSet};

fn object(case: &str) -> Vec<u8> {
    let p = common::root().join(format!("testdata/check/{case}.clang22.bpfel.o"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn kernel() -> Vec<u8> {
    common::btf_file(&common::root().join("testdata/btf/vmlinux-6.12-amd64.btf.gz"))
}

fn check_with(obj: &[u8], btf: &[u8], env: &KernelEnv) -> Verdict {
    let obj = Object::parse(obj).unwrap();
    let btf = Btf::parse(btf).unwrap();
    let targets = Targets::new(&btf);
    let rel = relocate(&obj, &targets).unwrap();
    verdict::check(&obj, &targets, &rel, env)
}

fn check(case: &str, btf: &[u8]) -> Verdict {
    check_with(&object(case), btf, &KernelEnv::new())
}

fn rules(v: &Verdict) -> Vec<Rule> {
    v.reasons.iter().chain(v.programs.iter().flat_map(|p| &p.reasons)).map(|r| r.rule).collect()
}

/// The kernel BTF with type `name` (of `kind`) renamed to `new` (same
/// length is not needed: the name goes to a new string).
fn rename_type(btf: &[u8], kind: BtfKind, name: &str, new: &str) -> Vec<u8> {
    let parsed = Btf::parse(btf).unwrap();
    let id = parsed.find_by_name_kind(name, kind).unwrap_or_else(|| panic!("no {name}"));
    let mut b = BtfBuilder::from_btf(&parsed);
    let off = b.add_str(new);
    b.type_words_mut(id).unwrap()[0] = off.0;
    b.encode(parsed.endian())
}

/// The kernel BTF with member `member` of struct `name` renamed to `new`.
fn rename_member(btf: &[u8], name: &str, member: &str, new: &str) -> Vec<u8> {
    let parsed = Btf::parse(btf).unwrap();
    let id = parsed.find_by_name_kind(name, BtfKind::STRUCT).unwrap();
    let k = parsed
        .get(id)
        .unwrap()
        .members()
        .position(|m| parsed.str(m.name_off).unwrap() == member)
        .unwrap_or_else(|| panic!("no {name}.{member}"));
    let mut b = BtfBuilder::from_btf(&parsed);
    let off = b.add_str(new);
    b.type_words_mut(id).unwrap()[3 + 3 * k] = off.0;
    b.encode(parsed.endian())
}

#[test]
fn guards_hold_on_another_kernel_and_flip_when_the_field_goes() {
    let k = kernel();
    for case in ["guard_field_exists", "guard_and_unknown", "guard_spill64", "guard_spill32", "subprog_returns_guard"] {
        let v = check(case, &k);
        assert_eq!(v.status, Status::Loads, "{case}: {:?}", rules(&v));
        assert!(!v.programs[0].dead_poison.is_empty(), "{case}: the poisoned else branch is dead");
        assert!(v.programs[0].dead_poison[0].contains("guarded by insn #"), "{:?}", v.programs[0].dead_poison);
    }
    // A 6.12 task_struct without `__state`: the guards on it flip, the
    // poisoned read (or the poisoned size) is reached.
    let edited = rename_member(&k, "task_struct", "__state", "bpfkit_gone");
    for case in ["guard_field_exists", "guard_field_size"] {
        let v = check(case, &edited);
        assert_eq!(v.status, Status::Rejected, "{case}");
        assert!(rules(&v).contains(&Rule::ReachablePoison), "{case}: {:?}", rules(&v));
    }
    for case in ["unguarded", "guard_or_unknown", "global_guard_in_caller", "loop_cb_unguarded", "rodata_on"] {
        let v = check(case, &k);
        assert_eq!(v.status, Status::Rejected, "{case}");
        assert_eq!(rules(&v), vec![Rule::ReachablePoison], "{case}");
    }
}

#[test]
fn kfuncs_and_attach_targets_flip_when_removed() {
    let k = kernel();
    let flips: &[(&str, BtfKind, &str, Rule)] = &[
        ("kfunc_present", BtfKind::FUNC, "bpf_task_acquire", Rule::MissingExtern),
        ("tp_btf_present", BtfKind::TYPEDEF, "btf_trace_sched_switch", Rule::AttachTarget),
        ("iter_task", BtfKind::FUNC, "bpf_iter_task", Rule::AttachTarget),
        ("fentry_present", BtfKind::FUNC, "vfs_read", Rule::AttachTarget),
        ("lsm_file_open", BtfKind::FUNC, "bpf_lsm_file_open", Rule::AttachTarget),
        ("struct_ops_tcp_cc", BtfKind::STRUCT, "bpf_struct_ops_tcp_congestion_ops", Rule::StructOps),
    ];
    for &(case, kind, name, rule) in flips {
        let v = check(case, &k);
        assert_eq!(v.status, Status::Loads, "{case}: {:?}", rules(&v));
        let v = check(case, &rename_type(&k, kind, name, "bpfkit_renamed_away"));
        assert_eq!(v.status, Status::Rejected, "{case} without {name}");
        assert_eq!(rules(&v), vec![rule], "{case} without {name}");
    }
    // A weak kfunc behind bpf_ksym_exists(): loads with or without it.
    assert_eq!(check("kfunc_weak_guarded", &k).status, Status::Loads);
    // Its unguarded call is poison only while the kfunc is missing.
    let v = check("kfunc_weak_unguarded", &k);
    assert_eq!(rules(&v), vec![Rule::ReachableMissingKfunc]);
    // Context reads past the target's arguments.
    assert_eq!(rules(&check("fentry_arg_beyond", &k)), vec![Rule::AttachArgs]);
    assert_eq!(rules(&check("fentry_retval", &k)), vec![Rule::AttachArgs]);
    assert_eq!(check("fexit_retval", &k).status, Status::Loads);
}

#[test]
fn kconfig_and_kallsyms_follow_the_environment() {
    let k = kernel();
    // Without the kernel's config a strong CONFIG_ extern cannot be decided.
    assert_eq!(check("kconfig_present", &k).status, Status::Unknown);
    assert_eq!(check("kconfig_weak_missing", &k).status, Status::Loads);
    let mut env = KernelEnv::new();
    env.kconfig = Some(HashMap::from([("CONFIG_HZ".to_string(), "250".to_string())]));
    assert_eq!(check_with(&object("kconfig_present"), &k, &env).status, Status::Loads);
    let v = check_with(&object("kconfig_missing_strong"), &k, &env);
    assert_eq!((v.status, rules(&v)), (Status::Rejected, vec![Rule::Kconfig]));
    env.kconfig = Some(HashMap::new());
    assert_eq!(check_with(&object("kconfig_present"), &k, &env).status, Status::Rejected);
    // Typeless ksyms come from kallsyms; typed ones need an address there too.
    assert_eq!(check("ksym_typeless_present", &k).status, Status::Unknown);
    env.kallsyms = Some(HashSet::from(["vfs_read".to_string()]));
    assert_eq!(check_with(&object("ksym_typeless_present"), &k, &env).status, Status::Loads);
    assert_eq!(check_with(&object("ksym_typeless_missing"), &k, &env).status, Status::Rejected);
    assert_eq!(check("ksym_typed_percpu", &k).status, Status::Loads);
    let v = check_with(&object("ksym_typed_percpu"), &k, &env);
    assert_eq!((v.status, rules(&v)), (Status::Rejected, vec![Rule::Kallsyms]));
    env.kallsyms = Some(HashSet::from(["runqueues".to_string()]));
    assert_eq!(check_with(&object("ksym_typed_percpu"), &k, &env).status, Status::Loads);
}

#[test]
fn kconfig_values_decide_branches() {
    let k = kernel();
    // `if (LINUX_KERNEL_VERSION < 5.14) <poisoned pre-5.14 read>`: dead on a
    // 6.12 kernel, reached on a 5.10 one, reachable when the version is unknown.
    let mut env = KernelEnv::new();
    let run = |env: &KernelEnv, case: &str| check_with(&object(case), &k, env);
    assert_eq!(run(&env, "kver_guard").status, Status::Rejected);
    env.kernel_version = KernelEnv::parse_release("6.12.48+deb13-amd64");
    assert_eq!(env.kernel_version, Some((6 << 16) + (12 << 8) + 48));
    let v = run(&env, "kver_guard");
    assert_eq!(v.status, Status::Loads);
    assert!(v.programs[0].dead_poison[0].contains("LINUX_KERNEL_VERSION from the kernel's .kconfig values"));
    env.kernel_version = KernelEnv::parse_release("5.10.0");
    assert_eq!(run(&env, "kver_guard").status, Status::Rejected);
    // `if (CONFIG_HZ == 250)` / `== 1` around the same read.
    env.kconfig = Some(HashMap::from([("CONFIG_HZ".to_string(), "250".to_string())]));
    assert_eq!(run(&env, "kconfig_guard").status, Status::Rejected);
    assert_eq!(run(&env, "kconfig_guard_off").status, Status::Loads);
    env.kconfig = Some(HashMap::from([("CONFIG_HZ".to_string(), "1".to_string())]));
    assert_eq!(run(&env, "kconfig_guard").status, Status::Loads);
    assert_eq!(run(&env, "kconfig_guard_off").status, Status::Rejected);
    assert_eq!(KernelEnv::parse_release("6.1.300"), Some((6 << 16) + (1 << 8) + 255));
}

#[test]
fn kernel_enums_bound_program_types_and_helpers() {
    let k = kernel();
    // A kernel whose enum bpf_prog_type stops before tracing programs.
    let parsed = Btf::parse(&k).unwrap();
    let id = parsed.find_by_name_kind("bpf_prog_type", BtfKind::ENUM).unwrap();
    let t = parsed.get(id).unwrap();
    let max = t.enumerators().position(|e| parsed.str(e.name_off).unwrap() == "__MAX_BPF_PROG_TYPE").unwrap();
    let mut b = BtfBuilder::from_btf(&parsed);
    b.type_words_mut(id).unwrap()[3 + 2 * max + 1] = 20; // BPF_PROG_TYPE_TRACING is 26
    let old = b.encode(parsed.endian());
    let v = check("tp_btf_present", &old);
    assert_eq!((v.status, rules(&v)), (Status::Rejected, vec![Rule::ProgType]));
    assert_eq!(check("kfunc_present", &old).status, Status::Rejected);
}

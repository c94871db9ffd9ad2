//! The reader's view of the clang-built test programs in `testdata/obj`
//! matches their C source, for clang 14 and clang 22, `bpfel` and `bpfeb`.

use bpfkit_btf::ext::CoreReloKind;
use bpfkit_obj::*;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/obj")
}

const BUILDS: [&str; 4] = ["clang14.bpfel", "clang14.bpfeb", "clang22.bpfel", "clang22.bpfeb"];

fn each(name: &str, f: impl Fn(&str, &Object<'_>)) {
    for b in BUILDS {
        let file = format!("{name}.{b}.o");
        let bytes = std::fs::read(dir().join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let obj = Object::parse(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let want = if b.ends_with("bpfeb") { bpfkit_btf::Endian::Big } else { bpfkit_btf::Endian::Little };
        assert_eq!(obj.endian(), want, "{file}");
        f(&file, &obj);
    }
}

fn slots(init: &[MapSlot]) -> Vec<(u32, SlotTarget)> {
    init.iter().map(|s| (s.index, s.target)).collect()
}

fn map<'a>(obj: &'a Object<'_>, name: &str) -> &'a Map<'a> {
    obj.maps().iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no map {name}"))
}

fn prog<'a>(obj: &'a Object<'_>, name: &str) -> &'a Program<'a> {
    obj.programs().iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no program {name}"))
}

fn btf_name(obj: &Object<'_>, id: Option<bpfkit_btf::TypeId>) -> String {
    obj.btf().unwrap().type_name(id.expect("type id"))
}

#[test]
fn maps_match_source() {
    each("maps", |f, obj| {
        assert_eq!(obj.license(), Some("Dual BSD/GPL"), "{f}");
        let names: Vec<&str> = obj.maps().iter().map(|m| m.name).collect();
        // libbpf's order: the .maps DATASEC sorted by offset (definition order here).
        assert_eq!(
            names,
            [
                "inner_a",
                "inner_b",
                "outer",
                "jump_table",
                "by_type",
                "by_size",
                "pinned",
                "events",
                "bloom",
                "outer_hash"
            ],
            "{f}"
        );
        let m = map(obj, "by_type");
        assert_eq!(m.kind, MapKind::Btf);
        assert_eq!((m.def.map_type, m.def.max_entries, m.def.key_size, m.def.value_size), (MapType::HASH, 1024, 8, 24));
        assert_eq!(btf_name(obj, m.def.key_type), "struct key");
        assert_eq!(btf_name(obj, m.def.value_type), "struct value");
        let m = map(obj, "by_size");
        assert_eq!((m.def.map_type, m.def.key_size, m.def.value_size, m.def.max_entries), (MapType::ARRAY, 4, 64, 16));
        assert_eq!((m.def.map_flags, m.def.numa_node), (map::BPF_F_MMAPABLE, 1));
        assert_eq!((m.def.key_type, m.def.value_type), (None, None));
        let m = map(obj, "pinned");
        assert_eq!((m.def.map_type, m.def.pinning), (MapType::LRU_HASH, Pinning::BY_NAME));
        let m = map(obj, "events");
        assert_eq!((m.def.map_type, m.def.max_entries, m.def.key_size), (MapType::RINGBUF, 256 * 1024, 0));
        let m = map(obj, "bloom");
        assert_eq!((m.def.map_type, m.def.map_extra, m.def.value_size), (MapType::BLOOM_FILTER, 3, 4));
        let m = map(obj, "outer");
        assert_eq!((m.def.map_type, m.def.value_size, m.def.max_entries), (MapType::ARRAY_OF_MAPS, 4, 3));
        let inner = m.inner.expect("inner def");
        assert_eq!((inner.map_type, inner.max_entries, inner.key_size, inner.value_size), (MapType::ARRAY, 4, 4, 8));
        let ia = map(obj, "inner_a").index;
        let ib = map(obj, "inner_b").index;
        assert_eq!(slots(&m.init), [(0, SlotTarget::Map(ia)), (2, SlotTarget::Map(ib))]);
        let m = map(obj, "outer_hash");
        assert_eq!(m.def.map_type, MapType::HASH_OF_MAPS);
        assert_eq!(m.inner.map(|i| (i.map_type, i.max_entries)), Some((MapType::HASH, 2)));
        assert!(m.init.is_empty());
        let m = map(obj, "jump_table");
        assert_eq!((m.def.map_type, m.def.key_size, m.def.value_size), (MapType::PROG_ARRAY, 4, 4));
        let ta = prog(obj, "tail_a").index;
        let tb = prog(obj, "tail_b").index;
        assert_eq!(slots(&m.init), [(1, SlotTarget::Program(ta)), (3, SlotTarget::Program(tb))]);
        // Every map the program touches is relocated to that map, in source order.
        let p = prog(obj, "use_maps");
        assert_eq!(p.prog_type(), ProgType::XDP);
        let targets: Vec<&str> = obj
            .program_relocations(p.index)
            .iter()
            .map(|r| match r.target {
                RelocTarget::Map(m) => obj.map(m).unwrap().name,
                other => panic!("{f}: unexpected {other:?}"),
            })
            .collect();
        assert_eq!(targets, ["by_type", "by_size", "pinned", "events", "bloom", "outer", "outer_hash", "jump_table"]);
        assert!(obj.data_sections().is_empty() && obj.externs().is_empty());
    });
}

#[test]
fn legacy_maps_and_version() {
    each("legacy", |f, obj| {
        assert_eq!(obj.version(), Some(0x050a00), "{f}");
        assert_eq!(obj.license(), Some("GPL"));
        let c = map(obj, "counters");
        assert_eq!(c.kind, MapKind::Legacy);
        assert_eq!((c.def.map_type, c.def.key_size, c.def.value_size, c.def.max_entries), (MapType::ARRAY, 4, 8, 64));
        let fl = map(obj, "flows");
        assert_eq!(
            (fl.def.map_type, fl.def.key_size, fl.def.value_size, fl.def.max_entries),
            (MapType::HASH, 8, 16, 1024)
        );
        assert_eq!(fl.def.map_flags, 1);
        let p = prog(obj, "count_write");
        assert_eq!((p.prog_type(), p.attach_target()), (ProgType::KPROBE, Some("sys_write")));
        let t: Vec<RelocTarget> = obj.program_relocations(p.index).iter().map(|r| r.target).collect();
        assert_eq!(t, [RelocTarget::Map(c.index), RelocTarget::Map(fl.index)], "{f}");
    });
}

#[test]
fn globals_and_externs_match_source() {
    each("globals", |f, obj| {
        let ds: Vec<(&str, DataKind, u64)> = obj.data_sections().iter().map(|d| (d.name, d.kind, d.size)).collect();
        assert_eq!(ds[0], (".data", DataKind::Data, 40), "{f}");
        assert!(ds.iter().any(|d| d.0 == ".rodata" && d.1 == DataKind::Rodata), "{f}");
        assert!(ds.contains(&(".data.custom", DataKind::Data, 4)));
        assert!(ds.contains(&(".rodata.custom", DataKind::Rodata, 4)));
        assert!(ds.contains(&(".bss", DataKind::Bss, 76)));
        let vars = |name: &str| -> Vec<(&str, u64, u64, bool)> {
            let d = obj.data_sections().iter().find(|d| d.name == name).unwrap();
            d.vars.iter().map(|v| (v.name, v.offset, v.size, v.global)).collect()
        };
        assert_eq!(vars(".data"), [("counter", 0, 4, true), ("totals", 8, 32, true)]);
        assert_eq!(vars(".bss"), [("hits", 0, 8, true), ("hidden_state", 8, 4, false), ("arr_bss", 12, 64, true)]);
        let ro = vars(".rodata");
        assert_eq!(&ro[..2], [("debug_level", 0, 4, true), ("tag", 4, 8, true)]);
        assert_eq!(vars(".data.custom"), [("custom_val", 0, 4, true)]);
        let bss = obj.data_sections().iter().find(|d| d.name == ".bss").unwrap();
        assert!(bss.bytes.is_empty());
        // internal maps: data sections in section order, then .kconfig
        let m = map(obj, ".rodata");
        assert_eq!(m.def.map_flags, map::BPF_F_RDONLY_PROG | map::BPF_F_MMAPABLE);
        assert_eq!((m.def.map_type, m.def.key_size, m.def.max_entries), (MapType::ARRAY, 4, 1));
        assert_eq!(map(obj, ".data").def.map_flags, map::BPF_F_MMAPABLE);
        assert_eq!(obj.maps().last().unwrap().kind, MapKind::Kconfig);
        // externs in libbpf's order with libbpf's kconfig layout
        let ex: Vec<(&str, &str, bool)> = obj.externs().iter().map(|e| (e.name, e.kind_name(), e.weak)).collect();
        assert_eq!(
            ex,
            [
                ("CONFIG_HZ", "kconfig", true),
                ("CONFIG_NF_CONNTRACK", "kconfig", true),
                ("LINUX_KERNEL_VERSION", "kconfig", false),
                ("CONFIG_BPF_SYSCALL", "kconfig", false),
                ("CONFIG_DEFAULT_HOSTNAME", "kconfig", true),
                ("bpf_prog_active", "ksym", false),
                ("bpf_rcu_read_lock", "kfunc", true),
                ("bpf_task_acquire", "kfunc", false),
                ("bpf_task_release", "kfunc", false),
                ("missing_sym", "ksym", true),
                ("runqueues", "ksym", false),
            ],
            "{f}"
        );
        let kc: Vec<(KconfigType, u32, u32)> = obj
            .externs()
            .iter()
            .filter_map(|e| match e.kind {
                ExternKind::Kconfig { ty, size, offset, .. } => Some((ty, size, offset)),
                _ => None,
            })
            .collect();
        assert_eq!(
            kc,
            [
                (KconfigType::Int, 4, 0),
                (KconfigType::Tristate, 4, 4),
                (KconfigType::Int, 4, 8),
                (KconfigType::Bool, 1, 12),
                (KconfigType::CharArray, 16, 13)
            ]
        );
        assert_eq!(obj.kconfig_size(), 29);
        let rq = obj.externs().iter().find(|e| e.name == "runqueues").unwrap();
        let ExternKind::Ksym { type_id: Some(t) } = rq.kind else { panic!("{f}: runqueues is typed") };
        assert_eq!(obj.btf().unwrap().type_name(t), "struct rq");
        let untyped = obj.externs().iter().find(|e| e.name == "bpf_prog_active").unwrap();
        assert_eq!(untyped.kind, ExternKind::Ksym { type_id: None });
        // relocations: every extern and data reference resolved
        let p = prog(obj, "use_globals");
        assert_eq!((p.prog_type(), p.expected_attach_type()), (ProgType::TRACING, Some(AttachType::TRACE_RAW_TP)));
        assert_eq!(p.attach_target(), Some("sched_switch"));
        let mut ext_refs: Vec<&str> = Vec::new();
        let mut data_refs: Vec<String> = Vec::new();
        for r in obj.program_relocations(p.index) {
            match r.target {
                RelocTarget::Extern(e) => ext_refs.push(obj.extern_(e).unwrap().name),
                RelocTarget::Data { data, offset } => {
                    let d = obj.data_section(data).unwrap();
                    let v = d.vars.iter().find(|v| v.offset <= offset && offset < v.offset + v.size).unwrap();
                    data_refs.push(format!("{}:{}", d.name, v.name));
                }
                other => panic!("{f}: unexpected {other:?}"),
            }
        }
        ext_refs.sort();
        ext_refs.dedup();
        assert_eq!(ext_refs.len(), 11, "{f}: every extern is referenced: {ext_refs:?}");
        for want in [
            ".data:counter",
            ".data:totals",
            ".bss:hits",
            ".bss:hidden_state",
            ".bss:arr_bss",
            ".rodata:debug_level",
            ".rodata:tag",
            ".data.custom:custom_val",
            ".rodata.custom:custom_ro",
        ] {
            assert!(data_refs.iter().any(|d| d == want), "{f}: missing {want} in {data_refs:?}");
        }
        // kfunc calls are relocated calls on CallKfunc-shaped slots (src 2 after load); here src 2 already
        let kf = obj.program_relocations(p.index).iter().filter(|r| r.kind == RelocType::R_BPF_64_32).count();
        assert_eq!(kf, 3, "{f}");
    });
}

/// (name, section, type, expected attach, target, flags, autoload)
type ProgRow = (&'static str, &'static str, ProgType, Option<AttachType>, Option<&'static str>, u32, bool);

#[test]
fn programs_and_section_names() {
    use section_def::{BPF_F_SLEEPABLE as S, BPF_F_XDP_HAS_FRAGS as F};
    let rows: &[ProgRow] = &[
        ("kp", "kprobe/do_unlinkat", ProgType::KPROBE, None, Some("do_unlinkat"), 0, true),
        ("krp", "kretprobe/do_unlinkat", ProgType::KPROBE, None, Some("do_unlinkat"), 0, true),
        ("up", "uprobe//usr/lib/libc.so.6:malloc", ProgType::KPROBE, None, Some("/usr/lib/libc.so.6:malloc"), 0, true),
        ("urp_s", "uretprobe.s", ProgType::KPROBE, None, None, S, true),
        (
            "upm",
            "uprobe.multi//usr/bin/bash:readline*",
            ProgType::KPROBE,
            Some(AttachType::TRACE_UPROBE_MULTI),
            Some("/usr/bin/bash:readline*"),
            0,
            true,
        ),
        ("kpm", "kprobe.multi/tcp_*", ProgType::KPROBE, Some(AttachType::TRACE_KPROBE_MULTI), Some("tcp_*"), 0, true),
        ("ksc", "ksyscall/openat", ProgType::KPROBE, None, Some("openat"), 0, true),
        ("usdt_probe", "usdt/./app:provider:probe", ProgType::KPROBE, None, Some("./app:provider:probe"), 0, true),
        ("tp", "tp/syscalls/sys_enter_openat", ProgType::TRACEPOINT, None, Some("syscalls/sys_enter_openat"), 0, true),
        (
            "tracepoint_long",
            "tracepoint/sched/sched_process_exec",
            ProgType::TRACEPOINT,
            None,
            Some("sched/sched_process_exec"),
            0,
            true,
        ),
        ("raw_tp", "raw_tp/sys_enter", ProgType::RAW_TRACEPOINT, None, Some("sys_enter"), 0, true),
        (
            "raw_tp_w",
            "raw_tracepoint.w/bpf_test_finish",
            ProgType::RAW_TRACEPOINT_WRITABLE,
            None,
            Some("bpf_test_finish"),
            0,
            true,
        ),
        (
            "tp_btf",
            "tp_btf/sched_wakeup",
            ProgType::TRACING,
            Some(AttachType::TRACE_RAW_TP),
            Some("sched_wakeup"),
            0,
            true,
        ),
        (
            "fentry_prog",
            "fentry/do_unlinkat",
            ProgType::TRACING,
            Some(AttachType::TRACE_FENTRY),
            Some("do_unlinkat"),
            0,
            true,
        ),
        (
            "fentry_s",
            "fentry.s/do_sys_openat2",
            ProgType::TRACING,
            Some(AttachType::TRACE_FENTRY),
            Some("do_sys_openat2"),
            S,
            true,
        ),
        (
            "fexit_prog",
            "fexit/do_unlinkat",
            ProgType::TRACING,
            Some(AttachType::TRACE_FEXIT),
            Some("do_unlinkat"),
            0,
            true,
        ),
        (
            "fmod_ret_prog",
            "fmod_ret/bpf_modify_return_test",
            ProgType::TRACING,
            Some(AttachType::MODIFY_RETURN),
            Some("bpf_modify_return_test"),
            0,
            true,
        ),
        ("freplace_prog", "freplace/handler", ProgType::EXT, None, Some("handler"), 0, true),
        ("lsm_prog", "lsm/file_open", ProgType::LSM, Some(AttachType::LSM_MAC), Some("file_open"), 0, true),
        (
            "lsm_s",
            "lsm.s/bprm_committed_creds",
            ProgType::LSM,
            Some(AttachType::LSM_MAC),
            Some("bprm_committed_creds"),
            S,
            true,
        ),
        ("lsm_cg", "lsm_cgroup/socket_bind", ProgType::LSM, Some(AttachType::LSM_CGROUP), Some("socket_bind"), 0, true),
        ("iter_task", "iter/task", ProgType::TRACING, Some(AttachType::TRACE_ITER), Some("task"), 0, true),
        ("sys_prog", "syscall", ProgType::SYSCALL, None, None, S, true),
        ("xdp_prog", "xdp", ProgType::XDP, Some(AttachType::XDP), None, 0, true),
        ("xdp_frags", "xdp.frags", ProgType::XDP, Some(AttachType::XDP), None, F, true),
        ("xdp_devmap", "xdp/devmap", ProgType::XDP, Some(AttachType::XDP_DEVMAP), None, 0, true),
        ("tc_prog", "tc", ProgType::SCHED_CLS, None, None, 0, true),
        ("tcx_in", "tcx/ingress", ProgType::SCHED_CLS, Some(AttachType::TCX_INGRESS), None, 0, true),
        ("tc_eg", "tc/egress", ProgType::SCHED_CLS, Some(AttachType::TCX_EGRESS), None, 0, true),
        ("tc_optional", "?tc", ProgType::SCHED_CLS, None, None, 0, false),
        ("nk", "netkit/primary", ProgType::SCHED_CLS, Some(AttachType::NETKIT_PRIMARY), None, 0, true),
        ("cg_skb_in", "cgroup_skb/ingress", ProgType::CGROUP_SKB, Some(AttachType::CGROUP_INET_INGRESS), None, 0, true),
        ("cg_skb", "cgroup/skb", ProgType::CGROUP_SKB, None, None, 0, true),
        (
            "cg_connect4",
            "cgroup/connect4",
            ProgType::CGROUP_SOCK_ADDR,
            Some(AttachType::CGROUP_INET4_CONNECT),
            None,
            0,
            true,
        ),
        (
            "cg_sock_create",
            "cgroup/sock_create",
            ProgType::CGROUP_SOCK,
            Some(AttachType::CGROUP_INET_SOCK_CREATE),
            None,
            0,
            true,
        ),
        ("cg_sysctl", "cgroup/sysctl", ProgType::CGROUP_SYSCTL, Some(AttachType::CGROUP_SYSCTL), None, 0, true),
        (
            "cg_getsockopt",
            "cgroup/getsockopt",
            ProgType::CGROUP_SOCKOPT,
            Some(AttachType::CGROUP_GETSOCKOPT),
            None,
            0,
            true,
        ),
        ("cg_dev", "cgroup/dev", ProgType::CGROUP_DEVICE, Some(AttachType::CGROUP_DEVICE), None, 0, true),
        ("sockops_prog", "sockops", ProgType::SOCK_OPS, Some(AttachType::CGROUP_SOCK_OPS), None, 0, true),
        ("sk_parser", "sk_skb/stream_parser", ProgType::SK_SKB, Some(AttachType::SK_SKB_STREAM_PARSER), None, 0, true),
        (
            "sk_verdict",
            "sk_skb/stream_verdict",
            ProgType::SK_SKB,
            Some(AttachType::SK_SKB_STREAM_VERDICT),
            None,
            0,
            true,
        ),
        ("sk_msg_prog", "sk_msg", ProgType::SK_MSG, Some(AttachType::SK_MSG_VERDICT), None, 0, true),
        ("sk_lookup_prog", "sk_lookup", ProgType::SK_LOOKUP, Some(AttachType::SK_LOOKUP), None, 0, true),
        (
            "reuseport_migrate",
            "sk_reuseport/migrate",
            ProgType::SK_REUSEPORT,
            Some(AttachType::SK_REUSEPORT_SELECT_OR_MIGRATE),
            None,
            0,
            true,
        ),
        ("flow", "flow_dissector", ProgType::FLOW_DISSECTOR, Some(AttachType::FLOW_DISSECTOR), None, 0, true),
        ("sock_filter", "socket", ProgType::SOCKET_FILTER, None, None, 0, true),
        ("perf", "perf_event", ProgType::PERF_EVENT, None, None, 0, true),
        ("lwt", "lwt_xmit", ProgType::LWT_XMIT, None, None, 0, true),
        ("lirc", "lirc_mode2", ProgType::LIRC_MODE2, Some(AttachType::LIRC_MODE2), None, 0, true),
        ("nf", "netfilter", ProgType::NETFILTER, Some(AttachType::NETFILTER), None, 0, true),
        ("unknown", "custom/unknown_section", ProgType::UNSPEC, None, None, 0, true),
        ("shared_a", "kprobe/vfs_read", ProgType::KPROBE, None, Some("vfs_read"), 0, true),
        ("shared_b", "kprobe/vfs_read", ProgType::KPROBE, None, Some("vfs_read"), 0, true),
    ];
    each("progs", |f, obj| {
        let entries: Vec<&Program<'_>> = obj.programs().iter().filter(|p| !p.subprog).collect();
        assert_eq!(entries.len(), rows.len(), "{f}");
        for &(name, sec, ty, at, target, flags, autoload) in rows {
            let p = prog(obj, name);
            assert_eq!(
                (
                    p.section_name,
                    p.prog_type(),
                    p.expected_attach_type(),
                    p.attach_target(),
                    p.prog_flags(),
                    p.autoload()
                ),
                (sec, ty, at, target, flags, autoload),
                "{f}: {name}"
            );
            assert!(p.kind.def.is_some() || ty == ProgType::UNSPEC, "{f}: {name}");
            // every program starts with its own func_info record
            let fi = obj.program_func_infos(p.index);
            assert_eq!(fi.first().map(|r| r.loc.insn), Some(0), "{f}: {name}");
            assert_eq!(obj.btf().unwrap().name_of(fi[0].type_id), name);
            assert!(!obj.program_line_infos(p.index).is_empty(), "{f}: {name}");
        }
        let subs: Vec<&str> = obj.programs().iter().filter(|p| p.subprog).map(|p| p.name).collect();
        for s in ["leaf", "middle", "global_helper", "loop_cb"] {
            assert!(subs.contains(&s), "{f}: subprogram {s} in {subs:?}");
        }
        // Two programs share one section, in offset order.
        let (a, b) = (prog(obj, "shared_a"), prog(obj, "shared_b"));
        assert_eq!(a.section, b.section);
        assert_eq!(a.offset, 0);
        assert_eq!(b.offset, a.bytes.len() as u64);
        // Loader layouts, libbpf's depth-first append order.
        let layout = |name: &str| -> Vec<&str> {
            let l = obj.loaded_layout(prog(obj, name).index).unwrap();
            let mut at = 0;
            for p in &l.placed {
                assert_eq!(p.insn_offset, at, "{f}: {name} is contiguous");
                at += p.insn_count;
            }
            assert_eq!(at, l.insn_count);
            for r in &l.refs {
                let (callee, i) = l.source_of(r.target).unwrap();
                assert_eq!(i, 0, "{f}: {name}: calls land on function entries");
                assert!(l.position(callee).is_some());
            }
            l.placed.iter().map(|p| obj.program(p.program).unwrap().name).collect()
        };
        assert_eq!(layout("kp"), ["kp", "middle", "leaf"], "{f}");
        assert_eq!(layout("krp"), ["krp", "global_helper", "middle", "leaf"], "{f}");
        assert_eq!(layout("tc_prog"), ["tc_prog", "global_helper", "middle", "leaf"], "{f}");
        assert_eq!(layout("tp"), ["tp", "loop_cb", "leaf"], "{f}");
        assert_eq!(layout("shared_b"), ["shared_b", "leaf"], "{f}");
        assert_eq!(layout("xdp_prog"), ["xdp_prog"], "{f}");
        assert_eq!(layout("tracepoint_long"), ["tracepoint_long", "leaf"], "{f}");
        // The callback is a function address reference, the calls are calls.
        let tp = prog(obj, "tp");
        let refs = obj.program_calls(tp.index);
        assert_eq!(refs.len(), 1);
        assert!(!refs[0].is_call);
        assert_eq!(obj.program(refs[0].callee).unwrap().name, "loop_cb");
        let r = obj.reloc_at(tp.index, refs[0].insn).expect("callback relocation");
        assert_eq!(r.target, RelocTarget::FuncAddr(refs[0].callee));
        // middle calls leaf twice without relocations (same section).
        let middle = prog(obj, "middle");
        let calls = obj.program_calls(middle.index);
        assert_eq!(calls.len(), 2, "{f}");
        assert!(calls.iter().all(|c| c.is_call && obj.program(c.callee).unwrap().name == "leaf"));
        assert!(obj.program_relocations(middle.index).is_empty());
        // Call relocations from entry programs resolve to the subprogram.
        let kp = prog(obj, "kp");
        let call = obj.program_relocations(kp.index).iter().find(|r| r.kind == RelocType::R_BPF_64_32).unwrap();
        assert_eq!(call.target, RelocTarget::Call(middle.index));
        // The loaded array relocates every call to the placed callee.
        let l = obj.loaded_layout(kp.index).unwrap();
        assert_eq!(l.refs.len(), 3);
        assert_eq!(l.refs[0].at, call.insn.unwrap());
        assert_eq!(l.refs[0].target, l.position(middle.index).unwrap());
        // Instructions decode, with the call where the relocation says.
        let insns: Vec<(usize, bpfkit_insn::Insn)> = kp.insns().map(|r| r.unwrap()).collect();
        let (_, at_call) = insns.iter().find(|(o, _)| *o as u64 == call.offset - kp.offset).unwrap();
        assert!(matches!(at_call, bpfkit_insn::Insn::CallLocal { .. }), "{f}: {at_call:?}");
    });
}

#[test]
fn core_relocations_decode() {
    let want = [
        "byte_off struct task_struct.real_parent (0:7)",
        "byte_off struct task_struct.pid (0:3)",
        "byte_off struct task_struct.tgid (0:4)",
        "byte_off struct task_struct.comm[3] (0:9:3)",
        "byte_off struct task_struct.anon_arr[2].b (0:10:2:1)",
        "field_exists struct task_struct.ptrace (0:6)",
        "byte_sz struct task_struct.comm (0:9)",
        "type_exists struct task_struct___old (0)",
        "field_exists struct task_struct___old.old_field (0:1)",
        "type_size struct task_struct (0)",
        "local_type_id struct task_struct (0)",
        "target_type_id struct list_head (0)",
        "enumval_exists enum pid_type::PIDTYPE_PGID (2)",
        "enumval_value enum pid_type::PIDTYPE_TGID (1)",
        "lshift_u64 struct task_struct.flags (0:5)",
        "rshift_u64 struct task_struct.flags (0:5)",
        "signed struct task_struct.flags (0:5)",
    ];
    each("core", |f, obj| {
        let p = prog(obj, "core_reads");
        let relos = obj.program_core_relos(p.index);
        assert_eq!(relos.len(), obj.core_relos().len());
        let got: Vec<String> = relos.iter().map(|c| obj.core_access(c).unwrap().to_string()).collect();
        for w in want {
            assert!(got.iter().any(|g| g == w), "{f}: missing '{w}' in {got:#?}");
        }
        let insns = p.instructions();
        let slot_of = |insn: usize| {
            let mut at = 0;
            insns.iter().find(|i| {
                let here = at;
                at += i.slots();
                here == insn
            })
        };
        for c in relos {
            assert!(c.loc.insn < p.insn_count());
            let a = obj.core_access(c).unwrap();
            // Field offsets agree with the struct layout of core.c.
            if c.kind == CoreReloKind::FIELD_BYTE_OFFSET && a.steps.len() == 1 {
                let byte = a.bit_offset.unwrap() / 8;
                let expect = match a.to_string().as_str() {
                    s if s.contains(".pid ") => 32,
                    s if s.contains(".tgid ") => 36,
                    s if s.contains(".real_parent ") => 48,
                    s if s.contains(".flags ") => 40,
                    _ => byte,
                };
                assert_eq!(byte, expect, "{f}: {a}");
            }
            // The relocated instruction starts an instruction (not inside ld_imm64).
            assert!(slot_of(c.loc.insn).is_some(), "{f}: {a} at {}", c.loc.insn);
        }
    });
}

#[test]
fn newer_features() {
    each("newer", |f, obj| {
        let b = map(obj, "bloom64");
        assert_eq!((b.def.map_type, b.def.map_extra, b.def.value_size), (MapType::BLOOM_FILTER, 5, 8), "{f}");
        let s = map(obj, "sample_ops");
        assert_eq!(s.kind, MapKind::StructOps);
        assert_eq!((s.def.map_type, s.def.map_flags, s.def.value_size), (MapType::STRUCT_OPS, map::BPF_F_LINK, 32));
        assert_eq!(btf_name(obj, s.def.value_type), "struct my_ops");
        let init = prog(obj, "my_init").index;
        let rel = prog(obj, "my_release").index;
        assert_eq!(slots(&s.init), [(0, SlotTarget::Program(init)), (1, SlotTarget::Program(rel))]);
        assert_eq!(prog(obj, "my_release").prog_flags(), section_def::BPF_F_SLEEPABLE);
        assert_eq!(prog(obj, "my_init").prog_type(), ProgType::STRUCT_OPS);
        let sess = prog(obj, "sess");
        assert_eq!(sess.expected_attach_type(), Some(AttachType::TRACE_UPROBE_SESSION));
        let names: Vec<&str> = obj.data_sections().iter().map(|d| d.name).collect();
        assert!(names.contains(&".bss.extra") && names.contains(&".data.more"), "{f}: {names:?}");
        let bss = obj.data_sections().iter().find(|d| d.name == ".bss.extra").unwrap();
        assert_eq!((bss.kind, bss.size), (DataKind::Bss, 64));
        let r: Vec<RelocTarget> = obj.program_relocations(init).iter().map(|r| r.target).collect();
        let [RelocTarget::Data { data, offset }] = r[..] else { panic!("{f}: {r:?}") };
        assert_eq!(obj.data_section(data).unwrap().name, ".bss.extra");
        assert!(offset == 0 || offset == 4, "{f}: extra_bss or extra_bss[1]: {offset}");
    });
}

#[test]
fn both_byte_orders_read_the_same() {
    for name in ["maps", "globals", "progs", "core", "legacy", "newer"] {
        for cc in ["clang14", "clang22"] {
            let el = std::fs::read(dir().join(format!("{name}.{cc}.bpfel.o"))).unwrap();
            let eb = std::fs::read(dir().join(format!("{name}.{cc}.bpfeb.o"))).unwrap();
            let (a, b) = (Object::parse(&el).unwrap(), Object::parse(&eb).unwrap());
            // Everything but the instruction streams: those legitimately
            // differ (constants built from structs, CO-RE bitfield reads).
            let summary = |o: &Object<'_>| {
                let progs: Vec<_> = o.programs().iter().map(|p| (p.name, p.section_name, p.subprog, p.kind)).collect();
                let maps: Vec<_> = o.maps().iter().map(|m| (m.name, m.def, m.inner, m.init.clone())).collect();
                let data: Vec<_> = o.data_sections().iter().map(|d| (d.name, d.size, d.vars.clone())).collect();
                let mut relocs: Vec<_> = o.relocations().iter().map(|r| (r.kind, r.program, r.target)).collect();
                relocs.sort_by_key(|r| format!("{r:?}"));
                let mut core: Vec<String> =
                    o.core_relos().iter().map(|c| o.core_access(c).unwrap().to_string()).collect();
                core.sort();
                core.dedup(); // bitfield reads need different relocation counts per byte order
                let calls: Vec<_> = (0..o.programs().len() as u32)
                    .map(|i| {
                        o.loaded_layout(ProgramIndex(i)).unwrap().placed.iter().map(|p| p.program).collect::<Vec<_>>()
                    })
                    .collect();
                format!("{progs:?}{maps:?}{data:?}{:?}{relocs:?}{core:?}{calls:?}", o.externs())
            };
            assert_eq!(summary(&a), summary(&b), "{name}.{cc}");
        }
    }
}

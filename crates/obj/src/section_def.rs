//! Program, attach and map types, and libbpf's `SEC("...")` name table:
//! what a code section's name says about the programs in it.
//!
//! The table follows `section_defs[]` in libbpf's `libbpf.c` (the libbpf
//! mirror's HEAD), in the same order, and matches names the way
//! `sec_def_matches` does: a pattern ending in `+` matches the name itself
//! or the name followed by `/...`; one ending in `/` matches any name with
//! that prefix; any other pattern must match exactly. The first match wins.

use core::fmt;

macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$cm:meta])* $c:ident = $v:expr => $s:expr,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u32);

        impl $name {
            $($(#[$cm])* pub const $c: $name = $name($v);)*

            /// libbpf's lower-case name, `None` for values this crate does not know.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($v => Some($s),)*
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(s) => f.write_str(s),
                    None => write!(f, "{}", self.0),
                }
            }
        }
    };
}

open_enum! {
    /// A program type (`enum bpf_prog_type`), kept open; `name()` is libbpf's name.
    ProgType {
        /// `BPF_PROG_TYPE_UNSPEC`.
        UNSPEC = 0 => "unspec",
        /// `BPF_PROG_TYPE_SOCKET_FILTER`.
        SOCKET_FILTER = 1 => "socket_filter",
        /// `BPF_PROG_TYPE_KPROBE`.
        KPROBE = 2 => "kprobe",
        /// `BPF_PROG_TYPE_SCHED_CLS`.
        SCHED_CLS = 3 => "sched_cls",
        /// `BPF_PROG_TYPE_SCHED_ACT`.
        SCHED_ACT = 4 => "sched_act",
        /// `BPF_PROG_TYPE_TRACEPOINT`.
        TRACEPOINT = 5 => "tracepoint",
        /// `BPF_PROG_TYPE_XDP`.
        XDP = 6 => "xdp",
        /// `BPF_PROG_TYPE_PERF_EVENT`.
        PERF_EVENT = 7 => "perf_event",
        /// `BPF_PROG_TYPE_CGROUP_SKB`.
        CGROUP_SKB = 8 => "cgroup_skb",
        /// `BPF_PROG_TYPE_CGROUP_SOCK`.
        CGROUP_SOCK = 9 => "cgroup_sock",
        /// `BPF_PROG_TYPE_LWT_IN`.
        LWT_IN = 10 => "lwt_in",
        /// `BPF_PROG_TYPE_LWT_OUT`.
        LWT_OUT = 11 => "lwt_out",
        /// `BPF_PROG_TYPE_LWT_XMIT`.
        LWT_XMIT = 12 => "lwt_xmit",
        /// `BPF_PROG_TYPE_SOCK_OPS`.
        SOCK_OPS = 13 => "sock_ops",
        /// `BPF_PROG_TYPE_SK_SKB`.
        SK_SKB = 14 => "sk_skb",
        /// `BPF_PROG_TYPE_CGROUP_DEVICE`.
        CGROUP_DEVICE = 15 => "cgroup_device",
        /// `BPF_PROG_TYPE_SK_MSG`.
        SK_MSG = 16 => "sk_msg",
        /// `BPF_PROG_TYPE_RAW_TRACEPOINT`.
        RAW_TRACEPOINT = 17 => "raw_tracepoint",
        /// `BPF_PROG_TYPE_CGROUP_SOCK_ADDR`.
        CGROUP_SOCK_ADDR = 18 => "cgroup_sock_addr",
        /// `BPF_PROG_TYPE_LWT_SEG6LOCAL`.
        LWT_SEG6LOCAL = 19 => "lwt_seg6local",
        /// `BPF_PROG_TYPE_LIRC_MODE2`.
        LIRC_MODE2 = 20 => "lirc_mode2",
        /// `BPF_PROG_TYPE_SK_REUSEPORT`.
        SK_REUSEPORT = 21 => "sk_reuseport",
        /// `BPF_PROG_TYPE_FLOW_DISSECTOR`.
        FLOW_DISSECTOR = 22 => "flow_dissector",
        /// `BPF_PROG_TYPE_CGROUP_SYSCTL`.
        CGROUP_SYSCTL = 23 => "cgroup_sysctl",
        /// `BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE`.
        RAW_TRACEPOINT_WRITABLE = 24 => "raw_tracepoint_writable",
        /// `BPF_PROG_TYPE_CGROUP_SOCKOPT`.
        CGROUP_SOCKOPT = 25 => "cgroup_sockopt",
        /// `BPF_PROG_TYPE_TRACING`.
        TRACING = 26 => "tracing",
        /// `BPF_PROG_TYPE_STRUCT_OPS`.
        STRUCT_OPS = 27 => "struct_ops",
        /// `BPF_PROG_TYPE_EXT`.
        EXT = 28 => "ext",
        /// `BPF_PROG_TYPE_LSM`.
        LSM = 29 => "lsm",
        /// `BPF_PROG_TYPE_SK_LOOKUP`.
        SK_LOOKUP = 30 => "sk_lookup",
        /// `BPF_PROG_TYPE_SYSCALL`.
        SYSCALL = 31 => "syscall",
        /// `BPF_PROG_TYPE_NETFILTER`.
        NETFILTER = 32 => "netfilter",
    }
}

open_enum! {
    /// An attach type (`enum bpf_attach_type`), kept open; `name()` is libbpf's name.
    AttachType {
        /// `BPF_CGROUP_INET_INGRESS`.
        CGROUP_INET_INGRESS = 0 => "cgroup_inet_ingress",
        /// `BPF_CGROUP_INET_EGRESS`.
        CGROUP_INET_EGRESS = 1 => "cgroup_inet_egress",
        /// `BPF_CGROUP_INET_SOCK_CREATE`.
        CGROUP_INET_SOCK_CREATE = 2 => "cgroup_inet_sock_create",
        /// `BPF_CGROUP_SOCK_OPS`.
        CGROUP_SOCK_OPS = 3 => "cgroup_sock_ops",
        /// `BPF_SK_SKB_STREAM_PARSER`.
        SK_SKB_STREAM_PARSER = 4 => "sk_skb_stream_parser",
        /// `BPF_SK_SKB_STREAM_VERDICT`.
        SK_SKB_STREAM_VERDICT = 5 => "sk_skb_stream_verdict",
        /// `BPF_CGROUP_DEVICE`.
        CGROUP_DEVICE = 6 => "cgroup_device",
        /// `BPF_SK_MSG_VERDICT`.
        SK_MSG_VERDICT = 7 => "sk_msg_verdict",
        /// `BPF_CGROUP_INET4_BIND`.
        CGROUP_INET4_BIND = 8 => "cgroup_inet4_bind",
        /// `BPF_CGROUP_INET6_BIND`.
        CGROUP_INET6_BIND = 9 => "cgroup_inet6_bind",
        /// `BPF_CGROUP_INET4_CONNECT`.
        CGROUP_INET4_CONNECT = 10 => "cgroup_inet4_connect",
        /// `BPF_CGROUP_INET6_CONNECT`.
        CGROUP_INET6_CONNECT = 11 => "cgroup_inet6_connect",
        /// `BPF_CGROUP_INET4_POST_BIND`.
        CGROUP_INET4_POST_BIND = 12 => "cgroup_inet4_post_bind",
        /// `BPF_CGROUP_INET6_POST_BIND`.
        CGROUP_INET6_POST_BIND = 13 => "cgroup_inet6_post_bind",
        /// `BPF_CGROUP_UDP4_SENDMSG`.
        CGROUP_UDP4_SENDMSG = 14 => "cgroup_udp4_sendmsg",
        /// `BPF_CGROUP_UDP6_SENDMSG`.
        CGROUP_UDP6_SENDMSG = 15 => "cgroup_udp6_sendmsg",
        /// `BPF_LIRC_MODE2`.
        LIRC_MODE2 = 16 => "lirc_mode2",
        /// `BPF_FLOW_DISSECTOR`.
        FLOW_DISSECTOR = 17 => "flow_dissector",
        /// `BPF_CGROUP_SYSCTL`.
        CGROUP_SYSCTL = 18 => "cgroup_sysctl",
        /// `BPF_CGROUP_UDP4_RECVMSG`.
        CGROUP_UDP4_RECVMSG = 19 => "cgroup_udp4_recvmsg",
        /// `BPF_CGROUP_UDP6_RECVMSG`.
        CGROUP_UDP6_RECVMSG = 20 => "cgroup_udp6_recvmsg",
        /// `BPF_CGROUP_GETSOCKOPT`.
        CGROUP_GETSOCKOPT = 21 => "cgroup_getsockopt",
        /// `BPF_CGROUP_SETSOCKOPT`.
        CGROUP_SETSOCKOPT = 22 => "cgroup_setsockopt",
        /// `BPF_TRACE_RAW_TP`.
        TRACE_RAW_TP = 23 => "trace_raw_tp",
        /// `BPF_TRACE_FENTRY`.
        TRACE_FENTRY = 24 => "trace_fentry",
        /// `BPF_TRACE_FEXIT`.
        TRACE_FEXIT = 25 => "trace_fexit",
        /// `BPF_MODIFY_RETURN`.
        MODIFY_RETURN = 26 => "modify_return",
        /// `BPF_LSM_MAC`.
        LSM_MAC = 27 => "lsm_mac",
        /// `BPF_TRACE_ITER`.
        TRACE_ITER = 28 => "trace_iter",
        /// `BPF_CGROUP_INET4_GETPEERNAME`.
        CGROUP_INET4_GETPEERNAME = 29 => "cgroup_inet4_getpeername",
        /// `BPF_CGROUP_INET6_GETPEERNAME`.
        CGROUP_INET6_GETPEERNAME = 30 => "cgroup_inet6_getpeername",
        /// `BPF_CGROUP_INET4_GETSOCKNAME`.
        CGROUP_INET4_GETSOCKNAME = 31 => "cgroup_inet4_getsockname",
        /// `BPF_CGROUP_INET6_GETSOCKNAME`.
        CGROUP_INET6_GETSOCKNAME = 32 => "cgroup_inet6_getsockname",
        /// `BPF_XDP_DEVMAP`.
        XDP_DEVMAP = 33 => "xdp_devmap",
        /// `BPF_CGROUP_INET_SOCK_RELEASE`.
        CGROUP_INET_SOCK_RELEASE = 34 => "cgroup_inet_sock_release",
        /// `BPF_XDP_CPUMAP`.
        XDP_CPUMAP = 35 => "xdp_cpumap",
        /// `BPF_SK_LOOKUP`.
        SK_LOOKUP = 36 => "sk_lookup",
        /// `BPF_XDP`.
        XDP = 37 => "xdp",
        /// `BPF_SK_SKB_VERDICT`.
        SK_SKB_VERDICT = 38 => "sk_skb_verdict",
        /// `BPF_SK_REUSEPORT_SELECT`.
        SK_REUSEPORT_SELECT = 39 => "sk_reuseport_select",
        /// `BPF_SK_REUSEPORT_SELECT_OR_MIGRATE`.
        SK_REUSEPORT_SELECT_OR_MIGRATE = 40 => "sk_reuseport_select_or_migrate",
        /// `BPF_PERF_EVENT`.
        PERF_EVENT = 41 => "perf_event",
        /// `BPF_TRACE_KPROBE_MULTI`.
        TRACE_KPROBE_MULTI = 42 => "trace_kprobe_multi",
        /// `BPF_LSM_CGROUP`.
        LSM_CGROUP = 43 => "lsm_cgroup",
        /// `BPF_STRUCT_OPS`.
        STRUCT_OPS = 44 => "struct_ops",
        /// `BPF_NETFILTER`.
        NETFILTER = 45 => "netfilter",
        /// `BPF_TCX_INGRESS`.
        TCX_INGRESS = 46 => "tcx_ingress",
        /// `BPF_TCX_EGRESS`.
        TCX_EGRESS = 47 => "tcx_egress",
        /// `BPF_TRACE_UPROBE_MULTI`.
        TRACE_UPROBE_MULTI = 48 => "trace_uprobe_multi",
        /// `BPF_CGROUP_UNIX_CONNECT`.
        CGROUP_UNIX_CONNECT = 49 => "cgroup_unix_connect",
        /// `BPF_CGROUP_UNIX_SENDMSG`.
        CGROUP_UNIX_SENDMSG = 50 => "cgroup_unix_sendmsg",
        /// `BPF_CGROUP_UNIX_RECVMSG`.
        CGROUP_UNIX_RECVMSG = 51 => "cgroup_unix_recvmsg",
        /// `BPF_CGROUP_UNIX_GETPEERNAME`.
        CGROUP_UNIX_GETPEERNAME = 52 => "cgroup_unix_getpeername",
        /// `BPF_CGROUP_UNIX_GETSOCKNAME`.
        CGROUP_UNIX_GETSOCKNAME = 53 => "cgroup_unix_getsockname",
        /// `BPF_NETKIT_PRIMARY`.
        NETKIT_PRIMARY = 54 => "netkit_primary",
        /// `BPF_NETKIT_PEER`.
        NETKIT_PEER = 55 => "netkit_peer",
        /// `BPF_TRACE_KPROBE_SESSION`.
        TRACE_KPROBE_SESSION = 56 => "trace_kprobe_session",
        /// `BPF_TRACE_UPROBE_SESSION`.
        TRACE_UPROBE_SESSION = 57 => "trace_uprobe_session",
        /// `BPF_TRACE_FSESSION`.
        TRACE_FSESSION = 58 => "trace_fsession",
        /// `BPF_TRACE_FENTRY_MULTI`.
        TRACE_FENTRY_MULTI = 59 => "trace_fentry_multi",
        /// `BPF_TRACE_FEXIT_MULTI`.
        TRACE_FEXIT_MULTI = 60 => "trace_fexit_multi",
        /// `BPF_TRACE_FSESSION_MULTI`.
        TRACE_FSESSION_MULTI = 61 => "trace_fsession_multi",
    }
}

open_enum! {
    /// A map type (`enum bpf_map_type`), kept open; `name()` is libbpf's name.
    MapType {
        /// `BPF_MAP_TYPE_UNSPEC`.
        UNSPEC = 0 => "unspec",
        /// `BPF_MAP_TYPE_HASH`.
        HASH = 1 => "hash",
        /// `BPF_MAP_TYPE_ARRAY`.
        ARRAY = 2 => "array",
        /// `BPF_MAP_TYPE_PROG_ARRAY`.
        PROG_ARRAY = 3 => "prog_array",
        /// `BPF_MAP_TYPE_PERF_EVENT_ARRAY`.
        PERF_EVENT_ARRAY = 4 => "perf_event_array",
        /// `BPF_MAP_TYPE_PERCPU_HASH`.
        PERCPU_HASH = 5 => "percpu_hash",
        /// `BPF_MAP_TYPE_PERCPU_ARRAY`.
        PERCPU_ARRAY = 6 => "percpu_array",
        /// `BPF_MAP_TYPE_STACK_TRACE`.
        STACK_TRACE = 7 => "stack_trace",
        /// `BPF_MAP_TYPE_CGROUP_ARRAY`.
        CGROUP_ARRAY = 8 => "cgroup_array",
        /// `BPF_MAP_TYPE_LRU_HASH`.
        LRU_HASH = 9 => "lru_hash",
        /// `BPF_MAP_TYPE_LRU_PERCPU_HASH`.
        LRU_PERCPU_HASH = 10 => "lru_percpu_hash",
        /// `BPF_MAP_TYPE_LPM_TRIE`.
        LPM_TRIE = 11 => "lpm_trie",
        /// `BPF_MAP_TYPE_ARRAY_OF_MAPS`.
        ARRAY_OF_MAPS = 12 => "array_of_maps",
        /// `BPF_MAP_TYPE_HASH_OF_MAPS`.
        HASH_OF_MAPS = 13 => "hash_of_maps",
        /// `BPF_MAP_TYPE_DEVMAP`.
        DEVMAP = 14 => "devmap",
        /// `BPF_MAP_TYPE_SOCKMAP`.
        SOCKMAP = 15 => "sockmap",
        /// `BPF_MAP_TYPE_CPUMAP`.
        CPUMAP = 16 => "cpumap",
        /// `BPF_MAP_TYPE_XSKMAP`.
        XSKMAP = 17 => "xskmap",
        /// `BPF_MAP_TYPE_SOCKHASH`.
        SOCKHASH = 18 => "sockhash",
        /// `BPF_MAP_TYPE_CGROUP_STORAGE`.
        CGROUP_STORAGE = 19 => "cgroup_storage",
        /// `BPF_MAP_TYPE_REUSEPORT_SOCKARRAY`.
        REUSEPORT_SOCKARRAY = 20 => "reuseport_sockarray",
        /// `BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE`.
        PERCPU_CGROUP_STORAGE = 21 => "percpu_cgroup_storage",
        /// `BPF_MAP_TYPE_QUEUE`.
        QUEUE = 22 => "queue",
        /// `BPF_MAP_TYPE_STACK`.
        STACK = 23 => "stack",
        /// `BPF_MAP_TYPE_SK_STORAGE`.
        SK_STORAGE = 24 => "sk_storage",
        /// `BPF_MAP_TYPE_DEVMAP_HASH`.
        DEVMAP_HASH = 25 => "devmap_hash",
        /// `BPF_MAP_TYPE_STRUCT_OPS`.
        STRUCT_OPS = 26 => "struct_ops",
        /// `BPF_MAP_TYPE_RINGBUF`.
        RINGBUF = 27 => "ringbuf",
        /// `BPF_MAP_TYPE_INODE_STORAGE`.
        INODE_STORAGE = 28 => "inode_storage",
        /// `BPF_MAP_TYPE_TASK_STORAGE`.
        TASK_STORAGE = 29 => "task_storage",
        /// `BPF_MAP_TYPE_BLOOM_FILTER`.
        BLOOM_FILTER = 30 => "bloom_filter",
        /// `BPF_MAP_TYPE_USER_RINGBUF`.
        USER_RINGBUF = 31 => "user_ringbuf",
        /// `BPF_MAP_TYPE_CGRP_STORAGE`.
        CGRP_STORAGE = 32 => "cgrp_storage",
        /// `BPF_MAP_TYPE_ARENA`.
        ARENA = 33 => "arena",
        /// `BPF_MAP_TYPE_INSN_ARRAY`.
        INSN_ARRAY = 34 => "insn_array",
        /// `BPF_MAP_TYPE_RHASH`.
        RHASH = 35 => "rhash",
    }
}

/// The `sec_def_flags` of a libbpf section definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct SecFlags(pub u32);

impl SecFlags {
    /// No flags.
    pub const NONE: SecFlags = SecFlags(0);
    /// The expected attach type may be dropped on old kernels.
    pub const EXP_ATTACH_OPT: SecFlags = SecFlags(1);
    /// Legacy marker for `BPF_PROG_ATTACH`-attachable programs.
    pub const ATTACHABLE: SecFlags = SecFlags(2);
    /// `ATTACHABLE | EXP_ATTACH_OPT`.
    pub const ATTACHABLE_OPT: SecFlags = SecFlags(3);
    /// The attach target is a BTF id (the text after `/`).
    pub const ATTACH_BTF: SecFlags = SecFlags(4);
    /// Sleepable: loaded with `BPF_F_SLEEPABLE`.
    pub const SLEEPABLE: SecFlags = SecFlags(8);
    /// XDP with fragments: loaded with `BPF_F_XDP_HAS_FRAGS`.
    pub const XDP_FRAGS: SecFlags = SecFlags(16);
    /// USDT: libbpf switches to `BPF_TRACE_UPROBE_MULTI` when the kernel has it.
    pub const USDT: SecFlags = SecFlags(32);

    /// Both sets of bits.
    pub const fn union(self, other: SecFlags) -> SecFlags {
        SecFlags(self.0 | other.0)
    }

    /// Whether all bits of `other` are set.
    pub fn contains(self, other: SecFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl core::ops::BitOr for SecFlags {
    type Output = SecFlags;
    fn bitor(self, rhs: SecFlags) -> SecFlags {
        SecFlags(self.0 | rhs.0)
    }
}

/// `BPF_F_SLEEPABLE`, a program load flag.
pub const BPF_F_SLEEPABLE: u32 = 1 << 4;
/// `BPF_F_XDP_HAS_FRAGS`, a program load flag.
pub const BPF_F_XDP_HAS_FRAGS: u32 = 1 << 5;

/// One row of libbpf's section table.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecDef {
    /// The pattern (`"kprobe+"`, `"xdp/devmap"`, `"cgroup/skb"`).
    pub pattern: &'static str,
    /// The program type.
    pub prog_type: ProgType,
    /// The expected attach type; `None` where libbpf's table has `0`.
    pub expected_attach_type: Option<AttachType>,
    /// libbpf's flags.
    pub flags: SecFlags,
}

impl SecDef {
    const fn new(
        pattern: &'static str,
        prog_type: ProgType,
        expected_attach_type: Option<AttachType>,
        flags: SecFlags,
    ) -> SecDef {
        SecDef { pattern, prog_type, expected_attach_type, flags }
    }

    /// Whether `name` (without a leading `?`) matches this row.
    pub fn matches(&self, name: &str) -> bool {
        let p = self.pattern;
        if let Some(prefix) = p.strip_suffix('+') {
            match name.strip_prefix(prefix) {
                Some(rest) => rest.is_empty() || rest.starts_with('/'),
                None => false,
            }
        } else if p.ends_with('/') {
            name.starts_with(p)
        } else {
            name == p
        }
    }

    /// The program load flags libbpf derives from the row
    /// (`BPF_F_SLEEPABLE`, `BPF_F_XDP_HAS_FRAGS`).
    pub fn prog_flags(&self) -> u32 {
        let mut f = 0;
        if self.flags.contains(SecFlags::SLEEPABLE) {
            f |= BPF_F_SLEEPABLE;
        }
        if self.flags.contains(SecFlags::XDP_FRAGS) && self.prog_type == ProgType::XDP {
            f |= BPF_F_XDP_HAS_FRAGS;
        }
        f
    }
}

/// libbpf's section table, in libbpf's order.
pub static SECTION_DEFS: &[SecDef] = &[
    SecDef::new("socket", ProgType::SOCKET_FILTER, None, SecFlags::NONE),
    SecDef::new(
        "sk_reuseport/migrate",
        ProgType::SK_REUSEPORT,
        Some(AttachType::SK_REUSEPORT_SELECT_OR_MIGRATE),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new("sk_reuseport", ProgType::SK_REUSEPORT, Some(AttachType::SK_REUSEPORT_SELECT), SecFlags::ATTACHABLE),
    SecDef::new("kprobe+", ProgType::KPROBE, None, SecFlags::NONE),
    SecDef::new("uprobe+", ProgType::KPROBE, None, SecFlags::NONE),
    SecDef::new("uprobe.s+", ProgType::KPROBE, None, SecFlags::SLEEPABLE),
    SecDef::new("kretprobe+", ProgType::KPROBE, None, SecFlags::NONE),
    SecDef::new("uretprobe+", ProgType::KPROBE, None, SecFlags::NONE),
    SecDef::new("uretprobe.s+", ProgType::KPROBE, None, SecFlags::SLEEPABLE),
    SecDef::new("kprobe.multi+", ProgType::KPROBE, Some(AttachType::TRACE_KPROBE_MULTI), SecFlags::NONE),
    SecDef::new("kretprobe.multi+", ProgType::KPROBE, Some(AttachType::TRACE_KPROBE_MULTI), SecFlags::NONE),
    SecDef::new("kprobe.session+", ProgType::KPROBE, Some(AttachType::TRACE_KPROBE_SESSION), SecFlags::NONE),
    SecDef::new("uprobe.multi+", ProgType::KPROBE, Some(AttachType::TRACE_UPROBE_MULTI), SecFlags::NONE),
    SecDef::new("uretprobe.multi+", ProgType::KPROBE, Some(AttachType::TRACE_UPROBE_MULTI), SecFlags::NONE),
    SecDef::new("uprobe.session+", ProgType::KPROBE, Some(AttachType::TRACE_UPROBE_SESSION), SecFlags::NONE),
    SecDef::new("uprobe.multi.s+", ProgType::KPROBE, Some(AttachType::TRACE_UPROBE_MULTI), SecFlags::SLEEPABLE),
    SecDef::new("uretprobe.multi.s+", ProgType::KPROBE, Some(AttachType::TRACE_UPROBE_MULTI), SecFlags::SLEEPABLE),
    SecDef::new("uprobe.session.s+", ProgType::KPROBE, Some(AttachType::TRACE_UPROBE_SESSION), SecFlags::SLEEPABLE),
    SecDef::new("ksyscall+", ProgType::KPROBE, None, SecFlags::NONE),
    SecDef::new("kretsyscall+", ProgType::KPROBE, None, SecFlags::NONE),
    SecDef::new("usdt+", ProgType::KPROBE, None, SecFlags::USDT),
    SecDef::new("usdt.s+", ProgType::KPROBE, None, SecFlags::USDT.union(SecFlags::SLEEPABLE)),
    SecDef::new("tc/ingress", ProgType::SCHED_CLS, Some(AttachType::TCX_INGRESS), SecFlags::NONE),
    SecDef::new("tc/egress", ProgType::SCHED_CLS, Some(AttachType::TCX_EGRESS), SecFlags::NONE),
    SecDef::new("tcx/ingress", ProgType::SCHED_CLS, Some(AttachType::TCX_INGRESS), SecFlags::NONE),
    SecDef::new("tcx/egress", ProgType::SCHED_CLS, Some(AttachType::TCX_EGRESS), SecFlags::NONE),
    SecDef::new("tc", ProgType::SCHED_CLS, None, SecFlags::NONE),
    SecDef::new("classifier", ProgType::SCHED_CLS, None, SecFlags::NONE),
    SecDef::new("action", ProgType::SCHED_ACT, None, SecFlags::NONE),
    SecDef::new("netkit/primary", ProgType::SCHED_CLS, Some(AttachType::NETKIT_PRIMARY), SecFlags::NONE),
    SecDef::new("netkit/peer", ProgType::SCHED_CLS, Some(AttachType::NETKIT_PEER), SecFlags::NONE),
    SecDef::new("tracepoint+", ProgType::TRACEPOINT, None, SecFlags::NONE),
    SecDef::new("tp+", ProgType::TRACEPOINT, None, SecFlags::NONE),
    SecDef::new("tracepoint.s+", ProgType::TRACEPOINT, None, SecFlags::SLEEPABLE),
    SecDef::new("tp.s+", ProgType::TRACEPOINT, None, SecFlags::SLEEPABLE),
    SecDef::new("raw_tracepoint+", ProgType::RAW_TRACEPOINT, None, SecFlags::NONE),
    SecDef::new("raw_tp+", ProgType::RAW_TRACEPOINT, None, SecFlags::NONE),
    SecDef::new("raw_tracepoint.s+", ProgType::RAW_TRACEPOINT, None, SecFlags::SLEEPABLE),
    SecDef::new("raw_tp.s+", ProgType::RAW_TRACEPOINT, None, SecFlags::SLEEPABLE),
    SecDef::new("raw_tracepoint.w+", ProgType::RAW_TRACEPOINT_WRITABLE, None, SecFlags::NONE),
    SecDef::new("raw_tp.w+", ProgType::RAW_TRACEPOINT_WRITABLE, None, SecFlags::NONE),
    SecDef::new("tp_btf+", ProgType::TRACING, Some(AttachType::TRACE_RAW_TP), SecFlags::ATTACH_BTF),
    SecDef::new(
        "tp_btf.s+",
        ProgType::TRACING,
        Some(AttachType::TRACE_RAW_TP),
        SecFlags::ATTACH_BTF.union(SecFlags::SLEEPABLE),
    ),
    SecDef::new("fentry+", ProgType::TRACING, Some(AttachType::TRACE_FENTRY), SecFlags::ATTACH_BTF),
    SecDef::new("fmod_ret+", ProgType::TRACING, Some(AttachType::MODIFY_RETURN), SecFlags::ATTACH_BTF),
    SecDef::new("fexit+", ProgType::TRACING, Some(AttachType::TRACE_FEXIT), SecFlags::ATTACH_BTF),
    SecDef::new(
        "fentry.s+",
        ProgType::TRACING,
        Some(AttachType::TRACE_FENTRY),
        SecFlags::ATTACH_BTF.union(SecFlags::SLEEPABLE),
    ),
    SecDef::new(
        "fmod_ret.s+",
        ProgType::TRACING,
        Some(AttachType::MODIFY_RETURN),
        SecFlags::ATTACH_BTF.union(SecFlags::SLEEPABLE),
    ),
    SecDef::new(
        "fexit.s+",
        ProgType::TRACING,
        Some(AttachType::TRACE_FEXIT),
        SecFlags::ATTACH_BTF.union(SecFlags::SLEEPABLE),
    ),
    SecDef::new("fsession+", ProgType::TRACING, Some(AttachType::TRACE_FSESSION), SecFlags::ATTACH_BTF),
    SecDef::new(
        "fsession.s+",
        ProgType::TRACING,
        Some(AttachType::TRACE_FSESSION),
        SecFlags::ATTACH_BTF.union(SecFlags::SLEEPABLE),
    ),
    SecDef::new("fsession.multi+", ProgType::TRACING, Some(AttachType::TRACE_FSESSION_MULTI), SecFlags::NONE),
    SecDef::new("fsession.multi.s+", ProgType::TRACING, Some(AttachType::TRACE_FSESSION_MULTI), SecFlags::SLEEPABLE),
    SecDef::new("fentry.multi+", ProgType::TRACING, Some(AttachType::TRACE_FENTRY_MULTI), SecFlags::NONE),
    SecDef::new("fexit.multi+", ProgType::TRACING, Some(AttachType::TRACE_FEXIT_MULTI), SecFlags::NONE),
    SecDef::new("fentry.multi.s+", ProgType::TRACING, Some(AttachType::TRACE_FENTRY_MULTI), SecFlags::SLEEPABLE),
    SecDef::new("fexit.multi.s+", ProgType::TRACING, Some(AttachType::TRACE_FEXIT_MULTI), SecFlags::SLEEPABLE),
    SecDef::new("freplace+", ProgType::EXT, None, SecFlags::ATTACH_BTF),
    SecDef::new("lsm+", ProgType::LSM, Some(AttachType::LSM_MAC), SecFlags::ATTACH_BTF),
    SecDef::new("lsm.s+", ProgType::LSM, Some(AttachType::LSM_MAC), SecFlags::ATTACH_BTF.union(SecFlags::SLEEPABLE)),
    SecDef::new("lsm_cgroup+", ProgType::LSM, Some(AttachType::LSM_CGROUP), SecFlags::ATTACH_BTF),
    SecDef::new("iter+", ProgType::TRACING, Some(AttachType::TRACE_ITER), SecFlags::ATTACH_BTF),
    SecDef::new(
        "iter.s+",
        ProgType::TRACING,
        Some(AttachType::TRACE_ITER),
        SecFlags::ATTACH_BTF.union(SecFlags::SLEEPABLE),
    ),
    SecDef::new("syscall", ProgType::SYSCALL, None, SecFlags::SLEEPABLE),
    SecDef::new("xdp.frags/devmap", ProgType::XDP, Some(AttachType::XDP_DEVMAP), SecFlags::XDP_FRAGS),
    SecDef::new("xdp/devmap", ProgType::XDP, Some(AttachType::XDP_DEVMAP), SecFlags::ATTACHABLE),
    SecDef::new("xdp.frags/cpumap", ProgType::XDP, Some(AttachType::XDP_CPUMAP), SecFlags::XDP_FRAGS),
    SecDef::new("xdp/cpumap", ProgType::XDP, Some(AttachType::XDP_CPUMAP), SecFlags::ATTACHABLE),
    SecDef::new("xdp.frags", ProgType::XDP, Some(AttachType::XDP), SecFlags::XDP_FRAGS),
    SecDef::new("xdp", ProgType::XDP, Some(AttachType::XDP), SecFlags::ATTACHABLE_OPT),
    SecDef::new("perf_event", ProgType::PERF_EVENT, None, SecFlags::NONE),
    SecDef::new("lwt_in", ProgType::LWT_IN, None, SecFlags::NONE),
    SecDef::new("lwt_out", ProgType::LWT_OUT, None, SecFlags::NONE),
    SecDef::new("lwt_xmit", ProgType::LWT_XMIT, None, SecFlags::NONE),
    SecDef::new("lwt_seg6local", ProgType::LWT_SEG6LOCAL, None, SecFlags::NONE),
    SecDef::new("sockops", ProgType::SOCK_OPS, Some(AttachType::CGROUP_SOCK_OPS), SecFlags::ATTACHABLE_OPT),
    SecDef::new(
        "sk_skb/stream_parser",
        ProgType::SK_SKB,
        Some(AttachType::SK_SKB_STREAM_PARSER),
        SecFlags::ATTACHABLE_OPT,
    ),
    SecDef::new(
        "sk_skb/stream_verdict",
        ProgType::SK_SKB,
        Some(AttachType::SK_SKB_STREAM_VERDICT),
        SecFlags::ATTACHABLE_OPT,
    ),
    SecDef::new("sk_skb/verdict", ProgType::SK_SKB, Some(AttachType::SK_SKB_VERDICT), SecFlags::ATTACHABLE_OPT),
    SecDef::new("sk_skb", ProgType::SK_SKB, None, SecFlags::NONE),
    SecDef::new("sk_msg", ProgType::SK_MSG, Some(AttachType::SK_MSG_VERDICT), SecFlags::ATTACHABLE_OPT),
    SecDef::new("lirc_mode2", ProgType::LIRC_MODE2, Some(AttachType::LIRC_MODE2), SecFlags::ATTACHABLE_OPT),
    SecDef::new("flow_dissector", ProgType::FLOW_DISSECTOR, Some(AttachType::FLOW_DISSECTOR), SecFlags::ATTACHABLE_OPT),
    SecDef::new(
        "cgroup_skb/ingress",
        ProgType::CGROUP_SKB,
        Some(AttachType::CGROUP_INET_INGRESS),
        SecFlags::ATTACHABLE_OPT,
    ),
    SecDef::new(
        "cgroup_skb/egress",
        ProgType::CGROUP_SKB,
        Some(AttachType::CGROUP_INET_EGRESS),
        SecFlags::ATTACHABLE_OPT,
    ),
    SecDef::new("cgroup/skb", ProgType::CGROUP_SKB, None, SecFlags::NONE),
    SecDef::new(
        "cgroup/sock_create",
        ProgType::CGROUP_SOCK,
        Some(AttachType::CGROUP_INET_SOCK_CREATE),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/sock_release",
        ProgType::CGROUP_SOCK,
        Some(AttachType::CGROUP_INET_SOCK_RELEASE),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/sock",
        ProgType::CGROUP_SOCK,
        Some(AttachType::CGROUP_INET_SOCK_CREATE),
        SecFlags::ATTACHABLE_OPT,
    ),
    SecDef::new(
        "cgroup/post_bind4",
        ProgType::CGROUP_SOCK,
        Some(AttachType::CGROUP_INET4_POST_BIND),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/post_bind6",
        ProgType::CGROUP_SOCK,
        Some(AttachType::CGROUP_INET6_POST_BIND),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new("cgroup/bind4", ProgType::CGROUP_SOCK_ADDR, Some(AttachType::CGROUP_INET4_BIND), SecFlags::ATTACHABLE),
    SecDef::new("cgroup/bind6", ProgType::CGROUP_SOCK_ADDR, Some(AttachType::CGROUP_INET6_BIND), SecFlags::ATTACHABLE),
    SecDef::new(
        "cgroup/connect4",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_INET4_CONNECT),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/connect6",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_INET6_CONNECT),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/connect_unix",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UNIX_CONNECT),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/sendmsg4",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UDP4_SENDMSG),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/sendmsg6",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UDP6_SENDMSG),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/sendmsg_unix",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UNIX_SENDMSG),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/recvmsg4",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UDP4_RECVMSG),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/recvmsg6",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UDP6_RECVMSG),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/recvmsg_unix",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UNIX_RECVMSG),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/getpeername4",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_INET4_GETPEERNAME),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/getpeername6",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_INET6_GETPEERNAME),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/getpeername_unix",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UNIX_GETPEERNAME),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/getsockname4",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_INET4_GETSOCKNAME),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/getsockname6",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_INET6_GETSOCKNAME),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/getsockname_unix",
        ProgType::CGROUP_SOCK_ADDR,
        Some(AttachType::CGROUP_UNIX_GETSOCKNAME),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new("cgroup/sysctl", ProgType::CGROUP_SYSCTL, Some(AttachType::CGROUP_SYSCTL), SecFlags::ATTACHABLE),
    SecDef::new(
        "cgroup/getsockopt",
        ProgType::CGROUP_SOCKOPT,
        Some(AttachType::CGROUP_GETSOCKOPT),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new(
        "cgroup/setsockopt",
        ProgType::CGROUP_SOCKOPT,
        Some(AttachType::CGROUP_SETSOCKOPT),
        SecFlags::ATTACHABLE,
    ),
    SecDef::new("cgroup/dev", ProgType::CGROUP_DEVICE, Some(AttachType::CGROUP_DEVICE), SecFlags::ATTACHABLE_OPT),
    SecDef::new("struct_ops+", ProgType::STRUCT_OPS, None, SecFlags::NONE),
    SecDef::new("struct_ops.s+", ProgType::STRUCT_OPS, None, SecFlags::SLEEPABLE),
    SecDef::new("sk_lookup", ProgType::SK_LOOKUP, Some(AttachType::SK_LOOKUP), SecFlags::ATTACHABLE),
    SecDef::new("netfilter", ProgType::NETFILTER, Some(AttachType::NETFILTER), SecFlags::NONE),
];

/// What a code section's name means for its programs.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgSection<'data> {
    /// The section name without the leading `?`.
    pub name: &'data str,
    /// Whether libbpf loads the programs by default (no leading `?`).
    pub autoload: bool,
    /// The matching row of libbpf's table, if any.
    pub def: Option<&'static SecDef>,
    /// The attach target: the text after the first `/` for `type+`
    /// patterns (`kprobe/do_unlinkat` → `do_unlinkat`), `None` otherwise.
    pub attach_target: Option<&'data str>,
}

impl<'data> ProgSection<'data> {
    /// The program type (`UNSPEC` for unknown names).
    pub fn prog_type(&self) -> ProgType {
        self.def.map_or(ProgType::UNSPEC, |d| d.prog_type)
    }
    /// The expected attach type (`None` when libbpf sets none).
    pub fn expected_attach_type(&self) -> Option<AttachType> {
        self.def.and_then(|d| d.expected_attach_type)
    }
    /// The program load flags (`BPF_F_SLEEPABLE`, `BPF_F_XDP_HAS_FRAGS`).
    pub fn prog_flags(&self) -> u32 {
        self.def.map_or(0, |d| d.prog_flags())
    }
}

/// Finds libbpf's section definition for a section name, the way
/// `find_sec_def` does (a leading `?` is stripped first, as in
/// `bpf_object__init_prog`).
pub fn find_sec_def(section_name: &str) -> ProgSection<'_> {
    let (name, autoload) = match section_name.strip_prefix('?') {
        Some(rest) => (rest, false),
        None => (section_name, true),
    };
    let def = SECTION_DEFS.iter().find(|d| d.matches(name));
    let attach_target = match def {
        Some(d) if d.pattern.ends_with('+') => name.split_once('/').map(|(_, t)| t),
        _ => None,
    };
    ProgSection { name, autoload, def, attach_target }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_rules() {
        let k = find_sec_def("kprobe/do_unlinkat");
        assert_eq!(k.prog_type(), ProgType::KPROBE);
        assert_eq!(k.attach_target, Some("do_unlinkat"));
        // `kprobe+` must not match `kprobex`.
        assert!(find_sec_def("kprobex").def.is_none());
        // `kprobe.multi+` comes after `kprobe+` but `kprobe+` needs '/' or end.
        let m = find_sec_def("kprobe.multi/tcp_*");
        assert_eq!(m.expected_attach_type(), Some(AttachType::TRACE_KPROBE_MULTI));
        assert_eq!(m.attach_target, Some("tcp_*"));
        let s = find_sec_def("fentry.s/do_sys_openat2");
        assert_eq!(s.prog_type(), ProgType::TRACING);
        assert_eq!(s.prog_flags(), BPF_F_SLEEPABLE);
        let x = find_sec_def("xdp.frags");
        assert_eq!(x.prog_flags(), BPF_F_XDP_HAS_FRAGS);
        assert_eq!(x.attach_target, None);
        // exact patterns: "xdp" does not match "xdp/foo"
        assert!(find_sec_def("xdp/foo").def.is_none());
        assert!(find_sec_def("xdp/devmap").def.is_some());
        let q = find_sec_def("?tc");
        assert!(!q.autoload);
        assert_eq!(q.prog_type(), ProgType::SCHED_CLS);
        assert_eq!(q.expected_attach_type(), None);
        let cg = find_sec_def("cgroup_skb/ingress");
        assert_eq!(cg.expected_attach_type(), Some(AttachType::CGROUP_INET_INGRESS));
        let u = find_sec_def("usdt/./app:provider:probe");
        assert_eq!(u.attach_target, Some("./app:provider:probe"));
        assert!(u.def.unwrap().flags.contains(SecFlags::USDT));
    }

    #[test]
    fn names() {
        assert_eq!(ProgType::SCHED_CLS.to_string(), "sched_cls");
        assert_eq!(ProgType(999).to_string(), "999");
        assert_eq!(AttachType::TRACE_FENTRY.name(), Some("trace_fentry"));
        assert_eq!(MapType::RINGBUF.name(), Some("ringbuf"));
        assert_eq!(MapType::CGROUP_STORAGE, MapType(19));
    }
}

/* Many section names, subprograms (static and global), callbacks. */
#include "common.h"

static __attribute__((noinline)) int leaf(int x)
{
	return x * 3 + 1;
}

static __attribute__((noinline)) int middle(int x)
{
	return leaf(x) + leaf(x + 1);
}

__attribute__((noinline)) int global_helper(int x)
{
	return middle(x) ^ 0x55;
}

static int loop_cb(__u32 idx, void *ctx)
{
	*(int *)ctx += leaf(idx);
	return 0;
}

int sink;

SEC("kprobe/do_unlinkat")
int kp(void *ctx) { sink = middle(1); return 0; }

SEC("kretprobe/do_unlinkat")
int krp(void *ctx) { sink = global_helper(2); return 0; }

SEC("uprobe//usr/lib/libc.so.6:malloc")
int up(void *ctx) { return 0; }

SEC("uretprobe.s")
int urp_s(void *ctx) { return 0; }

SEC("uprobe.multi//usr/bin/bash:readline*")
int upm(void *ctx) { return 0; }

SEC("kprobe.multi/tcp_*")
int kpm(void *ctx) { return 0; }

SEC("ksyscall/openat")
int ksc(void *ctx) { return 0; }

SEC("usdt/./app:provider:probe")
int usdt_probe(void *ctx) { return 0; }

SEC("tp/syscalls/sys_enter_openat")
int tp(void *ctx) { int n = 0; bpf_loop(4, loop_cb, &n, 0); sink = n; return 0; }

SEC("tracepoint/sched/sched_process_exec")
int tracepoint_long(void *ctx) { return leaf(5); }

SEC("raw_tp/sys_enter")
int raw_tp(void *ctx) { return 0; }

SEC("raw_tracepoint.w/bpf_test_finish")
int raw_tp_w(void *ctx) { return 0; }

SEC("tp_btf/sched_wakeup")
int tp_btf(void *ctx) { return 0; }

SEC("fentry/do_unlinkat")
int fentry_prog(void *ctx) { return 0; }

SEC("fentry.s/do_sys_openat2")
int fentry_s(void *ctx) { return 0; }

SEC("fexit/do_unlinkat")
int fexit_prog(void *ctx) { return 0; }

SEC("fmod_ret/bpf_modify_return_test")
int fmod_ret_prog(void *ctx) { return 0; }

SEC("freplace/handler")
int freplace_prog(void *ctx) { return 0; }

SEC("lsm/file_open")
int lsm_prog(void *ctx) { return 0; }

SEC("lsm.s/bprm_committed_creds")
int lsm_s(void *ctx) { return 0; }

SEC("lsm_cgroup/socket_bind")
int lsm_cg(void *ctx) { return 1; }

SEC("iter/task")
int iter_task(void *ctx) { return 0; }

SEC("syscall")
int sys_prog(void *ctx) { return 0; }

SEC("xdp")
int xdp_prog(struct xdp_md *ctx) { return XDP_PASS; }

SEC("xdp.frags")
int xdp_frags(struct xdp_md *ctx) { return XDP_PASS; }

SEC("xdp/devmap")
int xdp_devmap(struct xdp_md *ctx) { return XDP_PASS; }

SEC("tc")
int tc_prog(struct __sk_buff *skb) { return global_helper(skb->len); }

SEC("tcx/ingress")
int tcx_in(struct __sk_buff *skb) { return 0; }

SEC("tc/egress")
int tc_eg(struct __sk_buff *skb) { return 0; }

SEC("?tc")
int tc_optional(struct __sk_buff *skb) { return 0; }

SEC("netkit/primary")
int nk(struct __sk_buff *skb) { return 0; }

SEC("cgroup_skb/ingress")
int cg_skb_in(struct __sk_buff *skb) { return 1; }

SEC("cgroup/skb")
int cg_skb(struct __sk_buff *skb) { return 1; }

SEC("cgroup/connect4")
int cg_connect4(struct bpf_sock_addr *ctx) { return 1; }

SEC("cgroup/sock_create")
int cg_sock_create(struct bpf_sock *ctx) { return 1; }

SEC("cgroup/sysctl")
int cg_sysctl(struct bpf_sysctl *ctx) { return 1; }

SEC("cgroup/getsockopt")
int cg_getsockopt(struct bpf_sockopt *ctx) { return 1; }

SEC("cgroup/dev")
int cg_dev(struct bpf_cgroup_dev_ctx *ctx) { return 1; }

SEC("sockops")
int sockops_prog(struct bpf_sock_ops *ctx) { return 1; }

SEC("sk_skb/stream_parser")
int sk_parser(struct __sk_buff *skb) { return skb->len; }

SEC("sk_skb/stream_verdict")
int sk_verdict(struct __sk_buff *skb) { return SK_PASS; }

SEC("sk_msg")
int sk_msg_prog(struct sk_msg_md *msg) { return SK_PASS; }

SEC("sk_lookup")
int sk_lookup_prog(struct bpf_sk_lookup *ctx) { return SK_PASS; }

SEC("sk_reuseport/migrate")
int reuseport_migrate(struct sk_reuseport_md *ctx) { return SK_PASS; }

SEC("flow_dissector")
int flow(struct __sk_buff *skb) { return 0; }

SEC("socket")
int sock_filter(struct __sk_buff *skb) { return 0; }

SEC("perf_event")
int perf(void *ctx) { return 0; }

SEC("lwt_xmit")
int lwt(struct __sk_buff *skb) { return 0; }

SEC("lirc_mode2")
int lirc(unsigned int *sample) { return 0; }

SEC("netfilter")
int nf(void *ctx) { return 1; }

SEC("custom/unknown_section")
int unknown(void *ctx) { return 0; }

/* Two programs sharing one section. */
SEC("kprobe/vfs_read")
int shared_a(void *ctx) { return middle(7); }

SEC("kprobe/vfs_read")
int shared_b(void *ctx) { return leaf(8); }

char LICENSE[] SEC("license") = "GPL";

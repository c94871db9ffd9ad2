/* Rejected: the same tcp_congestion_ops with a member 6.18's has not got,
 * set to a program (libbpf cannot place it in the kernel's struct). */
#include "common.h"

struct sock;
struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	__u32 (*bpfkit_no_such_op)(struct sock *sk);
	char name[16];
} PAI;

SEC("struct_ops/ssthresh")
__u32 cc_ssthresh(__u64 *ctx)
{
	return 2;
}

SEC("struct_ops/cong_avoid")
void cc_cong_avoid(__u64 *ctx)
{
}

SEC("struct_ops/undo_cwnd")
__u32 cc_undo_cwnd(__u64 *ctx)
{
	return 2;
}

SEC("struct_ops/bpfkit_no_such_op")
__u32 cc_no_such_op(__u64 *ctx)
{
	return 2;
}

SEC(".struct_ops")
struct tcp_congestion_ops bpfkit_cc = {
	.ssthresh = (void *)cc_ssthresh,
	.cong_avoid = (void *)cc_cong_avoid,
	.undo_cwnd = (void *)cc_undo_cwnd,
	.bpfkit_no_such_op = (void *)cc_no_such_op,
	.name = "bpfkit_cc",
};

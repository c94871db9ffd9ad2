/* Loads: a minimal tcp_congestion_ops (the three members the kernel
 * requires). struct_ops needs one program per member: three programs,
 * one object-level verdict. */
#include "common.h"

struct sock;
struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
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

SEC(".struct_ops")
struct tcp_congestion_ops bpfkit_cc = {
	.ssthresh = (void *)cc_ssthresh,
	.cong_avoid = (void *)cc_cong_avoid,
	.undo_cwnd = (void *)cc_undo_cwnd,
	.name = "bpfkit_cc",
};

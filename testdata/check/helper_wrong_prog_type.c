/* Rejected: bpf_skb_store_bytes (helper 9) is for skb programs; a tp_btf
 * program may not call it (the per-type helper lists are kernel code, not
 * BTF). */
#include "common.h"

static long (*bpf_skb_store_bytes)(void *skb, __u32 offset, const void *from, __u32 len, __u64 flags) = (void *)9;

SEC("tp_btf/sched_switch")
int helper_wrong_prog_type(__u64 *ctx)
{
	char b = 0;

	sink(bpf_skb_store_bytes(ctx, 0, &b, 1, 0));
	return 0;
}

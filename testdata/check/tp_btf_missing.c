/* Rejected: a BTF tracepoint 6.18 does not have. */
#include "common.h"

SEC("tp_btf/bpfkit_no_such_tracepoint")
int tp_btf_missing(__u64 *ctx)
{
	sink(ctx[0]);
	return 0;
}

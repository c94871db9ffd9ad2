/* Rejected: an iterator target 6.18 does not have. */
#include "common.h"

SEC("iter/bpfkit_no_such_iter")
int iter_missing(__u64 *ctx)
{
	return 0;
}

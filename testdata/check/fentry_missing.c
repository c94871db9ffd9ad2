/* Rejected: fentry on a function 6.18 does not have. */
#include "common.h"

SEC("fentry/bpfkit_no_such_function")
int fentry_missing(__u64 *ctx)
{
	sink(ctx[0]);
	return 0;
}

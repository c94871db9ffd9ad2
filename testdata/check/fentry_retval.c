/* Rejected: ctx[4] of vfs_read is its return value, which fentry has not got. */
#include "common.h"

SEC("fentry/vfs_read")
int fentry_retval(__u64 *ctx)
{
	sink(ctx[4]);
	return 0;
}

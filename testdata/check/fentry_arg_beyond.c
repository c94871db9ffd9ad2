/* Rejected: vfs_read has 4 arguments; this reads a 7th. */
#include "common.h"

SEC("fentry/vfs_read")
int fentry_arg_beyond(__u64 *ctx)
{
	sink(ctx[6]);
	return 0;
}

/* Loads: fentry on vfs_read(file, buf, count, pos), reading 'count'. */
#include "common.h"

SEC("fentry/vfs_read")
int fentry_present(__u64 *ctx)
{
	sink(ctx[2]);
	return 0;
}

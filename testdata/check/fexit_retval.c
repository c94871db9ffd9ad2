/* Loads: fexit on vfs_read reads its return value, ctx[4]. */
#include "common.h"

SEC("fexit/vfs_read")
int fexit_retval(__u64 *ctx)
{
	sink(ctx[4]);
	return 0;
}

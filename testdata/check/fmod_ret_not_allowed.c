/* Rejected: vfs_read is neither error-injectable nor a security_ hook, so
 * fmod_ret may not attach to it. */
#include "common.h"

SEC("fmod_ret/vfs_read")
int fmod_ret_not_allowed(__u64 *ctx)
{
	return 0;
}

/* Loads: fmod_ret on bpf_modify_return_test, which the kernel's fmodret
 * set allows. */
#include "common.h"

SEC("fmod_ret/bpf_modify_return_test")
int fmod_ret_allowed(__u64 *ctx)
{
	return 0;
}

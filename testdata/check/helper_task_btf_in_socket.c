/* Loads: bpf_get_current_task_btf looks like a tracing helper, but 6.18
 * offers it to every program type loaded with CAP_PERFMON (it is one of
 * the kernel's base helpers), so a socket filter may call it as root. */
#include "common.h"

SEC("socket")
int helper_task_btf_in_socket(void *skb)
{
	sink((long)bpf_get_current_task_btf());
	return 0;
}

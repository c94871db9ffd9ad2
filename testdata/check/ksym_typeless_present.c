/* Loads: a typeless ksym (a function's address), which libbpf takes from
 * /proc/kallsyms. */
#include "common.h"

extern const void vfs_read __ksym;

SEC("tp_btf/sched_switch")
int ksym_typeless_present(__u64 *ctx)
{
	sink((long)&vfs_read);
	return 0;
}

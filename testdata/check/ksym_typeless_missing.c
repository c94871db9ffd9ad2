/* Rejected: a strong typeless ksym /proc/kallsyms does not have. */
#include "common.h"

extern const void bpfkit_no_such_symbol __ksym;

SEC("tp_btf/sched_switch")
int ksym_typeless_missing(__u64 *ctx)
{
	sink((long)&bpfkit_no_such_symbol);
	return 0;
}

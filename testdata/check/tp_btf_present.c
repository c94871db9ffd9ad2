/* Loads: tp_btf/sched_switch reading 'next' (its third argument). */
#include "common.h"

SEC("tp_btf/sched_switch")
int tp_btf_present(__u64 *ctx)
{
	struct task_struct *next = (struct task_struct *)ctx[2];

	sink(next->pid);
	return 0;
}

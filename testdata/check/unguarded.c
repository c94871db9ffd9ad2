/* Rejected: reads the pre-5.14 'state' (missing on 6.18) with no guard. */
#include "common.h"

SEC("tp_btf/sched_switch")
int unguarded(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

/* Rejected: the poison is in a static subprogram called unconditionally. */
#include "common.h"

static __noinline long old_state(void)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return ((struct task_struct___pre514 *)t)->state;
}

SEC("tp_btf/sched_switch")
int subprog_unguarded_call(__u64 *ctx)
{
	sink(old_state());
	return 0;
}

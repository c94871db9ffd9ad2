/* Loads: a static subprogram returns the exists-result; the caller
 * branches on it (the verifier follows static calls with their values). */
#include "common.h"

static __noinline int has_old_state(struct task_struct *t)
{
	return bpf_core_field_exists(((struct task_struct___pre514 *)t)->state);
}

SEC("tp_btf/sched_switch")
int subprog_returns_guard(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (has_old_state(t))
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

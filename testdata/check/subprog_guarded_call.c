/* Loads: the poison is in a static subprogram the program calls only
 * under the guard. */
#include "common.h"

static __noinline long old_state(void)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return ((struct task_struct___pre514 *)t)->state;
}

SEC("tp_btf/sched_switch")
int subprog_guarded_call(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_field_exists(((struct task_struct___pre514 *)t)->state))
		sink(old_state());
	else
		sink(t->__state);
	return 0;
}

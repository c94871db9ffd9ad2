/* Rejected: a global function is verified on its own, with its argument
 * unknown, so the guard its caller passes in does not protect the
 * poisoned read inside it. */
#include "common.h"

__noinline int read_old_state(int have)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (have)
		return ((struct task_struct___pre514 *)t)->state;
	return 0;
}

SEC("tp_btf/sched_switch")
int global_guard_in_caller(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	sink(read_old_state(bpf_core_field_exists(((struct task_struct___pre514 *)t)->state)));
	return 0;
}

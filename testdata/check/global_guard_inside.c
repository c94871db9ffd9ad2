/* Loads: a global function whose own body guards its poisoned read. */
#include "common.h"

__noinline int read_old_state(int x)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_field_exists(((struct task_struct___pre514 *)t)->state))
		return ((struct task_struct___pre514 *)t)->state + x;
	return x;
}

SEC("tp_btf/sched_switch")
int global_guard_inside(__u64 *ctx)
{
	sink(read_old_state(bpf_get_current_pid_tgid()));
	return 0;
}

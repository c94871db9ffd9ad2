/* Loads: as global_guard_in_caller, but the function is static: the
 * verifier checks it at each call with the caller's (constant) argument. */
#include "common.h"

static __noinline int read_old_state(int have)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (have)
		return ((struct task_struct___pre514 *)t)->state;
	return 0;
}

SEC("tp_btf/sched_switch")
int static_guard_in_caller(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	sink(read_old_state(bpf_core_field_exists(((struct task_struct___pre514 *)t)->state)));
	return 0;
}

/* Loads: a bpf_loop callback with a guarded poisoned read. */
#include "common.h"

static int step(__u32 i, void *data)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_field_exists(((struct task_struct___pre514 *)t)->state))
		sink(((struct task_struct___pre514 *)t)->state);
	else
		sink(t->__state + i);
	return 0;
}

SEC("tp_btf/sched_switch")
int loop_cb_guarded(__u64 *ctx)
{
	bpf_loop(4, step, 0, 0);
	return 0;
}

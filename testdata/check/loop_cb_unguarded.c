/* Rejected: a bpf_loop callback reading the missing field unguarded. */
#include "common.h"

static int step(__u32 i, void *data)
{
	struct task_struct *t = bpf_get_current_task_btf();

	sink(((struct task_struct___pre514 *)t)->state + i);
	return 0;
}

SEC("tp_btf/sched_switch")
int loop_cb_unguarded(__u64 *ctx)
{
	bpf_loop(4, step, 0, 0);
	return 0;
}

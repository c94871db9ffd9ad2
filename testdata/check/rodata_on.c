/* Rejected: the same .rodata switch set to 1 reaches the poisoned read. */
#include "common.h"

const volatile int use_old = 1;

SEC("tp_btf/sched_switch")
int rodata_on(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (use_old)
		sink(((struct task_struct___pre514 *)t)->state);
	else
		sink(t->__state);
	return 0;
}

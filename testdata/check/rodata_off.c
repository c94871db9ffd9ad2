/* Loads: a frozen .rodata switch that is 0 makes the poisoned read dead
 * (the verifier reads read-only map values as constants). */
#include "common.h"

const volatile int use_old = 0;

SEC("tp_btf/sched_switch")
int rodata_off(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (use_old)
		sink(((struct task_struct___pre514 *)t)->state);
	else
		sink(t->__state);
	return 0;
}

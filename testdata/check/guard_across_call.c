/* Loads: the exists-result is computed once, held in a callee-saved
 * register across a helper call, and tested after it. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_across_call(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	long e = bpf_core_field_exists(((struct task_struct___pre514 *)t)->state);
	long r;

	asm volatile("" : "+r"(e)); /* keep it a register value, not a rematerialized constant */
	r = bpf_ktime_get_ns();
	if (e)
		r += ((struct task_struct___pre514 *)t)->state;
	sink(r);
	return 0;
}

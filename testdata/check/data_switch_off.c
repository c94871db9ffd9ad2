/* Rejected: the switch is a writable .data global (not const volatile),
 * 0 at load but not a constant to the verifier, so the poisoned read
 * behind it is reachable. */
#include "common.h"

int use_old SEC(".data") = 0;

SEC("tp_btf/sched_switch")
int data_switch_off(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (use_old)
		sink(((struct task_struct___pre514 *)t)->state);
	else
		sink(t->__state);
	return 0;
}

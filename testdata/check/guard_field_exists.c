/* Loads: the read of the pre-5.14 'state' is poisoned on 6.18 but only
 * reachable when task_struct has no '__state', which it has. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_field_exists(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_field_exists(t->__state))
		sink(t->__state);
	else
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

/* Loads: '__state' is 4 bytes on 6.18, so the 8-byte branch (the old
 * long 'state', poisoned) is dead. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_field_size(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_field_size(t->__state) == 8)
		sink(((struct task_struct___pre514 *)t)->state);
	else
		sink(t->__state);
	return 0;
}

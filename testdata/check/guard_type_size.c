/* Loads: task_struct is far smaller than 1 MiB on 6.18; the poisoned read
 * is behind that size test. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_type_size(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_type_size(struct task_struct) > 1048576)
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

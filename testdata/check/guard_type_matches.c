/* Loads: task_struct___pre514 does not match 6.18's task_struct (no
 * member 'state'), so the poisoned read under the test is dead. Needs
 * BPF_TYPE_MATCHES (clang 15+): built with clang-22 only. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_type_matches(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_type_matches(struct task_struct___pre514))
		sink(((struct task_struct___pre514 *)t)->state);
	else
		sink(t->__state);
	return 0;
}

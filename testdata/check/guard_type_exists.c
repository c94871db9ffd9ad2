/* Loads: a type the kernel never had guards the (poisoned) read of its field. */
#include "common.h"

struct bpfkit_gone { int x; } PAI;

SEC("tp_btf/sched_switch")
int guard_type_exists(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_type_exists(struct bpfkit_gone))
		sink(((struct bpfkit_gone *)t)->x);
	return 0;
}

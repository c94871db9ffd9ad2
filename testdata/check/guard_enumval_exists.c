/* Loads: a bpf_func_id value 6.18 lacks guards a poisoned read. */
#include "common.h"

enum bpf_func_id___check { BPF_FUNC_bpfkit_gone___check = 4000 };

SEC("tp_btf/sched_switch")
int guard_enumval_exists(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_enum_value_exists(enum bpf_func_id___check, BPF_FUNC_bpfkit_gone___check))
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

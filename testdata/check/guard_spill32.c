/* Loads: as guard_spill64 with a 4-byte stack slot. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_spill32(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	volatile int e = bpf_core_field_exists(((struct task_struct___pre514 *)t)->state);

	sink(bpf_ktime_get_ns());
	if (e)
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

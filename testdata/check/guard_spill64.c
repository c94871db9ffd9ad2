/* Loads: the exists-result is stored to the stack (8 bytes) and read back
 * before the test; the verifier tracks the spilled constant. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_spill64(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	volatile long e = bpf_core_field_exists(((struct task_struct___pre514 *)t)->state);

	sink(bpf_ktime_get_ns());
	if (e)
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

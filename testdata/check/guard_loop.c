/* Loads: a bounded loop whose body holds the guarded, poisoned read. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_loop(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 n = bpf_get_current_pid_tgid() & 7;
	long r = 0;

	for (__u32 i = 0; i < n; i++) {
		r += bpf_ktime_get_ns() & 1;
		if (bpf_core_field_exists(((struct task_struct___pre514 *)t)->state))
			r += ((struct task_struct___pre514 *)t)->state;
		else
			r += t->__state;
	}
	sink(r);
	return 0;
}

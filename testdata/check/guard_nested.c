/* Loads: the guard sits two ifs deep, between run-time tests. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_nested(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u64 id = bpf_get_current_pid_tgid();
	long r = 0;

	if ((__u32)id > 100) {
		r += t->pid;
		if (id >> 32 != 7) {
			if (bpf_core_field_exists(((struct task_struct___pre514 *)t)->state))
				r += ((struct task_struct___pre514 *)t)->state;
			else
				r += t->__state;
		}
	}
	sink(r);
	return 0;
}

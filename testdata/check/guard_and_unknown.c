/* Loads: the guard is combined with a value only known at run time
 * (pid > 3 && exists); the poisoned read needs both, so it is dead. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_and_unknown(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 pid = bpf_get_current_pid_tgid();

	if (pid > 3 && bpf_core_field_exists(((struct task_struct___pre514 *)t)->state))
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

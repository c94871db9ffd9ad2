/* Rejected: (pid > 3 || exists) is true for a pid the verifier does not
 * know, so the poisoned read is reachable. */
#include "common.h"

SEC("tp_btf/sched_switch")
int guard_or_unknown(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 pid = bpf_get_current_pid_tgid();

	if (pid > 3 || bpf_core_field_exists(((struct task_struct___pre514 *)t)->state))
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

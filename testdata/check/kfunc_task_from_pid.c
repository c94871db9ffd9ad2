/* Loads: bpf_task_from_pid/bpf_task_release where they are allowed (tp_btf);
 * the counterpart of kfunc_wrong_prog_type. */
#include "common.h"

extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

SEC("tp_btf/sched_switch")
int kfunc_task_from_pid(__u64 *ctx)
{
	struct task_struct *p = bpf_task_from_pid(1);

	if (p)
		bpf_task_release(p);
	return 0;
}

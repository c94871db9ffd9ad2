/* Rejected: bpf_task_acquire exists but takes one argument, not two. */
#include "common.h"

extern struct task_struct *bpf_task_acquire(struct task_struct *p, int extra) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

SEC("tp_btf/sched_switch")
int kfunc_bad_proto(__u64 *ctx)
{
	struct task_struct *p = bpf_task_acquire(bpf_get_current_task_btf(), 1);

	if (p)
		bpf_task_release(p);
	return 0;
}

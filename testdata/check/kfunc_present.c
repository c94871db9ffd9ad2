/* Loads: bpf_task_acquire/bpf_task_release, declared as 6.18 has them. */
#include "common.h"

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

SEC("tp_btf/sched_switch")
int kfunc_present(__u64 *ctx)
{
	struct task_struct *p = bpf_task_acquire(bpf_get_current_task_btf());

	if (p) {
		sink(p->pid);
		bpf_task_release(p);
	}
	return 0;
}

/* Rejected: a weak missing kfunc called unguarded. */
#include "common.h"

extern void bpfkit_no_such_kfunc(struct task_struct *p) __ksym __weak;

SEC("tp_btf/sched_switch")
int kfunc_weak_unguarded(__u64 *ctx)
{
	bpfkit_no_such_kfunc(bpf_get_current_task_btf());
	return 0;
}

/* Rejected: a strong kfunc 6.18 does not have (libbpf cannot resolve it). */
#include "common.h"

extern void bpfkit_no_such_kfunc(struct task_struct *p) __ksym;

SEC("tp_btf/sched_switch")
int kfunc_missing_strong(__u64 *ctx)
{
	bpfkit_no_such_kfunc(bpf_get_current_task_btf());
	return 0;
}

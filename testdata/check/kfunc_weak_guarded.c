/* Loads: a weak missing kfunc, called only if bpf_ksym_exists() says so. */
#include "common.h"

extern void bpfkit_no_such_kfunc(struct task_struct *p) __ksym __weak;

SEC("tp_btf/sched_switch")
int kfunc_weak_guarded(__u64 *ctx)
{
	if (bpf_ksym_exists(bpfkit_no_such_kfunc))
		bpfkit_no_such_kfunc(bpf_get_current_task_btf());
	return 0;
}

/* Loads: bpf_rcu_read_lock/unlock around a read, in a tracing program. */
#include "common.h"

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

SEC("tp_btf/sched_switch")
int kfunc_rcu(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	bpf_rcu_read_lock();
	sink(t->tgid);
	bpf_rcu_read_unlock();
	return 0;
}

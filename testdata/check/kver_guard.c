/* Loads: the pre-5.14 read is poisoned on 6.18 but guarded by
 * LINUX_KERNEL_VERSION, which libbpf puts in the frozen .kconfig map: the
 * verifier reads it as a constant. */
#include "common.h"

extern int LINUX_KERNEL_VERSION __kconfig;

SEC("tp_btf/sched_switch")
int kver_guard(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (LINUX_KERNEL_VERSION < ((5 << 16) + (14 << 8)))
		sink(((struct task_struct___pre514 *)t)->state);
	else
		sink(t->__state);
	return 0;
}

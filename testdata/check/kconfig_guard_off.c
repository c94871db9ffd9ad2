/* Loads: the same poisoned read behind CONFIG_HZ == 1, which does not hold
 * here: dead code to the verifier. */
#include "common.h"

extern int CONFIG_HZ __kconfig;

SEC("tp_btf/sched_switch")
int kconfig_guard_off(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (CONFIG_HZ == 1)
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

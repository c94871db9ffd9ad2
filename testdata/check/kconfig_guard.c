/* Rejected: the poisoned pre-5.14 read sits behind CONFIG_HZ == 250, which
 * holds here (/proc/config.gz): the verifier reads the frozen .kconfig map
 * as a constant and takes the branch. */
#include "common.h"

extern int CONFIG_HZ __kconfig;

SEC("tp_btf/sched_switch")
int kconfig_guard(__u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (CONFIG_HZ == 250)
		sink(((struct task_struct___pre514 *)t)->state);
	return 0;
}

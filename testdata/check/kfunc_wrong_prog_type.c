/* Rejected: bpf_task_from_pid/bpf_task_release exist on 6.18 with these
 * prototypes, but are not registered for socket filters. Which program
 * types may call a kfunc is in the kernel's kfunc id sets, not in BTF. */
#include "common.h"

extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

SEC("socket")
int kfunc_wrong_prog_type(void *skb)
{
	struct task_struct *p = bpf_task_from_pid(1);

	if (p)
		bpf_task_release(p);
	return 0;
}

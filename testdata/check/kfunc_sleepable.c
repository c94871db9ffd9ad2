/* Rejected: bpf_copy_from_user_str is a sleepable kfunc (KF_SLEEPABLE, a
 * flag of the kernel's kfunc set, not in BTF), called from a tp_btf
 * program, which cannot sleep. */
#include "common.h"

extern int bpf_copy_from_user_str(void *dst, __u32 dst__sz, const void *unsafe_ptr__ign, __u64 flags) __ksym;

SEC("tp_btf/sched_switch")
int kfunc_sleepable(__u64 *ctx)
{
	char buf[16];

	bpf_copy_from_user_str(buf, sizeof(buf), (const void *)ctx[0], 0);
	sink(buf[0]);
	return 0;
}

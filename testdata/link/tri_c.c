#include "common.h"

int tri_shared = 7;

int tri_weak(int x)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	return x * 2 + BPF_CORE_READ(t, pid);
}

SEC("raw_tp/sys_enter")
int tri_other(void *ctx)
{
	tri_shared++;
	return 0;
}

#include "common.h"

extern int tri_shared;

__weak int tri_weak(int x)
{
	return x + 1;
}

int tri_func(int x)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	return x + BPF_CORE_READ(t, tgid) + tri_shared;
}

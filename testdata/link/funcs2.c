#include "common.h"

int get_value(int x) { return x + 100; }
__weak int scale(int x) { return x * 3; }
int combine(int a, int b) { return a + b; }
int hidden_helper(int x) { return x - 1; }

static __noinline int helper(struct task_struct *t)
{
	return BPF_CORE_READ(t, real_parent, tgid) + 7;
}

int output2;

SEC("raw_tp/sys_enter")
int handler2(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	output2 = helper(t) + scale(2) + get_value(3);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* funcs1 + funcs2: weak/strong/extern functions, hidden visibility,
 * statics with equal names, CO-RE in subprograms of both files. */
#include "common.h"

/* weak here, strong in funcs2: funcs2's wins */
__weak int get_value(int x) { return x + 1; }
/* strong here, weak in funcs2: this one wins */
int scale(int x) { return x * 2; }
/* defined in funcs2 */
extern int combine(int a, int b);
/* hidden extern: the definition in funcs2 becomes hidden */
extern __hidden int hidden_helper(int x);

static __noinline int helper(struct task_struct *t)
{
	return BPF_CORE_READ(t, pid) ^ 0x5a;
}

int output1;

SEC("tp/syscalls/sys_enter_getpid")
int handler1(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	output1 = combine(get_value(1), scale(helper(t))) + hidden_helper(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

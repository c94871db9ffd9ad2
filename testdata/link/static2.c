#include "common.h"

static volatile int static_var1 = 4;
static volatile const int static_ro = 5;
int var2 = 0;

static __noinline int sub(int x)
{
	return x + static_var1 * static_ro;
}

SEC("raw_tp/sys_enter")
int static_b(void *ctx)
{
	var2 = sub(6);
	return 0;
}

char _license[] SEC("license") = "GPL";
int _version SEC("version") = 1;

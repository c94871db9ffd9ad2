/* static1 + static2 (the kernel's test_static_linked pattern): statics
 * and static subprograms with equal names, .rodata in both, license and
 * version under different symbol names. */
#include "common.h"

static volatile int static_var1 = 2;
static volatile const int static_ro = 3;
int var1 = 0;

static __noinline int sub(int x)
{
	return x * static_var1 + static_ro;
}

SEC("raw_tp/sys_enter")
int static_a(void *ctx)
{
	var1 = sub(5);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
int VERSION SEC("version") = 1;

#include "common.h"

int app_value = 3;
extern int lib_entry(int x);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, long);
	__uint(max_entries, 8);
} app_map SEC(".maps");

int app_func(int x)
{
	return x * app_value;
}

SEC("tp/syscalls/sys_enter_getpid")
int app_main(void *ctx)
{
	app_value = lib_entry(app_value) & 0xff;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

#include "common.h"

int ovr_var = 20;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, long);
	__uint(max_entries, 2);
} ovr_map SEC(".maps");

SEC("raw_tp/sys_enter")
int ovr_b(void *ctx)
{
	int zero = 0;
	long *v = bpf_map_lookup_elem(&ovr_map, &zero);

	if (v)
		*v += ovr_var;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* override1 + override2: a weak variable and a weak map here, strong
 * definitions in override2. libbpf 1.8 leaves the DATASEC entries at the
 * weak copies while the symbols point at the strong ones and cannot open
 * its own output; bpfkit's entries follow the strong definitions. */
#include "common.h"

int before_var = 1;
__weak int ovr_var = 2;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, int);
	__uint(max_entries, 1);
} before_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, long);
	__uint(max_entries, 2);
} ovr_map SEC(".maps") __weak;

SEC("tp/syscalls/sys_enter_getpid")
int ovr_a(void *ctx)
{
	int zero = 0;
	long *v = bpf_map_lookup_elem(&ovr_map, &zero);
	int *b = bpf_map_lookup_elem(&before_map, &zero);

	if (v)
		*v += ovr_var;
	if (b)
		*b += before_var;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

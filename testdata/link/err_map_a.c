/* Refused: map m has max_entries 16 here, 32 in err_map_b's extern. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, int);
	__uint(max_entries, 16);
} m SEC(".maps");

SEC("raw_tp/sys_enter")
int map_a(void *ctx) { int k = 0; return bpf_map_lookup_elem(&m, &k) != 0; }

char LICENSE[] SEC("license") = "GPL";

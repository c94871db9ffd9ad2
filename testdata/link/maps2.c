#include "common.h"

struct my_key { int a; int b; };
typedef struct my_key key_t;

extern struct {
	__type(value, long);
	__uint(max_entries, 16);
	__type(key, key_t);
	__uint(type, BPF_MAP_TYPE_HASH);
} map_shared SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, int);
	__uint(max_entries, 4);
} map_weak SEC(".maps") __weak;

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, int);
	__uint(max_entries, 1);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner);
} outer SEC(".maps") __weak;

SEC("raw_tp/sys_enter")
int maps_b(void *ctx)
{
	key_t k = { 3, 4 };
	long *v;
	int zero = 0, *p;

	v = bpf_map_lookup_elem(&map_shared, &k);
	if (v)
		*v += 1;
	p = bpf_map_lookup_elem(&map_weak, &zero);
	if (p)
		*p += 2;
	if (bpf_map_lookup_elem(&outer, &zero))
		zero++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

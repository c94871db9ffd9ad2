/* maps1 + maps2: a map defined here and declared extern there (attributes
 * in another order, key through a typedef), weak maps defined in both,
 * a weak map-in-map. */
#include "common.h"

struct my_key { int a; int b; };

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct my_key);
	__type(value, long);
	__uint(max_entries, 16);
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

SEC("tp/syscalls/sys_enter_getpid")
int maps_a(void *ctx)
{
	struct my_key k = { 1, 2 };
	long v = 1;
	int zero = 0, *p;

	bpf_map_update_elem(&map_shared, &k, &v, BPF_ANY);
	p = bpf_map_lookup_elem(&map_weak, &zero);
	if (p)
		*p += 1;
	if (bpf_map_lookup_elem(&outer, &zero))
		v++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

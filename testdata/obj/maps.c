/* BTF-defined maps in every definition style libbpf understands. */
#include "common.h"

struct key { __u32 pid; __u32 cpu; };
struct value { __u64 count; char comm[16]; };

/* key/value by type */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct key);
	__type(value, struct value);
} by_type SEC(".maps");

/* key/value by size, flags, numa node */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__uint(key_size, 4);
	__uint(value_size, 64);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(numa_node, 1);
} by_size SEC(".maps");

/* pinned by name */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, __u64);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} pinned SEC(".maps");

/* only type and max_entries */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* map_extra as a plain __uint */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 100);
	__type(value, __u32);
	__uint(map_extra, 3);
} bloom SEC(".maps");

/* map-in-map with an inner definition and initial values */
struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [2] = &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, int);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_HASH);
		__uint(max_entries, 2);
		__type(key, int);
		__type(value, int);
	});
} outer_hash SEC(".maps");

/* prog array with initial programs */
int tail_a(void *ctx);
int tail_b(void *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} jump_table SEC(".maps") = {
	.values = { [1] = (void *)&tail_a, [3] = (void *)&tail_b },
};

SEC("socket")
int tail_a(void *ctx)
{
	return 1;
}

SEC("socket")
int tail_b(void *ctx)
{
	return 2;
}

SEC("xdp")
int use_maps(struct xdp_md *ctx)
{
	struct key k = { .pid = 1, .cpu = 2 };
	struct value *v;
	__u32 idx = 0;
	void *inner;

	v = bpf_map_lookup_elem(&by_type, &k);
	if (v)
		v->count++;
	bpf_map_lookup_elem(&by_size, &idx);
	bpf_map_lookup_elem(&pinned, &k);
	bpf_ringbuf_output(&events, &idx, sizeof(idx), 0);
	bpf_map_push_elem(&bloom, &idx, 0);
	inner = bpf_map_lookup_elem(&outer, &idx);
	if (inner)
		bpf_map_lookup_elem(inner, &idx);
	bpf_map_lookup_elem(&outer_hash, &idx);
	bpf_tail_call(ctx, &jump_table, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";

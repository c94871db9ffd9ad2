/* Features newer than Debian's bpftool 7.1 / libbpf 1.1 understands:
 * map_extra through __ulong, custom .bss.* sections, struct_ops maps in
 * .struct_ops.link with their program slots, and an __arena-free ARENA map. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 100);
	__type(value, __u64);
	__ulong(map_extra, 5);
} bloom64 SEC(".maps");

int extra_bss[16] SEC(".bss.extra");
__u64 data_custom SEC(".data.more") = 99;

SEC("struct_ops/my_init")
int my_init(void *ctx) { extra_bss[1]++; return 0; }

SEC("struct_ops.s/my_release")
int my_release(void *ctx) { data_custom++; return 0; }

struct my_ops {
	int (*init)(void *ctx);
	int (*release)(void *ctx);
	char name[16];
};

SEC(".struct_ops.link")
struct my_ops sample_ops = {
	.init = (void *)my_init,
	.release = (void *)my_release,
	.name = "sample",
};

SEC("uprobe.session")
int sess(void *ctx) { __u32 k = 1; bpf_map_push_elem(&bloom64, &k, 0); return 0; }

char LICENSE[] SEC("license") = "GPL";

/* jt1 + jt2 (clang 22 only: -mcpu=v4 -mllvm -bpf-min-jump-table-entries=4):
 * switch statements compiled to gotox jump tables; both files have a
 * global BPF.JT.0.0 in .jumptables, which the linker copies as is. */
#include "common.h"

int jt_out[16];

static __noinline int dispatch1(int x)
{
	switch (x) {
	case 0: jt_out[1]++; break;
	case 1: jt_out[3] += 5; break;
	case 2: jt_out[2] = bpf_get_prandom_u32(); break;
	case 3: jt_out[7] ^= 9; break;
	case 4: jt_out[5] = jt_out[6] * 3; break;
	case 5: jt_out[8] = bpf_ktime_get_ns(); break;
	}
	return jt_out[0];
}

SEC("raw_tp/sys_enter")
int jt_a(void *ctx)
{
	return dispatch1(bpf_get_smp_processor_id() & 7);
}

char LICENSE[] SEC("license") = "GPL";

#include "common.h"

extern int jt_out[16];

static __noinline int dispatch2(int x)
{
	switch (x) {
	case 0: jt_out[9]--; break;
	case 1: jt_out[10] = jt_out[11] + jt_out[12]; break;
	case 2: jt_out[4] = bpf_get_smp_processor_id(); break;
	case 3: jt_out[13] |= 2; break;
	case 4: jt_out[14] = bpf_get_prandom_u32(); break;
	}
	return jt_out[15];
}

SEC("raw_tp/sys_exit")
int jt_b(void *ctx)
{
	return dispatch2(bpf_get_smp_processor_id() & 7);
}

char LICENSE[] SEC("license") = "GPL";

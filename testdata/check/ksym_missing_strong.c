/* Rejected: a strong typed ksym 6.18 does not have. */
#include "common.h"

struct rq { int cpu; } PAI;
extern const struct rq bpfkit_no_such_runqueues __ksym;

SEC("tp_btf/sched_switch")
int ksym_missing_strong(__u64 *ctx)
{
	const struct rq *rq = bpf_per_cpu_ptr(&bpfkit_no_such_runqueues, 0);

	if (rq)
		sink(rq->cpu);
	return 0;
}

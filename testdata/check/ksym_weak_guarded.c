/* Loads: a weak missing typed ksym, used only if bpf_ksym_exists() says so. */
#include "common.h"

struct rq { int cpu; } PAI;
extern const struct rq bpfkit_no_such_runqueues __ksym __weak;

SEC("tp_btf/sched_switch")
int ksym_weak_guarded(__u64 *ctx)
{
	if (bpf_ksym_exists(bpfkit_no_such_runqueues)) {
		const struct rq *rq = bpf_per_cpu_ptr(&bpfkit_no_such_runqueues, 0);

		if (rq)
			sink(rq->cpu);
	}
	return 0;
}

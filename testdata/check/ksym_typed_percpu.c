/* The typed per-CPU ksym 'runqueues' (struct rq) through bpf_per_cpu_ptr: its
 * VAR is in 6.18's BTF, but the verifier needs its address from kallsyms,
 * which has no data symbols without CONFIG_KALLSYMS_ALL. */
#include "common.h"

struct rq { int cpu; } PAI;
extern const struct rq runqueues __ksym;

SEC("tp_btf/sched_switch")
int ksym_typed_percpu(__u64 *ctx)
{
	const struct rq *rq = bpf_per_cpu_ptr(&runqueues, 0);

	if (rq)
		sink(rq->cpu);
	return 0;
}

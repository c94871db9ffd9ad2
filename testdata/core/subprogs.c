/* Relocations inside subprograms called from several entry programs, a
 * callback, and a global subprogram no entry program calls. */
#include "common.h"

struct node { int id; int weight; struct node *next; } PAI;

static __noinline int leaf(struct node *n)
{
	return BPF_CORE_READ(n, weight) + bpf_core_field_size(n->weight);
}

static __noinline int middle(struct node *n)
{
	return leaf(n) + BPF_CORE_READ(n, next, id);
}

static long cb(__u32 idx, void *ctx)
{
	struct node *n = ctx;

	return BPF_CORE_READ(n, id) > (int)idx;
}

__noinline int lonely(struct node *n)
{
	return BPF_CORE_READ(n, next, weight);
}

SEC("raw_tp/one")
int one(void *ctx)
{
	struct node *n = ctx;

	return middle(n) + BPF_CORE_READ(n, id);
}

SEC("raw_tp/two")
int two(void *ctx)
{
	struct node *n = ctx;

	bpf_loop(4, cb, n, 0);
	return leaf(n) + middle(n);
}

char LICENSE[] SEC("license") = "GPL";

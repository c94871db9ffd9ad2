/* Ambiguous candidates: two target flavors that disagree on a field's
 * offset (libbpf: field offset ambiguity), and that agree. */
#include "common.h"

struct amb { int a; int b; } PAI;
struct agree { int a; int b; } PAI;

SEC("raw_tp/agree")
int agree(void *ctx)
{
	struct agree *s = ctx;

	sink(BPF_CORE_READ(s, b));
	return 0;
}

SEC("raw_tp/amb")
int amb(void *ctx)
{
	struct amb *s = ctx;

	sink(BPF_CORE_READ(s, b));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

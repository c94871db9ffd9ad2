/* Bitfields of every shape, read with the probed (bpf_probe_read_kernel)
 * and the direct macros: every field relocation kind on bitfields. */
#include "common.h"

struct bits {
	unsigned int a : 1;
	unsigned int b : 3;
	int c : 5;
	unsigned long long d : 40;
	unsigned char e : 2;
	short f : 9;
	unsigned int g : 31;
	int h;                 /* plain int: becomes a bitfield in the target */
	long long i : 33;
	unsigned short j : 16; /* full-width bitfield */
	char k : 7;
	unsigned int l : 4;    /* straddles in the target */
} PAI;

#define PROBED(f) r += BPF_CORE_READ_BITFIELD_PROBED(s, f)
#define DIRECT(f) r += BPF_CORE_READ_BITFIELD(s, f)

SEC("raw_tp/bits_probed")
int bits_probed(void *ctx)
{
	struct bits *s = ctx;
	long r = 0;

	PROBED(a); PROBED(b); PROBED(c); PROBED(d); PROBED(e); PROBED(f);
	PROBED(g); PROBED(h); PROBED(i); PROBED(j); PROBED(k); PROBED(l);
	sink(r);
	return 0;
}

SEC("tp_btf/bits_direct")
int bits_direct(struct bits *s)
{
	long r = 0;

	DIRECT(a); DIRECT(c); DIRECT(d); DIRECT(f); DIRECT(i); DIRECT(k); DIRECT(l);
	r += bpf_core_field_exists(s->g);
	sink(r);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

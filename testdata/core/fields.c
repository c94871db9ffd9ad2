/* Field relocations: flavors, named and anonymous (nested) members, arrays,
 * multi-dimensional arrays, flexible arrays, pointer-as-array, direct
 * loads/stores (LDX/ST/STX with memory-size adjustment), missing fields. */
#include "common.h"

struct inner {
	int a;
	int b;
	char name[8];
} PAI;

struct outer {
	int first;
	union {
		int u1;
		long u2;
	};
	struct {
		int deep1;
		struct {
			int deep2;
			int deep3;
		};
	};
	struct inner in;
	struct inner arr[4];
	int matrix[3][5];
	struct inner *ptr;
	unsigned int ucount;
	int scount;
	void *vp;
	int count;
	int flex[];
} PAI;

/* A flavor of the same type, as if for an older kernel. */
struct outer___old {
	long long first;
	int legacy;
} PAI;

/* A type no target has. */
struct outer___gone {
	int nothing;
} PAI;

SEC("raw_tp/fields")
int fields(void *ctx)
{
	struct outer *o = ctx;
	int v = 0;
	char c = 0;
	long r = 0;

	r += BPF_CORE_READ(o, first);
	r += BPF_CORE_READ(o, u2);
	r += BPF_CORE_READ(o, deep3);
	r += BPF_CORE_READ(o, in.b);
	r += BPF_CORE_READ(o, ptr, a);
	bpf_core_read(&c, 1, &o->arr[2].name[3]);
	r += c;
	bpf_core_read(&v, 4, &o->matrix[1][4]);
	r += v;
	bpf_core_read(&v, 4, &o->flex[7]);
	r += v;
	bpf_core_read(&v, 4, &o[1].count);
	r += v;
	r += bpf_core_field_size(o->arr);
	r += bpf_core_field_size(o->arr[1]);
	r += bpf_core_field_size(o->in.name);
	r += bpf_core_field_offset(o->matrix[2]);
	r += bpf_core_field_exists(o->u1);
	r += bpf_core_field_exists(((struct outer___old *)o)->legacy);
	r += bpf_core_field_exists(((struct outer___gone *)o)->nothing);
	if (bpf_core_field_exists(((struct outer___old *)o)->first))
		r += BPF_CORE_READ((struct outer___old *)o, first);
	sink(r);
	return 0;
}

SEC("tp_btf/direct")
int direct(struct outer *o)
{
	long r = 0;

	r += o->ucount; /* unsigned: size may be adjusted */
	r += o->scount; /* signed: size change poisons */
	r += (long)o->vp;
	r += o->arr[1].b;
	o->count = 7;        /* ST */
	o->first = (int)r;   /* STX */
	sink(r);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

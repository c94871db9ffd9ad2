/* Enumerator relocations: 32-bit enums (signed and unsigned), flavors of
 * enumerators, enum64, missing enumerators and enums. */
#include "common.h"

enum color { RED, GREEN = 5, BLUE = 100, NEG = -3 };
enum color___old { RED___old, PURPLE___old = 7 };
enum wide : unsigned int { W_SMALL = 1, W_BIG = 0xfffffff0u };
#if __clang_major__ >= 15
enum big64 : unsigned long long { B_ONE = 1, B_HIGH = 0x100000000ULL, B_MAX = 0xffffffffffffffffULL };
enum sbig64 : long long { S_NEG = -0x100000000LL, S_POS = 0x7fffffffffffffffLL };
#endif
enum gone { GONE_VAL = 42 };

SEC("raw_tp/enums")
int enums(void *ctx)
{
	long r = 0;

	r += bpf_core_enum_value_exists(enum color, GREEN);
	r += bpf_core_enum_value(enum color, GREEN);
	r += bpf_core_enum_value(enum color, BLUE);
	r += bpf_core_enum_value(enum color, NEG);
	r += bpf_core_enum_value_exists(enum color___old, PURPLE___old);
	if (bpf_core_enum_value_exists(enum color___old, PURPLE___old))
		r += bpf_core_enum_value(enum color___old, PURPLE___old);
	r += bpf_core_enum_value(enum wide, W_BIG);
	r += bpf_core_enum_value_exists(enum gone, GONE_VAL);
	if (bpf_core_enum_value_exists(enum gone, GONE_VAL))
		r += bpf_core_enum_value(enum gone, GONE_VAL);
#if __clang_major__ >= 15
	r += bpf_core_enum_value(enum big64, B_HIGH);
	r += bpf_core_enum_value(enum big64, B_MAX);
	r += bpf_core_enum_value_exists(enum big64, B_ONE);
	r += bpf_core_enum_value(enum sbig64, S_NEG);
#endif
	sink(r);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

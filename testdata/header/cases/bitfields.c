// bpfkit-header test case: bitfields, their padding and `type: 0;` breaks.
// Written for bpfkit after the ideas of libbpf's btf_dump_test_case_bitfields.c.

struct plain_bits {
	int a: 2;
	unsigned int b: 3;
	unsigned char c: 1;
	long d: 40;
};

struct bits_with_gaps {
	char c;
	int a: 4;
	int : 4;
	int b: 8;
	short s;
	unsigned long long x: 1;
	unsigned long long : 0;
	unsigned long long y: 2;
};

struct bits_spanning {
	unsigned int a: 31;
	unsigned int b: 31;
	unsigned char c;
	unsigned long long d: 63;
	unsigned long long e: 2;
};

struct bits_then_members {
	unsigned short f1: 3;
	int i;
	unsigned short f2: 7;
	char ch;
};

union bits_union {
	unsigned int a: 5;
	unsigned long b: 50;
	char c;
};

enum small_enum { SE_A, SE_B, SE_C };

struct enum_bits {
	enum small_enum e: 2;
	_Bool flag: 1;
	int tail: 5;
};

struct root_bitfields {
	struct plain_bits a;
	struct bits_with_gaps b;
	struct bits_spanning c;
	struct bits_then_members d;
	union bits_union e;
	struct enum_bits f;
};

int entry(struct root_bitfields *r)
{
	return 0;
}

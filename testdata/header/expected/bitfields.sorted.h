#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

#ifndef __ksym
#define __ksym __attribute__((section(".ksyms")))
#endif

#ifndef __weak
#define __weak __attribute__((weak))
#endif

#ifndef __bpf_fastcall
#if __has_attribute(bpf_fastcall)
#define __bpf_fastcall __attribute__((bpf_fastcall))
#else
#define __bpf_fastcall
#endif
#endif

enum small_enum {
	SE_A = 0,
	SE_B = 1,
	SE_C = 2,
};

struct bits_spanning {
	unsigned int a: 31;
	int: 1;
	unsigned int b: 31;
	unsigned char c;
	unsigned long long d: 63;
	long: 1;
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

struct bits_with_gaps {
	char c;
	int a: 4;
	short: 4;
	int b: 8;
	short s;
	unsigned long long x: 1;
	long: 15;
	unsigned long long y: 2;
};

struct enum_bits {
	enum small_enum e: 2;
	_Bool flag: 1;
	int tail: 5;
};

struct plain_bits {
	int a: 2;
	unsigned int b: 3;
	unsigned char c: 1;
	long d: 40;
};

struct root_bitfields {
	struct plain_bits a;
	struct bits_with_gaps b;
	struct bits_spanning c;
	struct bits_then_members d;
	union bits_union e;
	struct enum_bits f;
};


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

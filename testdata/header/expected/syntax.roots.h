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

typedef int my_int;

struct empty_struct {};

enum big_values {
	SMALL = 7,
	HUGE_U32 = 4294967295,
	ZERO = 0,
};

enum colour {
	RED = 0,
	GREEN = 1,
	BLUE = 2,
};

struct simple {
	int a;
	char b;
	const my_int *cp;
	struct empty_struct nothing;
	enum big_values v;
	enum {
		INLINE_ONE = 1,
		INLINE_TWO = 2,
	} inl;
	int numbers[9];
	enum colour colours[3];
	_Bool flag;
	float f;
	double d;
	long double ld;
	unsigned __int128 wide;
};

struct forward_only;

typedef struct forward_only *forward_only_ptr_t;

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

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

struct aligned_packed {
	char a;
	long b;
	int: 0;
} __attribute__((packed));

struct not_packed {
	int a;
	short b;
	char c;
};

struct packed_misaligned {
	char a;
	int b;
	long c;
} __attribute__((packed));

struct outer_with_packed_member {
	char a;
	struct packed_misaligned p;
	short s;
};

struct packed_but_aligned_anyway {
	int a;
	int b;
};

struct packed_nested {
	char a;
	struct not_packed inner;
} __attribute__((packed));

struct packed_trailing {
	int a;
	char b;
} __attribute__((packed));

union packed_union {
	char c[3];
	int i;
};

struct packed_with_bitfields {
	unsigned char a: 3;
	unsigned int b: 20;
	unsigned long c: 33;
	char d;
};

struct root_packing {
	struct not_packed a;
	struct packed_trailing b;
	struct packed_misaligned c;
	struct packed_but_aligned_anyway d;
	struct packed_nested e;
	int: 0;
	struct outer_with_packed_member f;
	struct packed_with_bitfields g;
	union packed_union h;
	struct aligned_packed i;
} __attribute__((packed));


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

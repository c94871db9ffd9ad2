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

struct big_hole {
	char a;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	char b;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
};

struct char_then_aligned {
	char a;
	long: 64;
	long: 64;
	long: 64;
	long b;
	char c;
	long: 64;
	long: 64;
};

struct forced_long_alignment {
	int a;
	long: 64;
	int b;
	long: 64;
};

struct hole_after_int {
	int a;
	long b;
};

struct long_zero_marker {
	int a;
	long: 0;
	int b;
};

struct nested_aligned {
	char c;
	long: 64;
	struct forced_long_alignment inner;
	short s;
	long: 64;
};

struct no_padding {
	int a;
	int b;
	long c;
};

struct padded_to_16 {
	char c;
	long: 64;
	int i;
	short s;
	long: 64;
};

struct tail_padding {
	long a;
	char b;
	long: 64;
	long: 64;
};

struct zero_len_array {
	int a;
	char rest[0];
};

union union_padding {
	char c;
	long l;
};

struct root_padding {
	struct no_padding a;
	struct hole_after_int b;
	struct forced_long_alignment c;
	struct char_then_aligned d;
	struct tail_padding e;
	struct padded_to_16 f;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
	struct big_hole g;
	struct zero_len_array h;
	struct long_zero_marker i;
	struct nested_aligned j;
	union union_padding k;
	long: 64;
	long: 64;
	long: 64;
	long: 64;
};


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

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

enum byte_enum {
	BE_ZERO = 0,
	BE_MAX = 255,
} __attribute__((mode(byte)));

enum neg_enum {
	NE_MIN = -2147483648,
	NE_MAX = 2147483647,
};

enum short_enum {
	SHE_MIN = -32768,
	SHE_MAX = 32767,
};

enum wide_signed {
	WS_NEG = -1LL,
	WS_BIG = 4294967296LL,
};

enum wide_unsigned {
	WU_LOW = 1ULL,
	WU_HIGH = 9223372036854775808ULL,
};

enum word_enum {
	WE_SMALL = 1ULL,
	WE_OTHER = 2ULL,
} __attribute__((mode(word)));

struct enum_holder {
	enum byte_enum b;
	enum short_enum s;
	enum word_enum w;
	enum wide_unsigned wu;
	enum wide_signed ws;
	enum neg_enum n;
	enum {
		INLINE_BYTE = 3,
	} __attribute__((mode(byte))) inl;
};


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

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

enum {
	TOP_NEG = -5,
	TOP_POS = 5,
};

typedef __builtin_va_list va_list;

struct empty {};

struct only_padding {
	long: 64;
	long: 64;
};

typedef __builtin_va_list __gnuc_va_list;

union opaque;

typedef unsigned char __Poly8_t;

typedef unsigned long long __Poly64_t;

struct specials {
	__Poly8_t p8;
	unsigned char uc;
	__Poly64_t p64;
	double d;
	va_list va;
	__gnuc_va_list gnuc;
	long: 64;
	int __attribute__((address_space(1))) *pa;
	int __attribute__((btf_type_tag("user"))) *pp;
	union opaque *fu;
	int (*vp)(void);
	int (*va_fn)(char *fmt, ...);
	struct empty e;
	struct only_padding o;
};


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

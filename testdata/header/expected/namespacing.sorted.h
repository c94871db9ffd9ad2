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

enum dup {
	DUPVAL = 1,
	OTHER = 2,
};

enum later_enum;

typedef int DUPVAL___2;

struct dup___2 {
	int first;
};

union dup___3 {
	int third;
};

struct dup___4 {
	long second;
};

typedef struct dup___2 dup_t;

typedef struct dup___4 dup_t___2;

struct twice;

struct twice;

struct holder {
	struct dup___2 a;
	struct dup___4 b;
	union dup___3 c;
	enum dup d;
	enum {
		DUPVAL___3 = 3,
	} e;
	DUPVAL___2 f;
	dup_t g;
	dup_t___2 h;
	struct twice *i;
	struct twice *j;
	enum later_enum *k;
};


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

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

typedef enum {
	LEFT = 0,
	MIDDLE = 5,
	RIGHT = 6,
} side_t;

enum big_values {
	SMALL = 7,
	HUGE_U32 = 4294967295,
	ZERO = 0,
};

typedef enum big_values big_values_t;

enum colour {
	RED = 0,
	GREEN = 1,
	BLUE = 2,
};

enum signed_values {
	NEG = -3,
	POS = 3,
};

typedef char *ptr_array_t[7];

typedef int my_int;

typedef volatile const my_int * volatile const cv_ptr_t;

typedef long ****four_stars_t;

typedef const four_stars_t * restrict * volatile * const * restrict volatile const *mixed_mods_t;

typedef struct {
	int lat;
	int lon;
} anon_point_t;

struct empty_struct {};

union empty_union {};

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

union small_union {
	void *ptr;
	int num;
	my_int num2;
	union empty_union none;
};

struct nested {
	struct simple s;
	union small_union u;
	struct {
		int a;
	} named_anon;
	union {
		int b;
		long c;
	} named_anon_union;
	struct {
		int d;
		int e;
	};
	union {
		int f;
		char g;
	};
	long: 64;
};

typedef void (*handler_t)(int);

typedef int (*logger_t)(const char *, ...);

typedef int (*no_args_t)(void);

typedef char * const * (*returns_ptr_t)(struct {
	short a;
}, int (*)(long));

typedef struct {
	int x;
	void (*cb)(long, union {
		char c;
		int many[3];
	});
} (*returns_anon_t)(union {
	void *p;
	char buf[8];
}, struct {
	int q;
});

typedef void (* (*install_t)(int, void (*)(int)))(int);

typedef char * (*callbacks_t[4])(int **);

typedef unsigned char (* (* const nested_t[2])(void))(char * (*)(long));

struct uses_typedefs {
	my_int a;
	cv_ptr_t b;
	four_stars_t c;
	mixed_mods_t d;
	ptr_array_t e;
	handler_t f;
	logger_t g;
	no_args_t h;
	returns_ptr_t i;
	returns_anon_t j;
	install_t k;
	callbacks_t l;
	nested_t m;
};

struct forward_only;

typedef struct forward_only forward_only_t;

typedef struct forward_only *forward_only_ptr_t;

union forward_union;

typedef union forward_union *forward_union_ptr_t;

struct self_referencing {
	int a;
	struct {
		int b;
		struct {
			struct self_referencing *next;
			const char *label;
		} inner;
		union {
			volatile long v;
			void * restrict r;
		};
	};
	union {
		const my_int *h;
		void (*fn)(char, int, void *);
	} j;
	enum {
		K_LOW = 100,
		K_HIGH = 200,
	} k;
	char name[16];
	struct {
		char o;
		int p;
		void (*q)(int);
	} records[3];
	long: 64;
	struct nested n[2];
};

struct root {
	enum colour c;
	big_values_t bv;
	side_t side;
	enum signed_values sv;
	struct uses_typedefs t;
	anon_point_t pt;
	struct forward_only *f1;
	forward_only_t *f2;
	forward_only_ptr_t f3;
	union forward_union *f4;
	forward_union_ptr_t f5;
	long: 64;
	struct self_referencing sr;
};


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

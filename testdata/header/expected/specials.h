typedef __builtin_va_list __gnuc_va_list;

typedef __builtin_va_list va_list;

union opaque;

enum {
	TOP_NEG = -5,
	TOP_POS = 5,
};

struct empty {};

struct only_padding {
	long: 64;
	long: 64;
};

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


/* Target BTF for types.c: sizes changed, some types match, some don't. */
struct tpoint { long x; long y; int z; };
union tunion { int i; };
typedef struct tpoint tpoint_t;
typedef unsigned long tcount_t;
typedef int (*tfn_t)(struct tpoint *p, long n);
typedef struct tpoint tarr_t[8];
enum tenum { TE_B, TE_A, TE_C };
struct tfwd { int q; };
struct twrap { int extra; struct tfwd *f; struct tpoint p; tcount_t n; };

struct holder {
	struct tpoint a;
	union tunion b;
	tpoint_t c;
	tcount_t d;
	tfn_t e;
	tarr_t f;
	enum tenum g;
	struct twrap h;
};

void target_types(struct holder *h) {}

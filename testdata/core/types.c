/* Type-based relocations: exists, size, local and target ids, matches, on
 * structs, unions, typedefs, enums, pointers, arrays and function prototypes. */
#include "common.h"

struct tpoint { int x; int y; };
union tunion { int i; long l; };
typedef struct tpoint tpoint_t;
typedef unsigned int tcount_t;
typedef int (*tfn_t)(struct tpoint *p, long n);
typedef struct tpoint tarr_t[4];
enum tenum { TE_A, TE_B };
struct tfwd;
struct twrap { struct tfwd *f; struct tpoint p; tcount_t n; };
struct tpoint___gone { int z; };
struct tpoint___mismatch { int x; long long y; };

SEC("raw_tp/types")
int types(void *ctx)
{
	long r = 0;

	r += bpf_core_type_exists(struct tpoint);
	r += bpf_core_type_exists(union tunion);
	r += bpf_core_type_exists(tpoint_t);
	r += bpf_core_type_exists(struct tpoint___gone);
	r += bpf_core_type_size(struct tpoint);
	r += bpf_core_type_size(union tunion);
	r += bpf_core_type_size(tcount_t);
	r += bpf_core_type_size(tarr_t);
	r += bpf_core_type_size(enum tenum);
	r += bpf_core_type_id_local(struct tpoint);
	r += bpf_core_type_id_kernel(struct tpoint);
	r += bpf_core_type_id_kernel(tfn_t);
	r += bpf_core_type_id_kernel(struct tpoint___gone);
#if __clang_major__ >= 15
	r += bpf_core_type_matches(struct tpoint);
	r += bpf_core_type_matches(struct tpoint___mismatch);
	r += bpf_core_type_matches(union tunion);
	r += bpf_core_type_matches(tpoint_t);
	r += bpf_core_type_matches(tcount_t);
	r += bpf_core_type_matches(tfn_t);
	r += bpf_core_type_matches(enum tenum);
	r += bpf_core_type_matches(struct twrap);
	r += bpf_core_type_matches(tarr_t);
#endif
	sink(r);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

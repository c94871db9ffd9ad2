/* tri_a + tri_b + tri_c: a three-way link. tri_a calls functions the
 * other two define (a weak one in b overridden by a strong one in c) and
 * reads a variable c defines; tri_b and tri_c have CO-RE reads. */
#include "common.h"

extern int tri_func(int x);
extern int tri_weak(int x);
extern int tri_shared;

SEC("tp/syscalls/sys_enter_getpid")
int tri_main(void *ctx)
{
	tri_shared = tri_func(tri_shared) + tri_weak(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* bpfkit-insn test program for -mcpu=v4 (clang 22): sign-extending loads
 * and moves, signed division, bswap, load-acquire/store-release, gotol,
 * may_goto, callx, arena address-space casts (gotol: see gotol.c). */
#define SEC(n) __attribute__((section(n), used))
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

struct rec {
	s8 a;
	s16 b;
	s32 c;
	s64 d;
	u32 u;
};

SEC("tc/v4")
s64 sext(struct rec *r, s64 x, s32 y)
{
	s64 acc = r->a + r->b + r->c;
	acc += (s8)x + (s16)x + (s32)x;
	acc += (s8)y + (s16)y;
	acc = acc / x + acc % x;
	acc += (s32)y / (s32)r->c + (s32)y % (s32)r->c;
	acc += __builtin_bswap16((u16)x) + __builtin_bswap32((u32)x) + __builtin_bswap64((u64)x);
	return acc;
}

SEC("tc/acqrel")
u64 acqrel(u64 *p64, u32 *p32, u16 *p16, u8 *p8)
{
	u64 v = __atomic_load_n(p64, __ATOMIC_ACQUIRE);
	v += __atomic_load_n(p32, __ATOMIC_ACQUIRE);
	v += __atomic_load_n(p16, __ATOMIC_ACQUIRE);
	v += __atomic_load_n(p8, __ATOMIC_ACQUIRE);
	__atomic_store_n(p64, v, __ATOMIC_RELEASE);
	__atomic_store_n(p32, (u32)v, __ATOMIC_RELEASE);
	__atomic_store_n(p16, (u16)v, __ATOMIC_RELEASE);
	__atomic_store_n(p8, (u8)v, __ATOMIC_RELEASE);
	return v;
}

typedef u64 (*op_fn)(u64);

__attribute__((noinline)) static u64 op_double(u64 x) { return x * 2; }
__attribute__((noinline)) static u64 op_square(u64 x) { return x * x; }

SEC("tc/callx")
u64 indirect(u64 x, int which)
{
	volatile op_fn f = which ? op_double : op_square;
	return f(x) + 1;
}

SEC("tc/may_goto")
int loop_may_goto(u64 *p)
{
	int i = 0;
	while (i < 1000) {
		asm volatile goto("may_goto %l[out]" :::: out);
		p[i & 7] += i;
		i++;
	}
out:
	return i;
}

#define ARENA __attribute__((address_space(1)))
SEC("syscall/arena")
u64 arena(u64 ARENA *ap, u64 *kp)
{
	u64 *k = (u64 *)ap;
	u64 ARENA *back = (u64 ARENA *)kp;
	*back = *k + 1;
	return *k;
}

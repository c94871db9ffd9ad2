/* bpfkit-insn test program for -mcpu=v3 and later: 32-bit jumps and the
 * fetching atomics (fetch_add/or/and/xor, xchg, cmpxchg). */
#define SEC(n) __attribute__((section(n), used))
typedef unsigned int u32;
typedef unsigned long long u64;

u64 shared64;
u32 shared32;

SEC("fentry/atomics")
int atomics(u64 *p, u32 *q, u64 v)
{
	u64 r = 0;
	r += __sync_fetch_and_add(p, v);
	r += __sync_fetch_and_or(p, v);
	r += __sync_fetch_and_and(p, v);
	r += __sync_fetch_and_xor(p, v);
	r += __sync_fetch_and_add(q, (u32)v);
	r += __sync_fetch_and_or(q, (u32)v);
	r += __sync_fetch_and_and(q, (u32)v);
	r += __sync_fetch_and_xor(q, (u32)v);
	__sync_fetch_and_or(&shared64, 4);
	__sync_fetch_and_and(&shared64, 5);
	__sync_fetch_and_xor(&shared32, 6);
	r += __sync_lock_test_and_set(p, v);
	r += __sync_lock_test_and_set(q, (u32)v);
	r += __sync_val_compare_and_swap(p, r, v);
	r += __sync_val_compare_and_swap(q, (u32)r, (u32)v);
	return (int)r;
}

SEC("tp/jmp32")
int jumps32(u32 a, u32 b, int sa, int sb)
{
	int r = 0;
	if (a == 5) r += 1;
	if (a != b) r += 2;
	if (a > b) r += 3;
	if (a >= 100) r += 4;
	if (a < b) r += 5;
	if (a <= 7) r += 6;
	if (sa > sb) r += 7;
	if (sa >= -3) r += 8;
	if (sa < sb) r += 9;
	if (sa <= -100) r += 10;
	if (a & 0x40) r += 11;
	return r;
}

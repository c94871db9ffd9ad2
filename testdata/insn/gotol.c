/* bpfkit-insn test program: a function so large (over 32767 instructions
 * between a branch and its target) that clang-22 -mcpu=v4 must emit gotol. */
#define SEC(n) __attribute__((section(n), used))
#define R2(x) x x
#define R4(x) x x x x
#define R4096(x) R4(R4(R4(R4(R4(R4(x))))))

SEC("tc/gotol")
unsigned long long long_jump(unsigned long long *p, unsigned long long n)
{
	unsigned long long a = p[0];
	if (n > 3) {
		R4096(R4(R2(asm volatile("r1 = r1" ::: "r1");)))
		a += p[1];
	}
	return a;
}

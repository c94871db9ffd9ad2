/* bpfkit-insn test program: compiles for every -mcpu (v1..v4) and with
 * clang 14 for bpfel and bpfeb. No kernel headers needed. */
#define SEC(n) __attribute__((section(n), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

struct {
	__uint(type, 1); /* BPF_MAP_TYPE_HASH */
	__uint(max_entries, 64);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

struct {
	__uint(type, 2); /* BPF_MAP_TYPE_ARRAY */
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, u64);
} table SEC(".maps");

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, u64 flags) = (void *)2;
static u64 (*bpf_ktime_get_ns)(void) = (void *)5;
static long (*bpf_trace_printk)(const char *fmt, u32 fmt_size, ...) = (void *)6;
static u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;

extern int bpf_kfunc_example(int x, u64 y) __attribute__((section(".ksyms")));
extern const int kconfig_value __attribute__((section(".kconfig"), weak));

u64 global_counter = 7;
u32 bss_counter;
const char fmt[] = "pid %d\n";
static volatile u8 small_bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};

struct pkt {
	u8 a;
	u16 b;
	u32 c;
	u64 d;
	s8 sa;
	s16 sb;
	s32 sc;
};

__attribute__((noinline)) static u64 mix(u64 a, u64 b)
{
	return (a ^ (b << 7)) + (a >> 3) - (b * 33) + (a | b) + (a & 0xff00);
}

__attribute__((noinline)) u32 global_helper(u32 x, u32 y)
{
	if (y == 0)
		return x;
	return x / y + x % y;
}

SEC("xdp")
int prog_xdp(struct pkt *p)
{
	u32 key = p->c & 3;
	u64 *v = bpf_map_lookup_elem(&table, &key);
	u64 init = 1;

	if (!v) {
		bpf_map_update_elem(&counts, &key, &init, 0);
		return 1;
	}
	__sync_fetch_and_add(v, 1);
	__sync_fetch_and_add((u32 *)&bss_counter, 3);
	global_counter += *v;
	p->a = (u8)*v;
	p->b = (u16)(*v >> 8);
	p->c = (u32)(*v >> 16);
	p->d = mix(*v, p->d);
	p->sa = -5;
	p->sb = -300;
	p->sc = -70000;
	small_bytes[3] = 0x7f;
	return p->sa + p->sb + p->sc > 0 ? 2 : 3;
}

SEC("tc")
int prog_tc(struct pkt *p)
{
	u64 acc = bpf_ktime_get_ns();
	int i;

	for (i = 0; i < 16; i++) {
		if (acc & (1ULL << i))
			acc += i * 3;
		else if ((s64)acc < -1000)
			acc -= p->d;
		else
			acc ^= global_helper(i, p->c);
	}
	switch (p->a) {
	case 0: acc += 11; break;
	case 1: acc *= 13; break;
	case 2: acc >>= 2; break;
	case 3: acc = (s64)acc >> 5; break;
	case 7: acc = ~acc; break;
	default: acc = -acc; break;
	}
	bpf_trace_printk(fmt, sizeof(fmt), (u32)acc);
	return (int)(acc + bpf_get_current_pid_tgid() + kconfig_value);
}

SEC("kprobe/sys_open")
int prog_kfunc(void *ctx)
{
	u64 big = 0x123456789abcdef0ULL;
	if (ctx)
		return bpf_kfunc_example(3, big) + (s32)0x80000000;
	return (int)(big >> 40);
}

SEC("socket")
int prog_legacy(void *skb)
{
	unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
	unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
	unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");
	u64 off = load_byte(skb, 14) & 0xf;
	return load_half(skb, 12) + load_word(skb, off * 4) + load_byte(skb, 23);
}

char LICENSE[] SEC("license") = "GPL";

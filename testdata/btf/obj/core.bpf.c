// A small BPF program with functions, global data and CO-RE relocations,
// used to test reading .BTF and .BTF.ext from ELF objects. Built by build.sh.
#define SEC(name) __attribute__((section(name), used))
#define __bpf_preserve __attribute__((preserve_access_index))

struct inner {
	int x;
	unsigned int flags : 3;
	unsigned int mode : 5;
} __bpf_preserve;

struct task {
	int pid;
	struct inner in;
	struct task *parent;
	char comm[16];
} __bpf_preserve;

enum state { RUNNING = 1, SLEEPING = 2 };

int counter = 0;
const volatile int config = 7;

static __attribute__((noinline)) int helper(struct task *t)
{
	return t->in.x + __builtin_preserve_field_info(t->in.mode, 0 /* byte_off */);
}

SEC("kprobe/do_sys_open")
int prog(struct task *t)
{
	int v = t->pid + t->parent->pid + t->comm[3];
	v += __builtin_preserve_type_info(*t, 0 /* exists */);
	v += __builtin_preserve_enum_value(*(enum state *)SLEEPING, 1 /* value */);
	counter += v + config;
	return helper(t);
}

char _license[] SEC("license") = "GPL";

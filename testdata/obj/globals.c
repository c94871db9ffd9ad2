/* Global data (.data, .rodata, .bss, custom sections) and externs
 * (.kconfig, typed/untyped/weak .ksyms, kfuncs). */
#include "common.h"


struct task_struct;
struct rq { int cpu; unsigned int nr_running; };

/* .data */
int counter = 7;
__u64 totals[4] = { 1, 2, 3, 4 };
/* .bss */
__u64 hits;
static int hidden_state;
/* .rodata */
const volatile int debug_level = 2;
const volatile char tag[8] = "bpfkit";
/* custom sections */
int custom_val SEC(".data.custom") = 42;
const volatile __u32 custom_ro SEC(".rodata.custom") = 0xabcd;
int arr_bss[16];

/* .kconfig externs */
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;
extern _Bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_NF_CONNTRACK __kconfig __weak;
extern const char CONFIG_DEFAULT_HOSTNAME[16] __kconfig __weak;

/* .ksyms: typed, untyped, weak */
extern const struct rq runqueues __ksym;
extern const void bpf_prog_active __ksym;
extern const void missing_sym __ksym __weak;

/* kfuncs */
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void bpf_rcu_read_lock(void) __ksym __weak;

SEC("tp_btf/sched_switch")
int use_globals(__u64 *ctx)
{
	struct task_struct *t = (struct task_struct *)ctx[1];
	struct task_struct *acq;

	counter++;
	totals[2] += LINUX_KERNEL_VERSION;
	hits += CONFIG_HZ;
	hidden_state += debug_level;
	custom_val += custom_ro + tag[1];
	arr_bss[3] = CONFIG_BPF_SYSCALL;
	if (CONFIG_NF_CONNTRACK == TRI_MODULE)
		arr_bss[4] = CONFIG_DEFAULT_HOSTNAME[0];
	arr_bss[5] = ((struct rq *)&runqueues)->cpu;
	hits += (__u64)&bpf_prog_active;
	if (&missing_sym)
		hits++;
	if (bpf_rcu_read_lock)
		bpf_rcu_read_lock();
	acq = bpf_task_acquire(t);
	if (acq)
		bpf_task_release(acq);
	bpf_printk("counter %d", counter);
	return hidden_state;
}

char LICENSE[] SEC("license") = "GPL";

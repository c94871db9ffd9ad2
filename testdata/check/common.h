/* Prelude of the `bpfkit core check` test programs: no system headers,
 * only the few types, macros, helpers and CO-RE builtins the cases use
 * (meanings as in libbpf's bpf_helpers.h / bpf_core_read.h). */
#ifndef BPFKIT_CHECK_COMMON_H
#define BPFKIT_CHECK_COMMON_H

typedef unsigned char __u8;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;

#define SEC(name) __attribute__((section(name), used))
#define __always_inline inline __attribute__((always_inline))
#define __noinline __attribute__((noinline))
#define __weak __attribute__((weak))
#define __ksym __attribute__((section(".ksyms")))
#define __kconfig __attribute__((section(".kconfig")))
#define PAI __attribute__((preserve_access_index))

char LICENSE[] SEC("license") = "GPL";

/* Helpers by number (include/uapi/linux/bpf.h). */
static __u64 (*bpf_ktime_get_ns)(void) = (void *)5;
static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;
static void *(*bpf_per_cpu_ptr)(const void *percpu_ptr, __u32 cpu) = (void *)153;
static struct task_struct *(*bpf_get_current_task_btf)(void) = (void *)158;
static long (*bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *)181;

/* CO-RE queries: the relocation kinds of the builtins' second argument. */
#define bpf_core_field_exists(f) __builtin_preserve_field_info(f, 2)
#define bpf_core_field_size(f) __builtin_preserve_field_info(f, 1)
#define bpf_core_type_exists(t) __builtin_preserve_type_info(*(typeof(t) *)0, 0)
#define bpf_core_type_size(t) __builtin_preserve_type_info(*(typeof(t) *)0, 1)
#define bpf_core_type_matches(t) __builtin_preserve_type_info(*(typeof(t) *)0, 2)
#define bpf_core_enum_value_exists(e, v) __builtin_preserve_enum_value(*(typeof(e) *)v, 0)

/* Whether a weak extern (kfunc or ksym) was resolved: its address. */
#define bpf_ksym_exists(sym) (!!(&(sym)))

/* The kernel types the cases read, with the fields they need. */
struct task_struct {
	unsigned int __state;
	int pid;
	int tgid;
} PAI;
/* task_struct before 5.14: 'state' was a long (missing on 6.18). */
struct task_struct___pre514 {
	long state;
} PAI;

/* A sink the optimizer can't see through. */
static __always_inline void sink(long v)
{
	asm volatile("" : : "r"(v));
}
#endif

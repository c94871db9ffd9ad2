/* ksym1 + ksym2: the same kfuncs and a typeless ksym declared in both
 * files (one .ksyms DATASEC entry each; weak in one), string literals in
 * .rodata.str1.1 of both files (section-symbol relocations in code). */
#include "common.h"

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern const void bpf_prog_active __ksym;
extern int missing_ksym __ksym __weak;

char name1[16];

SEC("tp_btf/sys_enter")
int ksym_a(void *ctx)
{
	bpf_rcu_read_lock();
	__builtin_memcpy(name1, "first file", 11);
	bpf_printk("ksym_a %d", bpf_get_smp_processor_id());
	bpf_rcu_read_unlock();
	if (&missing_ksym)
		return 1;
	return (long)&bpf_prog_active == 0;
}

char LICENSE[] SEC("license") = "GPL";

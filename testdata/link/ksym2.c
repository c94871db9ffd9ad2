#include "common.h"

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern const void bpf_prog_active __ksym __weak;

char name2[16];

SEC("tp_btf/sys_exit")
int ksym_b(void *ctx)
{
	bpf_rcu_read_lock();
	__builtin_memcpy(name2, "second file", 12);
	bpf_printk("ksym_b %d %s", bpf_get_smp_processor_id(), name2);
	bpf_rcu_read_unlock();
	return (long)&bpf_prog_active == 0;
}

char LICENSE[] SEC("license") = "GPL";

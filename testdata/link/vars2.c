#include "common.h"

extern int shared_counter;
int lib_total;
__weak int weak_bss;
__weak const volatile int weak_ro = 20;
int custom_b SEC(".data.custom") = 6;
static int same_name = 22;
extern unsigned int CONFIG_HZ __kconfig;
extern const void bpf_prog_active __ksym __weak;

SEC("raw_tp/sys_enter")
int vars_b(void *ctx)
{
	lib_total += shared_counter + weak_bss + weak_ro + custom_b + same_name + CONFIG_HZ;
	if ((long)&bpf_prog_active == 0)
		lib_total++;
	same_name--;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

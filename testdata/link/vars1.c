/* vars1 + vars2: strong/extern/weak variables in .data, .bss, .rodata and
 * a custom section, statics with equal names, .kconfig and .ksyms externs. */
#include "common.h"

int shared_counter = 1;			/* extern in vars2 */
extern int lib_total;			/* defined in vars2 */
__weak int weak_bss;			/* weak in both: the first wins */
__weak const volatile int weak_ro = 10;	/* weak in both: the first wins */
int custom_a SEC(".data.custom") = 5;
static int same_name = 11;
extern unsigned int CONFIG_HZ __kconfig __weak;	/* weak here, strong in vars2 */
extern int LINUX_KERNEL_VERSION __kconfig;
extern const void bpf_prog_active __ksym;

SEC("tp/syscalls/sys_enter_getpid")
int vars_a(void *ctx)
{
	shared_counter += lib_total + weak_bss + weak_ro + custom_a + same_name + CONFIG_HZ;
	if ((long)&bpf_prog_active == 0)
		shared_counter += LINUX_KERNEL_VERSION;
	same_name++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

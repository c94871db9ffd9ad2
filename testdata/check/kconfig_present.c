/* Loads: CONFIG_HZ, which libbpf reads from /proc/config.gz. */
#include "common.h"

extern int CONFIG_HZ __kconfig;

SEC("tp_btf/sched_switch")
int kconfig_present(__u64 *ctx)
{
	sink(CONFIG_HZ);
	return 0;
}

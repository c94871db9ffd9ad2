/* Rejected: a strong Kconfig extern no kernel config has. */
#include "common.h"

extern int CONFIG_BPFKIT_NO_SUCH __kconfig;

SEC("tp_btf/sched_switch")
int kconfig_missing_strong(__u64 *ctx)
{
	sink(CONFIG_BPFKIT_NO_SUCH);
	return 0;
}

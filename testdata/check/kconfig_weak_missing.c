/* Loads: the same Kconfig extern, weak: libbpf makes it 0. */
#include "common.h"

extern int CONFIG_BPFKIT_NO_SUCH __kconfig __weak;

SEC("tp_btf/sched_switch")
int kconfig_weak_missing(__u64 *ctx)
{
	sink(CONFIG_BPFKIT_NO_SUCH);
	return 0;
}

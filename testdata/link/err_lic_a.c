/* Refused: license "GPL" here, "Dual BSD/GPL" in err_lic_b. */
#include "common.h"

SEC("raw_tp/sys_enter")
int lic_a(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "GPL";

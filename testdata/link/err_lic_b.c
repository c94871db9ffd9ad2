#include "common.h"

SEC("raw_tp/sys_enter")
int lic_b(void *ctx) { return 0; }

char LICENSE[] SEC("license") = "Dual BSD/GPL";

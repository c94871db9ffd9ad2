#include "common.h"

int ext_t = 1;

SEC("raw_tp/sys_enter")
int type_b(void *ctx) { return ext_t; }

char LICENSE[] SEC("license") = "GPL";

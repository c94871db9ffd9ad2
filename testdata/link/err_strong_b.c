/* Refused: two strong definitions of dup_func. */
#include "common.h"

int dup_func(int x) { return x + 2; }

SEC("raw_tp/sys_enter")
int strong_b(void *ctx) { return dup_func(0); }

char LICENSE[] SEC("license") = "GPL";

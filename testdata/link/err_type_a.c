/* Refused: ext_t is extern long here, int in err_type_b. */
#include "common.h"

extern long ext_t;

SEC("raw_tp/sys_enter")
int type_a(void *ctx) { return ext_t; }

char LICENSE[] SEC("license") = "GPL";

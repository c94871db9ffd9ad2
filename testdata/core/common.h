/* Prelude of the bpfkit-relo CO-RE test programs. */
#ifndef BPFKIT_CORE_COMMON_H
#define BPFKIT_CORE_COMMON_H
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define PAI __attribute__((preserve_access_index))

/* A sink the optimizer can't see through. */
static __always_inline void sink(long v)
{
	asm volatile("" : : "r"(v));
}
#endif

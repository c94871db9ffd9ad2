/* Shared prelude for the bpfkit-obj test programs. */
#ifndef BPFKIT_OBJ_COMMON_H
#define BPFKIT_OBJ_COMMON_H
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef __ulong
#define __ulong(name, val) enum { ___bpf_concat(__unique_value, __COUNTER__) = val } name
#endif

#endif

/* Shared prelude for the bpfkit-link test programs. */
#ifndef BPFKIT_LINK_COMMON_H
#define BPFKIT_LINK_COMMON_H
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* A tiny slice of the kernel's task_struct, relocated by CO-RE. */
struct task_struct {
	int pid;
	int tgid;
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

#endif

#!/bin/sh
# Generates big.c (200 entry programs sharing maps, global data, three
# subprograms, kconfig externs and CO-RE reads) and builds big.bpfel.o,
# the input of benches/benches/obj.rs.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
{
	cat <<'HDR'
#include "../common.h"
#include <bpf/bpf_core_read.h>
struct task_struct { int pid; int tgid; struct task_struct *real_parent; char comm[16]; } __attribute__((preserve_access_index));
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, __u32); __type(value, __u64); } counts SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
__u64 total;
const volatile int level = 1;
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
static __attribute__((noinline)) int leaf(int x) { return x * 7 + level; }
static __attribute__((noinline)) int mid(int x) { return leaf(x) ^ leaf(x + 1); }
__attribute__((noinline)) int top(int x) { return mid(x) + LINUX_KERNEL_VERSION; }
HDR
	i=0
	while [ $i -lt 200 ]; do
		cat <<PROG
SEC("kprobe/func_$i")
int prog_$i(struct task_struct *t)
{
	__u32 k = $i;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top($i);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
PROG
		i=$((i + 1))
	done
	echo 'char LICENSE[] SEC("license") = "GPL";'
} > big.c
clang -g -O2 -target bpfel $INC -c big.c -o big.bpfel.o

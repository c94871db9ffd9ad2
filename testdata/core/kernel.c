/* Relocations against real kernels (testdata/btf): task_struct with the
 * 5.14 'state' -> '__state' rename handled by flavors, nested kernel
 * types, kernel enums, and types that only modules have. */
#include "common.h"

struct list_head { struct list_head *next, *prev; } PAI;
struct mm_struct { unsigned long task_size; } PAI;
struct task_struct {
	unsigned int __state;
	int pid;
	int tgid;
	unsigned int flags;
	char comm[16];
	struct task_struct *real_parent;
	struct mm_struct *mm;
	struct list_head children;
} PAI;
struct task_struct___pre514 { long state; } PAI;

enum bpf_func_id___local { BPF_FUNC_map_lookup_elem___local = 1, BPF_FUNC_ktime_get_ns___local = 5 };
enum bpf_map_type___local { BPF_MAP_TYPE_ARENA___local = 33 };

/* Module types: nf_conntrack and tun. */
struct nf_conntrack { int use; } PAI;
struct nf_conn { struct nf_conntrack ct_general; unsigned long status; unsigned int mark; } PAI;
struct tun_struct { unsigned int flags; int numqueues; } PAI;
struct no_such_kernel_type { int x; } PAI;

SEC("kprobe/do_exit")
int kernel(struct task_struct *t)
{
	long r = 0;
	char c = 0;

	r += BPF_CORE_READ(t, real_parent, tgid);
	r += BPF_CORE_READ(t, mm, task_size);
	bpf_core_read(&c, 1, &t->comm[5]);
	r += c;
	r += BPF_CORE_READ(t, children.next, prev) != 0;
	if (bpf_core_field_exists(t->__state))
		r += BPF_CORE_READ(t, __state);
	else
		r += BPF_CORE_READ((struct task_struct___pre514 *)t, state);
	r += bpf_core_field_size(t->flags);
	r += bpf_core_type_size(struct task_struct);
	r += bpf_core_type_id_kernel(struct task_struct);
	r += bpf_core_enum_value(enum bpf_func_id___local, BPF_FUNC_ktime_get_ns___local);
	r += bpf_core_enum_value_exists(enum bpf_map_type___local, BPF_MAP_TYPE_ARENA___local);
	r += bpf_core_type_exists(struct no_such_kernel_type);
	sink(r);
	return 0;
}

SEC("kprobe/nf_conntrack_destroy")
int module(struct nf_conn *ct)
{
	long r = 0;
	struct tun_struct *tun = (void *)ct;

	r += BPF_CORE_READ(ct, mark);
	r += BPF_CORE_READ(ct, ct_general.use);
	r += bpf_core_type_id_kernel(struct nf_conn);
	r += BPF_CORE_READ(tun, numqueues);
	r += bpf_core_field_exists(tun->flags);
	sink(r);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

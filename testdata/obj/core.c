/* CO-RE relocations of every kind. */
#include "common.h"
#include <bpf/bpf_core_read.h>

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID };

struct list_head { struct list_head *next, *prev; };

struct task_struct {
	volatile long state;
	void *stack;
	struct list_head tasks;
	int pid;
	int tgid;
	unsigned int flags : 9;
	unsigned int ptrace : 3;
	struct task_struct *real_parent;
	struct task_struct *parent;
	char comm[16];
	struct { int a; int b; } anon_arr[4];
} __attribute__((preserve_access_index));

struct task_struct___old {
	int pid;
	long long old_field;
} __attribute__((preserve_access_index));

SEC("kprobe/do_exit")
int core_reads(struct task_struct *task)
{
	int ppid = BPF_CORE_READ(task, real_parent, pid);
	int tgid = BPF_CORE_READ(task, tgid);
	unsigned long long flags = BPF_CORE_READ_BITFIELD_PROBED(task, flags);
	char c = 0;
	int b;

	bpf_core_read(&c, 1, &task->comm[3]);
	bpf_core_read(&b, sizeof(b), &task->anon_arr[2].b);
	if (bpf_core_field_exists(task->ptrace))
		ppid += 1;
	ppid += bpf_core_field_size(task->comm);
	if (bpf_core_type_exists(struct task_struct___old))
		ppid += bpf_core_field_exists(((struct task_struct___old *)task)->old_field);
	ppid += bpf_core_type_size(struct task_struct);
	ppid += bpf_core_type_id_local(struct task_struct);
	ppid += bpf_core_type_id_kernel(struct list_head);
	if (bpf_core_enum_value_exists(enum pid_type, PIDTYPE_PGID))
		ppid += bpf_core_enum_value(enum pid_type, PIDTYPE_TGID);
	return ppid + tgid + flags + c + b;
}

char LICENSE[] SEC("license") = "GPL";

/* Benchmark object: ~100 CO-RE relocations over six kernel types (built by ../build.sh). */
#include "../common.h"

struct task_struct {
	unsigned long pid;
	unsigned long tgid;
	unsigned long flags;
	unsigned long prio;
	unsigned long static_prio;
	unsigned long normal_prio;
	unsigned long rt_priority;
	unsigned long exit_code;
	unsigned long exit_signal;
	unsigned long pdeath_signal;
	unsigned long personality;
	unsigned long on_cpu;
	unsigned long recent_used_cpu;
	unsigned long wake_cpu;
	unsigned long policy;
	unsigned long nr_cpus_allowed;
	unsigned long utime;
	unsigned long stime;
	unsigned long gtime;
	unsigned long nvcsw;
	unsigned long nivcsw;
	unsigned long start_time;
	unsigned long real_start_time;
	unsigned long nr_dirtied;
	unsigned long nr_dirtied_pause;
	unsigned long dirty_paused_when;
	unsigned long timer_slack_ns;
	unsigned long default_timer_slack_ns;
	unsigned long min_flt;
	unsigned long maj_flt;
} PAI;

struct mm_struct {
	unsigned long task_size;
	unsigned long mmap_base;
	unsigned long total_vm;
	unsigned long locked_vm;
	unsigned long pinned_vm;
	unsigned long data_vm;
	unsigned long exec_vm;
	unsigned long stack_vm;
	unsigned long start_code;
	unsigned long end_code;
	unsigned long start_data;
	unsigned long end_data;
	unsigned long start_brk;
	unsigned long brk;
	unsigned long start_stack;
	unsigned long arg_start;
	unsigned long arg_end;
	unsigned long env_start;
	unsigned long env_end;
	unsigned long map_count;
	unsigned long hiwater_rss;
	unsigned long hiwater_vm;
	unsigned long mmap_legacy_base;
} PAI;

struct sk_buff {
	unsigned int len;
	unsigned int data_len;
	unsigned int mac_len;
	unsigned int hdr_len;
	unsigned int protocol;
	unsigned int mark;
	unsigned int priority;
	unsigned int hash;
	unsigned int vlan_tci;
	unsigned int tstamp;
	unsigned int transport_header;
	unsigned int network_header;
	unsigned int mac_header;
	unsigned int truesize;
	unsigned int queue_mapping;
	unsigned int napi_id;
} PAI;

struct inode {
	unsigned long i_mode;
	unsigned long i_uid;
	unsigned long i_gid;
	unsigned long i_flags;
	unsigned long i_ino;
	unsigned long i_size;
	unsigned long i_blkbits;
	unsigned long i_bytes;
	unsigned long i_blocks;
	unsigned long i_generation;
	unsigned long i_rdev;
	unsigned long i_nlink;
	unsigned long i_state;
	unsigned long dirtied_when;
	unsigned long i_version;
	unsigned long i_sequence;
	unsigned long i_write_hint;
} PAI;

struct file {
	unsigned int f_flags;
	unsigned int f_mode;
	unsigned int f_pos;
	unsigned int f_version;
} PAI;

struct sock {
	int sk_rcvbuf;
	int sk_sndbuf;
	int sk_priority;
	int sk_mark;
	int sk_type;
	int sk_protocol;
	int sk_max_ack_backlog;
	int sk_ack_backlog;
	int sk_err;
	int sk_drops;
} PAI;

SEC("kprobe/b_task")
int b_task(struct task_struct *p)
{
	long r = 0;

	r += BPF_CORE_READ(p, pid);
	r += BPF_CORE_READ(p, tgid);
	r += BPF_CORE_READ(p, flags);
	r += BPF_CORE_READ(p, prio);
	r += BPF_CORE_READ(p, static_prio);
	r += BPF_CORE_READ(p, normal_prio);
	r += BPF_CORE_READ(p, rt_priority);
	r += BPF_CORE_READ(p, exit_code);
	r += BPF_CORE_READ(p, exit_signal);
	r += BPF_CORE_READ(p, pdeath_signal);
	r += BPF_CORE_READ(p, personality);
	r += BPF_CORE_READ(p, on_cpu);
	r += BPF_CORE_READ(p, recent_used_cpu);
	r += BPF_CORE_READ(p, wake_cpu);
	r += BPF_CORE_READ(p, policy);
	r += BPF_CORE_READ(p, nr_cpus_allowed);
	r += BPF_CORE_READ(p, utime);
	r += BPF_CORE_READ(p, stime);
	r += BPF_CORE_READ(p, gtime);
	r += BPF_CORE_READ(p, nvcsw);
	r += BPF_CORE_READ(p, nivcsw);
	r += BPF_CORE_READ(p, start_time);
	r += BPF_CORE_READ(p, real_start_time);
	r += BPF_CORE_READ(p, nr_dirtied);
	r += BPF_CORE_READ(p, nr_dirtied_pause);
	r += BPF_CORE_READ(p, dirty_paused_when);
	r += BPF_CORE_READ(p, timer_slack_ns);
	r += BPF_CORE_READ(p, default_timer_slack_ns);
	r += BPF_CORE_READ(p, min_flt);
	r += BPF_CORE_READ(p, maj_flt);
	sink(r);
	return 0;
}

SEC("kprobe/b_mm")
int b_mm(struct mm_struct *p)
{
	long r = 0;

	r += BPF_CORE_READ(p, task_size);
	r += BPF_CORE_READ(p, mmap_base);
	r += BPF_CORE_READ(p, total_vm);
	r += BPF_CORE_READ(p, locked_vm);
	r += BPF_CORE_READ(p, pinned_vm);
	r += BPF_CORE_READ(p, data_vm);
	r += BPF_CORE_READ(p, exec_vm);
	r += BPF_CORE_READ(p, stack_vm);
	r += BPF_CORE_READ(p, start_code);
	r += BPF_CORE_READ(p, end_code);
	r += BPF_CORE_READ(p, start_data);
	r += BPF_CORE_READ(p, end_data);
	r += BPF_CORE_READ(p, start_brk);
	r += BPF_CORE_READ(p, brk);
	r += BPF_CORE_READ(p, start_stack);
	r += BPF_CORE_READ(p, arg_start);
	r += BPF_CORE_READ(p, arg_end);
	r += BPF_CORE_READ(p, env_start);
	r += BPF_CORE_READ(p, env_end);
	r += BPF_CORE_READ(p, map_count);
	r += BPF_CORE_READ(p, hiwater_rss);
	r += BPF_CORE_READ(p, hiwater_vm);
	r += BPF_CORE_READ(p, mmap_legacy_base);
	sink(r);
	return 0;
}

SEC("kprobe/b_skb")
int b_skb(struct sk_buff *p)
{
	long r = 0;

	r += BPF_CORE_READ(p, len);
	r += BPF_CORE_READ(p, data_len);
	r += BPF_CORE_READ(p, mac_len);
	r += BPF_CORE_READ(p, hdr_len);
	r += BPF_CORE_READ(p, protocol);
	r += BPF_CORE_READ(p, mark);
	r += BPF_CORE_READ(p, priority);
	r += BPF_CORE_READ(p, hash);
	r += BPF_CORE_READ(p, vlan_tci);
	r += BPF_CORE_READ(p, tstamp);
	r += BPF_CORE_READ(p, transport_header);
	r += BPF_CORE_READ(p, network_header);
	r += BPF_CORE_READ(p, mac_header);
	r += BPF_CORE_READ(p, truesize);
	r += BPF_CORE_READ(p, queue_mapping);
	r += BPF_CORE_READ(p, napi_id);
	sink(r);
	return 0;
}

SEC("kprobe/b_inode")
int b_inode(struct inode *p)
{
	long r = 0;

	r += BPF_CORE_READ(p, i_mode);
	r += BPF_CORE_READ(p, i_uid);
	r += BPF_CORE_READ(p, i_gid);
	r += BPF_CORE_READ(p, i_flags);
	r += BPF_CORE_READ(p, i_ino);
	r += BPF_CORE_READ(p, i_size);
	r += BPF_CORE_READ(p, i_blkbits);
	r += BPF_CORE_READ(p, i_bytes);
	r += BPF_CORE_READ(p, i_blocks);
	r += BPF_CORE_READ(p, i_generation);
	r += BPF_CORE_READ(p, i_rdev);
	r += BPF_CORE_READ(p, i_nlink);
	r += BPF_CORE_READ(p, i_state);
	r += BPF_CORE_READ(p, dirtied_when);
	r += BPF_CORE_READ(p, i_version);
	r += BPF_CORE_READ(p, i_sequence);
	r += BPF_CORE_READ(p, i_write_hint);
	sink(r);
	return 0;
}

SEC("kprobe/b_file")
int b_file(struct file *p)
{
	long r = 0;

	r += BPF_CORE_READ(p, f_flags);
	r += BPF_CORE_READ(p, f_mode);
	r += BPF_CORE_READ(p, f_pos);
	r += BPF_CORE_READ(p, f_version);
	sink(r);
	return 0;
}

SEC("kprobe/b_sock")
int b_sock(struct sock *p)
{
	long r = 0;

	r += BPF_CORE_READ(p, sk_rcvbuf);
	r += BPF_CORE_READ(p, sk_sndbuf);
	r += BPF_CORE_READ(p, sk_priority);
	r += BPF_CORE_READ(p, sk_mark);
	r += BPF_CORE_READ(p, sk_type);
	r += BPF_CORE_READ(p, sk_protocol);
	r += BPF_CORE_READ(p, sk_max_ack_backlog);
	r += BPF_CORE_READ(p, sk_ack_backlog);
	r += BPF_CORE_READ(p, sk_err);
	r += BPF_CORE_READ(p, sk_drops);
	sink(r);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

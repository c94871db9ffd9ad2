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
SEC("kprobe/func_0")
int prog_0(struct task_struct *t)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(0);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_1")
int prog_1(struct task_struct *t)
{
	__u32 k = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(1);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_2")
int prog_2(struct task_struct *t)
{
	__u32 k = 2;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(2);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_3")
int prog_3(struct task_struct *t)
{
	__u32 k = 3;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(3);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_4")
int prog_4(struct task_struct *t)
{
	__u32 k = 4;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(4);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_5")
int prog_5(struct task_struct *t)
{
	__u32 k = 5;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(5);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_6")
int prog_6(struct task_struct *t)
{
	__u32 k = 6;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(6);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_7")
int prog_7(struct task_struct *t)
{
	__u32 k = 7;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(7);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_8")
int prog_8(struct task_struct *t)
{
	__u32 k = 8;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(8);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_9")
int prog_9(struct task_struct *t)
{
	__u32 k = 9;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(9);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_10")
int prog_10(struct task_struct *t)
{
	__u32 k = 10;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(10);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_11")
int prog_11(struct task_struct *t)
{
	__u32 k = 11;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(11);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_12")
int prog_12(struct task_struct *t)
{
	__u32 k = 12;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(12);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_13")
int prog_13(struct task_struct *t)
{
	__u32 k = 13;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(13);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_14")
int prog_14(struct task_struct *t)
{
	__u32 k = 14;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(14);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_15")
int prog_15(struct task_struct *t)
{
	__u32 k = 15;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(15);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_16")
int prog_16(struct task_struct *t)
{
	__u32 k = 16;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(16);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_17")
int prog_17(struct task_struct *t)
{
	__u32 k = 17;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(17);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_18")
int prog_18(struct task_struct *t)
{
	__u32 k = 18;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(18);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_19")
int prog_19(struct task_struct *t)
{
	__u32 k = 19;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(19);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_20")
int prog_20(struct task_struct *t)
{
	__u32 k = 20;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(20);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_21")
int prog_21(struct task_struct *t)
{
	__u32 k = 21;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(21);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_22")
int prog_22(struct task_struct *t)
{
	__u32 k = 22;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(22);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_23")
int prog_23(struct task_struct *t)
{
	__u32 k = 23;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(23);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_24")
int prog_24(struct task_struct *t)
{
	__u32 k = 24;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(24);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_25")
int prog_25(struct task_struct *t)
{
	__u32 k = 25;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(25);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_26")
int prog_26(struct task_struct *t)
{
	__u32 k = 26;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(26);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_27")
int prog_27(struct task_struct *t)
{
	__u32 k = 27;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(27);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_28")
int prog_28(struct task_struct *t)
{
	__u32 k = 28;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(28);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_29")
int prog_29(struct task_struct *t)
{
	__u32 k = 29;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(29);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_30")
int prog_30(struct task_struct *t)
{
	__u32 k = 30;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(30);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_31")
int prog_31(struct task_struct *t)
{
	__u32 k = 31;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(31);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_32")
int prog_32(struct task_struct *t)
{
	__u32 k = 32;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(32);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_33")
int prog_33(struct task_struct *t)
{
	__u32 k = 33;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(33);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_34")
int prog_34(struct task_struct *t)
{
	__u32 k = 34;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(34);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_35")
int prog_35(struct task_struct *t)
{
	__u32 k = 35;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(35);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_36")
int prog_36(struct task_struct *t)
{
	__u32 k = 36;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(36);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_37")
int prog_37(struct task_struct *t)
{
	__u32 k = 37;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(37);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_38")
int prog_38(struct task_struct *t)
{
	__u32 k = 38;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(38);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_39")
int prog_39(struct task_struct *t)
{
	__u32 k = 39;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(39);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_40")
int prog_40(struct task_struct *t)
{
	__u32 k = 40;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(40);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_41")
int prog_41(struct task_struct *t)
{
	__u32 k = 41;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(41);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_42")
int prog_42(struct task_struct *t)
{
	__u32 k = 42;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(42);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_43")
int prog_43(struct task_struct *t)
{
	__u32 k = 43;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(43);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_44")
int prog_44(struct task_struct *t)
{
	__u32 k = 44;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(44);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_45")
int prog_45(struct task_struct *t)
{
	__u32 k = 45;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(45);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_46")
int prog_46(struct task_struct *t)
{
	__u32 k = 46;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(46);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_47")
int prog_47(struct task_struct *t)
{
	__u32 k = 47;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(47);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_48")
int prog_48(struct task_struct *t)
{
	__u32 k = 48;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(48);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_49")
int prog_49(struct task_struct *t)
{
	__u32 k = 49;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(49);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_50")
int prog_50(struct task_struct *t)
{
	__u32 k = 50;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(50);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_51")
int prog_51(struct task_struct *t)
{
	__u32 k = 51;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(51);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_52")
int prog_52(struct task_struct *t)
{
	__u32 k = 52;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(52);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_53")
int prog_53(struct task_struct *t)
{
	__u32 k = 53;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(53);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_54")
int prog_54(struct task_struct *t)
{
	__u32 k = 54;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(54);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_55")
int prog_55(struct task_struct *t)
{
	__u32 k = 55;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(55);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_56")
int prog_56(struct task_struct *t)
{
	__u32 k = 56;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(56);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_57")
int prog_57(struct task_struct *t)
{
	__u32 k = 57;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(57);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_58")
int prog_58(struct task_struct *t)
{
	__u32 k = 58;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(58);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_59")
int prog_59(struct task_struct *t)
{
	__u32 k = 59;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(59);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_60")
int prog_60(struct task_struct *t)
{
	__u32 k = 60;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(60);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_61")
int prog_61(struct task_struct *t)
{
	__u32 k = 61;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(61);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_62")
int prog_62(struct task_struct *t)
{
	__u32 k = 62;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(62);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_63")
int prog_63(struct task_struct *t)
{
	__u32 k = 63;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(63);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_64")
int prog_64(struct task_struct *t)
{
	__u32 k = 64;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(64);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_65")
int prog_65(struct task_struct *t)
{
	__u32 k = 65;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(65);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_66")
int prog_66(struct task_struct *t)
{
	__u32 k = 66;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(66);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_67")
int prog_67(struct task_struct *t)
{
	__u32 k = 67;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(67);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_68")
int prog_68(struct task_struct *t)
{
	__u32 k = 68;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(68);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_69")
int prog_69(struct task_struct *t)
{
	__u32 k = 69;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(69);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_70")
int prog_70(struct task_struct *t)
{
	__u32 k = 70;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(70);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_71")
int prog_71(struct task_struct *t)
{
	__u32 k = 71;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(71);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_72")
int prog_72(struct task_struct *t)
{
	__u32 k = 72;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(72);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_73")
int prog_73(struct task_struct *t)
{
	__u32 k = 73;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(73);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_74")
int prog_74(struct task_struct *t)
{
	__u32 k = 74;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(74);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_75")
int prog_75(struct task_struct *t)
{
	__u32 k = 75;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(75);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_76")
int prog_76(struct task_struct *t)
{
	__u32 k = 76;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(76);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_77")
int prog_77(struct task_struct *t)
{
	__u32 k = 77;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(77);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_78")
int prog_78(struct task_struct *t)
{
	__u32 k = 78;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(78);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_79")
int prog_79(struct task_struct *t)
{
	__u32 k = 79;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(79);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_80")
int prog_80(struct task_struct *t)
{
	__u32 k = 80;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(80);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_81")
int prog_81(struct task_struct *t)
{
	__u32 k = 81;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(81);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_82")
int prog_82(struct task_struct *t)
{
	__u32 k = 82;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(82);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_83")
int prog_83(struct task_struct *t)
{
	__u32 k = 83;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(83);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_84")
int prog_84(struct task_struct *t)
{
	__u32 k = 84;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(84);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_85")
int prog_85(struct task_struct *t)
{
	__u32 k = 85;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(85);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_86")
int prog_86(struct task_struct *t)
{
	__u32 k = 86;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(86);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_87")
int prog_87(struct task_struct *t)
{
	__u32 k = 87;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(87);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_88")
int prog_88(struct task_struct *t)
{
	__u32 k = 88;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(88);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_89")
int prog_89(struct task_struct *t)
{
	__u32 k = 89;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(89);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_90")
int prog_90(struct task_struct *t)
{
	__u32 k = 90;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(90);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_91")
int prog_91(struct task_struct *t)
{
	__u32 k = 91;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(91);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_92")
int prog_92(struct task_struct *t)
{
	__u32 k = 92;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(92);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_93")
int prog_93(struct task_struct *t)
{
	__u32 k = 93;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(93);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_94")
int prog_94(struct task_struct *t)
{
	__u32 k = 94;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(94);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_95")
int prog_95(struct task_struct *t)
{
	__u32 k = 95;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(95);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_96")
int prog_96(struct task_struct *t)
{
	__u32 k = 96;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(96);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_97")
int prog_97(struct task_struct *t)
{
	__u32 k = 97;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(97);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_98")
int prog_98(struct task_struct *t)
{
	__u32 k = 98;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(98);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_99")
int prog_99(struct task_struct *t)
{
	__u32 k = 99;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(99);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_100")
int prog_100(struct task_struct *t)
{
	__u32 k = 100;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(100);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_101")
int prog_101(struct task_struct *t)
{
	__u32 k = 101;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(101);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_102")
int prog_102(struct task_struct *t)
{
	__u32 k = 102;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(102);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_103")
int prog_103(struct task_struct *t)
{
	__u32 k = 103;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(103);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_104")
int prog_104(struct task_struct *t)
{
	__u32 k = 104;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(104);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_105")
int prog_105(struct task_struct *t)
{
	__u32 k = 105;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(105);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_106")
int prog_106(struct task_struct *t)
{
	__u32 k = 106;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(106);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_107")
int prog_107(struct task_struct *t)
{
	__u32 k = 107;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(107);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_108")
int prog_108(struct task_struct *t)
{
	__u32 k = 108;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(108);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_109")
int prog_109(struct task_struct *t)
{
	__u32 k = 109;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(109);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_110")
int prog_110(struct task_struct *t)
{
	__u32 k = 110;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(110);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_111")
int prog_111(struct task_struct *t)
{
	__u32 k = 111;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(111);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_112")
int prog_112(struct task_struct *t)
{
	__u32 k = 112;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(112);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_113")
int prog_113(struct task_struct *t)
{
	__u32 k = 113;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(113);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_114")
int prog_114(struct task_struct *t)
{
	__u32 k = 114;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(114);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_115")
int prog_115(struct task_struct *t)
{
	__u32 k = 115;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(115);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_116")
int prog_116(struct task_struct *t)
{
	__u32 k = 116;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(116);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_117")
int prog_117(struct task_struct *t)
{
	__u32 k = 117;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(117);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_118")
int prog_118(struct task_struct *t)
{
	__u32 k = 118;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(118);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_119")
int prog_119(struct task_struct *t)
{
	__u32 k = 119;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(119);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_120")
int prog_120(struct task_struct *t)
{
	__u32 k = 120;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(120);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_121")
int prog_121(struct task_struct *t)
{
	__u32 k = 121;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(121);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_122")
int prog_122(struct task_struct *t)
{
	__u32 k = 122;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(122);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_123")
int prog_123(struct task_struct *t)
{
	__u32 k = 123;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(123);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_124")
int prog_124(struct task_struct *t)
{
	__u32 k = 124;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(124);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_125")
int prog_125(struct task_struct *t)
{
	__u32 k = 125;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(125);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_126")
int prog_126(struct task_struct *t)
{
	__u32 k = 126;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(126);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_127")
int prog_127(struct task_struct *t)
{
	__u32 k = 127;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(127);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_128")
int prog_128(struct task_struct *t)
{
	__u32 k = 128;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(128);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_129")
int prog_129(struct task_struct *t)
{
	__u32 k = 129;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(129);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_130")
int prog_130(struct task_struct *t)
{
	__u32 k = 130;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(130);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_131")
int prog_131(struct task_struct *t)
{
	__u32 k = 131;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(131);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_132")
int prog_132(struct task_struct *t)
{
	__u32 k = 132;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(132);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_133")
int prog_133(struct task_struct *t)
{
	__u32 k = 133;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(133);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_134")
int prog_134(struct task_struct *t)
{
	__u32 k = 134;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(134);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_135")
int prog_135(struct task_struct *t)
{
	__u32 k = 135;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(135);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_136")
int prog_136(struct task_struct *t)
{
	__u32 k = 136;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(136);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_137")
int prog_137(struct task_struct *t)
{
	__u32 k = 137;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(137);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_138")
int prog_138(struct task_struct *t)
{
	__u32 k = 138;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(138);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_139")
int prog_139(struct task_struct *t)
{
	__u32 k = 139;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(139);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_140")
int prog_140(struct task_struct *t)
{
	__u32 k = 140;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(140);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_141")
int prog_141(struct task_struct *t)
{
	__u32 k = 141;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(141);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_142")
int prog_142(struct task_struct *t)
{
	__u32 k = 142;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(142);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_143")
int prog_143(struct task_struct *t)
{
	__u32 k = 143;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(143);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_144")
int prog_144(struct task_struct *t)
{
	__u32 k = 144;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(144);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_145")
int prog_145(struct task_struct *t)
{
	__u32 k = 145;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(145);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_146")
int prog_146(struct task_struct *t)
{
	__u32 k = 146;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(146);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_147")
int prog_147(struct task_struct *t)
{
	__u32 k = 147;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(147);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_148")
int prog_148(struct task_struct *t)
{
	__u32 k = 148;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(148);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_149")
int prog_149(struct task_struct *t)
{
	__u32 k = 149;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(149);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_150")
int prog_150(struct task_struct *t)
{
	__u32 k = 150;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(150);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_151")
int prog_151(struct task_struct *t)
{
	__u32 k = 151;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(151);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_152")
int prog_152(struct task_struct *t)
{
	__u32 k = 152;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(152);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_153")
int prog_153(struct task_struct *t)
{
	__u32 k = 153;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(153);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_154")
int prog_154(struct task_struct *t)
{
	__u32 k = 154;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(154);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_155")
int prog_155(struct task_struct *t)
{
	__u32 k = 155;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(155);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_156")
int prog_156(struct task_struct *t)
{
	__u32 k = 156;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(156);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_157")
int prog_157(struct task_struct *t)
{
	__u32 k = 157;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(157);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_158")
int prog_158(struct task_struct *t)
{
	__u32 k = 158;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(158);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_159")
int prog_159(struct task_struct *t)
{
	__u32 k = 159;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(159);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_160")
int prog_160(struct task_struct *t)
{
	__u32 k = 160;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(160);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_161")
int prog_161(struct task_struct *t)
{
	__u32 k = 161;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(161);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_162")
int prog_162(struct task_struct *t)
{
	__u32 k = 162;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(162);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_163")
int prog_163(struct task_struct *t)
{
	__u32 k = 163;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(163);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_164")
int prog_164(struct task_struct *t)
{
	__u32 k = 164;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(164);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_165")
int prog_165(struct task_struct *t)
{
	__u32 k = 165;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(165);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_166")
int prog_166(struct task_struct *t)
{
	__u32 k = 166;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(166);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_167")
int prog_167(struct task_struct *t)
{
	__u32 k = 167;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(167);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_168")
int prog_168(struct task_struct *t)
{
	__u32 k = 168;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(168);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_169")
int prog_169(struct task_struct *t)
{
	__u32 k = 169;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(169);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_170")
int prog_170(struct task_struct *t)
{
	__u32 k = 170;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(170);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_171")
int prog_171(struct task_struct *t)
{
	__u32 k = 171;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(171);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_172")
int prog_172(struct task_struct *t)
{
	__u32 k = 172;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(172);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_173")
int prog_173(struct task_struct *t)
{
	__u32 k = 173;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(173);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_174")
int prog_174(struct task_struct *t)
{
	__u32 k = 174;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(174);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_175")
int prog_175(struct task_struct *t)
{
	__u32 k = 175;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(175);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_176")
int prog_176(struct task_struct *t)
{
	__u32 k = 176;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(176);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_177")
int prog_177(struct task_struct *t)
{
	__u32 k = 177;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(177);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_178")
int prog_178(struct task_struct *t)
{
	__u32 k = 178;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(178);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_179")
int prog_179(struct task_struct *t)
{
	__u32 k = 179;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(179);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_180")
int prog_180(struct task_struct *t)
{
	__u32 k = 180;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(180);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_181")
int prog_181(struct task_struct *t)
{
	__u32 k = 181;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(181);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_182")
int prog_182(struct task_struct *t)
{
	__u32 k = 182;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(182);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_183")
int prog_183(struct task_struct *t)
{
	__u32 k = 183;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(183);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_184")
int prog_184(struct task_struct *t)
{
	__u32 k = 184;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(184);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_185")
int prog_185(struct task_struct *t)
{
	__u32 k = 185;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(185);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_186")
int prog_186(struct task_struct *t)
{
	__u32 k = 186;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(186);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_187")
int prog_187(struct task_struct *t)
{
	__u32 k = 187;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(187);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_188")
int prog_188(struct task_struct *t)
{
	__u32 k = 188;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(188);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_189")
int prog_189(struct task_struct *t)
{
	__u32 k = 189;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(189);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_190")
int prog_190(struct task_struct *t)
{
	__u32 k = 190;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(190);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_191")
int prog_191(struct task_struct *t)
{
	__u32 k = 191;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(191);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_192")
int prog_192(struct task_struct *t)
{
	__u32 k = 192;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(192);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_193")
int prog_193(struct task_struct *t)
{
	__u32 k = 193;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(193);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_194")
int prog_194(struct task_struct *t)
{
	__u32 k = 194;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(194);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_195")
int prog_195(struct task_struct *t)
{
	__u32 k = 195;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(195);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_196")
int prog_196(struct task_struct *t)
{
	__u32 k = 196;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(196);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_197")
int prog_197(struct task_struct *t)
{
	__u32 k = 197;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(197);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_198")
int prog_198(struct task_struct *t)
{
	__u32 k = 198;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(198);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
SEC("kprobe/func_199")
int prog_199(struct task_struct *t)
{
	__u32 k = 199;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int ppid = BPF_CORE_READ(t, real_parent, pid);
	if (v)
		*v += ppid + top(199);
	total += BPF_CORE_READ(t, tgid);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return mid(k);
}
char LICENSE[] SEC("license") = "GPL";

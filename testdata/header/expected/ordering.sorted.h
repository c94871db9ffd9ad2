#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

#ifndef __ksym
#define __ksym __attribute__((section(".ksyms")))
#endif

#ifndef __weak
#define __weak __attribute__((weak))
#endif

#ifndef __bpf_fastcall
#if __has_attribute(bpf_fastcall)
#define __bpf_fastcall __attribute__((bpf_fastcall))
#else
#define __bpf_fastcall
#endif
#endif

struct b_struct;

struct a_struct {
	struct b_struct *b;
	struct a_struct *self;
};

struct b_struct {
	struct a_struct a;
	struct b_struct *again;
};

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *);
};

typedef struct callback_head rcu_head_t;

struct list_head {
	struct list_head *next;
	struct list_head *prev;
};

struct embeds_anon_with_ptr {
	struct {
		struct list_head lh;
	} *ptr_to_anon;
};

struct hlist_node;

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next;
	struct hlist_node **pprev;
};

struct tree_node;

typedef struct tree_node tree_node_t;

struct tree_node {
	tree_node_t *left;
	tree_node_t *right;
	rcu_head_t rcu;
};

struct uses_later_typedef;

typedef struct uses_later_typedef later_t;

struct uses_later_typedef {
	later_t *self;
	int (*op)(later_t *, struct hlist_head);
};

struct root_ordering {
	struct list_head lh;
	struct hlist_head hh;
	struct hlist_node hn;
	rcu_head_t rcu;
	struct b_struct b;
	struct tree_node t;
	struct embeds_anon_with_ptr e;
	later_t l;
};


/* BPF kfuncs */
#ifndef BPF_NO_KFUNC_PROTOTYPES
#endif

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */

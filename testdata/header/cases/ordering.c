// bpfkit-header test case: definition order and forward declarations
// (weak links through pointers, strong links through embedding, cycles
// broken by forward declarations, typedefs used before and after).
// Written for bpfkit after the ideas of libbpf's btf_dump_test_case_ordering.c.

struct list_head {
	struct list_head *next;
	struct list_head *prev;
};

struct hlist_node;

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next;
	struct hlist_node **pprev;
};

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *);
};

typedef struct callback_head rcu_head_t;

struct a_struct;
struct b_struct;

struct a_struct {
	struct b_struct *b;
	struct a_struct *self;
};

struct b_struct {
	struct a_struct a;
	struct b_struct *again;
};

typedef struct tree_node tree_node_t;

struct tree_node {
	tree_node_t *left;
	tree_node_t *right;
	rcu_head_t rcu;
};

struct embeds_anon_with_ptr {
	struct {
		struct list_head lh;
	} *ptr_to_anon;
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

int entry(struct root_ordering *r)
{
	return 0;
}

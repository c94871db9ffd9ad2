/* Target BTF for subprogs.c. */
struct node { long long key; struct node *next; int weight; short id; };

void target_types(struct node *n) {}

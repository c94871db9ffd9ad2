/* Target BTF for fields.c: an "older kernel" with only the ___old flavor's
 * fields, arrays too small, no anonymous members, a non-array matrix. */
struct inner {
	int a;
	char name[2];
};

struct outer {
	long long first;
	int legacy;
	int u1;
	struct inner in;
	struct inner arr[2];
	int matrix;
	int flex[4];
	unsigned short ucount;
	short scount;
	int count;
};

void target_types(struct outer *o) {}

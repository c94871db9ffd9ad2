/* Target BTF for fields.c: a "newer kernel" layout. */
struct inner {
	long long pad;
	int b;
	int a;
	char name[16];
};

struct outer {
	long long header;
	int count;
	struct {
		long u2;
		int u1;
	};
	struct {
		struct {
			int deep3;
			int deep2;
		};
		int deep1;
	};
	unsigned long ucount;
	long scount;
	int first;
	struct inner arr[6];
	int matrix[4][6];
	struct inner *ptr;
	struct inner in;
	void *vp;
	int flex[];
};

void target_types(struct outer *o) {}

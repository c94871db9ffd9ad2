// bpfkit-header test case: holes, explicit alignment and tail padding
// reproduced as `type: N;` markers (no aligned attributes are printed).
// Written for bpfkit after the ideas of libbpf's btf_dump_test_case_padding.c.

struct no_padding {
	int a;
	int b;
	long c;
};

struct hole_after_int {
	int a;
	long b;
};

struct forced_long_alignment {
	int a;
	int b __attribute__((aligned(16)));
};

struct char_then_aligned {
	char a;
	long b __attribute__((aligned(32)));
	char c;
};

struct tail_padding {
	long a;
	char b;
} __attribute__((aligned(32)));

struct padded_to_16 {
	char c;
	int i __attribute__((aligned(16)));
	short s;
};

struct big_hole {
	char a;
	char b __attribute__((aligned(128)));
};

struct zero_len_array {
	int a;
	char rest[0];
};

struct long_zero_marker {
	int a;
	long : 0;
	int b;
};

struct nested_aligned {
	char c;
	struct forced_long_alignment inner;
	short s __attribute__((aligned(8)));
};

union union_padding {
	char c;
	long l __attribute__((aligned(16)));
};

struct root_padding {
	struct no_padding a;
	struct hole_after_int b;
	struct forced_long_alignment c;
	struct char_then_aligned d;
	struct tail_padding e;
	struct padded_to_16 f;
	struct big_hole g;
	struct zero_len_array h;
	struct long_zero_marker i;
	struct nested_aligned j;
	union union_padding k;
};

int entry(struct root_padding *r)
{
	return 0;
}

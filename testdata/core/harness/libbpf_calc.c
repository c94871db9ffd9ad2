/* Test harness (not a BPF program): runs libbpf's own CO-RE code
 * (bpf_core_add_cands, bpf_core_calc_relo_insn, bpf_core_patch_insn from
 * the system's static libbpf.a) on relocation records read from stdin, and
 * prints libbpf's values and patched instruction for each, so the bpfkit
 * tests can compare values without a kernel.
 *
 *   cc -O1 libbpf_calc.c /usr/lib/<triple>/libbpf.a -lelf -lz -o libbpf_calc
 *   libbpf_calc LOCAL.o TARGET.btf < records
 *
 * Input, one record per line: type_id access_str_off kind insn_off HEX16
 * (HEX16: the instruction's two slots, 32 hex digits, host byte order).
 * Output, one line per record:
 *   err orig new poison validate memsz orig_sz new_sz patch_err HEX16
 * The structure layouts below are libbpf 1.1's relo_core.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/btf.h>

#define BPF_CORE_SPEC_MAX_LEN 64

struct bpf_core_cand { const struct btf *btf; __u32 id; };
struct bpf_core_cand_list { struct bpf_core_cand *cands; int len; };
struct bpf_core_accessor { __u32 type_id; __u32 idx; const char *name; };
struct bpf_core_spec {
	const struct btf *btf;
	struct bpf_core_accessor spec[BPF_CORE_SPEC_MAX_LEN];
	__u32 root_type_id;
	enum bpf_core_relo_kind relo_kind;
	int len;
	int raw_spec[BPF_CORE_SPEC_MAX_LEN];
	int raw_len;
	__u32 bit_offset;
};
struct bpf_core_relo_res {
	__u64 orig_val;
	__u64 new_val;
	bool poison;
	bool validate;
	bool fail_memsz_adjust;
	__u32 orig_sz;
	__u32 orig_type_id;
	__u32 new_sz;
	__u32 new_type_id;
};

size_t bpf_core_essential_name_len(const char *name);
int bpf_core_add_cands(struct bpf_core_cand *local_cand, size_t local_essent_len, const struct btf *targ_btf,
		       const char *targ_btf_name, int targ_start_id, struct bpf_core_cand_list *cands);
int bpf_core_calc_relo_insn(const char *prog_name, const struct bpf_core_relo *relo, int relo_idx,
			    const struct btf *local_btf, struct bpf_core_cand_list *cands,
			    struct bpf_core_spec *specs_scratch, struct bpf_core_relo_res *targ_res);
int bpf_core_patch_insn(const char *prog_name, struct bpf_insn *insn, int insn_idx,
			const struct bpf_core_relo *relo, int relo_idx, const struct bpf_core_relo_res *res);

#define MAX_CACHE 4096
static __u32 cache_id[MAX_CACHE];
static struct bpf_core_cand_list *cache_list[MAX_CACHE];
static int cache_n;

static struct bpf_core_cand_list *cands_for(const struct btf *local, const struct btf *targ, __u32 id)
{
	struct bpf_core_cand local_cand = { local, id };
	const struct btf_type *t;
	const char *name;
	int i;

	for (i = 0; i < cache_n; i++)
		if (cache_id[i] == id)
			return cache_list[i];
	if (cache_n == MAX_CACHE)
		abort();
	cache_list[cache_n] = calloc(1, sizeof(struct bpf_core_cand_list));
	cache_id[cache_n] = id;
	t = btf__type_by_id(local, id);
	name = t ? btf__name_by_offset(local, t->name_off) : NULL;
	if (name && name[0])
		bpf_core_add_cands(&local_cand, bpf_core_essential_name_len(name), targ, "vmlinux", 1,
				   cache_list[cache_n]);
	return cache_list[cache_n++];
}

static int unhex(const char *s, unsigned char *out, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = v;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct btf *local, *targ;
	char line[512], hex[64];
	int idx = 0;

	if (argc != 3)
		return 2;
	local = btf__parse(argv[1], NULL);
	targ = btf__parse(argv[2], NULL);
	if (!local || !targ) {
		fprintf(stderr, "can't parse BTF\n");
		return 1;
	}
	while (fgets(line, sizeof(line), stdin)) {
		struct bpf_core_relo relo = {};
		struct bpf_core_spec *scratch = calloc(3, sizeof(*scratch));
		struct bpf_core_relo_res res = {};
		struct bpf_insn insn[2];
		struct bpf_core_cand_list empty = {}, *cands = &empty;
		unsigned kind;
		int err, perr = 0;

		if (sscanf(line, "%u %u %u %u %32s", &relo.type_id, &relo.access_str_off, &kind, &relo.insn_off, hex) != 5)
			return 3;
		relo.kind = kind;
		if (unhex(hex, (unsigned char *)insn, 16))
			return 4;
		if (kind != BPF_CORE_TYPE_ID_LOCAL)
			cands = cands_for(local, targ, relo.type_id);
		err = bpf_core_calc_relo_insn("p", &relo, idx, local, cands, scratch, &res);
		if (!err)
			perr = bpf_core_patch_insn("p", insn, 0, &relo, idx, &res);
		printf("%d %llu %llu %d %d %d %u %u %d ", err, (unsigned long long)res.orig_val,
		       (unsigned long long)res.new_val, res.poison, res.validate, res.fail_memsz_adjust, res.orig_sz,
		       res.new_sz, perr);
		for (int i = 0; i < 16; i++)
			printf("%02x", ((unsigned char *)insn)[i]);
		printf("\n");
		free(scratch);
		idx++;
	}
	return 0;
}

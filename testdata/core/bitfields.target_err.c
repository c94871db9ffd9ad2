/* Target BTF for bitfields.c where field 'a' can't be read with one 64-bit
 * load (libbpf: "can't be satisfied for bitfield", -E2BIG). */
struct bits {
	char pad;
	unsigned long long a : 63;
	unsigned int b : 3;
};

void target_types(struct bits *b) {}

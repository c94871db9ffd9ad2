/* Target BTF for bitfields.c: widths, offsets and signedness changed. */
struct bits {
	long long pad;
	unsigned int b : 5;
	unsigned int a : 2;
	unsigned int c : 5;     /* signed -> unsigned */
	int h : 20;             /* int -> bitfield */
	unsigned long long d : 44;
	int e;                  /* bitfield -> int */
	short f : 12;
	unsigned int g : 31;
	long long i : 50;
	unsigned short j : 16;
	signed char k : 3;
	unsigned char pad2 : 6;
	unsigned int l : 4;     /* crosses a byte boundary */
};

void target_types(struct bits *b) {}

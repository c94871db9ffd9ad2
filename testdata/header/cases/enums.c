// bpfkit-header test case: enum sizes, signedness and 64-bit values
// (`mode(byte)`, `mode(word)`, `LL`/`ULL` suffixes).

enum byte_enum : unsigned char { BE_ZERO, BE_MAX = 255 };
enum short_enum : short { SHE_MIN = -32768, SHE_MAX = 32767 };
enum word_enum : unsigned long { WE_SMALL = 1, WE_OTHER = 2 };
enum wide_unsigned { WU_LOW = 1, WU_HIGH = 0x8000000000000000ull };
enum wide_signed { WS_NEG = -1, WS_BIG = 0x100000000ll };
enum neg_enum { NE_MIN = -2147483647 - 1, NE_MAX = 2147483647 };
enum { ANON_TOP_A = 10, ANON_TOP_B = 20 };

struct enum_holder {
	enum byte_enum b;
	enum short_enum s;
	enum word_enum w;
	enum wide_unsigned wu;
	enum wide_signed ws;
	enum neg_enum n;
	enum : unsigned char { INLINE_BYTE = 3 } inl;
};

int entry(struct enum_holder *h)
{
	return ANON_TOP_A;
}

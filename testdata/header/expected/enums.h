enum byte_enum {
	BE_ZERO = 0,
	BE_MAX = 255,
} __attribute__((mode(byte)));

enum short_enum {
	SHE_MIN = -32768,
	SHE_MAX = 32767,
};

enum word_enum {
	WE_SMALL = 1ULL,
	WE_OTHER = 2ULL,
} __attribute__((mode(word)));

enum wide_unsigned {
	WU_LOW = 1ULL,
	WU_HIGH = 9223372036854775808ULL,
};

enum wide_signed {
	WS_NEG = -1LL,
	WS_BIG = 4294967296LL,
};

enum neg_enum {
	NE_MIN = -2147483648,
	NE_MAX = 2147483647,
};

struct enum_holder {
	enum byte_enum b;
	enum short_enum s;
	enum word_enum w;
	enum wide_unsigned wu;
	enum wide_signed ws;
	enum neg_enum n;
	enum {
		INLINE_BYTE = 3,
	} __attribute__((mode(byte))) inl;
};


/* Target BTF for enums.c: values moved, an enumerator renamed, enum64 <-> enum. */
enum color { BLACK, RED = 2, BLUE = 3, GREEN = 9, NEG = -70000 };
enum color___v2 { PURPLE = 70 };
enum wide : unsigned int { W_BIG = 0xfffffff1u, W_SMALL = 2 };
enum big64 : unsigned long long { B_HIGH = 0x300000000ULL, B_MAX = 5 };
enum sbig64 : int { S_NEG = -9, S_POS = 9 };

struct holder { enum color a; enum color___v2 b; enum wide c; enum big64 d; enum sbig64 e; };

void target_types(struct holder *h) {}

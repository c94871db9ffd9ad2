struct dup {
	int first;
};

struct dup___2 {
	long second;
};

union dup___3 {
	int third;
};

enum dup___4 {
	DUPVAL = 1,
	OTHER = 2,
};

typedef int DUPVAL___2;

typedef struct dup dup_t;

typedef struct dup___2 dup_t___2;

struct twice;

struct twice;

enum later_enum;

struct holder {
	struct dup a;
	struct dup___2 b;
	union dup___3 c;
	enum dup___4 d;
	enum {
		DUPVAL___3 = 3,
	} e;
	DUPVAL___2 f;
	dup_t g;
	dup_t___2 h;
	struct twice *i;
	struct twice *j;
	enum later_enum *k;
};


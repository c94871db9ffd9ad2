/* An extern-only library: it uses a variable, a function and a map the
 * application defines, and offers a weak function and a global one.
 * Linked alone, its externs stay unresolved. */
#include "common.h"

extern int app_value;
extern int app_func(int x);
extern struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, long);
	__uint(max_entries, 8);
} app_map SEC(".maps");

int lib_calls;

__weak int lib_add(int a)
{
	return a + app_value;
}

int lib_entry(int x)
{
	int zero = 0;
	long *v = bpf_map_lookup_elem(&app_map, &zero);

	lib_calls++;
	if (v)
		*v += x;
	return app_func(x) + lib_add(x);
}

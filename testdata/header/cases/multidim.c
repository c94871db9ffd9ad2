// bpfkit-header test case: multi-dimensional arrays, pointers to arrays
// and arrays of pointers.
// Written for bpfkit after the ideas of libbpf's btf_dump_test_case_multidim.c.

typedef int grid_t[3][4];
typedef int *ptr_grid_t[2][3][4][5];
typedef int (*ptr_to_arr_t)[6];
typedef int (*ptr_to_grid_t)[2][3];
typedef grid_t grids_t[2];
typedef char (*(*fn_ret_arr_t)(int))[8];

struct with_arrays {
	int a[2][3];
	char b[4][5][6];
	grid_t g;
	grids_t gs;
	ptr_grid_t pg;
	ptr_to_arr_t pa;
	ptr_to_grid_t pgr;
	int (*pmember)[7];
	const char *(*names)[3];
	fn_ret_arr_t f;
	struct { int x; } anon_arr[2][2];
	long empty[0][4];
};

int entry(struct with_arrays *r)
{
	return 0;
}

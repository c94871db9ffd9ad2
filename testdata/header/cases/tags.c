// bpfkit-header test case: BTF type tags and declaration tags.

#define __tag(x) __attribute__((btf_type_tag(x)))
#define __decl(x) __attribute__((btf_decl_tag(x)))

struct tagged {
	int __tag("user") *uptr;
	char __tag("percpu") __tag("rcu") *both;
	void __tag("iomem") *const volatile cvptr;
	int plain __decl("field-tag");
} __decl("struct-tag");

typedef int __tag("tt") *tagged_int_ptr_t;

int entry(struct tagged *t, tagged_int_ptr_t p) __decl("func-tag")
{
	return 0;
}

struct tagged {
	int __attribute__((btf_type_tag("user"))) *uptr;
	char __attribute__((btf_type_tag("percpu"))) __attribute__((btf_type_tag("rcu"))) *both;
	void __attribute__((btf_type_tag("iomem"))) * volatile const cvptr;
	int plain;
};

typedef int __attribute__((btf_type_tag("tt"))) *tagged_int_ptr_t;


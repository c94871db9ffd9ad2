struct task {
	unsigned long long id;
};


/* The LSM hook file_open (BPF LSM is built in on this 6.18). */
#include "common.h"

SEC("lsm/file_open")
int lsm_file_open(__u64 *ctx)
{
	return 0;
}

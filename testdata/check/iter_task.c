/* Loads: a task iterator. */
#include "common.h"

SEC("iter/task")
int iter_task(__u64 *ctx)
{
	return 0;
}

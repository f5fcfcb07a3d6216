/* Startup workload: the smallest useful program. Built twice by
 * bench/run.sh: gcc -static (hello-static) and default dynamic (hello-dyn). */
#include <stdio.h>

int main(void)
{
	puts("hello");
	return 0;
}

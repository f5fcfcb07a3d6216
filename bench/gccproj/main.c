#include <stdio.h>
#include "proj.h"

static void sum_cb(const char *key, long v, void *arg)
{
	(void)key;
	*(long *)arg += v;
}

int main(void)
{
	matrix x = mat_new(64), y = mat_new(64), z = mat_new(64);
	mat_fill(&x, 1);
	mat_fill(&y, 2);
	mat_mul(&x, &y, &z);

	table *t = tab_new();
	strbuf b;
	sb_init(&b);
	for (int i = 0; i < 5000; i++) {
		char key[32];
		snprintf(key, sizeof key, "k%d", (i * 7919) % 1237);
		tab_add(t, key, i);
		sb_printf(&b, "%s=%d;", key, i % 97);
	}
	long total = 0;
	tab_each(t, sum_cb, &total);
	int found;
	long v = tab_get(t, "k42", &found);

	printf("trace %.6f keys %zu total %ld k42 %ld/%d hash %016llx\n",
	       mat_trace(&z), tab_count(t), total, v, found,
	       (unsigned long long)sb_hash(&b));
	sb_free(&b);
	tab_free(t);
	mat_free(&x);
	mat_free(&y);
	mat_free(&z);
	return 0;
}

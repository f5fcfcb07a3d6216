#include <stdlib.h>
#include "proj.h"

matrix mat_new(int n)
{
	matrix m = { n, calloc((size_t)n * n, sizeof(double)) };
	return m;
}

void mat_free(matrix *m)
{
	free(m->a);
	m->a = NULL;
}

void mat_fill(matrix *m, uint32_t seed)
{
	for (int i = 0; i < m->n * m->n; i++) {
		seed = seed * 1664525u + 1013904223u;
		m->a[i] = (double)(seed >> 16) / 65536.0 - 0.5;
	}
}

void mat_mul(const matrix *x, const matrix *y, matrix *out)
{
	int n = x->n;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			out->a[i * n + j] = 0;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++) {
			double v = x->a[i * n + k];
			for (int j = 0; j < n; j++)
				out->a[i * n + j] += v * y->a[k * n + j];
		}
}

double mat_trace(const matrix *m)
{
	double t = 0;
	for (int i = 0; i < m->n; i++)
		t += m->a[i * m->n + i];
	return t;
}

/* Small multi-file C program compiled and linked by the gcc workload of
 * bench/run.sh (gcc -O2 main.c matrix.c strbuf.c table.c). */
#ifndef PROJ_H
#define PROJ_H
#include <stddef.h>
#include <stdint.h>

/* matrix.c */
typedef struct { int n; double *a; } matrix;
matrix mat_new(int n);
void mat_free(matrix *m);
void mat_fill(matrix *m, uint32_t seed);
void mat_mul(const matrix *x, const matrix *y, matrix *out);
double mat_trace(const matrix *m);

/* strbuf.c */
typedef struct { char *s; size_t len, cap; } strbuf;
void sb_init(strbuf *b);
void sb_free(strbuf *b);
void sb_putc(strbuf *b, char c);
void sb_puts(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint64_t sb_hash(const strbuf *b);

/* table.c */
typedef struct table table;
table *tab_new(void);
void tab_free(table *t);
void tab_add(table *t, const char *key, long v);
long tab_get(const table *t, const char *key, int *found);
size_t tab_count(const table *t);
void tab_each(const table *t, void (*fn)(const char *key, long v, void *arg), void *arg);
#endif

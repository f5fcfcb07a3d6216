#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "proj.h"

void sb_init(strbuf *b)
{
	b->cap = 16;
	b->len = 0;
	b->s = malloc(b->cap);
	b->s[0] = '\0';
}

void sb_free(strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static void grow(strbuf *b, size_t need)
{
	if (b->len + need + 1 <= b->cap)
		return;
	while (b->len + need + 1 > b->cap)
		b->cap *= 2;
	b->s = realloc(b->s, b->cap);
}

void sb_putc(strbuf *b, char c)
{
	grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void sb_puts(strbuf *b, const char *s)
{
	size_t n = strlen(s);
	grow(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

uint64_t sb_hash(const strbuf *b)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < b->len; i++) {
		h ^= (unsigned char)b->s[i];
		h *= 1099511628211ull;
	}
	return h;
}

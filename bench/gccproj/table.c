#include <stdlib.h>
#include <string.h>
#include "proj.h"

/* open-addressing hash table with linear probing, doubling at 70% load */
struct entry { char *key; long v; };
struct table { struct entry *e; size_t cap, count; };

static uint64_t hash_str(const char *s)
{
	uint64_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h ^ (h >> 29);
}

table *tab_new(void)
{
	table *t = malloc(sizeof *t);
	t->cap = 16;
	t->count = 0;
	t->e = calloc(t->cap, sizeof *t->e);
	return t;
}

void tab_free(table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->e[i].key);
	free(t->e);
	free(t);
}

static struct entry *slot(const table *t, const char *key)
{
	size_t i = hash_str(key) & (t->cap - 1);
	while (t->e[i].key && strcmp(t->e[i].key, key) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->e[i];
}

static void rehash(table *t)
{
	struct entry *old = t->e;
	size_t oldcap = t->cap;
	t->cap *= 2;
	t->e = calloc(t->cap, sizeof *t->e);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*slot(t, old[i].key) = old[i];
	free(old);
}

void tab_add(table *t, const char *key, long v)
{
	if ((t->count + 1) * 10 > t->cap * 7)
		rehash(t);
	struct entry *e = slot(t, key);
	if (e->key) {
		e->v += v;
		return;
	}
	e->key = strdup(key);
	e->v = v;
	t->count++;
}

long tab_get(const table *t, const char *key, int *found)
{
	const struct entry *e = slot(t, key);
	*found = e->key != NULL;
	return e->key ? e->v : 0;
}

size_t tab_count(const table *t)
{
	return t->count;
}

void tab_each(const table *t, void (*fn)(const char *key, long v, void *arg), void *arg)
{
	for (size_t i = 0; i < t->cap; i++)
		if (t->e[i].key)
			fn(t->e[i].key, t->e[i].v, arg);
}

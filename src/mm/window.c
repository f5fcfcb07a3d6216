/*
 * window.c - reservation and host mappings of the guest window
 * (async-signal-safe zone, except window_init which runs before the guest).
 */
#include "window.h"

#include <linux/errno.h>
#include <fcntl.h>

#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "base.h"

#define RESERVE_PROT PROT_NONE
#define RESERVE_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)
#define HEAP_ROOM (4UL << 30)	/* runtime malloc growth above its break */
#define HOST_STACK_ROOM (1UL << 20)

/* ---- /proc/self/maps reader (no stdio) ---- */

struct maps_line {
	uintptr_t lo, hi;
	uint64_t off, dev_major, dev_minor, ino;
	char name[256];
};

struct maps_reader {
	int fd;
	char buf[4096];
	size_t len, pos;
};

static int mr_getc(struct maps_reader *r)
{
	if (r->pos == r->len) {
		long n = host_read(r->fd, r->buf, sizeof r->buf);

		if (n <= 0)
			return -1;
		r->len = (size_t)n;
		r->pos = 0;
	}
	return (unsigned char)r->buf[r->pos++];
}

static uint64_t mr_hex(struct maps_reader *r, int *c)
{
	uint64_t v = 0;

	for (;;) {
		*c = mr_getc(r);
		if (*c >= '0' && *c <= '9')
			v = v * 16 + (uint64_t)(*c - '0');
		else if (*c >= 'a' && *c <= 'f')
			v = v * 16 + (uint64_t)(*c - 'a' + 10);
		else
			return v;
	}
}

static void mr_skip_spaces(struct maps_reader *r, int *c)
{
	while (*c == ' ')
		*c = mr_getc(r);
}

/* One line; 0 at end of file. */
static int mr_next(struct maps_reader *r, struct maps_line *m)
{
	int c, i;
	uint64_t dec = 0;

	m->lo = mr_hex(r, &c);
	if (c != '-')
		return 0;
	m->hi = mr_hex(r, &c);
	for (i = 0; i < 5; i++) /* " rwxp" */
		c = mr_getc(r);
	m->off = mr_hex(r, &c);
	m->dev_major = mr_hex(r, &c);
	m->dev_minor = mr_hex(r, &c);
	for (c = mr_getc(r); c >= '0' && c <= '9'; c = mr_getc(r))
		dec = dec * 10 + (uint64_t)(c - '0');
	m->ino = dec;
	mr_skip_spaces(r, &c);
	for (i = 0; c != '\n' && c >= 0; c = mr_getc(r))
		if (i < (int)sizeof m->name - 1)
			m->name[i++] = (char)c;
	m->name[i] = '\0';
	return 1;
}

static int mr_open(struct maps_reader *r)
{
	r->fd = host_open("/proc/self/maps", 02000000 /* O_CLOEXEC */, 0);
	r->len = r->pos = 0;
	return r->fd;
}

/* ---- zones ---- */

static void zone_add(struct window_zone *z, int *n, uintptr_t lo, uintptr_t hi,
		     const char *name)
{
	int i;

	for (i = 0; i < *n; i++) {
		if (lo <= z[i].hi && hi >= z[i].lo && !name[0] && !z[i].name[0]) {
			z[i].lo = lo < z[i].lo ? lo : z[i].lo;
			z[i].hi = hi > z[i].hi ? hi : z[i].hi;
			return;
		}
	}
	if (*n == WINDOW_MAX_ZONES)
		return;
	z[*n].lo = lo;
	z[*n].hi = hi;
	strncpy(z[*n].name, name, sizeof z[*n].name - 1);
	(*n)++;
}

static void zones_sort(struct window_zone *z, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && z[j - 1].lo > z[j].lo; j--) {
			struct window_zone t = z[j];

			z[j] = z[j - 1];
			z[j - 1] = t;
		}
}

/* Host mappings inside [lo, hi): merged, with growth room for the runtime
 * heap above its break and the host stack below it. */
static int collect_zones(uintptr_t lo, uintptr_t hi, struct window_zone *z,
			 int *n)
{
	struct maps_reader r;
	struct maps_line m;
	uintptr_t cur_brk = (uintptr_t)host_sys1(SYS_brk, 0);

	*n = 0;
	if (mr_open(&r) < 0)
		return r.fd;
	while (mr_next(&r, &m)) {
		uintptr_t zlo = m.lo, zhi = m.hi;
		int special = !strcmp(m.name, "[vdso]") ||
			      !strcmp(m.name, "[vvar]") ||
			      !strcmp(m.name, "[vvar_vclock]");

		if (zlo >= hi || zhi <= lo)
			continue;
		if (!strcmp(m.name, "[heap]") || zhi == cur_brk)
			zhi = cur_brk + HEAP_ROOM;
		if (!strcmp(m.name, "[stack]"))
			zlo = zlo > HOST_STACK_ROOM ? zlo - HOST_STACK_ROOM : 0;
		zone_add(z, n, zlo < lo ? lo : zlo, zhi > hi ? hi : zhi,
			 special ? m.name : "");
	}
	host_close(r.fd);
	/* the break may not have a [heap] line yet */
	if (cur_brk > lo && cur_brk < hi)
		zone_add(z, n, cur_brk, cur_brk + HEAP_ROOM, "");
	zones_sort(z, *n);
	return 0;
}

static int reserve_noreplace(uintptr_t lo, uintptr_t hi)
{
	long p;

	if (hi <= lo)
		return 0;
	p = host_mmap(lo, hi - lo, RESERVE_PROT,
		      RESERVE_FLAGS | MAP_FIXED_NOREPLACE, -1, 0);
	if (IS_ERR_VAL(p))
		return (int)p;
	if ((uintptr_t)p != lo) { /* pre-4.17 kernels ignore NOREPLACE */
		host_munmap((uintptr_t)p, hi - lo);
		return -EEXIST;
	}
	return 0;
}

/* When /proc/sys/vm/mmap_min_addr cannot be read: the Kconfig default of
 * CONFIG_DEFAULT_MMAP_MIN_ADDR (mm/Kconfig). */
#define MMAP_MIN_ADDR_FALLBACK 4096

uint64_t window_mmap_min_addr(void)
{
	char buf[32];
	uint64_t v = 0;
	int fd = host_open("/proc/sys/vm/mmap_min_addr", O_RDONLY | O_CLOEXEC, 0);
	long n = fd < 0 ? -1 : host_read(fd, buf, sizeof buf - 1);

	if (fd >= 0)
		host_close(fd);
	if (n <= 0 || buf[0] < '0' || buf[0] > '9')
		return MMAP_MIN_ADDR_FALLBACK;
	for (long i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		v = v * 10 + (uint64_t)(buf[i] - '0');
	return v;
}

int window_init(const struct vml_layout *l, struct window_zone *zones,
		int *nzones)
{
	uintptr_t cur = l->mmap_min;
	int r = collect_zones(l->mmap_min, l->task_size, zones, nzones);

	if (r < 0)
		return r;
	/* special zones may sit inside a merged zone; skip what is covered */
	for (int i = 0; i < *nzones; i++) {
		if (zones[i].lo > cur) {
			r = reserve_noreplace(cur, zones[i].lo);
			if (r < 0)
				return r;
		}
		if (zones[i].hi > cur)
			cur = zones[i].hi;
	}
	return reserve_noreplace(cur, l->task_size);
}

int window_reserve(uintptr_t lo, size_t len)
{
	long p = host_mmap(lo, len, RESERVE_PROT, RESERVE_FLAGS | MAP_FIXED, -1,
			   0);

	return IS_ERR_VAL(p) ? (int)p : 0;
}

long window_map(uintptr_t addr, size_t len, int prot, int flags, int fd,
		off_t off)
{
	return host_mmap(addr, len, prot, flags | MAP_FIXED, fd, off);
}

int window_protect(uintptr_t addr, size_t len, int prot)
{
	return host_mprotect(addr, len, prot);
}

/*
 * A guest VMA may be several host VMAs: demand paging gives pages of one
 * VMA different host protections, and host VMAs that the guest's kernel
 * would have merged sometimes stay apart. The host's mremap takes one host
 * VMA at a time and says EFAULT otherwise, so ranges are moved in halves
 * until each piece is one host VMA. extra bytes of growth go to the last
 * piece.
 */
static long move_pieces(uintptr_t old, size_t len, size_t extra, uintptr_t to,
			int flags)
{
	long r = host_mremap(old, len, len + extra, flags, to);
	size_t half;

	if (r != -EFAULT || len <= VML_PAGE)
		return r;
	half = VML_PAGE_START(len / 2);
	r = move_pieces(old, half, 0, to, flags);
	if (IS_ERR_VAL(r))
		return r;
	r = move_pieces(old + half, len - half, extra, to + half, flags);
	return IS_ERR_VAL(r) ? r : (long)to;
}

long window_move(uintptr_t old, size_t oldlen, size_t newlen, uintptr_t to,
		 int dontunmap)
{
	int flags = MREMAP_MAYMOVE | MREMAP_FIXED |
		    (dontunmap ? MREMAP_DONTUNMAP : 0);
	long r;

	if (oldlen == 0) { /* a second mapping of shared memory */
		r = host_mremap(old, 0, newlen, flags, to);
		if (!IS_ERR_VAL(r))
			host_mprotect(to, newlen, PROT_NONE);
		return r;
	}
		r = move_pieces(old, oldlen, newlen - oldlen, to, flags);
	if (IS_ERR_VAL(r))
		return r;
	/* the host unmapped the old range: give it back to the reservation */
	if (!dontunmap && oldlen)
		window_reserve(old, oldlen);
	/* growth takes the last piece's protection: not granted yet */
	if (newlen > oldlen && oldlen)
		host_mprotect(to + oldlen, newlen - oldlen, PROT_NONE);
	return (long)to;
}

/* Grow the host VMA that ends at addr + len in place by extra bytes. */
static long grow_last_piece(uintptr_t addr, size_t len, size_t extra)
{
	long r = host_mremap(addr, len, len + extra, 0, 0);
	size_t half;

	if (r != -EFAULT || len <= VML_PAGE)
		return r;
	half = VML_PAGE_START(len / 2);
	return grow_last_piece(addr + half, len - half, extra);
}

int window_grow(uintptr_t addr, size_t oldlen, size_t newlen)
{
	long r;

	/* the reservation above must go for the host to grow in place */
	host_munmap(addr + oldlen, newlen - oldlen);
	r = grow_last_piece(addr, oldlen, newlen - oldlen);
	if (IS_ERR_VAL(r)) {
		window_reserve(addr + oldlen, newlen - oldlen);
		return (int)r;
	}
	host_mprotect(addr + oldlen, newlen - oldlen, PROT_NONE);
	return 0;
}

int window_host_identity(uintptr_t addr, unsigned *major, unsigned *minor,
			 uint64_t *ino,
			 char *path, size_t cap)
{
	struct maps_reader r;
	struct maps_line m;
	int found = -ENOENT;

	if (mr_open(&r) < 0)
		return r.fd;
	while (mr_next(&r, &m)) {
		if (addr >= m.lo && addr < m.hi) {
			*major = (unsigned)m.dev_major;
			*minor = (unsigned)m.dev_minor;
			*ino = m.ino;
			strncpy(path, m.name, cap - 1);
			path[cap - 1] = '\0';
			found = 0;
			break;
		}
	}
	host_close(r.fd);
	return found;
}

/* Where window_park_vdso put the pieces: the next window_vdso_pieces
 * answers from here instead of reading /proc/self/maps again. */
static struct window_zone parked[8];
static int nparked;

int window_vdso_pieces(struct window_zone *out, int max)
{
	struct maps_reader r;
	struct maps_line m;
	int n = 0;

	if (nparked) {
		for (; n < nparked && n < max; n++)
			out[n] = parked[n];
		nparked = 0;
		return n;
	}
	if (mr_open(&r) < 0)
		return r.fd;
	while (mr_next(&r, &m) && n < max) {
		if (strcmp(m.name, "[vvar]") && strcmp(m.name, "[vvar_vclock]") &&
		    strcmp(m.name, "[vdso]"))
			continue;
		out[n].lo = m.lo;
		out[n].hi = m.hi;
		strncpy(out[n].name, m.name, sizeof out[n].name - 1);
		out[n].name[sizeof out[n].name - 1] = '\0';
		n++;
	}
	host_close(r.fd);
	return n;
}

int window_park_vdso(uintptr_t to)
{
	struct window_zone piece[8];
	int n = window_vdso_pieces(piece, 8);

	for (int i = 0; i < n; i++) {
		long r = host_mremap(piece[i].lo, piece[i].hi - piece[i].lo,
				     piece[i].hi - piece[i].lo,
				     MREMAP_MAYMOVE | MREMAP_FIXED,
				     to + (piece[i].lo - piece[0].lo));

		if (IS_ERR_VAL(r))
			return (int)r;
		parked[i] = piece[i];
		parked[i].lo = (uintptr_t)r;
		parked[i].hi = (uintptr_t)r + (piece[i].hi - piece[i].lo);
	}
	nparked = n > 0 ? n : 0;
	return n < 0 ? n : 0;
}

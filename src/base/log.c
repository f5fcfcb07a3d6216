/*
 * log.c - async-signal-safe formatting (base.h; async-signal-safe zone: no
 * malloc, no stdio, no errno).
 */
#include "base.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>


struct out {
	char *buf;
	size_t cap, len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_c(o, c);
}

static void out_num(struct out *o, unsigned long v, int base, int neg,
		    int width, int zero, int left)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % (unsigned)base];
		v /= (unsigned)base;
	} while (v);
	if (neg)
		width--;
	if (!left && !zero)
		out_pad(o, ' ', width - n);
	if (neg)
		out_c(o, '-');
	if (!left && zero)
		out_pad(o, '0', width - n);
	while (n)
		out_c(o, tmp[--n]);
	if (left)
		out_pad(o, ' ', width - (int)(neg) - n);
}

static void out_str(struct out *o, const char *s, int width, int left)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n])
		n++;
	if (!left)
		out_pad(o, ' ', width - n);
	for (int i = 0; i < n; i++)
		out_c(o, s[i]);
	if (left)
		out_pad(o, ' ', width - n);
}

size_t log_vfmt(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct out o = { buf, cap, 0 };

	for (; *fmt; fmt++) {
		int zero = 0, left = 0, width = 0, lng = 0;
		unsigned long u;
		long s;

		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-')
			left = 1, fmt++;
		if (*fmt == '0')
			zero = 1, fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng = 1, fmt++;
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, long) : va_arg(ap, int);
			u = s < 0 ? 0UL - (unsigned long)s : (unsigned long)s;
			out_num(&o, u, 10, s < 0, width, zero, left);
			break;
		case 'u':
		case 'x':
			u = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			out_num(&o, u, *fmt == 'x' ? 16 : 10, 0, width, zero, left);
			break;
		case 'p':
			out_c(&o, '0');
			out_c(&o, 'x');
			out_num(&o, (uintptr_t)va_arg(ap, void *), 16, 0, width,
				zero, left);
			break;
		case 's':
			out_str(&o, va_arg(ap, const char *), width, left);
			break;
		case 'c':
			out_c(&o, (char)va_arg(ap, int));
			break;
		case '%':
			out_c(&o, '%');
			break;
		default:
			out_c(&o, '?');
			break;
		}
	}
	if (cap)
		buf[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len;
}

size_t log_fmt(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = log_vfmt(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

static void log_vmsg(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];
	size_t n = log_fmt(buf, sizeof buf, "%s", prefix);

	n += log_vfmt(buf + n, sizeof buf - n, fmt, ap);
	if (n > sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	host_write_all(2, buf, n);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg("vmload: ", fmt, ap);
	va_end(ap);
}

_Noreturn void log_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg("vmload: internal error: ", fmt, ap);
	va_end(ap);
	host_sys2(SYS_kill, host_getpid(), SIGABRT);
	for (;;)
		host_sys1(SYS_exit_group, 134);
}

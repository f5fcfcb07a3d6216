/*
 * log.h - async-signal-safe formatting and diagnostics.
 *
 * log_fmt() understands %s %c %d %i %u %x %p and the l/z length modifiers,
 * a zero flag and a field width (%08lx, %-20s): enough for /proc/<pid>/maps
 * and for messages. No locale, no malloc, no errno.
 */
#ifndef VMLOAD_LOG_H
#define VMLOAD_LOG_H

#include <stdarg.h>
#include <stddef.h>

size_t log_vfmt(char *buf, size_t cap, const char *fmt, va_list ap);
size_t log_fmt(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Write "vmload: <message>\n" to stderr. */
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A broken invariant: log and abort. */
_Noreturn void vml_panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif

/*
 * kctx.c - the kernel's signal-frame context (base.h; async-signal-safe
 * zone).
 */
#include "base.h"

#include <string.h>

/* struct _fpx_sw_bytes fills the last 48 of the fxsave image's 512 bytes,
 * its software-reserved part (uapi asm/sigcontext.h; glibc's <signal.h>
 * has the same types and FP_XSTATE_MAGIC1, and <asm/sigcontext.h> cannot
 * be included beside it) */
#define SW_BYTES_OFFSET (sizeof(struct _fpstate) - sizeof(struct _fpx_sw_bytes))
_Static_assert(SW_BYTES_OFFSET == 464, "fxsave software-reserved bytes");

size_t kctx_fpstate_size(const void *fp)
{
	struct _fpx_sw_bytes sw;

	if (!fp)
		return 0;
	memcpy(&sw, (const char *)fp + SW_BYTES_OFFSET, sizeof sw);
	if (sw.magic1 == FP_XSTATE_MAGIC1 && sw.extended_size >= 512 &&
	    sw.extended_size <= 64 * 1024)
		return sw.extended_size;
	return sizeof(struct _fpstate);
}

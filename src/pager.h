/*
 * pager.h - demand paging and copy-on-write of guest memory (DESIGN D4, D5).
 *
 * Every guest mapping starts unpopulated at host level (PROT_NONE inside its
 * host mapping). The runtime page table (pt.h) records, per page, what the
 * runtime has granted; the host protection of a page is derived from its
 * state and its VMA's guest protection:
 *
 *   state     meaning                                   host protection
 *   PT_NONE   never granted                             PROT_NONE
 *   PT_RO     present, read-only and shared: the zero   guest prot minus
 *             page, a page-cache page, or a page still   PROT_WRITE
 *             shared with a fork
 *   PT_RW     present and private (or a MAP_SHARED      guest prot
 *             page): writes go straight to it
 *
 * Async-signal-safe zone. Every function takes as.lock itself unless its
 * name ends in _locked.
 */
#ifndef VMLOAD_PAGER_H
#define VMLOAD_PAGER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Make guest [addr, addr+len) usable by the kernel for a system call that
 * reads it (write = 0) or writes it (write = 1, breaking copy-on-write).
 * Pages are granted as a guest access would grant them; it stops quietly at
 * the first page the guest itself could not access that way (no VMA, or
 * the protection forbids it), so the system call then fails there exactly
 * as it would natively. len 0 prepares nothing.
 */
void pager_prepare(uintptr_t addr, size_t len, int write);

/*
 * The same for a NUL-terminated guest string: prepares page by page for
 * reading until the NUL (or cap bytes, or an inaccessible page).
 */
void pager_prepare_str(uintptr_t addr, size_t cap);

/*
 * Memory the kernel writes on its own, later, outside any system call (the
 * CLONE_CHILD_CLEARTID word, the robust-futex list head, the rseq area):
 * prepare it for writing and keep it present and writable for good, also
 * across fork (DESIGN D5 "pinned"). Pins are per thread: they are dropped
 * when the thread that set them exits.
 */
void pager_pin(uintptr_t addr, size_t len);

#endif

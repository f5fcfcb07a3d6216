/*
 * mapshot.h - VMLOAD_MAP: when the program ends (exit_group, the exit of
 * its last thread, or a fatal signal), take a snapshot of the guest's VMAs
 * and draw it (mapdraw.h) or leave it raw for --compare.
 *
 * Only the process vmload started draws: it keeps its pid across the
 * guest's execve, and the options a guest's exec carries name it (the
 * map owner). Forked children, and programs they exec, never overwrite
 * the picture.
 *
 * The at_* calls run in a handler (SIGSYS, or the fault path of die_of):
 * their checks are async-signal-safe; the drawing itself runs inside
 * final_enter()/final_leave() (final.h), once per process.
 */
#ifndef VMLOAD_MAPSHOT_H
#define VMLOAD_MAPSHOT_H

/*
 * Normal context, before the guest runs. dest: "" (off), "txt" (the text
 * diagram on stderr), or an absolute file name ending in .svg, .txt or
 * .maps (the raw form, mapdraw_dump_write). owner: the pid that draws; 0
 * means this process.
 */
void mapshot_configure(const char *dest, int owner);
/* The guest's exit_group(status). */
void mapshot_at_exit(int status);
/* The guest's exit(status) of one thread: draws if no other lives. */
void mapshot_at_thread_exit(int status);
/* The process is about to die of sig. */
void mapshot_at_signal(int sig);

#endif

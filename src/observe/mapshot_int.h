/*
 * mapshot_int.h - what mapshot.c (the decision, in the async-signal-safe
 * zone) and mapshot_draw.c (the drawing, on the terminal path) share;
 * private to them.
 */
#ifndef VMLOAD_MAPSHOT_INT_H
#define VMLOAD_MAPSHOT_INT_H

#include "observe.h"

#define MAPSHOT_PATH_CAP 512

/*
 * On the terminal path (final_enter() done, once per process): take the
 * snapshot and draw it to dest ("txt": to err_fd, the stderr vmload started
 * with, else a file), ended by `end` ("exit status 0").
 */
void mapshot_draw(const char *dest, int err_fd, const char *end);

#endif

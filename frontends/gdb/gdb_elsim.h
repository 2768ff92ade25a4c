/* The gdb target backed by an elsim machine (target_elsim.c) and its `monitor` commands
 * (monitor.c). */
#ifndef ELSIM_GDB_ELSIM_H
#define ELSIM_GDB_ELSIM_H

#include "elsim.h"
#include "gdb_target.h"

enum { GDB_ELSIM_MAX_REGS = 128 };

struct gdb_elsim_target {
    struct elsim *sim;
    int sysreg_id[GDB_ELSIM_MAX_REGS]; /* the SR_* row of each GDB_REG_SYSREG register, or -1 */
    struct elsim_break_on break_on;    /* what `monitor break-on` asked for (all CPUs) */
};

extern const struct gdb_target_ops gdb_elsim_ops;
void gdb_elsim_target_init(struct gdb_elsim_target *t, struct elsim *sim);
/* Forget what a gdb asked for (break-on conditions) when it goes. */
void gdb_elsim_target_reset(struct gdb_elsim_target *t);
/* monitor.c */
void gdb_elsim_monitor(void *target, unsigned cpu, const char *command, FILE *out);

#endif

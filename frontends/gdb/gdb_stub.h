/* The GDB remote stub: `elsim run --gdb [HOST:]PORT [--gdb-wait]`. */
#ifndef ELSIM_GDB_STUB_H
#define ELSIM_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "elsim.h"

struct gdb_stub_options {
    const char *host;     /* address to listen on; NULL = 127.0.0.1 */
    unsigned port;        /* 0 = 1234 */
    bool wait_at_reset;   /* the guest does not run until gdb continues it */
};

enum gdb_stub_end {
    GDB_STUB_MACHINE_ENDED, /* the machine stopped by itself: *result says how (never STEPPED) */
    GDB_STUB_KILLED,        /* gdb's kill command */
    GDB_STUB_ERROR,         /* could not listen: message in err */
};

/* Serve gdb and run the machine until the guest ends or gdb kills it. The guest runs whenever no
 * gdb holds it halted; while it is halted the stub sleeps in poll/accept. A gdb that goes away
 * leaves the guest halted and the port listening for the next. */
enum gdb_stub_end gdb_stub_run(struct elsim *sim, const struct gdb_stub_options *options, enum elsim_result *result,
                               char *err, size_t errlen);

#endif

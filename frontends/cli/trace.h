/* The CLI's tracers (--trace exc, --trace mmu): cpu hooks that print one line per event to
 * stderr. */
#ifndef ELSIM_CLI_TRACE_H
#define ELSIM_CLI_TRACE_H

#include <stdbool.h>

#include "cpu.h"

/* Hooks printing the selected kinds of events. */
void trace_select(struct cpu_hooks *hooks, bool exceptions, bool mmu);

#endif

/* The CLI's tracers: cpu hooks that print one line per event to stderr (--trace exc, mmu,
 * insn, gic) and feed the Chrome trace-event file (--trace-file, trace_json.h). */
#ifndef ELSIM_CLI_TRACE_H
#define ELSIM_CLI_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "elsim.h"

enum trace_kind {
    TRACE_EXC = 1u << 0,   /* exceptions taken and returned, ESR decoded */
    TRACE_MMU = 1u << 1,   /* translation table walks */
    TRACE_INSN = 1u << 2,  /* every instruction: disassembly and the registers it changed */
    TRACE_GIC = 1u << 3,   /* interrupt controller events */
};

/* Add the kinds named in a --trace argument ("exc", "insn,gic", ...) to *kinds. False with
 * the unknown word copied to bad. */
bool trace_parse_kinds(const char *arg, unsigned *kinds, char *bad, size_t badlen);

struct trace_json;
struct gic_event;

/* A GIC event in words: "IRQ 27 pending", "vIRQ 27 acknowledged", "LR2 <- 0x..: vINTID 27
 * pending, priority 0xa0, HW pINTID 27". */
void trace_gic_describe(unsigned gic_version, const struct gic_event *event, char *buf, size_t len);

/* Install the hooks on every CPU of sim: the text kinds go to stderr, and every exception and
 * return (and with TRACE_GIC every GIC event) also to json when it is not NULL. --trace insn makes the CPUs run one
 * instruction at a time. gic_version: how to decode list register values. */
void trace_start(struct elsim *sim, unsigned kinds, unsigned gic_version, struct trace_json *json);
/* Print what is still buffered (--trace insn) and stop feeding the trace file (before
 * trace_json_close). The hooks stay installed but print nothing more. */
void trace_finish(void);

#endif

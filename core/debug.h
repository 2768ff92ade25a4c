/* Run control inside the engine: breakpoints, watchpoints and break-on conditions, and the
 * description of why a CPU stopped. The board owns the table of points and shares it with its
 * CPUs and its block cache (include/elsim.h is the interface frontends use). */
#ifndef ELSIM_CORE_DEBUG_H
#define ELSIM_CORE_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;
struct insn;

/* Kinds of points (the same values as enum elsim_point_kind). */
enum debug_point_kind { DEBUG_BREAK_VA, DEBUG_BREAK_PA, DEBUG_WATCH_READ, DEBUG_WATCH_WRITE, DEBUG_WATCH_ACCESS };

enum { DEBUG_MAX_POINTS = 64 };

struct debug_point {
    int id;                 /* > 0; 0 = free slot */
    enum debug_point_kind kind;
    int cpu;                /* -1: every CPU */
    uint64_t addr, len;
};

struct debug_points {
    struct debug_point points[DEBUG_MAX_POINTS];
    unsigned breakpoints;   /* how many breakpoints / watchpoints are set */
    unsigned watchpoints;
    int next_id;
};

/* Stop conditions of one CPU. */
struct debug_break_on {
    uint64_t exception_classes; /* bit n: stop after taking a synchronous exception with EC n */
    bool interrupts, eret, el_change;
};

/* Why a CPU stopped (the same values as enum elsim_stop_kind). */
enum debug_stop_kind { DEBUG_STOP_BREAKPOINT, DEBUG_STOP_WATCHPOINT, DEBUG_STOP_EXCEPTION, DEBUG_STOP_ERET,
                       DEBUG_STOP_EL_CHANGE };

struct debug_stop {
    enum debug_stop_kind kind;
    int point_id;
    uint64_t pc;
    uint64_t data_addr, data_value;
    bool data_write;
    unsigned data_size;
    uint32_t esr;
    unsigned from_el, to_el;
};

/* Does the instruction at physical address pa need a breakpoint probe in front of it? True for a
 * PA breakpoint there, or a VA breakpoint with the same page offset (the VA is checked when the
 * probe runs, since a decoded block may be reached through several VAs). */
bool debug_probe_needed(const struct debug_points *d, uint64_t pa);
/* Is there a breakpoint for this CPU at the instruction (va, pa)? Then the CPU is stopped with
 * STOP_DEBUG and the PC at va. Used by the probes, and before single steps taken outside blocks. */
bool debug_breakpoint_check(struct cpu *cpu, uint64_t va, uint64_t pa);
/* Make *out the probe for the instruction at pa (block decoding). */
void debug_make_probe(struct insn *out, uint64_t pa);

/* After a data access by the slow path: stop the CPU if it hit a watchpoint. */
void debug_check_access(struct cpu *cpu, uint64_t va, unsigned size, bool is_write, uint64_t value);

/* After an exception was taken / an exception return: stop if a break-on condition says so. */
void debug_exception_taken(struct cpu *cpu, unsigned from_el, unsigned to_el, bool synchronous, uint32_t esr);
void debug_exception_returned(struct cpu *cpu, unsigned from_el, unsigned to_el);

#endif

/* --trace-file FILE.json: a Chrome trace-event file (the JSON object format) that Perfetto
 * (ui.perfetto.dev) and chrome://tracing open. Process 1 is the machine; thread N is cpuN,
 * with one complete ("X") slice per stretch of time at an EL ("EL0", "EL1", "EL2"), an
 * instant event per exception taken, per illegal exception return and (with --trace gic) per
 * GIC event, and a
 * counter of the CPU's TLB misses sampled at each exception and return. Timestamps are
 * the board's model time (virt_model_ns) in microseconds. Events are written as they happen: memory use does not grow with the trace. */
#ifndef ELSIM_CLI_TRACE_JSON_H
#define ELSIM_CLI_TRACE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elsim.h"

struct trace_json;
struct gic_event;

/* Create the file and write its header. NULL with a message in err. */
struct trace_json *trace_json_open(const char *path, struct elsim *sim, unsigned gic_version, char *err,
                                   size_t errlen);

void trace_json_exception(struct trace_json *t, struct cpu *cpu, unsigned from_el, unsigned to_el, unsigned kind,
                          uint32_t esr, uint64_t return_pc, uint64_t vector);
void trace_json_eret(struct trace_json *t, struct cpu *cpu, unsigned from_el, unsigned to_el, uint64_t pc,
                     bool illegal);
void trace_json_reset(struct trace_json *t, struct cpu *cpu);
void trace_json_gic(struct trace_json *t, struct cpu *cpu, const struct gic_event *event);

/* End every open EL slice at the current model time, finish the JSON, close the file and free
 * t; the reason the run ended goes into the trace's metadata. Returns false (message in err)
 * if the file could not be written. */
bool trace_json_close(struct trace_json *t, const char *end_reason, char *err, size_t errlen);

#endif

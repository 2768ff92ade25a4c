/* The embedding API: everything a frontend (CLI, GDB stub, UI, a research tool linking
 * libelsim) uses to build a machine, load images, run it and look at it. */
#ifndef ELSIM_H
#define ELSIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"

struct elsim;

struct elsim_options {
    uint64_t ram_size;            /* bytes; 0 = 512 MiB */
    unsigned cpus;                /* 0 = 1 */
    const char *semihosting_root; /* host directory for semihosting file access; NULL = none */
    FILE *console;                /* UART and semihosting output; NULL = stdout */
    int console_input_fd;         /* UART input; -1 = none */
    unsigned gic_version;         /* 2 or 3; 0 = 3 */
    bool realtime;                /* counters follow the host clock instead of model time */
};

/* Create the `virt` machine. NULL with a one-line message in err on failure. */
struct elsim *elsim_create(const struct elsim_options *options, char *err, size_t errlen);
void elsim_destroy(struct elsim *sim);

/* Load the boot image (ELF, Linux arm64 Image, or raw at load_addr; has_load_addr false = RAM
 * base) and make it the boot CPU's entry. */
bool elsim_load_image(struct elsim *sim, const char *path, bool has_load_addr, uint64_t load_addr, char *err,
                      size_t errlen);
/* Load firmware into flash; the boot CPU then starts at 0. */
bool elsim_load_bios(struct elsim *sim, const char *path, char *err, size_t errlen);

enum elsim_result {
    ELSIM_EXIT,           /* the guest exited: elsim_exit_status() */
    ELSIM_INSN_LIMIT,     /* max_insns reached */
    ELSIM_TIMEOUT,        /* host time limit reached */
    ELSIM_UNIMPLEMENTED,  /* the guest needs something elsim does not implement: elsim_stop_message() */
    ELSIM_DEADLOCK,       /* every CPU waits for an interrupt that nothing can raise */
};

struct elsim_limits {
    uint64_t max_insns;   /* 0 = none */
    double timeout_s;     /* 0 = none */
};

enum elsim_result elsim_run(struct elsim *sim, const struct elsim_limits *limits);
int elsim_exit_status(const struct elsim *sim);
const char *elsim_stop_message(const struct elsim *sim);

unsigned elsim_cpu_count(const struct elsim *sim);
struct cpu *elsim_cpu(struct elsim *sim, unsigned index);
/* Observe exceptions and returns on every CPU (traces, statistics). */
void elsim_set_hooks(struct elsim *sim, const struct cpu_hooks *hooks, void *ctx);

/* Disassemble the instruction word at address pc (capstone) into buf. */
void elsim_disassemble(uint32_t word, uint64_t pc, char *buf, size_t len);

#endif

/* Arm semihosting, as specified in "Semihosting for AArch32 and AArch64" (Arm, version 2.0 and
 * later): the guest executes HLT #0xF000 (A64) with the operation number in W0 and a parameter
 * (usually the address of a parameter block of 64-bit fields) in X1; the result goes to X0.
 *
 * Console operations go to the FILE streams given at creation. Host file access is only
 * available when a root directory is configured, and is confined to it. */
#ifndef ELSIM_BOARD_SEMIHOSTING_H
#define ELSIM_BOARD_SEMIHOSTING_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Operation numbers (spec chapter "Semihosting operations"). */
enum semihost_op {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_SEEK = 0x0A,
    SYS_FLEN = 0x0C,
    SYS_REMOVE = 0x0E,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};

/* The reason code of a normal program exit (spec, SYS_EXIT: ADP_Stopped_ApplicationExit). */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* The A64 instruction that makes a semihosting call: HLT #0xF000. */
#define SEMIHOST_A64_HLT_IMMEDIATE 0xF000u

/* Handles that exist before any SYS_OPEN: the console output and error streams, so that guests
 * writing to "handle 1" and "handle 2" reach the console as they would on a POSIX host. */
#define SEMIHOST_HANDLE_STDOUT 1
#define SEMIHOST_HANDLE_STDERR 2

/* The value returned in X0 for a failed call. */
#define SEMIHOST_FAILURE UINT64_MAX

/* Guest memory, addressed by guest virtual address (the caller translates; a translation fault or
 * an access outside memory makes read/write return false, and the call then fails with -1). */
struct semihost_mem {
    void *ctx;
    bool (*read)(void *ctx, uint64_t va, void *buf, size_t len);
    bool (*write)(void *ctx, uint64_t va, const void *buf, size_t len);
};

struct semihost_config {
    FILE *console_out; /* SYS_WRITEC, SYS_WRITE0, writes to ":tt" in write mode; NULL discards */
    FILE *console_err; /* writes to ":tt" in append mode; NULL means console_out */
    FILE *console_in;  /* SYS_READC and reads of ":tt"; NULL behaves as end of file */
    /* Directory that SYS_OPEN/SYS_REMOVE paths are relative to (--semihosting-root); NULL
     * disables host file access. Absolute paths, ".." components and symbolic links are refused
     * so that a guest cannot reach outside it. */
    const char *root_dir;
    /* Time since the machine started, in ticks of tick_frequency Hz; ticks == NULL uses the
     * host's monotonic clock counted from semihost_create (tick_frequency is then ignored and
     * 1 GHz is reported). */
    uint64_t (*ticks)(void *ctx);
    void *ticks_ctx;
    uint64_t tick_frequency;
    /* Answer to SYS_HEAPINFO; zeros tell the C library to use its own linker symbols. */
    uint64_t heap_base, heap_limit, stack_base, stack_limit;
};

struct semihost;

/* Returns NULL with a one-line reason in err (if err is non-NULL) when the root directory cannot be
 * opened or memory runs out. */
struct semihost *semihost_create(const struct semihost_config *cfg, char *err, size_t errlen);
void semihost_destroy(struct semihost *sh);

/* Performs operation op (only its low 32 bits count: W0) with parameter param (X1), and returns
 * the value for X0. Unknown operations return -1 and set the semihosting errno to ENOSYS. */
uint64_t semihost_call(struct semihost *sh, const struct semihost_mem *mem, uint64_t op,
                       uint64_t param);

/* True once the guest called SYS_EXIT or SYS_EXIT_EXTENDED; *status (if non-NULL) receives the
 * exit status for the host process: the subcode of ADP_Stopped_ApplicationExit truncated to 8
 * bits, as a POSIX exit() would keep it, and 1 for any other reason. */
bool semihost_exited(const struct semihost *sh, int *status);

/* The string SYS_GET_CMDLINE returns (copied; NULL means empty). False if out of memory. */
bool semihost_set_cmdline(struct semihost *sh, const char *cmdline);

/* Deterministic SYS_TIME: when enabled, SYS_TIME returns epoch plus the whole seconds elapsed
 * according to the ticks callback, instead of the host's time(NULL). */
void semihost_set_fixed_time(struct semihost *sh, bool enabled, uint64_t epoch);

/* Number of calls to operations this model does not implement (each also returned -1). */
uint64_t semihost_unknown_calls(const struct semihost *sh);

#endif

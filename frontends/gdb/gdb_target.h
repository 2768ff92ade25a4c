/* What the packet layer (commands.c) needs from the machine it debugs. The stub proper drives an
 * elsim machine through target_elsim.c; the fuzz harness drives a small fake, so the protocol
 * code is exercised without a simulator. */
#ifndef ELSIM_GDB_TARGET_H
#define ELSIM_GDB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The registers gdb sees, in the order of target.xml (its regnum = index). */
enum gdb_feature { GDB_FEATURE_CORE, GDB_FEATURE_FPU, GDB_FEATURE_SYSREGS };
enum gdb_reg_class { GDB_REG_X, GDB_REG_SP, GDB_REG_PC, GDB_REG_CPSR, GDB_REG_V, GDB_REG_FPSR, GDB_REG_FPCR,
                     GDB_REG_SP_EL, GDB_REG_SYSREG };
struct gdb_reg {
    const char *name;        /* as gdb shows it ($x0, $pc, $ESR_EL2) */
    enum gdb_reg_class cls;
    unsigned index;          /* X / V: the register number; SP_EL: the EL */
    unsigned bits;           /* 32, 64 or 128 */
    bool writable;
    enum gdb_feature feature;
};
extern const struct gdb_reg gdb_regs[];
extern const unsigned gdb_reg_count;
/* Registers sent by 'g': x0-x30, sp, pc, cpsr, v0-v31, fpsr, fpcr (the system registers are read
 * one at a time, with 'p'). */
enum { GDB_G_REG_COUNT = 68, GDB_REGNUM_PC = 32, GDB_MAX_REG_BYTES = 16 };

/* target.xml, built once. */
const char *gdb_target_xml(size_t *len);

/* Z packet types. */
enum gdb_point_type { GDB_SW_BREAK = 0, GDB_HW_BREAK = 1, GDB_WATCH_WRITE = 2, GDB_WATCH_READ = 3,
                      GDB_WATCH_ACCESS = 4 };

struct gdb_target_ops {
    unsigned (*cpu_count)(void *target);
    /* Register value as little-endian bytes (gdb_regs[regno].bits / 8 of them). */
    bool (*read_reg)(void *target, unsigned cpu, unsigned regno, uint8_t *value);
    bool (*write_reg)(void *target, unsigned cpu, unsigned regno, const uint8_t *value);
    /* Memory through the CPU's current translation; false if any byte is not memory. */
    bool (*read_mem)(void *target, unsigned cpu, uint64_t addr, void *buf, size_t len);
    bool (*write_mem)(void *target, unsigned cpu, uint64_t addr, const void *buf, size_t len);
    /* A breakpoint or watchpoint on every CPU: its id (> 0), or -1 when no more fit. */
    int (*point_add)(void *target, enum gdb_point_type type, uint64_t addr, uint64_t len);
    void (*point_remove)(void *target, int id);
    /* One line describing a CPU for `info threads` ("cpu0 EL2h"). */
    void (*thread_info)(void *target, unsigned cpu, char *buf, size_t len);
    /* A `monitor` command (already decoded from hex) for the selected CPU: output text to out. */
    void (*monitor)(void *target, unsigned cpu, const char *command, FILE *out);
};

#endif

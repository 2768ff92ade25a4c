/* What the core needs from the machine it sits in. The board fills one of these; the core never
 * includes board headers (dependencies point frontends -> board -> core). */
#ifndef ELSIM_CORE_PLATFORM_H
#define ELSIM_CORE_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;
struct insn;

struct platform {
    /* Host pointer to the 4 KiB page of plain memory (RAM or flash) at page-aligned pa, or NULL
     * when pa is not memory. *writable is false for read-only memory (flash). */
    uint8_t *(*memory_page)(void *machine, uint64_t pa, bool *writable);
    /* Device access; false = bus error (synchronous external abort in the guest). */
    bool (*mmio_read)(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t *value);
    bool (*mmio_write)(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t value);
    /* An SMC that is not trapped to EL2: a call into the modelled EL3 firmware (PSCI, SMCCC).
     * Reads and writes the caller's X0-X17. */
    void (*firmware_call)(void *machine, struct cpu *cpu);
    /* Semihosting (A64 HLT #0xF000): W0 = operation, X1 = parameter; sets X0. */
    void (*semihosting_call)(void *machine, struct cpu *cpu);
    /* The system counter that CNTPCT_EL0 reads, at CNTFRQ_EL0 ticks per second: one counter for
     * the whole machine, monotonic across CPUs. */
    uint64_t (*system_counter)(void *machine, const struct cpu *cpu);
    /* A private peripheral interrupt output of this CPU (the generic timers: PPIs 26, 27, 30)
     * changed level; the board routes it to the interrupt controller. NULL: not connected. */
    void (*set_ppi)(void *machine, struct cpu *cpu, unsigned intid, bool level);
    /* The GICv3 CPU interface system registers (ICC_*, ICV_*, ICH_*; `id` is the SR_* row of
     * core/sysregs.def): carry out the access, or take the trap / UNDEFINED exception it causes.
     * Returns EXEC_NEXT or EXEC_LEAVE. NULL without a GICv3 (the registers are UNDEFINED). */
    int (*gic_sysreg)(void *machine, struct cpu *cpu, const struct insn *in, unsigned id, bool read,
                      uint64_t *value);
    /* SEV: set the event register of every CPU (NULL on a one-CPU platform). */
    void (*send_event)(void *machine);
    /* Call fn on every CPU of the machine, the caller included (broadcast TLB maintenance);
     * NULL on a one-CPU platform. */
    void (*for_each_cpu)(void *machine, void (*fn)(struct cpu *cpu, void *arg), void *arg);
};

#endif

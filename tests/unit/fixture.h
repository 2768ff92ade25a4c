/* A CPU on a minimal platform for unit tests: 1 MiB of RAM at FIXTURE_RAM_BASE, one device page
 * at FIXTURE_MMIO_BASE that records accesses, nothing else (other addresses are bus errors).
 * Code is written at FIXTURE_CODE and run one instruction at a time with cpu_step(), so a test
 * knows exactly what executed. */
#ifndef ELSIM_TESTS_FIXTURE_H
#define ELSIM_TESTS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

#define FIXTURE_RAM_BASE 0x40000000ull
#define FIXTURE_RAM_SIZE 0x100000ull
#define FIXTURE_CODE 0x40000000ull     /* code goes here */
#define FIXTURE_DATA 0x40080000ull     /* free RAM for data */
#define FIXTURE_STACK 0x400ff000ull    /* initial SP of every EL */
#define FIXTURE_MMIO_BASE 0x09000000ull

/* A fresh CPU at `el` (0, 1 or 2; SP_ELx selected except at EL0), MMU off, DAIF masked,
 * PC = FIXTURE_CODE, registers zero, RAM zero. HCR_EL2.RW=1 so that EL1 is AArch64. The previous
 * fixture CPU is destroyed. */
struct cpu *fixture_cpu(unsigned el);

/* Copy n instruction words to FIXTURE_CODE, set PC there and step until the PC leaves
 * [FIXTURE_CODE, FIXTURE_CODE + 4n) or max_steps instructions have run. Returns steps run. */
unsigned fixture_run(struct cpu *cpu, const uint32_t *code, size_t n);
unsigned fixture_run_max(struct cpu *cpu, const uint32_t *code, size_t n, unsigned max_steps);

/* Make EL0/EL1 data accesses go to Normal memory with the MMU off, as a hypervisor does with
 * HCR_EL2.DC = 1: DC also makes stage 2 behave as enabled (ARM ARM, HCR_EL2.DC), so this
 * installs an identity stage 2 map (Normal write-back RAM, Device for the fixture's device
 * page) in FIXTURE_S2_TABLE. */
#define FIXTURE_S2_TABLE 0x400f0000ull
void fixture_normal_memory(struct cpu *cpu);

/* Run one instruction word at the current PC (writes it at PC first). */
void fixture_exec(struct cpu *cpu, uint32_t insn);

/* Host view of guest RAM, for setting up and checking data. */
uint8_t *fixture_ram(uint64_t pa);

/* The last MMIO access (is_write, address, size, value) and the value MMIO reads return. */
struct fixture_mmio_log {
    unsigned count;
    int is_write;
    uint64_t pa;
    unsigned size;
    uint64_t value;
};
extern struct fixture_mmio_log fixture_mmio;
extern uint64_t fixture_mmio_read_value;

/* Record the CPU's PPI outputs (platform set_ppi: the generic timers): fn is called on every
 * change until the next fixture_cpu(), which removes it. */
typedef void fixture_ppi_fn(struct cpu *cpu, unsigned intid, bool level);
void fixture_on_ppi(fixture_ppi_fn *fn);

/* Connect the GICv3 system registers (platform gic_sysreg) of the fixture CPU to a GIC made
 * with gic_create(); NULL disconnects them (they are then UNDEFINED). fixture_cpu() disconnects
 * them. */
struct gic;
void fixture_set_gic(struct gic *gic);

#endif

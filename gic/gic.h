/* The generic interrupt controller: GICv2 (IHI 0048B) and GICv3 (IHI 0069) with their
 * virtualization extensions, as the `virt` board wires them. Non-secure only: a GICv2 without
 * the Security Extensions, a GICv3 with a single Security state (GICD_CTLR.DS = 1) and affinity
 * routing (ARE = 1). */
#ifndef ELSIM_GIC_GIC_H
#define ELSIM_GIC_GIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device.h"
#include "elsim.h"
#include "events.h"

struct cpu;
struct insn;
struct gic;

struct gic_config {
    unsigned version;   /* 2 or 3 */
    unsigned cpu_count; /* GICv2: at most 8; GICv3: at most 64 (MPIDR Aff0 = index % 16,
                           Aff1 = index / 16) */
    struct cpu **cpus;  /* the CPUs, index = CPU number */
};

/* NULL with a message in err when the configuration is not possible. */
struct gic *gic_create(const struct gic_config *config, char *err, size_t errlen);
void gic_destroy(struct gic *gic);
/* The state of one interrupt and of CPU c's interfaces as a debugger sees it (gic/view.c,
 * include/elsim.h); false if c or intid is out of range. */
bool gic_irq_view(struct gic *gic, unsigned c, unsigned intid, struct elsim_gic_irq *out);
bool gic_cpu_view(struct gic *gic, unsigned c, struct elsim_gic_cpu *out);

/* A system reset: every register back to its reset value, nothing pending, active or listed;
 * the input lines keep the levels the devices drive. */
void gic_reset(struct gic *gic);

/* An interrupt input changed level: PPIs (16-31) of CPU cpu_index, SPIs (32 up) shared.
 * Edge-triggered inputs latch pending on the rising edge. */
void gic_set_irq(struct gic *gic, unsigned cpu_index, unsigned intid, bool level);

/* MMIO frames (opaque = the struct gic *; `cpu` = the accessing CPU's index).
 * GICv2: distributor (0x10000), CPU interface (0x10000), virtual interface control GICH
 * (0x10000), virtual CPU interface GICV (0x10000).
 * GICv3: distributor (0x10000), redistributors (0x20000 per CPU: RD_base + SGI_base). */
extern const struct mmio_ops gic_v2_distributor_ops, gic_v2_cpu_interface_ops,
    gic_v2_hyp_interface_ops, gic_v2_virtual_cpu_interface_ops;
extern const struct mmio_ops gic_v3_distributor_ops, gic_v3_redistributor_ops;

/* The GICv3 system registers ICC_*, ICV_*, ICH_* (sysreg_id = the SR_* row of
 * core/sysregs.def): carries out the access and returns EXEC_NEXT, or takes the trap /
 * UNDEFINED exception it causes and returns EXEC_LEAVE. With in == NULL the access is made
 * without any access check (a debugger's view; nothing is trapped). */
int gic_sysreg_access(struct gic *gic, struct cpu *cpu, const struct insn *in, unsigned sysreg_id,
                      bool read, uint64_t *value);

#endif

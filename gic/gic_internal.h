/* Inside the GIC: the state both versions share and the operations on it. The distributor
 * state (gic/gic.c), the physical CPU interface (gic/cpu_interface.c) and the virtual CPU
 * interface with its list registers (gic/virtual_interface.c) are written once; gic/v2*.c and
 * gic/v3*.c are the register views of each version onto them. */
#ifndef ELSIM_GIC_GIC_INTERNAL_H
#define ELSIM_GIC_GIC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "gic.h"

enum {
    GIC_IRQ_COUNT = 256,          /* INTIDs 0-255: GICD_TYPER.ITLinesNumber = 7 */
    GIC_PRIVATE = 32,             /* SGIs 0-15 and PPIs 16-31, banked per CPU */
    GIC_PRIO_MASK = 0xf8,         /* 5 priority bits (32 levels), as on GIC-400 */
    GIC_PRIO_BITS = 5,
    GIC_BPR0_MIN = 7 - GIC_PRIO_BITS, /* 2: the group priority never has more than 5 bits */
    GIC_BPR1_MIN = GIC_BPR0_MIN + 1,
    GIC_LR_COUNT = 4,
    GIC_MAINTENANCE_PPI = 25,
    GIC_MAX_CPUS_V2 = 8,
    GIC_MAX_CPUS_V3 = 64,
    INTID_SPURIOUS = 1023,
    INTID_OTHER_GROUP = 1022,     /* GICv2 GICC_IAR: the pending interrupt is Group 1 */
    PRIO_IDLE = 0xff,             /* running priority with nothing active */
};

/* GICC_CTLR (GICv2 without the Security Extensions) and GICV_CTLR / ICH_VMCR_EL2 bits; the GICv3
 * physical interface keeps ICC_IGRPEN0/1 in bits 0/1 and CBPR, EOImode here too. */
enum {
    CTLR_ENABLE_GRP0 = 1u << 0,
    CTLR_ENABLE_GRP1 = 1u << 1,
    CTLR_ACKCTL = 1u << 2,
    CTLR_FIQEN = 1u << 3,
    CTLR_CBPR = 1u << 4,
    CTLR_EOIMODE = 1u << 9,
};

/* ICH_VMCR_EL2 / GICH_VMCR fields beyond the CTLR bits (same positions in both versions). */
/* GICv3 GICD_CTLR bits that read as one: affinity routing, security disabled. */
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)

#define VMCR_VBPR1_SHIFT 18
#define VMCR_VBPR0_SHIFT 21
#define VMCR_VPMR_SHIFT 24

/* GICH_HCR / ICH_HCR_EL2 (the low bits and EOIcount are common to both). */
enum {
    ICH_HCR_EN = 1u << 0,
    ICH_HCR_UIE = 1u << 1,
    ICH_HCR_LRENPIE = 1u << 2,
    ICH_HCR_NPIE = 1u << 3,
    ICH_HCR_VGRP0EIE = 1u << 4,
    ICH_HCR_VGRP0DIE = 1u << 5,
    ICH_HCR_VGRP1EIE = 1u << 6,
    ICH_HCR_VGRP1DIE = 1u << 7,
    ICH_HCR_TC = 1u << 10,
    ICH_HCR_TALL0 = 1u << 11,
    ICH_HCR_TALL1 = 1u << 12,
    ICH_HCR_TDIR = 1u << 14,
};
#define ICH_HCR_EOICOUNT_SHIFT 27

/* GICH_MISR / ICH_MISR_EL2. */
enum {
    MISR_EOI = 1u << 0,
    MISR_U = 1u << 1,
    MISR_LRENP = 1u << 2,
    MISR_NP = 1u << 3,
    MISR_VGRP0E = 1u << 4,
    MISR_VGRP0D = 1u << 5,
    MISR_VGRP1E = 1u << 6,
    MISR_VGRP1D = 1u << 7,
};

/* One interrupt as the distributor (or a redistributor) holds it. */
struct gic_irq {
    uint8_t priority;
    uint8_t targets;   /* GICv2 GICD_ITARGETSR (SPIs) */
    bool enabled;
    bool latch;        /* pending latch: an edge, a write to ISPENDR, an SGI */
    bool level;        /* the input line (level-sensitive interrupts are pending while high) */
    bool active;
    bool group1;
    bool edge;         /* GICD_ICFGR: edge-triggered */
    uint64_t route;    /* GICv3 GICD_IROUTER (SPIs) */
};

enum lr_state { LR_INVALID = 0, LR_PENDING = 1, LR_ACTIVE = 2, LR_PENDING_ACTIVE = 3 };

/* A list register, decoded (gic/virtual_interface.c converts the v2 and v3 layouts). */
struct gic_lr {
    uint32_t vintid;
    uint16_t pintid;   /* HW = 1: the physical interrupt deactivated with the virtual one */
    uint8_t priority;
    uint8_t state;     /* enum lr_state */
    uint8_t source;    /* GICv2, HW = 0: CPUID of a virtual SGI */
    bool hw;
    bool group1;
    bool eoi;          /* HW = 0: maintenance interrupt when deactivated */
};

struct gic_cpu {
    struct gic_irq priv[GIC_PRIVATE];
    uint8_t sgi_sources[16];   /* GICv2: pending SGIs by source CPU (bit n = CPU n) */

    /* physical CPU interface */
    uint32_t ctlr;             /* CTLR_* */
    uint8_t pmr;
    uint8_t bpr[2];            /* GICC_BPR / ICC_BPR0, GICC_ABPR / ICC_BPR1 */
    uint32_t apr[2];           /* active priorities: bit n = group priority n << 3 */
    uint64_t sre_el2;          /* ICC_SRE_EL2 */
    bool asleep;               /* GICR_WAKER.ProcessorSleep */

    /* virtual interface: control (GICH_* / ICH_*_EL2) and the virtual CPU interface */
    uint32_t hcr;
    uint32_t vmcr;
    uint32_t vapr[2];          /* GICv2 GICH_APR is vapr[0] | vapr[1] */
    struct gic_lr lr[GIC_LR_COUNT];

    uint32_t lines;            /* IRQ_LINE_* bits driven now */
};

struct gic {
    unsigned version;
    unsigned cpu_count;
    struct cpu **cpus;
    uint32_t dist_ctlr;        /* GICD_CTLR: EnableGrp0 (bit 0), EnableGrp1 (bit 1) */
    struct gic_irq spi[GIC_IRQ_COUNT];   /* entries below GIC_PRIVATE unused */
    struct gic_cpu cpu[];
};

/* --- gic/gic.c: interrupt state and delivery --------------------------------------------- */

/* The state of intid as seen by CPU c (banked for intid < 32). Inline: the highest priority
 * pending search calls it for every INTID. */
static inline struct gic_irq *gic_irq(struct gic *gic, unsigned c, unsigned intid)
{
    return intid < GIC_PRIVATE ? &gic->cpu[c].priv[intid] : &gic->spi[intid];
}

/* A level-sensitive interrupt is pending while its input is high, or while a write to
 * GICD_ISPENDR holds it; an edge-triggered one from the edge until acknowledged. */
static inline bool gic_irq_pending(const struct gic_irq *irq)
{
    return irq->latch || (!irq->edge && irq->level);
}
/* Could intid be delivered to CPU c (banked, or targeted / routed to it)? */
bool gic_irq_targets(const struct gic *gic, unsigned c, unsigned intid);
/* The MPIDR affinity (Aff3.Aff2.Aff1.Aff0 as in GICD_IROUTER bits 39:32, 23:0) of CPU c. */
uint64_t gic_affinity(unsigned c);

/* Report an event to the observer of CPU c (ELSIM_EV_IRQ; nothing when none). An SPI
 * becoming pending is reported to the first CPU it targets. */
void gic_notify(struct gic *gic, unsigned c, const struct gic_event *event);

/* Pending state changes of the distributor registers and inputs. */
void gic_set_pending(struct gic *gic, unsigned c, unsigned intid, bool pending);
void gic_deactivate(struct gic *gic, unsigned c, unsigned intid);

/* Recompute the outputs after a state change: of CPU c, or of every CPU. */
void gic_update_cpu(struct gic *gic, unsigned c);
void gic_update(struct gic *gic);

/* --- gic/cpu_interface.c: the physical CPU interface ------------------------------------- */

struct gic_hppi {
    unsigned intid;    /* INTID_SPURIOUS when nothing is pending */
    unsigned priority;
    unsigned group;
    unsigned source;   /* GICv2 SGI: the source CPU that will be acknowledged */
};

/* Highest priority pending interrupt for CPU c: enabled, pending and not active, its group
 * enabled in the distributor and at the CPU interface, targeting c; ties go to the lowest
 * INTID. */
void gic_hppi(struct gic *gic, unsigned c, struct gic_hppi *out);
/* Group priority of a priority for a group under the binary points (ICC_BPRn / CBPR). */
unsigned gic_group_priority(unsigned priority, unsigned group, uint32_t ctlr, const uint8_t bpr[2]);
unsigned gic_apr_priority(const uint32_t apr[2]);
/* Would the HPPI be signalled (group enabled, above the priority mask, preempting)? */
bool gic_cif_can_signal(struct gic *gic, unsigned c, const struct gic_hppi *h);

/* IAR for the groups in group_mask (bit 0 = Group 0, bit 1 = Group 1): acknowledge the HPPI
 * if it can be signalled and its group is in group_mask; otherwise 1023 (or `other` when the
 * HPPI is signalled but of another group). Returns the INTID (GICv2 SGIs: with the CPUID in
 * bits 12:10). */
unsigned gic_cif_acknowledge(struct gic *gic, unsigned c, unsigned group_mask, unsigned other);
/* EOIR: priority drop of the highest active priority (only if it belongs to a group of
 * group_mask), then deactivation unless EOImode is 1. */
void gic_cif_eoi(struct gic *gic, unsigned c, unsigned intid, unsigned group_mask);
/* Running priority (GICC_RPR / ICC_RPR_EL1). */
unsigned gic_cif_running_priority(struct gic *gic, unsigned c);

/* SGIs: GICv2 GICD_SGIR written by CPU src; GICv3 ICC_SGI0R/SGI1R/ASGI1R of CPU src
 * generating a Group `group` SGI. */
void gic_v2_send_sgi(struct gic *gic, unsigned src, uint32_t sgir);
void gic_v3_send_sgi(struct gic *gic, unsigned src, uint64_t value, unsigned group);

/* --- gic/virtual_interface.c: list registers and the virtual CPU interface -------------- */

uint32_t gic_lr_to_v2(const struct gic_lr *lr);
void gic_lr_from_v2(struct gic_lr *lr, uint32_t value);
uint64_t gic_lr_to_v3(const struct gic_lr *lr);
void gic_lr_from_v3(struct gic_lr *lr, uint64_t value);

uint32_t gic_vif_misr(const struct gic_cpu *gc);
uint32_t gic_vif_eisr(const struct gic_cpu *gc);
uint32_t gic_vif_elrsr(const struct gic_cpu *gc);
/* The virtual HPPI: the pending list register of highest priority in an enabled group;
 * -1 if none. */
int gic_vif_hppi(const struct gic_cpu *gc);
bool gic_vif_can_signal(const struct gic_cpu *gc, int lr);
unsigned gic_vif_acknowledge(struct gic *gic, unsigned c, unsigned group_mask, unsigned other);
void gic_vif_eoi(struct gic *gic, unsigned c, unsigned intid, unsigned group_mask);
void gic_vif_deactivate(struct gic *gic, unsigned c, unsigned intid);
unsigned gic_vif_running_priority(const struct gic_cpu *gc);
/* HPPIR of the virtual interface for the groups in group_mask (1023 if none). */
unsigned gic_vif_highest_pending(const struct gic_cpu *gc, unsigned group_mask);
/* The outputs of the virtual interface: IRQ_LINE_VIRQ / VFIQ bits, and the maintenance
 * interrupt level. */
uint32_t gic_vif_lines(const struct gic *gic, const struct gic_cpu *gc);
bool gic_vif_maintenance(const struct gic_cpu *gc);

/* --- gic/regs.c: register tables ---------------------------------------------------------
 * A frame is a table of rows. A row is either one register (width 0: read/write, called with
 * the register's own offset) or an array with a field of `width` bits per interrupt (1, 2 or
 * 8) whose first field is INTID `first`, read with get and written with set (set_ones: only
 * the fields written as 1, as in the set-enable / clear-enable registers). A 64-bit register
 * (wide) may also be accessed as two 32-bit halves. */
struct gic_reg {
    uint32_t offset, length;   /* byte range */
    uint16_t first;
    uint8_t width;
    bool set_ones;
    bool bytes;                /* byte accesses allowed (IPRIORITYR, ITARGETSR) */
    bool wide;                 /* 64-bit accesses allowed */
    uint64_t (*read)(struct gic *gic, unsigned c, uint32_t offset);
    void (*write)(struct gic *gic, unsigned c, uint32_t offset, uint64_t value);
    uint32_t (*get)(struct gic *gic, unsigned c, unsigned intid);
    void (*set)(struct gic *gic, unsigned c, unsigned intid, uint32_t field);
};

/* Carry out an access to a frame: c is the CPU whose banked state applies. Unlisted offsets
 * are reserved: RAZ/WI. Returns false for an access size the row does not allow. */
bool gic_reg_read(struct gic *gic, const struct gic_reg *rows, unsigned nrows, unsigned c,
                  uint64_t offset, unsigned size, uint64_t *value);
bool gic_reg_write(struct gic *gic, const struct gic_reg *rows, unsigned nrows, unsigned c,
                   uint64_t offset, unsigned size, uint64_t value);

/* Per-interrupt fields shared by the GICv2 distributor and the GICv3 (re)distributor. */
uint32_t gic_field_group(struct gic *gic, unsigned c, unsigned intid);
void gic_field_set_group(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
uint32_t gic_field_enabled(struct gic *gic, unsigned c, unsigned intid);
void gic_field_set_enable(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
void gic_field_clear_enable(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
uint32_t gic_field_pending(struct gic *gic, unsigned c, unsigned intid);
void gic_field_set_pending(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
void gic_field_clear_pending(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
uint32_t gic_field_active(struct gic *gic, unsigned c, unsigned intid);
void gic_field_set_active(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
void gic_field_clear_active(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
uint32_t gic_field_priority(struct gic *gic, unsigned c, unsigned intid);
void gic_field_set_priority(struct gic *gic, unsigned c, unsigned intid, uint32_t v);
uint32_t gic_field_config(struct gic *gic, unsigned c, unsigned intid);
void gic_field_set_config(struct gic *gic, unsigned c, unsigned intid, uint32_t v);

/* The CoreSight identification registers at the end of a frame (0xFD0-0xFFC from `base`):
 * PIDR2.ArchRev = version. */
uint64_t gic_id_register(unsigned version, uint32_t offset_in_id_block);

#define GIC_ROWS(rows) (rows), (unsigned)(sizeof(rows) / sizeof((rows)[0]))

#endif

/*
 * A small GICv2 / GICv3 driver for the ROMs (GIC architecture spec, IHI 0048B for v2 and
 * IHI 0069 for v3), on the `virt` board's memory map.
 *
 * One API for both versions: gic_init_dist() / gic_init_cpu() pick the version from
 * ID_AA64PFR0_EL1.GIC (the system-register CPU interface exists only with GICv3).  No
 * security extensions are modelled (as on QEMU virt without secure=on): with GICv2 every
 * interrupt stays in Group 0 and is signalled as IRQ (GICC_CTLR.FIQEn = 0); with GICv3
 * (GICD_CTLR.DS = 1) every interrupt is put in Group 1 and handled through the ICC_*1
 * registers, as Linux does.
 *
 * Banked interrupts (SGIs and PPIs, INTID < 32) are always those of the calling CPU: the
 * GICv2 distributor banks them by requester, and with GICv3 they live in the calling
 * CPU's redistributor (found by gic_init_cpu by matching GICR_TYPER.Affinity_Value with
 * MPIDR_EL1).
 *
 * The CPU-interface calls (gic_ack, gic_eoi, ...) work unchanged in a guest at EL1 with
 * HCR_EL2.IMO = 1: with GICv3 the ICC_* system registers are then the virtual ICV_*
 * ones; with GICv2 the guest's GICC address must be mapped at stage 2 to GICV, as KVM
 * does.  The gic_hyp_* calls are the hypervisor's view of the virtual interface (GICH /
 * ICH_*_EL2) and run at EL2.
 */
#ifndef RT_GIC_H
#define RT_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "sysreg.h"

/* ---- the `virt` board ---- */
#define GICD_BASE        UL(0x08000000)
#define GICC_BASE        UL(0x08010000) /* GICv2 CPU interface */
#define GICH_BASE        UL(0x08030000) /* GICv2 virtual interface control */
#define GICV_BASE        UL(0x08040000) /* GICv2 virtual CPU interface */
#define GICR_BASE        UL(0x080A0000) /* GICv3 redistributors, one per CPU */
#define GICR_STRIDE      UL(0x20000)    /* RD_base frame + SGI_base frame */
#define GICR_SGI_OFFSET  UL(0x10000)

/* Interrupt IDs. */
#define GIC_SGI(n)       (n)
#define GIC_PPI(n)       (16 + (n))
#define GIC_SPI(n)       (32 + (n))
#define GIC_INTID_MAINT  25   /* virtual interface maintenance interrupt */
#define GIC_INTID_SPURIOUS 1023
#define GIC_MAX_CPUS     8

/* ---- distributor (offsets shared by v2 and v3 unless marked) ---- */
#define GICD_CTLR        0x000
#define GICD_TYPER       0x004
#define GICD_IIDR        0x008
#define GICD_IGROUPR     0x080
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_ISPENDR     0x200
#define GICD_ICPENDR     0x280
#define GICD_ISACTIVER   0x300
#define GICD_ICACTIVER   0x380
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800  /* v2 */
#define GICD_ICFGR       0xC00
#define GICD_SGIR        0xF00  /* v2 */
#define GICD_CPENDSGIR   0xF10  /* v2 */
#define GICD_SPENDSGIR   0xF20  /* v2 */
#define GICD_IROUTER     0x6000 /* v3, 64-bit, one per SPI (index = INTID) */
#define GICD_PIDR2_V2    0xFE8
#define GICD_PIDR2_V3    0xFFE8
#define GICD_CTLR_RWP    BIT(31) /* v3 */
#define GICD_CTLR_ARE    BIT(4)  /* v3, DS = 1 layout */
#define GICD_CTLR_EN_GRP0 BIT(0)
#define GICD_CTLR_EN_GRP1 BIT(1)
#define GICD_SGIR_FILTER_LIST   (UL(0) << 24)
#define GICD_SGIR_FILTER_OTHERS (UL(1) << 24)
#define GICD_SGIR_FILTER_SELF   (UL(2) << 24)

/* ---- GICv3 redistributor: RD_base frame ---- */
#define GICR_CTLR        0x000
#define GICR_TYPER       0x008  /* 64-bit */
#define GICR_WAKER       0x014
#define GICR_TYPER_LAST  BIT(4)
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)
/* SGI_base frame (GICR_SGI_OFFSET further): same offsets as the distributor's first
 * registers (IGROUPR0, IS/ICENABLER0, IS/ICPENDR0, IS/ICACTIVER0, IPRIORITYR0-7, ICFGR0/1). */

/* ---- GICv2 CPU interface (and GICV, which has the same layout) ---- */
#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_BPR         0x008
#define GICC_IAR         0x00C
#define GICC_EOIR        0x010
#define GICC_RPR         0x014
#define GICC_HPPIR       0x018
#define GICC_APR0        0x0D0
#define GICC_IIDR        0x0FC
#define GICC_DIR         0x1000
#define GICC_CTLR_EN_GRP0 BIT(0)
#define GICC_CTLR_EOIMODE BIT(9)  /* EOImodeNS without the security extensions */
#define GICC_IAR_CPUID(iar) (((iar) >> 10) & 7) /* source CPU of an SGI */
#define GICC_IAR_INTID(iar) ((iar) & 0x3FF)

/* ---- GICv2 virtual interface control (GICH) ---- */
#define GICH_HCR         0x000
#define GICH_VTR         0x004
#define GICH_VMCR        0x008
#define GICH_MISR        0x010
#define GICH_EISR0       0x020
#define GICH_ELRSR0      0x030
#define GICH_APR         0x0F0
#define GICH_LR(n)       (0x100 + 4 * (n))

/* ---- the virtual interface, in the version-independent terms the helpers use ---- */
#define GIC_HCR_EN       BIT(0)  /* GICH_HCR.En / ICH_HCR_EL2.En */
#define GIC_HCR_UIE      BIT(1)
#define GIC_MISR_EOI     BIT(0)  /* GICH_MISR / ICH_MISR_EL2 */
#define GIC_MISR_U       BIT(1)
/* VTR fields (the same positions in GICH_VTR and ICH_VTR_EL2). */
#define GIC_VTR_LISTREGS(v) ((unsigned)((v) & 0x1F) + 1)
#define GIC_VTR_PREBITS(v)  ((unsigned)(((v) >> 26) & 7) + 1)
#define GIC_VTR_PRIBITS(v)  ((unsigned)(((v) >> 29) & 7) + 1)

/* List register states. */
enum gic_lr_state { LR_INVALID = 0, LR_PENDING = 1, LR_ACTIVE = 2, LR_PENDING_ACTIVE = 3 };

/* One list register's contents, independent of the version. */
struct gic_lr {
	unsigned state;   /* enum gic_lr_state */
	unsigned vintid;
	unsigned prio;    /* 8-bit priority (the LR keeps the top 5 bits with GICv2) */
	bool group1;      /* GICv3 Group; GICv2 Grp1 */
	bool hw;          /* linked to physical interrupt pintid */
	unsigned pintid;  /* HW = 1 only */
	bool eoi;         /* HW = 0 only: maintenance interrupt on EOI */
};

/* ---- set-up ---- */
/* GIC version from ID_AA64PFR0_EL1.GIC: 3 with the system-register interface, else 2. */
unsigned gic_detect(void);
/* The version the helpers use (set by gic_init_dist or gic_init_cpu). */
extern unsigned gic_version;
/* Distributor (once, on the boot CPU): all SPIs disabled, inactive, not pending, in the
 * group this driver uses, priority 0xA0; GICv3 with affinity routing; then enabled. */
void gic_init_dist(void);
/* The calling CPU: GICv3 redistributor woken and found, SGIs and PPIs disabled, in the
 * driver's group, priority 0xA0; CPU interface on (ICC_SRE_EL2.SRE/Enable, PMR 0xFF,
 * smallest binary point, EOImode 0, group enabled). */
void gic_init_cpu(void);
/* The CPU interface alone (PMR 0xFF, binary point minimum, EOImode 0, group enabled): what
 * a guest does at EL1 on its (virtual) CPU interface. */
void gic_init_cpu_iface(void);

/* Physical address of a GICv3 redistributor's RD_base for CPU aff0 (0 if none). */
uint64_t gic_redist(unsigned cpu);
/* This CPU's number: MPIDR_EL1.Aff0 (the ROMs use one cluster). */
unsigned gic_cpu_number(void);

/* ---- distributor / redistributor: interrupt configuration ---- */
void gic_enable(unsigned intid);
void gic_disable(unsigned intid);
void gic_set_priority(unsigned intid, unsigned prio);
unsigned gic_get_priority(unsigned intid);
void gic_set_pending(unsigned intid);
void gic_clear_pending(unsigned intid);
void gic_set_active(unsigned intid);
void gic_clear_active(unsigned intid);
bool gic_is_pending(unsigned intid);
bool gic_is_active(unsigned intid);
bool gic_is_enabled(unsigned intid);
/* Route SPI intid to CPU cpu (GICv2 ITARGETSR byte, GICv3 IROUTER affinity). */
void gic_route_spi(unsigned intid, unsigned cpu);
/* Level (false) or edge (true) triggered. */
void gic_set_edge(unsigned intid, bool edge);

/* ---- SGIs ---- */
/* Send SGI intid to the CPUs in target_mask (bit n = CPU with Aff0 n). */
void gic_send_sgi(unsigned intid, unsigned target_mask);
/* Send SGI intid to every CPU but the caller (GICv2 filter 1, GICv3 IRM = 1). */
void gic_send_sgi_others(unsigned intid);

/* ---- CPU interface (physical at EL2, virtual at EL1 under HCR_EL2.IMO) ---- */
uint32_t gic_ack(void);             /* GICC_IAR / ICC_IAR1_EL1 */
void gic_eoi(uint32_t iar);         /* GICC_EOIR / ICC_EOIR1_EL1 */
void gic_deactivate(uint32_t iar);  /* GICC_DIR / ICC_DIR_EL1 */
uint32_t gic_hppir(void);           /* GICC_HPPIR / ICC_HPPIR1_EL1 */
uint32_t gic_rpr(void);             /* GICC_RPR / ICC_RPR_EL1 */
uint32_t gic_pmr(void);
void gic_set_pmr(uint32_t pmr);
/* Active priorities: GICC_APR0 / ICC_AP1R0_EL1 (GICv3 Group 1). */
uint32_t gic_apr(void);
/* EOImode: false = EOI drops priority and deactivates, true = EOI drops, DIR deactivates. */
void gic_set_eoimode(bool split);
/* INTID of an IAR value (GICv2 IARs also carry the SGI source CPU in bits 12:10). */
static inline unsigned gic_iar_intid(uint32_t iar)
{
	return iar & 0xFFFFFF;
}

/* ---- virtual interface control, at EL2 ---- */
uint64_t gic_hyp_vtr(void);
uint64_t gic_hyp_hcr(void);
void gic_hyp_set_hcr(uint64_t v);
uint64_t gic_hyp_vmcr(void);
void gic_hyp_set_vmcr(uint64_t v);
uint64_t gic_hyp_misr(void);
uint64_t gic_hyp_eisr(void);
uint64_t gic_hyp_elrsr(void);
uint64_t gic_hyp_apr(void); /* GICH_APR / ICH_AP1R0_EL2 (v3 Group 1) */
void gic_hyp_set_apr(uint64_t v);
uint64_t gic_hyp_read_lr(unsigned n);
void gic_hyp_write_lr(unsigned n, uint64_t v);
/* The encoding of lr for this GIC version, and back. */
uint64_t gic_lr_encode(const struct gic_lr *lr);
struct gic_lr gic_lr_decode(uint64_t v);
/* Just the state field of an encoded LR. */
unsigned gic_lr_state(uint64_t v);
/* VMCR fields that both versions have, from / to the encoded register. */
struct gic_vmcr {
	unsigned pmr;    /* 8-bit priority mask (GICv2 keeps the top 5 bits) */
	bool eoimode;    /* VEOIM / VEM */
	bool grp0_en, grp1_en;
};
struct gic_vmcr gic_vmcr_decode(uint64_t v);

/* ---- MMIO ---- */
static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}
static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}
static inline uint64_t mmio_read64(uint64_t addr)
{
	return *(volatile uint64_t *)addr;
}
static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}

#endif

/* GICv2 (IHI 0048B) through its four register frames, as a guest and a hypervisor see them:
 * distributor identification and banking, the pending / active / active-and-pending state
 * machine of level and edge interrupts, priority, binary point and preemption, EOImode,
 * SGIs with their source CPUs, Group 1 acknowledge, and the virtual interface: list register
 * states, ELRSR / EISR / MISR, every maintenance condition and HW-bit deactivation. Outputs
 * are checked on the CPUs' interrupt inputs. */
#include <stdlib.h>

#include "cpu.h"
#include "gic.h"
#include "harness.h"
#include "interrupt.h"

enum { NCPU = 2 };
static struct cpu *cpus[NCPU];
static struct gic *gic;

/* GICD, GICC, GICH offsets. */
enum {
    D_CTLR = 0x000, D_TYPER = 0x004, D_IIDR = 0x008, D_IGROUPR = 0x080, D_ISENABLER = 0x100,
    D_ICENABLER = 0x180, D_ISPENDR = 0x200, D_ICPENDR = 0x280, D_ISACTIVER = 0x300,
    D_ICACTIVER = 0x380, D_IPRIORITYR = 0x400, D_ITARGETSR = 0x800, D_ICFGR = 0xc00,
    D_SGIR = 0xf00, D_CPENDSGIR = 0xf10, D_SPENDSGIR = 0xf20, D_PIDR2 = 0xfe8, D_CIDR0 = 0xff0,
    C_CTLR = 0x00, C_PMR = 0x04, C_BPR = 0x08, C_IAR = 0x0c, C_EOIR = 0x10, C_RPR = 0x14,
    C_HPPIR = 0x18, C_ABPR = 0x1c, C_AIAR = 0x20, C_AEOIR = 0x24, C_AHPPIR = 0x28, C_APR0 = 0xd0,
    C_NSAPR0 = 0xe0, C_IIDR = 0xfc, C_DIR = 0x1000,
    H_HCR = 0x00, H_VTR = 0x04, H_VMCR = 0x08, H_MISR = 0x10, H_EISR0 = 0x20, H_ELRSR0 = 0x30,
    H_APR = 0xf0, H_LR0 = 0x100,
};
#define DIST (&gic_v2_distributor_ops)
#define CPUIF (&gic_v2_cpu_interface_ops)
#define HYP (&gic_v2_hyp_interface_ops)
#define VCPU (&gic_v2_virtual_cpu_interface_ops)

static void setup(void)
{
    for (unsigned i = 0; i < NCPU; i++)
        cpus[i] = calloc(1, sizeof *cpus[i]);
    char err[128];
    gic = gic_create(&(struct gic_config){ 2, NCPU, cpus }, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gic);
}

static void teardown(void)
{
    gic_destroy(gic);
    for (unsigned i = 0; i < NCPU; i++)
        free(cpus[i]);
}

static uint64_t rd(const struct mmio_ops *ops, unsigned c, uint64_t offset)
{
    uint64_t v = 0xbad;
    CU_ASSERT_TRUE(ops->read(gic, c, offset, 4, &v));
    return v;
}

static void wr(const struct mmio_ops *ops, unsigned c, uint64_t offset, uint64_t v)
{
    CU_ASSERT_TRUE(ops->write(gic, c, offset, 4, v));
}

static void wr8(const struct mmio_ops *ops, unsigned c, uint64_t offset, uint64_t v)
{
    CU_ASSERT_TRUE(ops->write(gic, c, offset, 1, v));
}

static bool line(unsigned c, unsigned l)
{
    return (cpus[c]->irq_lines & l) != 0;
}

static uint32_t bit(unsigned intid)
{
    return 1u << (intid % 32);
}

static uint64_t word(uint64_t base, unsigned intid)
{
    return base + intid / 32 * 4;
}

/* An SPI enabled, Group 0, at priority prio, targeting CPU 0; both groups and CPU 0's
 * interface enabled with the priority mask open. */
static void spi(unsigned intid, unsigned prio)
{
    wr(DIST, 0, D_CTLR, 3);
    wr(CPUIF, 0, C_CTLR, 1);
    wr(CPUIF, 0, C_PMR, 0xff);
    wr8(DIST, 0, D_IPRIORITYR + intid, prio);
    wr8(DIST, 0, D_ITARGETSR + intid, 1);
    wr(DIST, 0, word(D_ISENABLER, intid), bit(intid));
}

static void test_gicv2_distributor_identification(void)
{
    setup();
    CHECK_EQ_U64(rd(DIST, 0, D_TYPER), 0x27);  /* 256 interrupts, 2 CPUs, no security */
    CHECK_EQ_U64(rd(DIST, 0, D_IIDR), 0x0200043b);
    CHECK_EQ_U64(rd(DIST, 0, D_PIDR2), 0x2b);   /* ArchRev 2 */
    CHECK_EQ_U64(rd(DIST, 0, D_CIDR0), 0x0d);
    CHECK_EQ_U64(rd(CPUIF, 0, C_IIDR), 0x0202043b);
    CHECK_EQ_U64(rd(DIST, 0, D_CTLR), 0);
    wr(DIST, 0, D_CTLR, 0xffffffff);
    CHECK_EQ_U64(rd(DIST, 0, D_CTLR), 3);
    /* SGIs are permanently enabled, edge-triggered; PPIs are level by default. */
    CHECK_EQ_U64(rd(DIST, 0, D_ISENABLER), 0xffff);
    wr(DIST, 0, D_ICENABLER, 0xffffffff);
    CHECK_EQ_U64(rd(DIST, 0, D_ISENABLER), 0xffff);
    CHECK_EQ_U64(rd(DIST, 0, D_ICFGR), 0xaaaaaaaa);
    CHECK_EQ_U64(rd(DIST, 0, D_ICFGR + 4), 0);
    /* ITARGETSR of SGIs and PPIs: the reading CPU, read-only. */
    CHECK_EQ_U64(rd(DIST, 0, D_ITARGETSR), 0x01010101);
    CHECK_EQ_U64(rd(DIST, 1, D_ITARGETSR + 28), 0x02020202);
    wr(DIST, 1, D_ITARGETSR + 28, 0);
    CHECK_EQ_U64(rd(DIST, 1, D_ITARGETSR + 28), 0x02020202);
    /* SPI targets: bits of CPUs that do not exist are RAZ/WI. */
    wr8(DIST, 0, D_ITARGETSR + 33, 0xff);
    CHECK_EQ_U64(rd(DIST, 0, D_ITARGETSR + 32), 0x0300);
    /* Priorities: 5 bits, byte accessible. */
    wr8(DIST, 0, D_IPRIORITYR + 41, 0xff);
    CHECK_EQ_U64(rd(DIST, 0, D_IPRIORITYR + 40), 0xf800);
    /* Banked PPI enables. */
    wr(DIST, 1, D_ISENABLER, bit(27));
    CHECK_EQ_U64(rd(DIST, 1, D_ISENABLER), 0x0800ffff);
    CHECK_EQ_U64(rd(DIST, 0, D_ISENABLER), 0xffff);
    /* A 16-bit access is a bus error; reserved offsets read as zero. */
    uint64_t v;
    CU_ASSERT_FALSE(DIST->read(gic, 0, D_CTLR, 2, &v));
    CHECK_EQ_U64(rd(DIST, 0, 0x010), 0);
    teardown();
}

static void test_gicv2_level_pending_active(void)
{
    setup();
    spi(40, 0x80);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    gic_set_irq(gic, 0, 40, true);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CU_ASSERT_FALSE(line(1, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 40)), bit(40));
    CHECK_EQ_U64(rd(CPUIF, 0, C_HPPIR), 40);
    /* Acknowledge: the input is still high, so active and pending; no longer signalled. */
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 40);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 40)), bit(40));
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 40)), bit(40));
    CHECK_EQ_U64(rd(CPUIF, 0, C_RPR), 0x80);
    CHECK_EQ_U64(rd(CPUIF, 0, C_APR0), 1u << 16);
    CHECK_EQ_U64(rd(CPUIF, 0, C_HPPIR), 1023);
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 1023);
    /* EOI while still asserted: pending again and signalled again. */
    wr(CPUIF, 0, C_EOIR, 40);
    CHECK_EQ_U64(rd(CPUIF, 0, C_RPR), 0xff);
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 40)), 0);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    /* ICPENDR does not clear a level interrupt whose input is high; lowering the input does. */
    wr(DIST, 0, word(D_ICPENDR, 40), bit(40));
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 40)), bit(40));
    gic_set_irq(gic, 0, 40, false);
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 40)), 0);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    /* ISPENDR latches a level interrupt pending until acknowledged. */
    wr(DIST, 0, word(D_ISPENDR, 40), bit(40));
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 40);
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 40)), 0);
    teardown();
}

static void test_gicv2_edge_pending_active(void)
{
    setup();
    spi(41, 0x40);
    wr(DIST, 0, word(D_ICFGR, 41 * 2), 2u << 18); /* ICFGR2: INTID 41 edge-triggered */
    CHECK_EQ_U64(rd(DIST, 0, D_ICFGR + 8), 2u << 18);
    gic_set_irq(gic, 0, 41, true);
    gic_set_irq(gic, 0, 41, false);  /* the edge is latched */
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 41)), bit(41));
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 41);
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 41)), 0);   /* active only */
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 41)), bit(41));
    /* A new edge while active: active and pending, not signalled until deactivated. */
    gic_set_irq(gic, 0, 41, true);
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISPENDR, 41)), bit(41));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    gic_set_irq(gic, 0, 41, true);  /* no edge: level unchanged */
    wr(CPUIF, 0, C_EOIR, 41);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 41);
    wr(CPUIF, 0, C_EOIR, 41);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 41)), 0);
    /* ICACTIVER / ISACTIVER set and clear the active state directly. */
    wr(DIST, 0, word(D_ISACTIVER, 41), bit(41));
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 41)), bit(41));
    wr(DIST, 0, word(D_ICACTIVER, 41), bit(41));
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 41)), 0);
    teardown();
}

static void test_gicv2_priority_preemption(void)
{
    setup();
    spi(40, 0x80);
    spi(41, 0x60);
    spi(42, 0x90);
    spi(43, 0x60);
    wr(CPUIF, 0, C_BPR, 5); /* group priority = priority[7:6] */
    gic_set_irq(gic, 0, 40, true);
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 40);
    CHECK_EQ_U64(rd(CPUIF, 0, C_RPR), 0x80);
    /* 0x90 has the same group priority (0x80): it cannot preempt. */
    gic_set_irq(gic, 0, 42, true);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(CPUIF, 0, C_HPPIR), 42);
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 1023);
    /* 0x60 is group priority 0x40: it preempts, unless the priority mask stops it. */
    wr(CPUIF, 0, C_PMR, 0x60);
    gic_set_irq(gic, 0, 43, true);
    gic_set_irq(gic, 0, 41, true);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    wr(CPUIF, 0, C_PMR, 0x68);
    CHECK_EQ_U64(rd(CPUIF, 0, C_PMR), 0x68);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    /* Equal priorities: the lower INTID first. */
    CHECK_EQ_U64(rd(CPUIF, 0, C_HPPIR), 41);
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 41);
    CHECK_EQ_U64(rd(CPUIF, 0, C_RPR), 0x40);
    CHECK_EQ_U64(rd(CPUIF, 0, C_APR0), 1u << 16 | 1u << 8);
    /* 43 has the same group priority as the running one. */
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    /* EOI drops the highest active priority: back to 0x80, then 43 preempts (41's device
     * has been served: its input is low). */
    gic_set_irq(gic, 0, 41, false);
    wr(CPUIF, 0, C_EOIR, 41);
    CHECK_EQ_U64(rd(CPUIF, 0, C_RPR), 0x80);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 43);
    /* BPR below the minimum (2 for 5 priority bits) reads as the minimum; ABPR's is 3. */
    wr(CPUIF, 0, C_BPR, 0);
    CHECK_EQ_U64(rd(CPUIF, 0, C_BPR), 2);
    wr(CPUIF, 0, C_ABPR, 1);
    CHECK_EQ_U64(rd(CPUIF, 0, C_ABPR), 3);
    teardown();
}

static void test_gicv2_eoimode_split(void)
{
    setup();
    spi(40, 0x80);
    wr(CPUIF, 0, C_CTLR, 1u << 9 | 1);
    CHECK_EQ_U64(rd(CPUIF, 0, C_CTLR), 0x201);
    wr(DIST, 0, word(D_ISPENDR, 40), bit(40));
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 40);
    wr(CPUIF, 0, C_EOIR, 40);
    /* Priority dropped, still active. */
    CHECK_EQ_U64(rd(CPUIF, 0, C_RPR), 0xff);
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 40)), bit(40));
    wr(DIST, 0, word(D_ISPENDR, 40), bit(40));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ)); /* active and pending */
    wr(CPUIF, 0, C_DIR, 40);
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 40)), 0);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    /* An EOI with no active priority is ignored. */
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 40);
    wr(CPUIF, 0, C_EOIR, 40);
    wr(CPUIF, 0, C_EOIR, 40);
    CHECK_EQ_U64(rd(CPUIF, 0, C_RPR), 0xff);
    teardown();
}

static void test_gicv2_sgi_sources(void)
{
    setup();
    wr(DIST, 0, D_CTLR, 1);
    wr(CPUIF, 1, C_CTLR, 1);
    wr(CPUIF, 1, C_PMR, 0xff);
    /* CPU 0 sends SGI 3 to the list {CPU 1}; CPU 1 sends it to itself. */
    wr(DIST, 0, D_SGIR, 0u << 24 | 2u << 16 | 3);
    CU_ASSERT_TRUE(line(1, IRQ_LINE_IRQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    wr(DIST, 1, D_SGIR, 2u << 24 | 3);
    CHECK_EQ_U64(rd(DIST, 1, D_SPENDSGIR), 0x03000000);
    CHECK_EQ_U64(rd(DIST, 1, D_ISPENDR), bit(3));
    CHECK_EQ_U64(rd(CPUIF, 1, C_HPPIR), 3);
    /* One source at a time, with its CPUID in bits 12:10. */
    CHECK_EQ_U64(rd(CPUIF, 1, C_IAR), 3);
    CHECK_EQ_U64(rd(DIST, 1, D_SPENDSGIR), 0x02000000);
    CHECK_EQ_U64(rd(DIST, 1, D_ISACTIVER), bit(3));
    wr(CPUIF, 1, C_EOIR, 3);
    CHECK_EQ_U64(rd(CPUIF, 1, C_IAR), 0x403);
    CHECK_EQ_U64(rd(DIST, 1, D_SPENDSGIR), 0);
    wr(CPUIF, 1, C_EOIR, 0x403);
    CHECK_EQ_U64(rd(DIST, 1, D_ISACTIVER), 0);
    /* "All but self" from CPU 1 reaches CPU 0 only; CPENDSGIR clears a source. */
    wr(DIST, 1, D_SGIR, 1u << 24 | 7);
    CHECK_EQ_U64(rd(DIST, 0, D_SPENDSGIR + 4), 0x02000000);
    CHECK_EQ_U64(rd(DIST, 1, D_SPENDSGIR + 4), 0);
    wr(DIST, 0, D_CPENDSGIR + 4, 0x02000000);
    CHECK_EQ_U64(rd(DIST, 0, D_SPENDSGIR + 4), 0);
    CHECK_EQ_U64(rd(DIST, 0, D_ISPENDR), 0);
    /* SPENDSGIR sets a source; ISPENDR cannot. */
    wr(DIST, 0, D_SPENDSGIR, 0x01);
    CHECK_EQ_U64(rd(DIST, 0, D_ISPENDR), bit(0));
    wr(DIST, 0, D_ISPENDR, bit(1));
    CHECK_EQ_U64(rd(DIST, 0, D_ISPENDR), bit(0));
    teardown();
}

static void test_gicv2_groups_ackctl_fiq(void)
{
    setup();
    spi(42, 0x80);
    wr(DIST, 0, word(D_IGROUPR, 42), bit(42));
    wr(CPUIF, 0, C_CTLR, 3);
    gic_set_irq(gic, 0, 42, true);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    /* AckCtl = 0: GICC_IAR does not acknowledge Group 1 (1022); the aliases do. */
    CHECK_EQ_U64(rd(CPUIF, 0, C_HPPIR), 1022);
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 1022);
    CHECK_EQ_U64(rd(CPUIF, 0, C_AHPPIR), 42);
    CHECK_EQ_U64(rd(CPUIF, 0, C_AIAR), 42);
    CHECK_EQ_U64(rd(CPUIF, 0, C_NSAPR0), 1u << 16);
    CHECK_EQ_U64(rd(CPUIF, 0, C_APR0), 0);
    wr(CPUIF, 0, C_AEOIR, 42);
    CHECK_EQ_U64(rd(CPUIF, 0, C_NSAPR0), 0);
    /* AckCtl = 1: GICC_IAR acknowledges it. Group 1 disabled at the interface: nothing. */
    wr(CPUIF, 0, C_CTLR, 7);
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 42);
    wr(CPUIF, 0, C_EOIR, 42);
    wr(CPUIF, 0, C_CTLR, 1);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    /* Group 0 with FIQEn is signalled as FIQ; without FIQEn as IRQ. */
    spi(43, 0x80);
    gic_set_irq(gic, 0, 43, true);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    wr(CPUIF, 0, C_CTLR, 1 | 8);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_FIQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    /* The distributor's group enable gates it too. */
    wr(DIST, 0, D_CTLR, 2);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_FIQ));
    teardown();
}

/* --- The virtual interface ------------------------------------------------------------------- */

/* GICH_LR: HW, Grp1, State, Priority[7:3], PhysicalID or EOI, VirtualID. */
static uint32_t lr2(unsigned state, bool grp1, unsigned prio, unsigned vid)
{
    return (uint32_t)state << 28 | (uint32_t)grp1 << 30 | (prio >> 3) << 23 | vid;
}

static void vgic_enable(void)
{
    wr(HYP, 0, H_HCR, 1);
    wr(VCPU, 0, C_CTLR, 3);
    wr(VCPU, 0, C_PMR, 0xf8);
}

static void test_gicv2_list_register_states(void)
{
    setup();
    CHECK_EQ_U64(rd(HYP, 0, H_VTR), 0x90000003);
    CHECK_EQ_U64(rd(HYP, 0, H_ELRSR0), 0xf);
    vgic_enable();
    CHECK_EQ_U64(rd(HYP, 0, H_VMCR), 0xf8000000u | 2u << 21 | 3u << 18 | 3);
    wr(HYP, 0, H_LR0 + 4, lr2(1, false, 0xa0, 27));
    CHECK_EQ_U64(rd(HYP, 0, H_LR0 + 4), 0x1a00001b);
    CHECK_EQ_U64(rd(HYP, 0, H_ELRSR0), 0xd);
    /* Group 0 without VFIQEn: virtual IRQ. */
    CU_ASSERT_TRUE(line(0, IRQ_LINE_VIRQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(VCPU, 0, C_HPPIR), 27);
    CHECK_EQ_U64(rd(VCPU, 0, C_IAR), 27);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0 + 4), 0x2a00001b); /* active */
    CU_ASSERT_FALSE(line(0, IRQ_LINE_VIRQ));
    CHECK_EQ_U64(rd(VCPU, 0, C_RPR), 0xa0);
    CHECK_EQ_U64(rd(HYP, 0, H_APR), 1u << 20);
    CHECK_EQ_U64(rd(VCPU, 0, C_APR0), 1u << 20);
    /* A higher priority one preempts; pending+active ones are not acknowledged. */
    wr(HYP, 0, H_LR0, lr2(3, false, 0x40, 30));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_VIRQ));
    wr(HYP, 0, H_LR0 + 8, lr2(1, false, 0x40, 31));
    CU_ASSERT_TRUE(line(0, IRQ_LINE_VIRQ));
    CHECK_EQ_U64(rd(VCPU, 0, C_IAR), 31);
    wr(VCPU, 0, C_EOIR, 31);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0 + 8), lr2(0, false, 0x40, 31));
    wr(VCPU, 0, C_EOIR, 27);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0 + 4), 0x0a00001b); /* invalid again */
    CHECK_EQ_U64(rd(HYP, 0, H_ELRSR0), 0xe);
    CHECK_EQ_U64(rd(VCPU, 0, C_RPR), 0xff);
    /* Deactivating the pending+active one leaves it pending. */
    wr(VCPU, 0, C_DIR, 30);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0), lr2(1, false, 0x40, 30));
    /* Group 1 through the aliases, 1022 through GICV_IAR without VAckCtl. */
    wr(HYP, 0, H_LR0, lr2(1, true, 0x40, 40));
    CHECK_EQ_U64(rd(VCPU, 0, C_HPPIR), 1022);
    CHECK_EQ_U64(rd(VCPU, 0, C_IAR), 1022);
    CHECK_EQ_U64(rd(VCPU, 0, C_AIAR), 40);
    wr(VCPU, 0, C_AEOIR, 40);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0), lr2(0, true, 0x40, 40));
    /* Virtual SGIs carry their CPUID. */
    wr(HYP, 0, H_LR0, lr2(1, false, 0x40, 5) | 1u << 10);
    CHECK_EQ_U64(rd(VCPU, 0, C_IAR), 0x405);
    wr(VCPU, 0, C_EOIR, 0x405);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0), lr2(0, false, 0x40, 5) | 1u << 10);
    teardown();
}

static void test_gicv2_virtual_eoimode(void)
{
    setup();
    vgic_enable();
    wr(VCPU, 0, C_CTLR, 3 | 1u << 9);
    CHECK_EQ_U64(rd(HYP, 0, H_VMCR) & 0x21f, 0x203);
    wr(HYP, 0, H_LR0, lr2(1, false, 0x80, 33));
    CHECK_EQ_U64(rd(VCPU, 0, C_IAR), 33);
    wr(VCPU, 0, C_EOIR, 33);
    CHECK_EQ_U64(rd(VCPU, 0, C_RPR), 0xff);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0), lr2(2, false, 0x80, 33));
    wr(VCPU, 0, C_DIR, 33);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0), lr2(0, false, 0x80, 33));
    teardown();
}

/* The maintenance interrupt: PPI 25, enabled and signalled like any other PPI. */
static void maintenance_ppi(unsigned c)
{
    wr(DIST, c, D_CTLR, 3);
    wr(DIST, c, D_ISENABLER, bit(25));
    wr(CPUIF, c, C_CTLR, 1);
    wr(CPUIF, c, C_PMR, 0xff);
}

static void test_gicv2_maintenance_conditions(void)
{
    setup();
    maintenance_ppi(0);
    wr(VCPU, 0, C_CTLR, 0);
    /* Each condition with its enable; nothing while GICH_HCR.En = 0. */
    static const struct { uint32_t hcr, vmcr_ctlr, misr; } cases[] = {
        { 1u << 1, 0, 1u << 1 },   /* U: no valid list register */
        { 1u << 3, 0, 1u << 3 },   /* NP: none pending */
        { 1u << 4, 1, 1u << 4 },   /* VGrp0E */
        { 1u << 5, 0, 1u << 5 },   /* VGrp0D */
        { 1u << 6, 2, 1u << 6 },   /* VGrp1E */
        { 1u << 7, 0, 1u << 7 },   /* VGrp1D */
        { 1u << 2, 0, 0 },         /* LRENP: EOICount = 0 */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wr(VCPU, 0, C_CTLR, cases[i].vmcr_ctlr);
        wr(HYP, 0, H_HCR, cases[i].hcr);
        CHECK_EQ_U64(rd(HYP, 0, H_MISR), cases[i].misr);
        CHECK_EQ_U64(rd(DIST, 0, D_ISPENDR), 0);
        wr(HYP, 0, H_HCR, cases[i].hcr | 1);
        CHECK_EQ_U64(rd(DIST, 0, D_ISPENDR), cases[i].misr ? bit(25) : 0);
        CHECK_EQ_U64(line(0, IRQ_LINE_IRQ), cases[i].misr != 0);
    }
    /* U holds with at most one valid list register. */
    wr(HYP, 0, H_HCR, 1 | 1u << 1);
    wr(HYP, 0, H_LR0, lr2(1, false, 0x80, 40));
    CHECK_EQ_U64(rd(HYP, 0, H_MISR), 1u << 1);
    wr(HYP, 0, H_LR0 + 4, lr2(2, false, 0x80, 41));
    CHECK_EQ_U64(rd(HYP, 0, H_MISR), 0);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    /* An EOI of an interrupt in no list register counts in EOICount: LRENP. */
    wr(HYP, 0, H_HCR, 1 | 1u << 2);
    wr(VCPU, 0, C_CTLR, 1);
    wr(VCPU, 0, C_PMR, 0xf8);
    CHECK_EQ_U64(rd(VCPU, 0, C_IAR), 40);
    wr(VCPU, 0, C_EOIR, 40);  /* LR0 */
    CHECK_EQ_U64(rd(HYP, 0, H_HCR), 1 | 1u << 2);
    wr(VCPU, 0, C_DIR, 77);   /* no list register */
    CHECK_EQ_U64(rd(HYP, 0, H_HCR), 1 | 1u << 2 | 1u << 27);
    CHECK_EQ_U64(rd(HYP, 0, H_MISR), 1u << 2);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 25);
    teardown();
}

static void test_gicv2_eoi_maintenance(void)
{
    setup();
    maintenance_ppi(0);
    vgic_enable();
    /* LR2 with EOI = 1 (bit 19): after deactivation it shows in EISR, MISR.EOI. */
    wr(HYP, 0, H_LR0 + 8, lr2(1, false, 0x80, 50) | 1u << 19);
    CHECK_EQ_U64(rd(HYP, 0, H_ELRSR0), 0xb);
    CHECK_EQ_U64(rd(VCPU, 0, C_IAR), 50);
    wr(VCPU, 0, C_EOIR, 50);
    CHECK_EQ_U64(rd(HYP, 0, H_LR0 + 8), lr2(0, false, 0x80, 50) | 1u << 19);
    CHECK_EQ_U64(rd(HYP, 0, H_EISR0), 4);
    CHECK_EQ_U64(rd(HYP, 0, H_ELRSR0), 0xb); /* not free until the hypervisor clears EOI */
    CHECK_EQ_U64(rd(HYP, 0, H_MISR), 1);
    CHECK_EQ_U64(rd(DIST, 0, D_ISPENDR), bit(25));
    CHECK_EQ_U64(rd(CPUIF, 0, C_IAR), 25);
    wr(CPUIF, 0, C_EOIR, 25);
    wr(HYP, 0, H_LR0 + 8, 0);
    CHECK_EQ_U64(rd(HYP, 0, H_EISR0), 0);
    CHECK_EQ_U64(rd(HYP, 0, H_ELRSR0), 0xf);
    CHECK_EQ_U64(rd(DIST, 0, D_ISPENDR), 0);
    teardown();
}

static void test_gicv2_hw_deactivation(void)
{
    setup();
    spi(45, 0x80);
    wr8(DIST, 0, D_ITARGETSR + 45, 2); /* to CPU 1 */
    wr(CPUIF, 1, C_CTLR, 1u << 9 | 1);  /* EOImode 1: the hypervisor only drops priority */
    wr(CPUIF, 1, C_PMR, 0xff);
    gic_set_irq(gic, 0, 45, true); /* level, held by the device until the guest serves it */
    CU_ASSERT_TRUE(line(1, IRQ_LINE_IRQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(CPUIF, 1, C_IAR), 45);
    wr(CPUIF, 1, C_EOIR, 45);
    CHECK_EQ_U64(rd(DIST, 1, word(D_ISACTIVER, 45)), bit(45));
    /* Forward it: HW = 1, PhysicalID 45, virtual 45. */
    wr(HYP, 1, H_HCR, 1);
    wr(VCPU, 1, C_CTLR, 1);
    wr(VCPU, 1, C_PMR, 0xf8);
    wr(HYP, 1, H_LR0, 1u << 31 | lr2(1, false, 0x80, 45) | 45u << 10);
    CHECK_EQ_U64(rd(HYP, 1, H_LR0), 0x9800b42d);
    CU_ASSERT_TRUE(line(1, IRQ_LINE_VIRQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_VIRQ));
    CHECK_EQ_U64(rd(VCPU, 1, C_IAR), 45);
    wr(VCPU, 1, C_EOIR, 45);
    /* The guest's EOI deactivated the physical interrupt, without the hypervisor: still
     * asserted, it is pending and signalled to CPU 1 again. */
    CHECK_EQ_U64(rd(DIST, 0, word(D_ISACTIVER, 45)), 0);
    CU_ASSERT_TRUE(line(1, IRQ_LINE_IRQ));
    CHECK_EQ_U64(rd(HYP, 1, H_LR0), 0x8800b42d);
    CHECK_EQ_U64(rd(HYP, 1, H_ELRSR0), 0xf);
    CHECK_EQ_U64(rd(HYP, 1, H_EISR0), 0);
    teardown();
}

/* The debugger's view (gic_irq_view, gic_cpu_view: elsim_gic_irq / elsim_gic_cpu) of a level
 * SPI forwarded to a guest through a hardware list register, then gic_reset (PSCI
 * SYSTEM_RESET): everything back to reset values, the input line still high. */
static void test_gicv2_debug_view_and_reset(void)
{
    setup();
    spi(45, 0x80);
    wr8(DIST, 0, D_ITARGETSR + 45, 2);
    wr(CPUIF, 1, C_CTLR, 1u << 9 | 1);
    wr(CPUIF, 1, C_PMR, 0xf0);
    gic_set_irq(gic, 0, 45, true);
    CHECK_EQ_U64(rd(CPUIF, 1, C_IAR), 45);
    wr(HYP, 1, H_HCR, 1);
    wr(HYP, 1, H_LR0 + 4, 1u << 31 | lr2(1, true, 0x88, 46) | 45u << 10);
    struct elsim_gic_irq q;
    CU_ASSERT_TRUE(gic_irq_view(gic, 1, 45, &q));
    CU_ASSERT_TRUE(q.enabled && q.pending && q.active && q.level && !q.edge && !q.group1);
    CHECK_EQ_U64(q.priority, 0x80);
    CHECK_EQ_U64(q.targets, 2);
    CU_ASSERT_TRUE(gic_irq_view(gic, 0, 15, &q));     /* an SGI: enabled for ever on GICv2 */
    CU_ASSERT_TRUE(q.enabled && !q.pending && !q.active && q.edge);
    CU_ASSERT_FALSE(gic_irq_view(gic, 2, 45, &q));
    CU_ASSERT_FALSE(gic_irq_view(gic, 0, 256, &q));
    struct elsim_gic_cpu g;
    CU_ASSERT_TRUE(gic_cpu_view(gic, 1, &g));
    CHECK_EQ_U64(g.version, 2);
    CHECK_EQ_U64(g.dist_ctlr, 3);
    CHECK_EQ_U64(g.ctlr, 1u << 9 | 1);
    CHECK_EQ_U64(g.pmr, 0xf0);
    CHECK_EQ_U64(g.running_priority, 0x80);
    CHECK_EQ_U64(g.hcr, 1);
    CHECK_EQ_U64(g.lr_count, 4);
    CHECK_EQ_U64(g.lr[0].state, 0);
    CHECK_EQ_U64(g.lr[1].state, 1);
    CHECK_EQ_U64(g.lr[1].vintid, 46);
    CHECK_EQ_U64(g.lr[1].pintid, 45);
    CHECK_EQ_U64(g.lr[1].priority, 0x88);
    CU_ASSERT_TRUE(g.lr[1].hw && g.lr[1].group1);
    CU_ASSERT_FALSE(gic_cpu_view(gic, 2, &g));

    gic_reset(gic);
    CU_ASSERT_TRUE(gic_irq_view(gic, 1, 45, &q));
    CU_ASSERT_TRUE(!q.enabled && q.pending && !q.active && q.level && !q.edge && !q.group1);
    CHECK_EQ_U64(q.priority, 0);
    CHECK_EQ_U64(q.targets, 0);
    CU_ASSERT_TRUE(gic_cpu_view(gic, 1, &g));
    CHECK_EQ_U64(g.dist_ctlr, 0);
    CHECK_EQ_U64(g.ctlr, 0);
    CHECK_EQ_U64(g.running_priority, 0xff);
    CHECK_EQ_U64(g.hcr, 0);
    CHECK_EQ_U64(g.lr[1].state, 0);
    CU_ASSERT_FALSE(line(1, IRQ_LINE_IRQ));
    CU_ASSERT_FALSE(line(1, IRQ_LINE_VIRQ));
    CHECK_EQ_U64(rd(DIST, 0, D_CTLR), 0);
    CHECK_EQ_U64(rd(HYP, 1, H_LR0 + 4), 0);
    teardown();
}

static void test_gicv2_create_limits(void)
{
    char err[128];
    struct cpu *none[9] = { 0 };
    CU_ASSERT_PTR_NULL(gic_create(&(struct gic_config){ 2, 9, none }, err, sizeof err));
    CU_ASSERT_PTR_NULL(gic_create(&(struct gic_config){ 4, 1, none }, err, sizeof err));
    CU_ASSERT_PTR_NULL(gic_create(&(struct gic_config){ 2, 0, none }, err, sizeof err));
}

UNIT_SUITE(gic_v2,
           UNIT_TEST(test_gicv2_distributor_identification),
           UNIT_TEST(test_gicv2_level_pending_active),
           UNIT_TEST(test_gicv2_edge_pending_active),
           UNIT_TEST(test_gicv2_priority_preemption),
           UNIT_TEST(test_gicv2_eoimode_split),
           UNIT_TEST(test_gicv2_sgi_sources),
           UNIT_TEST(test_gicv2_groups_ackctl_fiq),
           UNIT_TEST(test_gicv2_list_register_states),
           UNIT_TEST(test_gicv2_virtual_eoimode),
           UNIT_TEST(test_gicv2_maintenance_conditions),
           UNIT_TEST(test_gicv2_eoi_maintenance),
           UNIT_TEST(test_gicv2_hw_deactivation),
           UNIT_TEST(test_gicv2_debug_view_and_reset),
           UNIT_TEST(test_gicv2_create_limits))

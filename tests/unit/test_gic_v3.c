/* GICv3 (IHI 0069): the distributor and redistributors through MMIO, and the CPU interface
 * through real MRS / MSR instruction words executed by the fixture CPU: acknowledge and EOI of
 * each group, EOImode, binary points, SGIs by affinity, SPI routing, the virtual ICV_* view
 * under HCR_EL2.IMO with list registers, HW-bit deactivation and the maintenance interrupt,
 * the ICH_HCR_EL2 / ICC_SRE_EL2 traps with their exact syndromes, and UNDEFINED accesses. */
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "exception.h"
#include "fixture.h"
#include "gic.h"
#include "harness.h"
#include "interrupt.h"
#include "sysreg.h"
#include "sysreg_internal.h"

enum { NCPU = 2 };
static struct cpu *cpus[NCPU];
static struct gic *gic;

#define SR(op1, crn, crm, op2) ((op1) << 16 | (crn) << 12 | (crm) << 8 | (op2) << 5)
enum {
    PMR = SR(0, 4, 6, 0), IAR0 = SR(0, 12, 8, 0), EOIR0 = SR(0, 12, 8, 1),
    HPPIR0 = SR(0, 12, 8, 2), BPR0 = SR(0, 12, 8, 3), AP0R0 = SR(0, 12, 8, 4),
    AP1R0 = SR(0, 12, 9, 0), DIR = SR(0, 12, 11, 1), RPR = SR(0, 12, 11, 3),
    SGI1R = SR(0, 12, 11, 5), ASGI1R = SR(0, 12, 11, 6), SGI0R = SR(0, 12, 11, 7),
    IAR1 = SR(0, 12, 12, 0), EOIR1 = SR(0, 12, 12, 1), HPPIR1 = SR(0, 12, 12, 2),
    BPR1 = SR(0, 12, 12, 3), CTLR = SR(0, 12, 12, 4), SRE1 = SR(0, 12, 12, 5),
    IGRPEN0 = SR(0, 12, 12, 6), IGRPEN1 = SR(0, 12, 12, 7), SRE2 = SR(4, 12, 9, 5),
    ICH_HCR = SR(4, 12, 11, 0), ICH_VTR = SR(4, 12, 11, 1), ICH_MISR = SR(4, 12, 11, 2),
    ICH_EISR = SR(4, 12, 11, 3), ICH_ELRSR = SR(4, 12, 11, 5), ICH_VMCR = SR(4, 12, 11, 7),
    ICH_LR0 = SR(4, 12, 12, 0), ICH_LR1 = SR(4, 12, 12, 1),
};
#define MRS_X0 0xd5380000u
#define MSR_X1 0xd5180001u
#define VBAR2 0x40010000ull
#define VBAR1 0x40020000ull

/* GICD, GICR offsets. */
enum {
    D_CTLR = 0x0, D_TYPER = 0x4, D_IGROUPR = 0x80, D_ISENABLER = 0x100, D_ISPENDR = 0x200,
    D_IPRIORITYR = 0x400, D_IROUTER = 0x6000, D_PIDR2 = 0xffe8,
    R_TYPER = 0x8, R_WAKER = 0x14, SGI = 0x10000, R_IGROUPR0 = SGI + 0x80,
    R_ISENABLER0 = SGI + 0x100, R_ISPENDR0 = SGI + 0x200, R_ICPENDR0 = SGI + 0x280,
    R_ISACTIVER0 = SGI + 0x300, R_IPRIORITYR = SGI + 0x400, R_ICFGR0 = SGI + 0xc00,
};
#define GICD (&gic_v3_distributor_ops)
#define GICR (&gic_v3_redistributor_ops)

static uint64_t rd(const struct mmio_ops *ops, uint64_t offset, unsigned size)
{
    uint64_t v = 0xbad;
    CU_ASSERT_TRUE(ops->read(gic, 0, offset, size, &v));
    return v;
}

static void wr(const struct mmio_ops *ops, uint64_t offset, unsigned size, uint64_t v)
{
    CU_ASSERT_TRUE(ops->write(gic, 0, offset, size, v));
}

static uint64_t gicr(unsigned c, uint64_t offset)
{
    return c * 0x20000ull + offset;
}

/* The fixture CPU is CPU 0, at el; CPU 1 exists only for the GIC. */
static struct cpu *setup(unsigned el)
{
    cpus[0] = fixture_cpu(el);
    cpus[1] = calloc(1, sizeof *cpus[1]);
    cpus[1]->index = 1;
    cpus[1]->el = 2;
    char err[128];
    gic = gic_create(&(struct gic_config){ 3, NCPU, cpus }, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gic);
    fixture_set_gic(gic);
    cpus[0]->sr[SR_VBAR_EL2] = VBAR2;
    cpus[0]->sr[SR_VBAR_EL1] = VBAR1;
    return cpus[0];
}

static void teardown(void)
{
    fixture_set_gic(NULL);
    gic_destroy(gic);
    free(cpus[1]);
}

static uint64_t mrs(struct cpu *cpu, uint32_t reg)
{
    cpu->r[0] = 0xbad;
    fixture_exec(cpu, MRS_X0 | reg);
    return cpu->r[0];
}

static void msr(struct cpu *cpu, uint32_t reg, uint64_t v)
{
    cpu->r[1] = v;
    fixture_exec(cpu, MSR_X1 | reg);
}

/* A PPI of CPU c: enabled, in group, at prio; the distributor's groups enabled. */
static void ppi(unsigned c, unsigned intid, unsigned group, unsigned prio)
{
    wr(GICD, D_CTLR, 4, 3);
    uint64_t g = rd(GICR, gicr(c, R_IGROUPR0), 4);
    wr(GICR, gicr(c, R_IGROUPR0), 4, group ? g | 1u << intid : g & ~(1u << intid));
    wr(GICR, gicr(c, R_IPRIORITYR + intid), 1, prio);
    wr(GICR, gicr(c, R_ISENABLER0), 4, 1u << intid);
}

static bool line(unsigned c, unsigned l)
{
    return (cpus[c]->irq_lines & l) != 0;
}

static void test_gicv3_distributor_redistributor(void)
{
    setup(2);
    CHECK_EQ_U64(rd(GICD, D_CTLR, 4), 0x50); /* ARE, DS */
    wr(GICD, D_CTLR, 4, 0xffffffff);
    CHECK_EQ_U64(rd(GICD, D_CTLR, 4), 0x53);
    CHECK_EQ_U64(rd(GICD, D_TYPER, 4), 0x480007);
    CHECK_EQ_U64(rd(GICD, D_PIDR2, 4), 0x3b);
    CHECK_EQ_U64(rd(GICR, gicr(1, 0xffe8), 4), 0x3b);
    /* SGI / PPI words of the distributor are RAZ/WI with affinity routing. */
    wr(GICD, D_IGROUPR, 4, 0xffffffff);
    CHECK_EQ_U64(rd(GICD, D_IGROUPR, 4), 0);
    wr(GICD, D_IGROUPR + 4, 4, 0xffffffff);
    CHECK_EQ_U64(rd(GICD, D_IGROUPR + 4, 4), 0xffffffff);
    wr(GICD, D_IPRIORITYR + 4, 4, 0xffffffff);
    CHECK_EQ_U64(rd(GICD, D_IPRIORITYR + 4, 4), 0);
    /* GICR_TYPER: affinity, processor number, Last; 64-bit or two 32-bit halves. */
    CHECK_EQ_U64(rd(GICR, gicr(0, R_TYPER), 8), 0);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_TYPER), 8), 0x100000110ull);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_TYPER + 4), 4), 1);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_TYPER), 4), 0x110);
    /* GICR_WAKER: asleep at reset; clearing ProcessorSleep wakes the children. */
    CHECK_EQ_U64(rd(GICR, gicr(0, R_WAKER), 4), 6);
    wr(GICR, gicr(0, R_WAKER), 4, 0);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_WAKER), 4), 0);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_WAKER), 4), 6);
    /* SGIs edge-triggered, PPIs level; IROUTER holds Aff3.Aff2.Aff1.Aff0 and IRM. */
    CHECK_EQ_U64(rd(GICR, gicr(1, R_ICFGR0), 4), 0xaaaaaaaa);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_ICFGR0 + 4), 4), 0);
    wr(GICD, D_IROUTER + 8 * 40, 8, ~0ull);
    CHECK_EQ_U64(rd(GICD, D_IROUTER + 8 * 40, 8), 0xff80ffffffull);
    wr(GICD, D_IROUTER + 8 * 40 + 4, 4, 0);
    CHECK_EQ_U64(rd(GICD, D_IROUTER + 8 * 40, 8), 0x80ffffffull);
    teardown();
}

static void test_gicv3_acknowledge_eoi(void)
{
    struct cpu *cpu = setup(2);
    ppi(0, 27, 1, 0x80);
    msr(cpu, PMR, 0xff);
    CHECK_EQ_U64(mrs(cpu, PMR), 0xf8);
    gic_set_irq(gic, 0, 27, true);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ)); /* Group 1 disabled at the interface */
    msr(cpu, IGRPEN1, 1);
    CHECK_EQ_U64(mrs(cpu, IGRPEN1), 1);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_FIQ));
    CHECK_EQ_U64(mrs(cpu, HPPIR1), 27);
    CHECK_EQ_U64(mrs(cpu, HPPIR0), 1023);
    CHECK_EQ_U64(mrs(cpu, IAR0), 1023);
    CHECK_EQ_U64(mrs(cpu, IAR1), 27);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(mrs(cpu, RPR), 0x80);
    CHECK_EQ_U64(mrs(cpu, AP1R0), 1u << 16);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISACTIVER0), 4), 1u << 27);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISPENDR0), 4), 1u << 27); /* still asserted */
    /* EOIR0 cannot drop a Group 1 priority. */
    msr(cpu, EOIR0, 27);
    CHECK_EQ_U64(mrs(cpu, RPR), 0x80);
    msr(cpu, EOIR1, 27);
    CHECK_EQ_U64(mrs(cpu, RPR), 0xff);
    CHECK_EQ_U64(mrs(cpu, AP1R0), 0);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISACTIVER0), 4), 0);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    gic_set_irq(gic, 0, 27, false);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    teardown();
}

static void test_gicv3_eoimode_group0_fiq(void)
{
    struct cpu *cpu = setup(2);
    ppi(0, 26, 0, 0x40);
    msr(cpu, PMR, 0xff);
    msr(cpu, IGRPEN0, 1);
    msr(cpu, CTLR, 2);
    CHECK_EQ_U64(mrs(cpu, CTLR), 0x402); /* EOImode; PRIbits = 4 */
    wr(GICR, gicr(0, R_ISPENDR0), 4, 1u << 26);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_FIQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(mrs(cpu, IAR1), 1023);
    CHECK_EQ_U64(mrs(cpu, IAR0), 26);
    CHECK_EQ_U64(mrs(cpu, AP0R0), 1u << 8);
    msr(cpu, EOIR0, 26);
    CHECK_EQ_U64(mrs(cpu, RPR), 0xff);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISACTIVER0), 4), 1u << 26); /* priority drop only */
    msr(cpu, DIR, 26);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISACTIVER0), 4), 0);
    teardown();
}

static void test_gicv3_binary_points_sre(void)
{
    struct cpu *cpu = setup(2);
    CHECK_EQ_U64(mrs(cpu, BPR0), 2);
    CHECK_EQ_U64(mrs(cpu, BPR1), 3);
    msr(cpu, BPR0, 0);
    CHECK_EQ_U64(mrs(cpu, BPR0), 2);
    msr(cpu, BPR0, 4);
    msr(cpu, CTLR, 1); /* CBPR: BPR1 reads BPR0 + 1, writes ignored */
    CHECK_EQ_U64(mrs(cpu, BPR1), 5);
    msr(cpu, BPR1, 7);
    CHECK_EQ_U64(mrs(cpu, BPR1), 5);
    msr(cpu, CTLR, 0);
    CHECK_EQ_U64(mrs(cpu, BPR1), 3);
    CHECK_EQ_U64(mrs(cpu, SRE1), 7);
    msr(cpu, SRE1, 0);
    CHECK_EQ_U64(mrs(cpu, SRE1), 7);
    CHECK_EQ_U64(mrs(cpu, SRE2), 0xf);
    msr(cpu, SRE2, 0);
    CHECK_EQ_U64(mrs(cpu, SRE2), 7);
    CHECK_EQ_U64(mrs(cpu, ICH_VTR), 0x90180003);
    teardown();
}

static void test_gicv3_sgi_affinity(void)
{
    struct cpu *cpu = setup(2);
    wr(GICR, gicr(1, R_IGROUPR0), 4, 1u << 5 | 1u << 7);
    wr(GICR, gicr(0, R_IGROUPR0), 4, 1u << 7);
    msr(cpu, SGI1R, 5ull << 24 | 1u << 1); /* Aff1 0, TargetList {Aff0 1} */
    CHECK_EQ_U64(rd(GICR, gicr(1, R_ISPENDR0), 4), 1u << 5);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISPENDR0), 4), 0);
    /* SGI 6 is Group 0 on CPU 1: SGI1R does not forward it, SGI0R does. */
    msr(cpu, SGI1R, 6ull << 24 | 1u << 1);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_ISPENDR0), 4), 1u << 5);
    msr(cpu, SGI0R, 6ull << 24 | 1u << 1);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_ISPENDR0), 4), 1u << 5 | 1u << 6);
    /* Another cluster (Aff1 = 1) holds no CPU; RS selects Aff0 16-31: none either. */
    msr(cpu, SGI1R, 5ull << 24 | 1ull << 16 | 3);
    msr(cpu, SGI1R, 7ull << 24 | 1ull << 44 | 3);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISPENDR0), 4), 0);
    /* IRM: every CPU but the sender. */
    msr(cpu, SGI1R, 7ull << 24 | 1ull << 40);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_ISPENDR0), 4), 1u << 5 | 1u << 6 | 1u << 7);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISPENDR0), 4), 0);
    /* ASGI1R with one Security state reaches Group 0 SGIs only. */
    msr(cpu, ASGI1R, 5ull << 24 | 1u << 0 | 1u << 1);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISPENDR0), 4), 1u << 5);
    wr(GICR, gicr(1, R_ICPENDR0), 4, ~0u);
    CHECK_EQ_U64(rd(GICR, gicr(1, R_ISPENDR0), 4), 0);
    teardown();
}

static void test_gicv3_spi_routing(void)
{
    struct cpu *cpu = setup(2);
    uint64_t one = 1;
    gic_sysreg_access(gic, cpus[1], NULL, SR_ICC_IGRPEN1_EL1, false, &one);
    uint64_t pmr = 0xff;
    gic_sysreg_access(gic, cpus[1], NULL, SR_ICC_PMR_EL1, false, &pmr);
    msr(cpu, IGRPEN1, 1);
    msr(cpu, PMR, 0xff);
    wr(GICD, D_CTLR, 4, 2);
    wr(GICD, D_IGROUPR + 4, 4, 1u << 8);
    wr(GICD, D_ISENABLER + 4, 4, 1u << 8);
    wr(GICD, D_IROUTER + 8 * 40, 8, 1); /* Aff0 = 1: CPU 1 */
    gic_set_irq(gic, 0, 40, true);
    CU_ASSERT_TRUE(line(1, IRQ_LINE_IRQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(mrs(cpu, HPPIR1), 1023);
    /* IRM = 1: either may take it; the first acknowledge wins. */
    wr(GICD, D_IROUTER + 8 * 40, 8, 1ull << 31);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CU_ASSERT_TRUE(line(1, IRQ_LINE_IRQ));
    CHECK_EQ_U64(mrs(cpu, IAR1), 40);
    CU_ASSERT_FALSE(line(1, IRQ_LINE_IRQ));
    teardown();
}

/* ICH_LR<n>_EL2: State, HW, Group, Priority, pINTID, vINTID. */
static uint64_t lr3(unsigned state, bool hw, bool group1, unsigned prio, unsigned pintid, unsigned vintid)
{
    return (uint64_t)state << 62 | (uint64_t)hw << 61 | (uint64_t)group1 << 60 | (uint64_t)prio << 48 |
           (uint64_t)pintid << 32 | vintid;
}

static uint64_t peek(struct cpu *cpu, unsigned id)
{
    uint64_t v = 0xbad;
    CHECK_EQ_U64(gic_sysreg_access(gic, cpu, NULL, id, true, &v), EXEC_NEXT);
    return v;
}

static void to_el1(struct cpu *cpu, uint64_t hcr)
{
    cpu->sr[SR_HCR_EL2] |= hcr;
    cpu_set_el_sp(cpu, 1, 1);
}

static void test_gicv3_virtual_interface(void)
{
    struct cpu *cpu = setup(2);
    msr(cpu, ICH_HCR, 1);
    msr(cpu, ICH_VMCR, 0xf8000000u | 2);
    CHECK_EQ_U64(mrs(cpu, ICH_VMCR), 0xf84c000au); /* VBPR0 2, VBPR1 3, VFIQEn RES1 */
    msr(cpu, ICH_LR0, lr3(1, false, true, 0x80, 0, 0x1234));
    CHECK_EQ_U64(mrs(cpu, ICH_LR0), lr3(1, false, true, 0x80, 0, 0x1234));
    CHECK_EQ_U64(mrs(cpu, ICH_ELRSR), 0xe);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_VIRQ));
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    /* EL1 under IMO reaches the ICV registers with the ICC encodings. */
    to_el1(cpu, HCR_IMO);
    CHECK_EQ_U64(mrs(cpu, PMR), 0xf8);
    CHECK_EQ_U64(mrs(cpu, IGRPEN1), 1);
    CHECK_EQ_U64(mrs(cpu, BPR1), 3);
    CHECK_EQ_U64(mrs(cpu, HPPIR1), 0x1234);
    CHECK_EQ_U64(mrs(cpu, IAR1), 0x1234);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_VIRQ));
    CHECK_EQ_U64(mrs(cpu, RPR), 0x80);
    CHECK_EQ_U64(mrs(cpu, AP1R0), 1u << 16);
    CHECK_EQ_U64(peek(cpu, SR_ICH_LR0_EL2), lr3(2, false, true, 0x80, 0, 0x1234));
    msr(cpu, EOIR1, 0x1234);
    CHECK_EQ_U64(peek(cpu, SR_ICH_LR0_EL2), lr3(0, false, true, 0x80, 0, 0x1234));
    CHECK_EQ_U64(peek(cpu, SR_ICH_AP1R0_EL2), 0);
    CHECK_EQ_U64(mrs(cpu, RPR), 0xff);
    /* The physical interface was untouched; without IMO EL1 reaches it. */
    msr(cpu, PMR, 0x10);
    CHECK_EQ_U64(peek(cpu, SR_ICH_VMCR_EL2) >> 24, 0x10);
    cpu->sr[SR_HCR_EL2] &= ~HCR_IMO;
    CHECK_EQ_U64(mrs(cpu, PMR), 0);
    /* A Group 0 virtual interrupt is a virtual FIQ (under FMO, through ICV_IAR0). */
    uint64_t v = lr3(1, false, false, 0x00, 0, 99);
    gic_sysreg_access(gic, cpu, NULL, SR_ICH_LR1_EL2, false, &v);
    v = 0xf8000000u | 1;
    gic_sysreg_access(gic, cpu, NULL, SR_ICH_VMCR_EL2, false, &v);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_VFIQ));
    cpu->sr[SR_HCR_EL2] |= HCR_FMO;
    CHECK_EQ_U64(mrs(cpu, IAR0), 99);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_VFIQ));
    teardown();
}

static void test_gicv3_hw_deactivation_maintenance(void)
{
    struct cpu *cpu = setup(2);
    ppi(0, 27, 1, 0x80);
    ppi(0, 25, 1, 0x00);
    msr(cpu, PMR, 0xff);
    msr(cpu, IGRPEN1, 1);
    msr(cpu, CTLR, 2); /* EOImode 1: the hypervisor drops priority, the guest deactivates */
    gic_set_irq(gic, 0, 27, true);
    CHECK_EQ_U64(mrs(cpu, IAR1), 27);
    msr(cpu, EOIR1, 27);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISACTIVER0), 4), 1u << 27);
    msr(cpu, ICH_VMCR, 0xf8000000u | 2);
    msr(cpu, ICH_LR0, lr3(1, true, true, 0x80, 27, 27));
    msr(cpu, ICH_LR1, lr3(1, false, true, 0x90, 0, 40) | 1ull << 41); /* EOI maintenance */
    msr(cpu, ICH_HCR, 1 | 1u << 3); /* En, NPIE */
    CHECK_EQ_U64(mrs(cpu, ICH_MISR), 0);
    /* Physical interrupts would be taken to EL2 from the guest at once: mask them. */
    msr(cpu, PMR, 0);
    to_el1(cpu, HCR_IMO);
    CHECK_EQ_U64(mrs(cpu, IAR1), 27);
    msr(cpu, EOIR1, 27);
    /* The physical PPI was deactivated by the guest's EOI; still asserted: pending again. */
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISACTIVER0), 4), 0);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISPENDR0), 4), 1u << 27);
    gic_set_irq(gic, 0, 27, false);
    CHECK_EQ_U64(peek(cpu, SR_ICH_LR0_EL2), lr3(0, true, true, 0x80, 27, 27));
    CHECK_EQ_U64(mrs(cpu, IAR1), 40);
    /* No pending list register left: NP asserts the maintenance interrupt (PPI 25). */
    CHECK_EQ_U64(peek(cpu, SR_ICH_MISR_EL2), 8);
    CHECK_EQ_U64(rd(GICR, gicr(0, R_ISPENDR0), 4), 1u << 25);
    msr(cpu, EOIR1, 40);
    CHECK_EQ_U64(peek(cpu, SR_ICH_EISR_EL2), 2);
    CHECK_EQ_U64(peek(cpu, SR_ICH_ELRSR_EL2), 0xd);
    CHECK_EQ_U64(peek(cpu, SR_ICH_MISR_EL2), 9);
    /* A deactivation with no list register counts in EOIcount (LRENP when enabled). */
    msr(cpu, DIR, 77);
    CHECK_EQ_U64(peek(cpu, SR_ICH_HCR_EL2), 1 | 1u << 3 | 1u << 27);
    cpu_set_el_sp(cpu, 2, 1);
    msr(cpu, ICH_HCR, 1 | 1u << 2 | 1u << 27);
    CHECK_EQ_U64(mrs(cpu, ICH_MISR), 1 | 4);
    CU_ASSERT_FALSE(line(0, IRQ_LINE_IRQ));
    msr(cpu, PMR, 0xff);
    CU_ASSERT_TRUE(line(0, IRQ_LINE_IRQ));
    CHECK_EQ_U64(mrs(cpu, IAR1), 25);
    teardown();
}

/* A trap to EL2 with EC 0x18: ESR_EL2, ELR_EL2 and the vector. */
static void check_trap(struct cpu *cpu, uint32_t esr)
{
    CHECK_EQ_U64(cpu->el, 2);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], esr);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL2], FIXTURE_CODE);
    CHECK_EQ_U64(cpu->pc, VBAR2 + 0x400);
    cpu_set_el_sp(cpu, 1, 1);
    cpu->pc = FIXTURE_CODE;
}

static void test_gicv3_ich_traps(void)
{
    struct cpu *cpu = setup(2);
    static const struct {
        uint32_t ich_hcr, sre_el2;
        uint64_t hcr;
        uint32_t reg;
        uint32_t esr;
    } cases[] = {
        { 1u << 12, 0xf, 0, EOIR1, 0x62323038 },       /* TALL1: Group 1 register */
        { 1u << 10, 0xf, 0, PMR, 0x6230102c },         /* TC: common register */
        { 1u << 14, 0xf, 0, DIR, 0x62323036 },         /* TDIR */
        { 1u << 10, 0xf, 0, DIR, 0x62323036 },         /* TC covers DIR */
        { 1u << 11, 0xf, 0, IGRPEN0, 0x623c3038 },     /* TALL0: Group 0 register */
        { 0, 0xf, HCR_IMO, SGI1R, 0x623a3036 },        /* SGI1R is not virtualized */
        { 0, 0xf, HCR_FMO, SGI0R, 0x623e3036 },
        { 1u << 10, 0xf, 0, SGI1R, 0x623a3036 },
        { 0, 0x7, 0, SRE1, 0x623a3038 },               /* ICC_SRE_EL2.Enable = 0 */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t v = cases[i].ich_hcr;
        gic_sysreg_access(gic, cpu, NULL, SR_ICH_HCR_EL2, false, &v);
        v = cases[i].sre_el2;
        gic_sysreg_access(gic, cpu, NULL, SR_ICC_SRE_EL2, false, &v);
        cpu->sr[SR_HCR_EL2] = HCR_RW | cases[i].hcr;
        cpu_set_el_sp(cpu, 1, 1);
        cpu->pc = FIXTURE_CODE;
        msr(cpu, cases[i].reg, 0);
        check_trap(cpu, cases[i].esr);
    }
    /* Reads: TALL0 traps ICC_IAR0_EL1 (Direction = 1, Rt = 0). */
    uint64_t v = 1u << 11;
    gic_sysreg_access(gic, cpu, NULL, SR_ICH_HCR_EL2, false, &v);
    cpu->sr[SR_HCR_EL2] = HCR_RW;
    struct insn in = { .raw = MRS_X0 | IAR0 };
    cpu->block_pc = FIXTURE_CODE;
    CHECK_EQ_U64(gic_sysreg_access(gic, cpu, &in, SR_ICC_IAR0_EL1, true, &v), EXEC_LEAVE);
    check_trap(cpu, 0x62303011);
    /* TALL0 does not trap Group 1 registers. */
    msr(cpu, EOIR1, 0);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    teardown();
}

static void check_undefined(struct cpu *cpu, unsigned from_el)
{
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x02000000);
    CHECK_EQ_U64(cpu->pc, VBAR1 + (from_el == 0 ? 0x400 : 0x200));
}

static void test_gicv3_undefined(void)
{
    /* No GICv3: the registers do not exist. */
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_VBAR_EL1] = VBAR1;
    msr(cpu, PMR, 0);
    check_undefined(cpu, 1);
    cpu->pc = FIXTURE_CODE;
    struct insn in = { .raw = MRS_X0 | IAR1 };
    cpu->block_pc = FIXTURE_CODE;
    CHECK_EQ_U64(sysreg_mrs_gic(cpu, &in, SR_ICC_IAR1_EL1), EXEC_LEAVE);
    check_undefined(cpu, 1);
    /* With a GICv3: no EL0 access; ICH_ registers only at EL2. */
    cpu = setup(0);
    msr(cpu, PMR, 0);
    check_undefined(cpu, 0);
    cpu->pc = FIXTURE_CODE;
    msr(cpu, ICH_HCR, 0);
    check_undefined(cpu, 1);
    teardown();
}

UNIT_SUITE(gic_v3,
           UNIT_TEST(test_gicv3_distributor_redistributor),
           UNIT_TEST(test_gicv3_acknowledge_eoi),
           UNIT_TEST(test_gicv3_eoimode_group0_fiq),
           UNIT_TEST(test_gicv3_binary_points_sre),
           UNIT_TEST(test_gicv3_sgi_affinity),
           UNIT_TEST(test_gicv3_spi_routing),
           UNIT_TEST(test_gicv3_virtual_interface),
           UNIT_TEST(test_gicv3_hw_deactivation_maintenance),
           UNIT_TEST(test_gicv3_ich_traps),
           UNIT_TEST(test_gicv3_undefined))

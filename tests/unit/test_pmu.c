/* The PMU (core/pmu.c): ID and reset values, PMCCNTR and event counters after known sequences
 * under each filter, PMCR_EL0.P / C / D / LC, overflow flags and the overflow interrupt,
 * PMSELR_EL0 indirection, PMUSERENR_EL0 and MDCR_EL2.{TPM, TPMCR, HPMN, HPME} with exact
 * syndromes. The fixture runs one instruction at a time, so counts are exact per instruction;
 * costs are the default table (docs/cost-model.md): MSR of a PMU register 5, MRS 3, ADD 1. */
#include <string.h>

#include "cpu.h"
#include "fixture.h"
#include "harness.h"
#include "pmu.h"
#include "sysreg.h"

#define MSR_PMCR_X1 0xd51b9c01u
#define MRS_X0_PMCR 0xd53b9c00u
#define MRS_X0_PMCCNTR 0xd53b9d00u
#define MRS_X3_PMCCNTR 0xd53b9d03u
#define MSR_PMCCNTR_X1 0xd51b9d01u
#define MRS_X0_PMEVCNTR0 0xd53be800u
#define MRS_X2_PMEVCNTR0 0xd53be802u
#define MRS_X2_PMEVCNTR1 0xd53be822u
#define MRS_X3_PMEVCNTR2 0xd53be843u
#define MRS_X3_PMEVCNTR0 0xd53be803u
#define MRS_X0_PMEVCNTR1 0xd53be820u
#define MRS_X0_PMEVCNTR3 0xd53be860u
#define MRS_X0_PMEVCNTR4 0xd53be880u
#define MSR_PMEVCNTR0_X1 0xd51be801u
#define MRS_X2_PMCNTENSET 0xd53b9c22u
#define MSR_PMCNTENSET_X1 0xd51b9c21u
#define MRS_X0_PMOVSSET 0xd53b9e60u
#define MSR_PMOVSCLR_X1 0xd51b9c61u
#define MSR_PMSWINC_X1 0xd51b9c81u
#define MSR_PMSELR_X1 0xd51b9ca1u
#define MSR_PMXEVCNTR_X2 0xd51b9d42u
#define MSR_PMXEVTYPER_X3 0xd51b9d23u
#define MRS_X4_PMXEVTYPER 0xd53b9d24u
#define MRS_X0_PMXEVCNTR 0xd53b9d40u
#define MRS_X1_PMCEID0 0xd53b9cc1u
#define MRS_X0_DFR0 0xd5380500u
#define MSR_MDCR_X1 0xd51c1121u
#define ADD 0x91000421u
#define UDIV 0x9ac10843u
#define SVC 0xd4000001u
#define HVC 0xd4000002u
#define ERET 0xd69f03e0u

#define CYCLE_BIT (1ull << 31)
#define FILTER_P (1ull << 31)
#define FILTER_U (1ull << 30)
#define FILTER_NSH (1ull << 27)
#define PMCR_E 1
#define PMCR_P 2
#define PMCR_C 4
#define PMCR_D 8
#define PMCR_LC 0x40
#define ESR_SYSREG(iss) (0x62000000u | (iss))
#define ISS_MRS_X0_PMCCNTR 0x30e41bu
#define ISS_MSR_PMCCNTR_X1 0x30e43au
#define ISS_MRS_X0_PMCR 0x30e419u
#define ISS_MRS_X0_PMEVCNTR3 0x36f811u
#define ESR_UNDEFINED 0x02000000u

static void test_id_and_reset(void)
{
    struct cpu *cpu = fixture_cpu(1);
    fixture_exec(cpu, MRS_X0_DFR0);
    CHECK_EQ_U64(cpu->r[0], 0x10305106); /* PMUVer = 1 */
    cpu = fixture_cpu(2);
    static const uint32_t code[] = { MRS_X0_PMCR, MRS_X1_PMCEID0 };
    fixture_run(cpu, code, 2);
    CHECK_EQ_U64(cpu->r[0], 0x41013000); /* IMP Arm, IDCODE 1, N = 6, E = 0 */
    CHECK_EQ_U64(cpu->r[1], 0x20701);    /* SW_INCR, INST_RETIRED, EXC_TAKEN, EXC_RETURN, CPU_CYCLES */
    CHECK_EQ_U64(cpu->sr[SR_MDCR_EL2], 6); /* HPMN = N */
}

/* msr pmcr_el0 (E, P, C) then three ADDs, then PMCCNTR: 5 + 3 cycles if the filter counts the EL. */
static void check_cycle_filter(unsigned el, uint64_t filter, uint64_t expected)
{
    static const uint32_t code[] = { MSR_PMCR_X1, ADD, ADD, ADD, MRS_X0_PMCCNTR };
    struct cpu *cpu = fixture_cpu(el);
    cpu->sr[SR_PMUSERENR_EL0] = 1; /* EN: EL0 may use the PMU */
    cpu->sr[SR_PMCNTENSET_EL0] = CYCLE_BIT;
    cpu->sr[SR_PMCCFILTR_EL0] = filter;
    cpu->r[1] = PMCR_E | PMCR_P | PMCR_C;
    fixture_run(cpu, code, 5);
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 20);
    CHECK_EQ_U64(cpu->r[0], expected);
}

static void test_pmccntr_filters(void)
{
    check_cycle_filter(2, FILTER_NSH, 8);
    check_cycle_filter(2, 0, 0);
    check_cycle_filter(2, FILTER_P | FILTER_U | FILTER_NSH, 8);
    check_cycle_filter(1, 0, 8);
    check_cycle_filter(1, FILTER_P, 0);
    check_cycle_filter(1, FILTER_U | FILTER_NSH, 8);
    check_cycle_filter(0, 0, 8);
    check_cycle_filter(0, FILTER_U, 0);
    check_cycle_filter(0, FILTER_P, 8);
}

/* PMCR_EL0.D: one count every 64 cycles: msr (5) + 40 UDIVs (480) = 485 cycles -> 7. */
static void test_pmccntr_divider(void)
{
    uint32_t code[42];
    code[0] = MSR_PMCR_X1;
    for (int i = 1; i <= 40; i++)
        code[i] = UDIV;
    code[41] = MRS_X0_PMCCNTR;
    struct cpu *cpu = fixture_cpu(2);
    cpu->sr[SR_PMCNTENSET_EL0] = CYCLE_BIT;
    cpu->sr[SR_PMCCFILTR_EL0] = FILTER_NSH;
    cpu->r[1] = PMCR_E | PMCR_C | PMCR_D;
    fixture_run(cpu, code, 42);
    CHECK_EQ_U64(cpu->r[0], 7);
}

/* INST_RETIRED and CPU_CYCLES at EL2: msr + 3 ADDs = 4 instructions; the second read also sees
 * the first MRS (3 cycles): 5 + 3 + 3 = 11. */
static void test_event_counters(void)
{
    static const uint32_t code[] = { MSR_PMCR_X1, ADD, ADD, ADD, MRS_X0_PMEVCNTR0, MRS_X2_PMEVCNTR1 };
    struct cpu *cpu = fixture_cpu(2);
    cpu->sr[SR_PMEVTYPER0_EL0] = PMU_INST_RETIRED | FILTER_NSH;
    cpu->sr[SR_PMEVTYPER1_EL0] = PMU_CPU_CYCLES | FILTER_NSH;
    cpu->sr[SR_PMCNTENSET_EL0] = 3;
    cpu->r[1] = PMCR_E | PMCR_P;
    fixture_run(cpu, code, 6);
    CHECK_EQ_U64(cpu->r[0], 4);
    CHECK_EQ_U64(cpu->r[2], 11);
}

/* At EL1: SVC (to EL1), then at the EL1 vector HVC (to EL2), where EXC_TAKEN counting EL1 reads
 * 2 and EXC_HVC 1; back at EL1 after the ERET, EXC_RETURN counting EL2 reads 1. */
static void test_exception_events(void)
{
    static uint32_t code[0x600];
    memset(code, 0, sizeof code);
    code[0] = MSR_PMCR_X1;
    code[1] = SVC;
    code[0xa00 / 4] = HVC;                 /* VBAR_EL1 + 0x200: current EL, SP_ELx */
    code[0xa04 / 4] = MRS_X3_PMEVCNTR2;
    code[0x1400 / 4] = MRS_X0_PMEVCNTR0;   /* VBAR_EL2 + 0x400: lower EL */
    code[0x1404 / 4] = MRS_X2_PMEVCNTR1;
    code[0x1408 / 4] = ERET;
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_VBAR_EL1] = FIXTURE_CODE + 0x800;
    cpu->sr[SR_VBAR_EL2] = FIXTURE_CODE + 0x1000;
    cpu->sr[SR_PMEVTYPER0_EL0] = PMU_EXC_TAKEN;                 /* EL0 and EL1 */
    cpu->sr[SR_PMEVTYPER1_EL0] = PMU_EXC_HVC;
    cpu->sr[SR_PMEVTYPER2_EL0] = PMU_EXC_RETURN | FILTER_P | FILTER_U | FILTER_NSH; /* EL2 only */
    cpu->sr[SR_PMCNTENSET_EL0] = 7;
    cpu->r[1] = PMCR_E | PMCR_P;
    fixture_run_max(cpu, code, 0x600, 7);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 0xa08);
    CHECK_EQ_U64(cpu->r[0], 2);
    CHECK_EQ_U64(cpu->r[2], 1);
    CHECK_EQ_U64(cpu->r[3], 1);
}

/* PMCR_EL0.C zeroes PMCCNTR only, P the event counters; neither touches the other. */
static void test_pmcr_p_and_c(void)
{
    static const uint32_t code[] = { 0xd2807d01 /* mov x1, #1000 */, MSR_PMCCNTR_X1, MSR_PMEVCNTR0_X1,
                                     0xd2800081 /* mov x1, #4 (C) */, MSR_PMCR_X1, MRS_X0_PMCCNTR,
                                     MRS_X2_PMEVCNTR0, 0xd2800041 /* mov x1, #2 (P) */, MSR_PMCR_X1,
                                     MRS_X3_PMEVCNTR0 };
    struct cpu *cpu = fixture_cpu(2);
    fixture_run(cpu, code, 10);
    CHECK_EQ_U64(cpu->r[0], 0);
    CHECK_EQ_U64(cpu->r[2], 1000);
    CHECK_EQ_U64(cpu->r[3], 0);
    CHECK_EQ_U64(cpu->sr[SR_PMCCNTR_EL0], 0);

    /* From EL1 with HPMN = 1, P resets counter 0 only: counter 1 belongs to EL2. */
    cpu = fixture_cpu(1);
    cpu->sr[SR_MDCR_EL2] = 1;
    cpu->sr[SR_PMEVCNTR0_EL0] = 50;
    cpu->sr[SR_PMEVCNTR1_EL0] = 50;
    cpu->r[1] = PMCR_P;
    fixture_exec(cpu, MSR_PMCR_X1);
    CHECK_EQ_U64(cpu->sr[SR_PMEVCNTR0_EL0], 0);
    CHECK_EQ_U64(cpu->sr[SR_PMEVCNTR1_EL0], 50);
}

static unsigned ppi_calls;
static unsigned ppi_intid;
static bool ppi_level;

static void record_ppi(struct cpu *cpu, unsigned intid, bool level)
{
    (void)cpu;
    ppi_calls++;
    ppi_intid = intid;
    ppi_level = level;
}

/* Counter 0 (INST_RETIRED) from 0xfffffffe and PMCCNTR from 0xfffffff8 wrap: overflow flags,
 * values, and the overflow interrupt (PPI 23) while PMINTENSET enables counter 0's; clearing
 * the flag lowers it. */
static void check_overflow(uint64_t pmcr, uint64_t flags, uint64_t pmccntr_high)
{
    static const uint32_t code[] = { MSR_PMCR_X1, ADD, ADD, ADD, MRS_X0_PMOVSSET, MRS_X2_PMEVCNTR0, MRS_X3_PMCCNTR };
    struct cpu *cpu = fixture_cpu(2);
    ppi_calls = 0;
    fixture_on_ppi(record_ppi);
    cpu->sr[SR_PMEVCNTR0_EL0] = 0xfffffffe;
    cpu->sr[SR_PMEVTYPER0_EL0] = PMU_INST_RETIRED | FILTER_NSH;
    cpu->sr[SR_PMCCNTR_EL0] = 0xfffffff8;
    cpu->sr[SR_PMCCFILTR_EL0] = FILTER_NSH;
    cpu->sr[SR_PMCNTENSET_EL0] = CYCLE_BIT | 1;
    cpu->sr[SR_PMINTENSET_EL1] = 1;
    cpu->r[1] = pmcr;
    fixture_run(cpu, code, 7);
    CHECK_EQ_U64(cpu->r[0], flags);
    CHECK_EQ_U64(cpu->r[2], 3);                     /* 0xfffffffe + 5 instructions */
    CHECK_EQ_U64(cpu->r[3], pmccntr_high + 6);      /* + 5 + 3 + 3 + 3 cycles */
    CHECK_EQ_U64(ppi_calls, 1);
    CHECK_EQ_U64(ppi_intid, 23);
    CHECK_EQ_U64(ppi_level, 1);
    cpu->r[1] = 1;
    fixture_exec(cpu, MSR_PMOVSCLR_X1);
    CHECK_EQ_U64(cpu->sr[SR_PMOVSSET_EL0], flags & ~1ull);
    CHECK_EQ_U64(ppi_calls, 2);
    CHECK_EQ_U64(ppi_level, 0);
}

static void test_overflow(void)
{
    check_overflow(PMCR_E, CYCLE_BIT | 1, 0x100000000ull); /* PMCCNTR overflows at 32 bits */
    check_overflow(PMCR_E | PMCR_LC, 1, 0x100000000ull);   /* ... at 64 bits with LC */
}

/* PMSWINC_EL0 counts SW_INCR counters; PMSELR_EL0 selects the counter of PMXEVCNTR /
 * PMXEVTYPER, 31 selects PMCCFILTR for PMXEVTYPER and is UNDEFINED for PMXEVCNTR. */
static void test_swinc_and_selection(void)
{
    static const uint32_t code[] = { MSR_PMCR_X1, MSR_PMSWINC_X1, MSR_PMSWINC_X1, MRS_X0_PMEVCNTR0 };
    struct cpu *cpu = fixture_cpu(2);
    cpu->sr[SR_PMEVTYPER0_EL0] = PMU_SW_INCR | FILTER_NSH;
    cpu->sr[SR_PMCNTENSET_EL0] = 1;
    cpu->r[1] = PMCR_E | PMCR_P;
    fixture_run(cpu, code, 4);
    CHECK_EQ_U64(cpu->r[0], 2);

    cpu = fixture_cpu(2);
    cpu->r[1] = 1;
    cpu->r[2] = 77;
    static const uint32_t select[] = { MSR_PMSELR_X1, MSR_PMXEVCNTR_X2, MRS_X0_PMEVCNTR1 };
    fixture_run(cpu, select, 3);
    CHECK_EQ_U64(cpu->r[0], 77);
    cpu->r[1] = 31;
    cpu->r[3] = ~0ull;
    static const uint32_t filter[] = { MSR_PMSELR_X1, MSR_PMXEVTYPER_X3, MRS_X4_PMXEVTYPER };
    fixture_run(cpu, filter, 3);
    CHECK_EQ_U64(cpu->r[4], 0xc8000000); /* P, U, NSH: NSK, NSU, M are RES0 without EL3 */
    CHECK_EQ_U64(cpu->sr[SR_PMCCFILTR_EL0], 0xc8000000);
    cpu->sr[SR_VBAR_EL2] = 0x10000;
    fixture_exec(cpu, MRS_X0_PMXEVCNTR);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], ESR_UNDEFINED);
}

/* One instruction at EL0 with PMUSERENR_EL0 = userenr: the ESR it leaves at `el` (0: none). */
static void check_el0(uint64_t userenr, uint64_t hcr, uint64_t mdcr, uint32_t insn, unsigned el, uint32_t esr)
{
    struct cpu *cpu = fixture_cpu(0);
    cpu->sr[SR_PMUSERENR_EL0] = userenr;
    cpu->sr[SR_HCR_EL2] |= hcr;
    cpu->sr[SR_MDCR_EL2] |= mdcr;
    cpu->sr[SR_VBAR_EL1] = 0x10000;
    cpu->sr[SR_VBAR_EL2] = 0x20000;
    fixture_exec(cpu, insn);
    if (!el) {
        CHECK_EQ_U64(cpu->el, 0);
        CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
        return;
    }
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->pc, (el == 1 ? 0x10000 : 0x20000) + 0x400);
    CHECK_EQ_U64(cpu->sr[el == 1 ? SR_ESR_EL1 : SR_ESR_EL2], esr);
}

static void test_pmuserenr_traps(void)
{
    enum { EN = 1, SW = 2, CR = 4, ER = 8 };
    check_el0(0, 0, 0, MRS_X0_PMCCNTR, 1, ESR_SYSREG(ISS_MRS_X0_PMCCNTR));
    check_el0(CR, 0, 0, MRS_X0_PMCCNTR, 0, 0);
    check_el0(CR, 0, 0, MSR_PMCCNTR_X1, 1, ESR_SYSREG(ISS_MSR_PMCCNTR_X1));
    check_el0(ER, 0, 0, MRS_X0_PMEVCNTR0, 0, 0);
    check_el0(ER, 0, 0, MRS_X0_PMCR, 1, ESR_SYSREG(ISS_MRS_X0_PMCR));
    check_el0(SW, 0, 0, MSR_PMSWINC_X1, 0, 0);
    check_el0(EN, 0, 0, MSR_PMCCNTR_X1, 0, 0);
    /* HCR_EL2.TGE routes the EL0 trap to EL2. */
    check_el0(0, HCR_TGE, 0, MRS_X0_PMCCNTR, 2, ESR_SYSREG(ISS_MRS_X0_PMCCNTR));
    /* MDCR_EL2.TPM traps EL0 accesses to EL2, after the PMUSERENR_EL0 check. */
    check_el0(EN, 0, MDCR_TPM, MRS_X0_PMCCNTR, 2, ESR_SYSREG(ISS_MRS_X0_PMCCNTR));
    check_el0(0, 0, MDCR_TPM, MRS_X0_PMCCNTR, 1, ESR_SYSREG(ISS_MRS_X0_PMCCNTR));
}

/* One instruction at EL1 with MDCR_EL2 = mdcr: the ESR it leaves at `el` (0: none). */
static void check_el1(uint64_t mdcr, uint32_t insn, unsigned el, uint32_t esr)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_MDCR_EL2] = mdcr;
    cpu->sr[SR_VBAR_EL1] = 0x10000;
    cpu->sr[SR_VBAR_EL2] = 0x20000;
    fixture_exec(cpu, insn);
    if (!el) {
        CHECK_EQ_U64(cpu->el, 1);
        CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
        return;
    }
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->pc, el == 1 ? 0x10200 : 0x20400);
    CHECK_EQ_U64(cpu->sr[el == 1 ? SR_ESR_EL1 : SR_ESR_EL2], esr);
}

static void test_mdcr_traps(void)
{
    check_el1(6 | MDCR_TPM, MRS_X0_PMCCNTR, 2, ESR_SYSREG(ISS_MRS_X0_PMCCNTR));
    check_el1(6 | MDCR_TPMCR, MRS_X0_PMCR, 2, ESR_SYSREG(ISS_MRS_X0_PMCR));
    check_el1(6 | MDCR_TPMCR, MRS_X0_PMCCNTR, 0, 0);
    /* HPMN = 2: counters 2..5 are EL2's; an EL1 access to one is UNDEFINED. */
    check_el1(2, MRS_X0_PMEVCNTR3, 1, ESR_UNDEFINED);
    check_el1(2, MRS_X0_PMEVCNTR1, 0, 0);
    /* ... and TPM comes first. */
    check_el1(2 | MDCR_TPM, MRS_X0_PMEVCNTR3, 2, ESR_SYSREG(ISS_MRS_X0_PMEVCNTR3));
}

/* HPMN = 2 as EL1 sees it: PMCR_EL0.N reads 2, enable bits from 2 up are RAZ/WI. */
static void test_hpmn_partition(void)
{
    static const uint32_t code[] = { MRS_X0_PMCR, MSR_PMCNTENSET_X1, MRS_X2_PMCNTENSET };
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_MDCR_EL2] = 2;
    cpu->r[1] = 0x8000003f;
    fixture_run(cpu, code, 3);
    CHECK_EQ_U64(cpu->r[0], 0x41011000);
    CHECK_EQ_U64(cpu->r[2], 0x80000003);
    CHECK_EQ_U64(cpu->sr[SR_PMCNTENSET_EL0], 0x80000003);

    /* Counter 4 (EL2's) counts under MDCR_EL2.HPME, not PMCR_EL0.E: after the MSR MDCR_EL2
     * that sets HPME, two ADDs and the MSR itself are 3 instructions. */
    cpu = fixture_cpu(2);
    cpu->sr[SR_PMEVTYPER4_EL0] = PMU_INST_RETIRED | FILTER_NSH;
    cpu->sr[SR_PMCNTENSET_EL0] = 1u << 4;
    cpu->r[1] = 0x82; /* HPMN = 2, HPME */
    static const uint32_t hpme[] = { MSR_MDCR_X1, ADD, ADD, MRS_X0_PMEVCNTR4 };
    fixture_run(cpu, hpme, 4);
    CHECK_EQ_U64(cpu->r[0], 3);
}

UNIT_SUITE(pmu,
           UNIT_TEST(test_id_and_reset),
           UNIT_TEST(test_pmccntr_filters),
           UNIT_TEST(test_pmccntr_divider),
           UNIT_TEST(test_event_counters),
           UNIT_TEST(test_exception_events),
           UNIT_TEST(test_pmcr_p_and_c),
           UNIT_TEST(test_overflow),
           UNIT_TEST(test_swinc_and_selection),
           UNIT_TEST(test_pmuserenr_traps),
           UNIT_TEST(test_mdcr_traps),
           UNIT_TEST(test_hpmn_partition))

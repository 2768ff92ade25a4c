/* System registers: exact ID values, PSTATE registers, reset values and write masks, and every
 * trap rule (an access from the trapped EL takes the exception with the exact ESR and ELR; the
 * same access untrapped completes). Expected syndromes follow ARM ARM D17.2.37 (EC 0x18 ISS:
 * Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]) and the
 * per-register accessibility pseudocode (checked against Sail's AArch64_AutoGen_SysRegTrap). */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "sysreg.h"

/* MRS / MSR (register) / SYS encodings. */
#define SYSI(l, op0, op1, crn, crm, op2, rt)                                                       \
    (0xd5000000u | (l) << 21 | (op0) << 19 | (op1) << 16 | (crn) << 12 | (crm) << 8 | (op2) << 5 | (rt))
#define MRS(op0, op1, crn, crm, op2, rt) SYSI(1u, op0##u, op1##u, crn##u, crm##u, op2##u, rt##u)
#define MSR(op0, op1, crn, crm, op2, rt) SYSI(0u, op0##u, op1##u, crn##u, crm##u, op2##u, rt##u)
#define SYS(op1, crn, crm, op2, rt) SYSI(0u, 1u, op1##u, crn##u, crm##u, op2##u, rt##u)

enum { EC_UNDEF = 0x00, EC_FP = 0x07, EC_SR = 0x18 };
#define IL (1u << 25)
#define ESR_UNDEF IL
#define ESR_FP ((EC_FP << 26) | IL | (0x1eu << 20)) /* CV = 1, COND = 0b1110 */

/* The EC 0x18 syndrome, written out field by field from the ARM ARM layout. */
static uint32_t esr_sysreg(uint32_t insn)
{
    uint32_t l = insn >> 21 & 1, op0 = insn >> 19 & 3, op1 = insn >> 16 & 7, crn = insn >> 12 & 15;
    uint32_t crm = insn >> 8 & 15, op2 = insn >> 5 & 7, rt = insn & 31;
    return (EC_SR << 26) | IL | op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | l;
}

static void run1(struct cpu *cpu, uint32_t insn)
{
    fixture_run(cpu, &insn, 1);
}

static uint64_t read_at(unsigned el, uint32_t mrs_x0)
{
    struct cpu *cpu = fixture_cpu(el);
    run1(cpu, mrs_x0);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    return cpu->r[0];
}

static void check_exception(struct cpu *cpu, unsigned el, uint32_t esr)
{
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ESR_EL2 : SR_ESR_EL1], esr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ELR_EL2 : SR_ELR_EL1], FIXTURE_CODE);
}

/* Encodings used below. */
#define MRS_MIDR MRS(3, 0, 0, 0, 0, 0)
#define MRS_MPIDR MRS(3, 0, 0, 0, 5, 0)
#define MRS_CTR MRS(3, 3, 0, 0, 1, 0)
#define MRS_CCSIDR MRS(3, 1, 0, 0, 0, 0)

static void test_id_registers_exact(void)
{
    static const struct {
        uint32_t insn;
        uint64_t value;
    } ids[] = {
        {MRS_MIDR, 0x411fd070},
        {MRS_MPIDR, 0x80000000},
        {MRS(3, 0, 0, 0, 6, 0), 0},              /* REVIDR_EL1 */
        {MRS(3, 1, 0, 0, 7, 0), 0},              /* AIDR_EL1 */
        {MRS(3, 0, 0, 4, 0, 0), 0x111},          /* ID_AA64PFR0_EL1 */
        {MRS(3, 0, 0, 4, 1, 0), 0},              /* ID_AA64PFR1_EL1 */
        {MRS(3, 0, 0, 5, 0, 0), 0x10305106},     /* ID_AA64DFR0_EL1: PMUVer 1 */
        {MRS(3, 0, 0, 6, 0, 0), 0x11120},        /* ID_AA64ISAR0_EL1: CRC32, SHA2, SHA1, AES+PMULL */
        {MRS(3, 0, 0, 6, 1, 0), 0},              /* ID_AA64ISAR1_EL1 */
        {MRS(3, 0, 0, 7, 0, 0), 0x100025},       /* ID_AA64MMFR0_EL1 */
        {MRS(3, 0, 0, 7, 1, 0), 0},              /* ID_AA64MMFR1_EL1 */
        {MRS(3, 0, 0, 1, 0, 0), 0},              /* ID_PFR0_EL1: no AArch32 */
        {MRS(3, 0, 0, 3, 0, 0), 0},              /* MVFR0_EL1 */
        {MRS(3, 0, 0, 7, 2, 0), 0},              /* reserved (ID_AA64MMFR2 in v8.2): RAZ */
        {MRS(3, 0, 0, 4, 4, 0), 0},              /* reserved (ID_AA64ZFR0): RAZ */
        {MRS_CTR, 0x8444c004},
        {MRS(3, 3, 0, 0, 7, 0), 0x4},            /* DCZID_EL0: 64 bytes, allowed at EL2 */
        {MRS(3, 1, 0, 0, 1, 0), 0x0a200023},     /* CLIDR_EL1 */
        {MRS(3, 4, 12, 0, 1, 0), 0},             /* RVBAR_EL2 */
        {MRS(3, 3, 14, 0, 0, 0), 62500000},      /* CNTFRQ_EL0 */
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        CHECK_EQ_U64(read_at(2, ids[i].insn), ids[i].value);
}

/* MPIDR_EL1 (and VMPIDR_EL2's reset value) carry the affinity the board gave the CPU, with
 * bit 31 RES1: here CPU 19 of clusters of 16 (Aff1 = 1, Aff0 = 3). */
static void test_mpidr_has_cpu_affinity(void)
{
    struct cpu *cpu = fixture_cpu(2);
    cpu->affinity = 0x103;
    sysreg_reset(cpu);
    run1(cpu, MRS_MPIDR);
    CHECK_EQ_U64(cpu->r[0], 0x80000103);
    CHECK_EQ_U64(cpu->sr[SR_VMPIDR_EL2], 0x80000103);
}

static void test_ccsidr_follows_csselr(void)
{
    static const uint64_t expected[] = {0x701fe00a, 0x201fe012, 0x70ffe07a, 0, 0};
    for (unsigned sel = 0; sel < 5; sel++) {
        struct cpu *cpu = fixture_cpu(1);
        cpu->r[1] = sel;
        const uint32_t code[] = {MSR(3, 2, 0, 0, 0, 1), MRS_CCSIDR};
        fixture_run(cpu, code, 2);
        CHECK_EQ_U64(cpu->sr[SR_CSSELR_EL1], sel);
        CHECK_EQ_U64(cpu->r[0], expected[sel]);
    }
}

/* MIDR_EL1 / MPIDR_EL1 read VPIDR_EL2 / VMPIDR_EL2 at EL1, the real values at EL2. */
static void test_vpidr_vmpidr_virtualize_el1(void)
{
    struct cpu *cpu = fixture_cpu(2);
    CHECK_EQ_U64(cpu->sr[SR_VPIDR_EL2], 0x411fd070);
    CHECK_EQ_U64(cpu->sr[SR_VMPIDR_EL2], 0x80000000);
    cpu->r[1] = 0x12345678;
    cpu->r[2] = 0xffffffffffffffffull;
    const uint32_t code[] = {MSR(3, 4, 0, 0, 0, 1), MSR(3, 4, 0, 0, 5, 2), MRS_MIDR, MRS(3, 0, 0, 0, 5, 3)};
    fixture_run(cpu, code, 4);
    CHECK_EQ_U64(cpu->sr[SR_VPIDR_EL2], 0x12345678);
    CHECK_EQ_U64(cpu->sr[SR_VMPIDR_EL2], 0xffc1ffffffull); /* Aff0-3, MT, U writable; bit 31 RES1 */
    CHECK_EQ_U64(cpu->r[0], 0x411fd070);
    CHECK_EQ_U64(cpu->r[3], 0x80000000);

    cpu = fixture_cpu(1);
    cpu->sr[SR_VPIDR_EL2] = 0x410fd034;
    cpu->sr[SR_VMPIDR_EL2] = 0x80000102;
    const uint32_t el1[] = {MRS_MIDR, MRS(3, 0, 0, 0, 5, 3)};
    fixture_run(cpu, el1, 2);
    CHECK_EQ_U64(cpu->r[0], 0x410fd034);
    CHECK_EQ_U64(cpu->r[3], 0x80000102);
}

static void test_currentel(void)
{
    CHECK_EQ_U64(read_at(1, MRS(3, 0, 4, 2, 2, 0)), 4);
    CHECK_EQ_U64(read_at(2, MRS(3, 0, 4, 2, 2, 0)), 8);
    struct cpu *cpu = fixture_cpu(0);
    run1(cpu, MRS(3, 0, 4, 2, 2, 0));
    check_exception(cpu, 1, ESR_UNDEF);
}

static void test_nzcv_daif(void)
{
    struct cpu *cpu = fixture_cpu(0);
    cpu->r[1] = 0xffffffffffffffffull;
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_UMA;
    const uint32_t code[] = {MSR(3, 3, 4, 2, 0, 1), MRS(3, 3, 4, 2, 0, 2), MRS(3, 3, 4, 2, 1, 3),
                             MSR(3, 3, 4, 2, 1, 31), MRS(3, 3, 4, 2, 1, 4)};
    fixture_run(cpu, code, 5);
    CHECK_EQ_U64(cpu->nzcv, 0xf0000000);
    CHECK_EQ_U64(cpu->r[2], 0xf0000000);
    CHECK_EQ_U64(cpu->r[3], 0x3c0); /* the fixture starts with DAIF masked */
    CHECK_EQ_U64(cpu->daif, 0);
    CHECK_EQ_U64(cpu->r[4], 0);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 20);
}

/* MSR SPSel swaps the stack pointer; SP_EL0 is UNDEFINED while it is selected; SP_EL1 is an EL2
 * register. */
static void test_spsel_and_banked_sp(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->r[REG_SP] = 0x1110;
    cpu->sp_el[0] = 0x2220;
    cpu->r[5] = 0x3330;
    const uint32_t code[] = {MRS(3, 0, 4, 1, 0, 1), MSR(3, 0, 4, 1, 0, 5), MSR(3, 0, 4, 2, 0, 31),
                             MRS(3, 0, 4, 2, 0, 2)};
    fixture_run(cpu, code, 4);
    CHECK_EQ_U64(cpu->r[1], 0x2220);
    CHECK_EQ_U64(cpu->sp_sel, 0);
    CHECK_EQ_U64(cpu->r[REG_SP], 0x3330);
    CHECK_EQ_U64(cpu->sp_el[1], 0x1110);
    CHECK_EQ_U64(cpu->r[2], 0);
    run1(cpu, MRS(3, 0, 4, 1, 0, 1)); /* SP_EL0 with SPSel = 0 */
    check_exception(cpu, 1, ESR_UNDEF);

    cpu = fixture_cpu(2);
    cpu->sp_el[1] = 0x4440;
    cpu->r[6] = 0x5550;
    const uint32_t el2[] = {MRS(3, 4, 4, 1, 0, 1), MSR(3, 4, 4, 1, 0, 6)};
    fixture_run(cpu, el2, 2);
    CHECK_EQ_U64(cpu->r[1], 0x4440);
    CHECK_EQ_U64(cpu->sp_el[1], 0x5550);
    cpu = fixture_cpu(1);
    run1(cpu, MRS(3, 4, 4, 1, 0, 1));
    check_exception(cpu, 1, ESR_UNDEF);
}

static void test_reset_values(void)
{
    struct cpu *cpu = fixture_cpu(2);
    sysreg_reset(cpu);
    CHECK_EQ_U64(cpu->sr[SR_SCTLR_EL1], 0x30d00980);
    CHECK_EQ_U64(cpu->sr[SR_SCTLR_EL2], 0x30c50830);
    CHECK_EQ_U64(cpu->sr[SR_HCR_EL2], 0x80000000);
    CHECK_EQ_U64(cpu->sr[SR_CPTR_EL2], 0x33ff);
    CHECK_EQ_U64(cpu->sr[SR_MDCR_EL2], 6); /* HPMN = PMCR_EL0.N */
    CHECK_EQ_U64(cpu->sr[SR_TCR_EL2], 0x80800000);
    CHECK_EQ_U64(cpu->sr[SR_VTCR_EL2], 0x80000000);
    CHECK_EQ_U64(cpu->sr[SR_OSLSR_EL1], 0xa);
    CHECK_EQ_U64(cpu->sr[SR_CNTHCTL_EL2], 3);
}

/* Writes keep RES0 bits clear, RES1 and RAO/WI bits set. */
static void test_write_masks(void)
{
    static const struct {
        uint32_t msr_x1, mrs_x0;
        uint64_t value, expected;
    } cases[] = {
        {MSR(3, 4, 1, 0, 0, 1), MRS(3, 4, 1, 0, 0, 0), 0, 0x30c50830},                 /* SCTLR_EL2 */
        {MSR(3, 4, 1, 0, 0, 1), MRS(3, 4, 1, 0, 0, 0), ~1ull, 0x30cd183e},             /* SCTLR_EL2, M=0 */
        {MSR(3, 0, 1, 0, 0, 1), MRS(3, 0, 1, 0, 0, 0), 0, 0x30d00980},                 /* SCTLR_EL1 */
        {MSR(3, 0, 1, 0, 0, 1), MRS(3, 0, 1, 0, 0, 0), ~0ull, 0x34dddb9f},             /* SCTLR_EL1 */
        {MSR(3, 4, 1, 1, 0, 1), MRS(3, 4, 1, 1, 0, 0), 0, 0x80000000},                 /* HCR_EL2 */
        {MSR(3, 4, 1, 1, 0, 1), MRS(3, 4, 1, 1, 0, 0), ~0ull, 0x3ffffffff},            /* HCR_EL2 */
        {MSR(3, 4, 1, 1, 2, 1), MRS(3, 4, 1, 1, 2, 0), 0, 0x33ff},                     /* CPTR_EL2 */
        {MSR(3, 4, 1, 1, 2, 1), MRS(3, 4, 1, 1, 2, 0), ~0ull, 0x800037ff},             /* CPTR_EL2 */
        {MSR(3, 4, 1, 1, 1, 1), MRS(3, 4, 1, 1, 1, 0), ~0ull, 0xfff},                  /* MDCR_EL2 */
        {MSR(3, 4, 2, 1, 0, 1), MRS(3, 4, 2, 1, 0, 0), ~0ull, 0x00fffffffffffffe},     /* VTTBR_EL2 */
        {MSR(3, 4, 2, 1, 2, 1), MRS(3, 4, 2, 1, 2, 0), 0, 0x80000000},                 /* VTCR_EL2 */
        {MSR(3, 0, 2, 0, 2, 1), MRS(3, 0, 2, 0, 2, 0), ~0ull, 0x1f7ffffffbf},          /* TCR_EL1: HA/HD kept */
        {MSR(3, 4, 2, 0, 2, 1), MRS(3, 4, 2, 0, 2, 0), ~0ull, 0x80f7ff3f},             /* TCR_EL2: HA/HD kept */
        {MSR(3, 4, 2, 1, 2, 1), MRS(3, 4, 2, 1, 2, 0), ~0ull, 0x8067ffff},             /* VTCR_EL2: HA/HD kept */
        {MSR(3, 4, 2, 0, 2, 1), MRS(3, 4, 2, 0, 2, 0), 0, 0x80800000},                 /* TCR_EL2 */
        {MSR(3, 0, 12, 0, 0, 1), MRS(3, 0, 12, 0, 0, 0), ~0ull, 0xfffffffffffff800},   /* VBAR_EL1 */
        {MSR(3, 0, 1, 0, 2, 1), MRS(3, 0, 1, 0, 2, 0), ~0ull, 0x300000},               /* CPACR_EL1 */
        {MSR(3, 0, 5, 2, 0, 1), MRS(3, 0, 5, 2, 0, 0), ~0ull, 0xffffffff},             /* ESR_EL1 */
        {MSR(3, 3, 4, 4, 0, 1), MRS(3, 3, 4, 4, 0, 0), ~0ull, 0x07c00000},             /* FPCR */
        {MSR(3, 3, 4, 4, 1, 1), MRS(3, 3, 4, 4, 1, 0), ~0ull, 0x0800009f},             /* FPSR */
        {MSR(3, 3, 13, 0, 2, 1), MRS(3, 3, 13, 0, 2, 0), ~0ull, ~0ull},                /* TPIDR_EL0 */
        {MSR(3, 4, 14, 1, 0, 1), MRS(3, 4, 14, 1, 0, 0), ~0ull, 0xff},                 /* CNTHCTL_EL2 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = fixture_cpu(2);
        cpu->r[1] = cases[i].value;
        const uint32_t code[] = {cases[i].msr_x1, cases[i].mrs_x0};
        fixture_run(cpu, code, 2);
        CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 8);
        CHECK_EQ_U64(cpu->r[0], cases[i].expected);
    }
}

/* OSLAR_EL1 sets OSLSR_EL1.OSLK; the claim tags; DBGAUTHSTATUS. */
static void test_debug_registers(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->r[1] = 0;
    cpu->r[2] = 0x35;
    cpu->r[3] = 0x11;
    const uint32_t code[] = {MSR(2, 0, 1, 0, 4, 1), MRS(2, 0, 1, 1, 4, 4), MSR(2, 0, 7, 8, 6, 2),
                             MSR(2, 0, 7, 9, 6, 3), MRS(2, 0, 7, 9, 6, 5), MRS(2, 0, 7, 8, 6, 6),
                             MRS(2, 0, 7, 14, 6, 7)};
    fixture_run(cpu, code, 7);
    CHECK_EQ_U64(cpu->r[4], 0x8);
    CHECK_EQ_U64(cpu->r[5], 0x24);
    CHECK_EQ_U64(cpu->r[6], 0xff);
    CHECK_EQ_U64(cpu->r[7], 0xf);
}

/* CNTPCT_EL0 counts retired instructions for now (cpu_step retires after executing); CNTVCT
 * subtracts CNTVOFF_EL2; TVAL is CVAL - count, sign-extended from 32 bits on writes. */
static void test_counters(void)
{
    struct cpu *cpu = fixture_cpu(2);
    cpu->insns = 1000;
    cpu->sr[SR_CNTVOFF_EL2] = 100;
    cpu->r[1] = 0xfffffff0; /* TVAL = -16 */
    const uint32_t code[] = {MRS(3, 3, 14, 0, 1, 2), MRS(3, 3, 14, 0, 2, 3), MSR(3, 3, 14, 3, 0, 1),
                             MRS(3, 3, 14, 3, 0, 4)};
    fixture_run(cpu, code, 4);
    CHECK_EQ_U64(cpu->r[2], 1000);
    CHECK_EQ_U64(cpu->r[3], 901);
    CHECK_EQ_U64(cpu->sr[SR_CNTV_CVAL_EL0], 886);
    CHECK_EQ_U64(cpu->r[4], 0xffffffef);
}

/* DC ZVA zeroes the aligned 64-byte block around X0 and nothing else (Normal memory: with the
 * MMU off and HCR_EL2.DC = 0 memory is Device, where DC ZVA takes an alignment fault). */
static void test_dc_zva(void)
{
    struct cpu *cpu = fixture_cpu(1);
    fixture_normal_memory(cpu);
    memset(fixture_ram(FIXTURE_DATA), 0xa5, 256);
    cpu->r[0] = FIXTURE_DATA + 0x47;
    run1(cpu, SYS(3, 7, 4, 1, 0));
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    const uint8_t *p = fixture_ram(FIXTURE_DATA);
    for (unsigned i = 0; i < 256; i++)
        CHECK_EQ_U64(p[i], i >= 0x40 && i < 0x80 ? 0 : 0xa5);
}

/* DC ZVA to an address that is not memory takes a data abort (the stores happen). */
static void test_dc_zva_faults(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->r[0] = 0x100000000ull;
    run1(cpu, SYS(3, 7, 4, 1, 0));
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1] >> 26, 0x25);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], FIXTURE_CODE);
}

static void test_dczid_dzp(void)
{
    struct cpu *cpu = fixture_cpu(0);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_DZE;
    run1(cpu, MRS(3, 3, 0, 0, 7, 0));
    CHECK_EQ_U64(cpu->r[0], 0x4);
    cpu = fixture_cpu(0);
    run1(cpu, MRS(3, 3, 0, 0, 7, 0));
    CHECK_EQ_U64(cpu->r[0], 0x14);
    cpu = fixture_cpu(1);
    cpu->sr[SR_HCR_EL2] |= HCR_TDZ;
    run1(cpu, MRS(3, 3, 0, 0, 7, 0));
    CHECK_EQ_U64(cpu->r[0], 0x14);
}

/* Accesses that are UNDEFINED: too low an EL, the wrong direction, absent registers. */
static void test_undefined_accesses(void)
{
    static const struct {
        unsigned el;
        uint32_t insn;
    } cases[] = {
        {1, MRS(3, 4, 1, 1, 0, 0)},  /* HCR_EL2 from EL1 */
        {0, MRS(3, 0, 1, 0, 0, 0)},  /* SCTLR_EL1 from EL0 */
        {0, MSR(3, 3, 13, 0, 3, 0)}, /* TPIDRRO_EL0 written at EL0 */
        {1, MSR(3, 3, 14, 0, 0, 0)}, /* CNTFRQ_EL0 written below EL2 */
        {2, MSR(3, 0, 0, 0, 0, 0)},  /* MIDR_EL1 is read-only */
        {2, MRS(2, 0, 1, 0, 4, 0)},  /* OSLAR_EL1 is write-only */
        {2, MRS(3, 0, 12, 12, 5, 0)}, /* ICC_SRE_EL1: no GIC system registers */
        {2, MRS(3, 4, 4, 3, 0, 0)},  /* SPSR_irq: no AArch32 */
        {2, MRS(2, 4, 0, 7, 0, 0)},  /* DBGVCR32_EL2: no AArch32 */
        {2, MRS(2, 0, 0, 6, 6, 0)},  /* DBGWVR6_EL1: four watchpoints */
        {2, MRS(3, 3, 14, 8, 6, 0)}, /* PMEVCNTR6_EL0: six event counters */
        {2, MRS(3, 6, 1, 0, 0, 0)},  /* SCTLR_EL3: no EL3 */
        {2, SYS(6, 8, 7, 0, 0)},     /* TLBI ALLE3 */
        {1, SYS(4, 8, 7, 0, 0)},     /* TLBI ALLE2 from EL1 */
        {1, SYS(4, 8, 4, 1, 0)},     /* TLBI IPAS2E1 from EL1 */
        {0, SYS(0, 8, 7, 0, 0)},     /* TLBI VMALLE1 from EL0 */
        {1, SYS(4, 7, 8, 0, 0)},     /* AT S1E2R from EL1 */
        {1, SYS(4, 7, 8, 4, 0)},     /* AT S12E1R from EL1 */
        {0, SYS(0, 7, 8, 0, 0)},     /* AT S1E1R from EL0 */
        {2, SYS(6, 7, 8, 0, 0)},     /* AT S1E3R */
        {0, SYS(0, 7, 6, 1, 0)},     /* DC IVAC from EL0 */
        {0, SYS(0, 7, 5, 0, 0)},     /* IC IALLU from EL0 */
        {2, SYS(0, 7, 8, 0, 0) | (1u << 21)}, /* SYSL on AT S1E1R */
        {2, MRS(3, 0, 15, 0, 0, 0)}, /* IMPLEMENTATION DEFINED space, none defined */
        {2, MRS(3, 0, 0, 0, 1, 0)},  /* unallocated in the ID space (CRm = 0) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = fixture_cpu(cases[i].el);
        run1(cpu, cases[i].insn);
        check_exception(cpu, cases[i].el == 0 ? 1 : cases[i].el, ESR_UNDEF);
    }
    /* With HCR_EL2.TGE = 1, UNDEFINED at EL0 goes to EL2. */
    struct cpu *cpu = fixture_cpu(0);
    cpu->sr[SR_HCR_EL2] |= HCR_TGE;
    run1(cpu, MRS(3, 0, 1, 0, 0, 0));
    check_exception(cpu, 2, ESR_UNDEF);
}

/* One trap rule: `set` (plus `base`) makes the access trap to `target` with `ec`; with `clear`
 * instead of `set` the access completes at `el`. reg == SR_NZCV means no setting. */
struct setting {
    enum sysreg_id reg;
    uint64_t value;
};
struct trap_case {
    const char *rule;
    unsigned el;
    uint32_t insn;
    struct setting set, clear, base[2];
    unsigned target, ec;
};

#define HCR0 0x80000000ull
#define SCTLR1 0x30d00980ull
#define PMU_ON {SR_ID_AA64DFR0_EL1, 0x10305106}

static const struct trap_case trap_cases[] = {
    {"TID1 REVIDR", 1, MRS(3, 0, 0, 0, 6, 2), {SR_HCR_EL2, HCR0 | HCR_TID1}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID1 AIDR", 1, MRS(3, 1, 0, 0, 7, 2), {SR_HCR_EL2, HCR0 | HCR_TID1}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID2 CTR EL1", 1, MRS(3, 3, 0, 0, 1, 4), {SR_HCR_EL2, HCR0 | HCR_TID2}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID2 CTR EL0", 0, MRS(3, 3, 0, 0, 1, 4), {SR_HCR_EL2, HCR0 | HCR_TID2}, {SR_HCR_EL2, HCR0},
     {{SR_SCTLR_EL1, SCTLR1 | SCTLR_UCT}}, 2, EC_SR},
    {"TID2 CCSIDR", 1, MRS(3, 1, 0, 0, 0, 4), {SR_HCR_EL2, HCR0 | HCR_TID2}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID2 CLIDR", 1, MRS(3, 1, 0, 0, 1, 4), {SR_HCR_EL2, HCR0 | HCR_TID2}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID2 CSSELR write", 1, MSR(3, 2, 0, 0, 0, 4), {SR_HCR_EL2, HCR0 | HCR_TID2}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID3 ID_AA64PFR0", 1, MRS(3, 0, 0, 4, 0, 3), {SR_HCR_EL2, HCR0 | HCR_TID3}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID3 MVFR0", 1, MRS(3, 0, 0, 3, 0, 3), {SR_HCR_EL2, HCR0 | HCR_TID3}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TID3 reserved ID", 1, MRS(3, 0, 0, 7, 2, 3), {SR_HCR_EL2, HCR0 | HCR_TID3}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TACR read", 1, MRS(3, 0, 1, 0, 1, 5), {SR_HCR_EL2, HCR0 | HCR_TACR}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TACR write", 1, MSR(3, 0, 1, 0, 1, 5), {SR_HCR_EL2, HCR0 | HCR_TACR}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TSW DC ISW", 1, SYS(0, 7, 6, 2, 6), {SR_HCR_EL2, HCR0 | HCR_TSW}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TSW DC CSW", 1, SYS(0, 7, 10, 2, 6), {SR_HCR_EL2, HCR0 | HCR_TSW}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TSW DC CISW", 1, SYS(0, 7, 14, 2, 6), {SR_HCR_EL2, HCR0 | HCR_TSW}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TPC DC IVAC", 1, SYS(0, 7, 6, 1, 7), {SR_HCR_EL2, HCR0 | HCR_TPC}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TPC DC CVAC", 1, SYS(3, 7, 10, 1, 7), {SR_HCR_EL2, HCR0 | HCR_TPC}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TPC DC CIVAC EL0", 0, SYS(3, 7, 14, 1, 7), {SR_HCR_EL2, HCR0 | HCR_TPC}, {SR_HCR_EL2, HCR0},
     {{SR_SCTLR_EL1, SCTLR1 | SCTLR_UCI}}, 2, EC_SR},
    {"TPU IC IALLU", 1, SYS(0, 7, 5, 0, 31), {SR_HCR_EL2, HCR0 | HCR_TPU}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TPU IC IALLUIS", 1, SYS(0, 7, 1, 0, 31), {SR_HCR_EL2, HCR0 | HCR_TPU}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TPU IC IVAU", 1, SYS(3, 7, 5, 1, 8), {SR_HCR_EL2, HCR0 | HCR_TPU}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TPU DC CVAU EL0", 0, SYS(3, 7, 11, 1, 8), {SR_HCR_EL2, HCR0 | HCR_TPU}, {SR_HCR_EL2, HCR0},
     {{SR_SCTLR_EL1, SCTLR1 | SCTLR_UCI}}, 2, EC_SR},
    {"TTLB VMALLE1IS", 1, SYS(0, 8, 3, 0, 31), {SR_HCR_EL2, HCR0 | HCR_TTLB}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TTLB VAE1", 1, SYS(0, 8, 7, 1, 9), {SR_HCR_EL2, HCR0 | HCR_TTLB}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TVM SCTLR_EL1", 1, MSR(3, 0, 1, 0, 0, 10), {SR_HCR_EL2, HCR0 | HCR_TVM}, {SR_HCR_EL2, HCR0 | HCR_TRVM},
     {{SR_NZCV, 0}}, 2, EC_SR},
    {"TVM TTBR0_EL1", 1, MSR(3, 0, 2, 0, 0, 10), {SR_HCR_EL2, HCR0 | HCR_TVM}, {SR_HCR_EL2, HCR0 | HCR_TRVM}, {{0}}, 2, EC_SR},
    {"TVM CONTEXTIDR", 1, MSR(3, 0, 13, 0, 1, 10), {SR_HCR_EL2, HCR0 | HCR_TVM}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TRVM TCR_EL1", 1, MRS(3, 0, 2, 0, 2, 11), {SR_HCR_EL2, HCR0 | HCR_TRVM}, {SR_HCR_EL2, HCR0 | HCR_TVM}, {{0}}, 2, EC_SR},
    {"TRVM MAIR_EL1", 1, MRS(3, 0, 10, 2, 0, 11), {SR_HCR_EL2, HCR0 | HCR_TRVM}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TDZ EL1", 1, SYS(3, 7, 4, 1, 0), {SR_HCR_EL2, HCR0 | HCR_TDZ}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TDZ EL0", 0, SYS(3, 7, 4, 1, 0), {SR_HCR_EL2, HCR0 | HCR_TDZ}, {SR_HCR_EL2, HCR0},
     {{SR_SCTLR_EL1, SCTLR1 | SCTLR_DZE}}, 2, EC_SR},
    {"TIDCP EL1", 1, MRS(3, 1, 15, 2, 0, 12), {SR_HCR_EL2, HCR0 | HCR_TIDCP}, {SR_COUNT, 0}, {{0}}, 2, EC_SR},
    {"TIDCP SYS EL1", 1, SYS(0, 11, 0, 0, 12), {SR_HCR_EL2, HCR0 | HCR_TIDCP}, {SR_COUNT, 0}, {{0}}, 2, EC_SR},
    {"TCPAC read", 1, MRS(3, 0, 1, 0, 2, 13), {SR_CPTR_EL2, 0x33ff | CPTR_TCPAC}, {SR_CPTR_EL2, 0x33ff}, {{0}}, 2, EC_SR},
    {"TCPAC write", 1, MSR(3, 0, 1, 0, 2, 13), {SR_CPTR_EL2, 0x33ff | CPTR_TCPAC}, {SR_CPTR_EL2, 0x33ff}, {{0}}, 2, EC_SR},
    {"UCT", 0, MRS(3, 3, 0, 0, 1, 14), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_UCT}, {{0}}, 1, EC_SR},
    {"UCT TGE", 0, MRS(3, 3, 0, 0, 1, 14), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_UCT},
     {{SR_HCR_EL2, HCR0 | HCR_TGE}}, 2, EC_SR},
    {"DZE", 0, SYS(3, 7, 4, 1, 0), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_DZE}, {{0}}, 1, EC_SR},
    {"UCI DC CVAU", 0, SYS(3, 7, 11, 1, 15), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_UCI}, {{0}}, 1, EC_SR},
    {"UCI IC IVAU", 0, SYS(3, 7, 5, 1, 15), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_UCI}, {{0}}, 1, EC_SR},
    {"UCI DC CVAC", 0, SYS(3, 7, 10, 1, 15), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_UCI}, {{0}}, 1, EC_SR},
    {"UMA read", 0, MRS(3, 3, 4, 2, 1, 16), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_UMA}, {{0}}, 1, EC_SR},
    {"UMA write", 0, MSR(3, 3, 4, 2, 1, 16), {SR_SCTLR_EL1, SCTLR1}, {SR_SCTLR_EL1, SCTLR1 | SCTLR_UMA}, {{0}}, 1, EC_SR},
    {"FPEN=00 EL1", 1, MRS(3, 3, 4, 4, 0, 17), {SR_CPACR_EL1, 0}, {SR_CPACR_EL1, 0x300000}, {{0}}, 1, EC_FP},
    {"FPEN=10 EL1", 1, MSR(3, 3, 4, 4, 1, 17), {SR_CPACR_EL1, 0x200000}, {SR_CPACR_EL1, 0x100000}, {{0}}, 1, EC_FP},
    {"FPEN=01 EL0", 0, MRS(3, 3, 4, 4, 1, 17), {SR_CPACR_EL1, 0x100000}, {SR_CPACR_EL1, 0x300000}, {{0}}, 1, EC_FP},
    /* AArch64.AdvSIMDFPAccessTrap: a trap to EL1 rerouted by TGE is Uncategorized. */
    {"FPEN TGE EL0", 0, MRS(3, 3, 4, 4, 1, 17), {SR_CPACR_EL1, 0}, {SR_CPACR_EL1, 0x300000},
     {{SR_HCR_EL2, HCR0 | HCR_TGE}}, 2, EC_UNDEF},
    {"TFP EL1", 1, MRS(3, 3, 4, 4, 0, 18), {SR_CPTR_EL2, 0x33ff | CPTR_TFP}, {SR_CPTR_EL2, 0x33ff},
     {{SR_CPACR_EL1, 0x300000}}, 2, EC_FP},
    {"TFP EL0", 0, MSR(3, 3, 4, 4, 0, 18), {SR_CPTR_EL2, 0x33ff | CPTR_TFP}, {SR_CPTR_EL2, 0x33ff},
     {{SR_CPACR_EL1, 0x300000}}, 2, EC_FP},
    {"TFP EL2", 2, MRS(3, 3, 4, 4, 1, 18), {SR_CPTR_EL2, 0x33ff | CPTR_TFP}, {SR_CPTR_EL2, 0x33ff}, {{0}}, 2, EC_FP},
    {"CPACR before TFP", 1, MRS(3, 3, 4, 4, 1, 18), {SR_CPACR_EL1, 0}, {SR_COUNT, 0},
     {{SR_CPTR_EL2, 0x33ff | CPTR_TFP}}, 1, EC_FP},
    {"TDA MDSCR", 1, MRS(2, 0, 0, 2, 2, 19), {SR_MDCR_EL2, MDCR_TDA}, {SR_MDCR_EL2, 0}, {{0}}, 2, EC_SR},
    {"TDE as TDA", 1, MSR(2, 0, 0, 0, 4, 19), {SR_MDCR_EL2, MDCR_TDE}, {SR_MDCR_EL2, 0}, {{0}}, 2, EC_SR},
    {"TDA DBGCLAIMSET", 1, MSR(2, 0, 7, 8, 6, 19), {SR_MDCR_EL2, MDCR_TDA}, {SR_MDCR_EL2, 0}, {{0}}, 2, EC_SR},
    {"TDA MDCCSR EL0", 0, MRS(2, 3, 0, 1, 0, 19), {SR_MDCR_EL2, MDCR_TDA}, {SR_MDCR_EL2, 0}, {{0}}, 2, EC_SR},
    {"TGE as TDE EL0", 0, MRS(2, 3, 0, 4, 0, 19), {SR_HCR_EL2, HCR0 | HCR_TGE}, {SR_HCR_EL2, HCR0}, {{0}}, 2, EC_SR},
    {"TDCC DBGDTR EL0", 0, MSR(2, 3, 0, 4, 0, 19), {SR_MDSCR_EL1, 1u << 12}, {SR_MDSCR_EL1, 0}, {{0}}, 1, EC_SR},
    {"TDCC before TDA", 0, MRS(2, 3, 0, 1, 0, 19), {SR_MDSCR_EL1, 1u << 12}, {SR_COUNT, 0},
     {{SR_MDCR_EL2, MDCR_TDA}}, 1, EC_SR},
    {"TDOSA OSLAR", 1, MSR(2, 0, 1, 0, 4, 20), {SR_MDCR_EL2, MDCR_TDOSA}, {SR_MDCR_EL2, MDCR_TDA}, {{0}}, 2, EC_SR},
    {"TDOSA OSDLR", 1, MRS(2, 0, 1, 3, 4, 20), {SR_MDCR_EL2, MDCR_TDOSA}, {SR_MDCR_EL2, MDCR_TDRA}, {{0}}, 2, EC_SR},
    {"TDOSA DBGPRCR", 1, MSR(2, 0, 1, 4, 4, 20), {SR_MDCR_EL2, MDCR_TDOSA}, {SR_MDCR_EL2, 0}, {{0}}, 2, EC_SR},
    {"TDRA MDRAR", 1, MRS(2, 0, 1, 0, 0, 21), {SR_MDCR_EL2, MDCR_TDRA}, {SR_MDCR_EL2, MDCR_TDOSA}, {{0}}, 2, EC_SR},
    {"TPMCR PMCR", 1, MRS(3, 3, 9, 12, 0, 22), {SR_MDCR_EL2, MDCR_TPMCR}, {SR_MDCR_EL2, 0}, {PMU_ON}, 2, EC_SR},
    {"TPM PMCCNTR", 1, MSR(3, 3, 9, 13, 0, 22), {SR_MDCR_EL2, MDCR_TPM}, {SR_MDCR_EL2, MDCR_TPMCR}, {PMU_ON}, 2, EC_SR},
    {"TPM PMUSERENR", 0, MRS(3, 3, 9, 14, 0, 22), {SR_MDCR_EL2, MDCR_TPM}, {SR_MDCR_EL2, 0}, {PMU_ON}, 2, EC_SR},
    {"TPM PMINTENSET", 1, MSR(3, 0, 9, 14, 1, 22), {SR_MDCR_EL2, MDCR_TPM}, {SR_MDCR_EL2, 0}, {PMU_ON}, 2, EC_SR},
    {"PMUSERENR.EN", 0, MRS(3, 3, 9, 12, 0, 23), {SR_PMUSERENR_EL0, 0}, {SR_PMUSERENR_EL0, 1}, {PMU_ON}, 1, EC_SR},
    {"PMUSERENR.EN before TPM", 0, MRS(3, 3, 9, 12, 0, 23), {SR_PMUSERENR_EL0, 0}, {SR_COUNT, 0},
     {PMU_ON, {SR_MDCR_EL2, MDCR_TPM}}, 1, EC_SR},
    {"PMUSERENR.CR", 0, MRS(3, 3, 9, 13, 0, 23), {SR_PMUSERENR_EL0, 0}, {SR_PMUSERENR_EL0, 4}, {PMU_ON}, 1, EC_SR},
    {"PMUSERENR.ER", 0, MSR(3, 3, 9, 12, 5, 23), {SR_PMUSERENR_EL0, 4}, {SR_PMUSERENR_EL0, 8}, {PMU_ON}, 1, EC_SR},
    {"PMUSERENR.SW", 0, MSR(3, 3, 9, 12, 4, 23), {SR_PMUSERENR_EL0, 8}, {SR_PMUSERENR_EL0, 2}, {PMU_ON}, 1, EC_SR},
    {"PMUSERENR TGE", 0, MRS(3, 3, 9, 12, 0, 23), {SR_PMUSERENR_EL0, 0}, {SR_PMUSERENR_EL0, 1},
     {PMU_ON, {SR_HCR_EL2, HCR0 | HCR_TGE}}, 2, EC_SR},
    {"EL0PCTEN", 0, MRS(3, 3, 14, 0, 1, 24), {SR_CNTKCTL_EL1, 0}, {SR_CNTKCTL_EL1, 1}, {{0}}, 1, EC_SR},
    {"EL0VCTEN", 0, MRS(3, 3, 14, 0, 2, 24), {SR_CNTKCTL_EL1, 1}, {SR_CNTKCTL_EL1, 2}, {{0}}, 1, EC_SR},
    {"EL0 CNTFRQ", 0, MRS(3, 3, 14, 0, 0, 24), {SR_CNTKCTL_EL1, 0}, {SR_CNTKCTL_EL1, 2}, {{0}}, 1, EC_SR},
    {"EL0PTEN", 0, MSR(3, 3, 14, 2, 1, 24), {SR_CNTKCTL_EL1, 0x100}, {SR_CNTKCTL_EL1, 0x200}, {{0}}, 1, EC_SR},
    {"EL0VTEN", 0, MRS(3, 3, 14, 3, 2, 24), {SR_CNTKCTL_EL1, 0x200}, {SR_CNTKCTL_EL1, 0x100}, {{0}}, 1, EC_SR},
    {"EL1PCTEN", 1, MRS(3, 3, 14, 0, 1, 25), {SR_CNTHCTL_EL2, 2}, {SR_CNTHCTL_EL2, 1}, {{0}}, 2, EC_SR},
    {"EL1PCTEN EL0", 0, MRS(3, 3, 14, 0, 1, 25), {SR_CNTHCTL_EL2, 2}, {SR_CNTHCTL_EL2, 1},
     {{SR_CNTKCTL_EL1, 1}}, 2, EC_SR},
    {"EL1PCEN", 1, MSR(3, 3, 14, 2, 2, 25), {SR_CNTHCTL_EL2, 1}, {SR_CNTHCTL_EL2, 2}, {{0}}, 2, EC_SR},
    {"EL1PCEN TVAL", 1, MRS(3, 3, 14, 2, 0, 25), {SR_CNTHCTL_EL2, 1}, {SR_CNTHCTL_EL2, 2}, {{0}}, 2, EC_SR},
};

static void apply(struct cpu *cpu, const struct setting *s)
{
    if (s->reg != SR_NZCV && s->reg != SR_COUNT)
        cpu->sr[s->reg] = s->value;
}

static void test_trap_rules(void)
{
    for (size_t i = 0; i < sizeof trap_cases / sizeof trap_cases[0]; i++) {
        const struct trap_case *c = &trap_cases[i];
        struct cpu *cpu = fixture_cpu(c->el);
        apply(cpu, &c->base[0]);
        apply(cpu, &c->base[1]);
        apply(cpu, &c->set);
        run1(cpu, c->insn);
        uint32_t esr = c->ec == EC_SR ? esr_sysreg(c->insn) : c->ec == EC_FP ? ESR_FP : ESR_UNDEF;
        if (cpu->el != c->target || cpu->sr[c->target == 2 ? SR_ESR_EL2 : SR_ESR_EL1] != esr)
            fprintf(stderr, "trap rule case '%s' failed\n", c->rule);
        check_exception(cpu, c->target, esr);
        if (c->clear.reg == SR_COUNT)
            continue;
        cpu = fixture_cpu(c->el);
        apply(cpu, &c->base[0]);
        apply(cpu, &c->base[1]);
        apply(cpu, &c->clear);
        if ((c->insn & ~31u) == 0xd50b7420u && c->el < 2)
            fixture_normal_memory(cpu); /* DC ZVA on Device memory (MMU off) is an alignment fault */
        cpu->r[0] = FIXTURE_DATA;
        run1(cpu, c->insn);
        if (cpu->pc != FIXTURE_CODE + 4)
            fprintf(stderr, "untrapped case '%s' failed\n", c->rule);
        CHECK_EQ_U64(cpu->el, c->el);
        CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    }
}

/* One exact syndrome written out by hand: MRS X3, ID_AA64PFR0_EL1 at EL1 with TID3. */
static void test_trap_syndrome_literal(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_HCR_EL2] |= HCR_TID3;
    run1(cpu, 0xd5380403); /* mrs x3, id_aa64pfr0_el1 */
    check_exception(cpu, 2, 0x62300069);
    CHECK_EQ_U64(cpu->pc, 0x400);
    /* msr tcr_el1, x7 with TVM: Op0 3, Op2 2, CRn 2, Rt 7, write. */
    cpu = fixture_cpu(1);
    cpu->sr[SR_HCR_EL2] |= HCR_TVM;
    run1(cpu, 0xd5182047);
    check_exception(cpu, 2, 0x623408e0);
    /* dc zva, x0 at EL0 with SCTLR_EL1.DZE = 0: Op0 1, Op2 1, Op1 3, CRn 7, CRm 4, write. */
    cpu = fixture_cpu(0);
    run1(cpu, 0xd50b7420);
    check_exception(cpu, 1, 0x6212dc08);
}

/* TIDCP leaves EL0 accesses UNDEFINED (IMPLEMENTATION DEFINED choice), and without TIDCP the
 * IMPLEMENTATION DEFINED space is UNDEFINED at EL1. */
static void test_tidcp_el0_and_untrapped(void)
{
    struct cpu *cpu = fixture_cpu(0);
    cpu->sr[SR_HCR_EL2] |= HCR_TIDCP;
    run1(cpu, MRS(3, 3, 15, 0, 0, 0));
    check_exception(cpu, 1, ESR_UNDEF);
    cpu = fixture_cpu(1);
    run1(cpu, MRS(3, 1, 15, 2, 0, 0));
    check_exception(cpu, 1, ESR_UNDEF);
}

/* Untrapped AT and TLBI reach the MMU: AT S1E1R with the MMU off writes a successful PAR_EL1. */
static void test_at_tlbi_reach_mmu(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->r[1] = FIXTURE_DATA + 0x123;
    const uint32_t code[] = {SYS(0, 7, 8, 0, 1), SYS(0, 8, 3, 0, 31), MRS(3, 0, 7, 4, 0, 2)};
    fixture_run(cpu, code, 3);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 12);
    CHECK_EQ_U64(cpu->r[2] & 1, 0);
    CHECK_EQ_U64(cpu->r[2] & 0xfffffffff000ull, FIXTURE_DATA);
}

/* FPCR/FPSR accesses make the same FP access check as SIMD&FP instructions
 * (AArch64.CheckFPAdvSIMDEnabled): CPACR_EL1.FPEN to EL1, CPTR_EL2.TFP to EL2 with EC 0x07,
 * and with HCR_EL2.TGE = 1 the EL0 trap goes to EL2 as EC 0x00. */
static void test_fpcr_access_check(void)
{
    const uint32_t read_fpcr = MRS(3, 3, 4, 4, 0, 2);
    struct cpu *cpu = fixture_cpu(1);
    fixture_run(cpu, &read_fpcr, 1);
    check_exception(cpu, 1, ESR_FP);
    cpu = fixture_cpu(0);
    cpu->sr[SR_CPACR_EL1] = 0x300000;
    cpu->sr[SR_CPTR_EL2] |= CPTR_TFP;
    fixture_run(cpu, &read_fpcr, 1);
    check_exception(cpu, 2, ESR_FP);
    cpu = fixture_cpu(0);
    cpu->sr[SR_HCR_EL2] |= HCR_TGE;
    fixture_run(cpu, &read_fpcr, 1);
    check_exception(cpu, 2, 0x02000000);
    cpu = fixture_cpu(1);
    cpu->sr[SR_CPACR_EL1] = 0x100000;
    cpu->fpcr = 0x03000000;
    fixture_run(cpu, &read_fpcr, 1);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->r[2], 0x03000000);
}

/* Every row has its own encoding and the lookup finds it. */
static void test_table_encodings_unique(void)
{
    unsigned found = 0;
    for (unsigned op0 = 1; op0 < 4; op0++)
        for (unsigned op1 = 0; op1 < 8; op1++)
            for (unsigned crn = 0; crn < 16; crn++)
                for (unsigned crm = 0; crm < 16; crm++)
                    for (unsigned op2 = 0; op2 < 8; op2++) {
                        int id = sysreg_lookup(op0, op1, crn, crm, op2);
                        if (id >= 0 && id != SR_ID_RESERVED)
                            found++;
                    }
    CHECK_EQ_U64(found, SR_COUNT - 1);
    CHECK_EQ_U64(sysreg_lookup(3, 4, 1, 1, 0), SR_HCR_EL2);
    CHECK_EQ_U64(sysreg_lookup(1, 0, 8, 3, 0), SR_TLBI_VMALLE1IS);
    CU_ASSERT_STRING_EQUAL(sysreg_name(SR_HCR_EL2), "HCR_EL2");
}

UNIT_SUITE(sysreg,
           UNIT_TEST(test_id_registers_exact),
           UNIT_TEST(test_mpidr_has_cpu_affinity),
           UNIT_TEST(test_ccsidr_follows_csselr),
           UNIT_TEST(test_vpidr_vmpidr_virtualize_el1),
           UNIT_TEST(test_currentel),
           UNIT_TEST(test_nzcv_daif),
           UNIT_TEST(test_spsel_and_banked_sp),
           UNIT_TEST(test_reset_values),
           UNIT_TEST(test_write_masks),
           UNIT_TEST(test_debug_registers),
           UNIT_TEST(test_counters),
           UNIT_TEST(test_dc_zva),
           UNIT_TEST(test_dc_zva_faults),
           UNIT_TEST(test_dczid_dzp),
           UNIT_TEST(test_undefined_accesses),
           UNIT_TEST(test_trap_rules),
           UNIT_TEST(test_trap_syndrome_literal),
           UNIT_TEST(test_tidcp_el0_and_untrapped),
           UNIT_TEST(test_fpcr_access_check),
           UNIT_TEST(test_at_tlbi_reach_mmu),
           UNIT_TEST(test_table_encodings_unique))

/* Exception-generating instructions and exception return: SVC, HVC, SMC, BRK, HLT, DCPS, DRPS,
 * ERET and illegal exception returns (ARM ARM D1.10, D1.11; AArch64.CallSupervisor,
 * AArch64.CallHypervisor, AArch64.CheckForSMCUndefOrTrap, AArch64.SoftwareBreakpoint,
 * AArch64.ExceptionReturn, IllegalExceptionReturn). Every test checks the exact ESR, ELR, SPSR,
 * PC (vector offset) and EL. */
#include <string.h>

#include "cpu.h"
#include "exception.h"
#include "fixture.h"
#include "harness.h"
#include "interrupt.h"
#include "platform.h"
#include "sysreg.h"

#define VBAR1 0x40010000ull
#define VBAR2 0x40020000ull
#define CODE FIXTURE_CODE


/* Vector offsets: current EL with SP_EL0 / SP_ELx, lower EL (AArch64). */
enum { CUR_SP0 = 0x000, CUR_SPX = 0x200, LOWER = 0x400 };

#define ESR_UNDEF 0x02000000u /* EC 0x00, IL=1 */

static const uint32_t NOP = 0xd503201f;
static const uint32_t ERET = 0xd69f03e0;

/* A fixture CPU at `el` with SP_ELx (sp_sel = 1) or SP_EL0 (0), vectors in RAM outside the
 * code, HCR_EL2 |= hcr, and sentinels in the syndrome registers. */
static struct cpu *setup(unsigned el, unsigned sp_sel, uint64_t hcr)
{
    struct cpu *cpu = fixture_cpu(el);
    if (el)
        cpu_set_el_sp(cpu, el, sp_sel);
    cpu->sr[SR_VBAR_EL1] = VBAR1;
    cpu->sr[SR_VBAR_EL2] = VBAR2;
    cpu->sr[SR_HCR_EL2] |= hcr;
    cpu->sr[SR_ESR_EL1] = cpu->sr[SR_ESR_EL2] = 0xdeadbeef;
    cpu->sr[SR_ELR_EL1] = cpu->sr[SR_ELR_EL2] = 0x5a5a5a5a;
    cpu->sr[SR_SPSR_EL1] = cpu->sr[SR_SPSR_EL2] = 0x5a5a5a5a;
    interrupt_update(cpu);
    return cpu;
}

/* Run one instruction at CODE. */
static void run1(struct cpu *cpu, uint32_t insn)
{
    cpu->pc = CODE;
    fixture_exec(cpu, insn);
}

/* The CPU took an exception to `el` at vector VBAR_ELx + offset with these registers. */
static void check_taken(const struct cpu *cpu, unsigned el, uint64_t offset, uint64_t esr, uint64_t elr,
                        uint64_t spsr)
{
    CHECK_EQ_U64(cpu->el, el);
    CHECK_EQ_U64(cpu->sp_sel, 1);
    CHECK_EQ_U64(cpu->daif, 0x3c0);
    CHECK_EQ_U64(cpu->pc, (el == 2 ? VBAR2 : VBAR1) + offset);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ESR_EL2 : SR_ESR_EL1], esr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ELR_EL2 : SR_ELR_EL1], elr);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1], spsr);
}

/* The other EL's registers were not touched. */
static void check_untouched(const struct cpu *cpu, unsigned el)
{
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ESR_EL2 : SR_ESR_EL1], 0xdeadbeef);
    CHECK_EQ_U64(cpu->sr[el == 2 ? SR_ELR_EL2 : SR_ELR_EL1], 0x5a5a5a5a);
}

/* --- SVC --- */

static void test_svc_el0_to_el1(void)
{
    struct cpu *cpu = setup(0, 0, 0);
    cpu->nzcv = FLAG_N | FLAG_C;
    run1(cpu, 0xd4024681); /* svc #0x1234 */
    check_taken(cpu, 1, LOWER, 0x56001234, CODE + 4, 0xa00003c0);
    check_untouched(cpu, 2);
    CHECK_EQ_U64(cpu->r[REG_SP], FIXTURE_STACK); /* SP_EL1 selected */
}

static void test_svc_el0_tge_to_el2(void)
{
    struct cpu *cpu = setup(0, 0, HCR_TGE);
    run1(cpu, 0xd41fffe1); /* svc #0xffff */
    check_taken(cpu, 2, LOWER, 0x5600ffff, CODE + 4, 0x3c0);
    check_untouched(cpu, 1);
}

static void test_svc_el1(void)
{
    struct cpu *cpu = setup(1, 1, HCR_TGE); /* TGE only routes EL0's SVC */
    run1(cpu, 0xd4000001); /* svc #0 */
    check_taken(cpu, 1, CUR_SPX, 0x56000000, CODE + 4, 0x3c5);
    check_untouched(cpu, 2);
}

static void test_svc_el1_sp0(void)
{
    struct cpu *cpu = setup(1, 0, 0);
    cpu->daif = 0;
    cpu->nzcv = FLAG_Z | FLAG_V;
    run1(cpu, 0xd4000021); /* svc #1 */
    check_taken(cpu, 1, CUR_SP0, 0x56000001, CODE + 4, 0x50000004);
}

static void test_svc_el2(void)
{
    struct cpu *cpu = setup(2, 1, 0);
    run1(cpu, 0xd4024681);
    check_taken(cpu, 2, CUR_SPX, 0x56001234, CODE + 4, 0x3c9);
    check_untouched(cpu, 1);
}

static void test_svc_el2_sp0(void)
{
    struct cpu *cpu = setup(2, 0, 0);
    run1(cpu, 0xd4024681);
    check_taken(cpu, 2, CUR_SP0, 0x56001234, CODE + 4, 0x3c8);
}

/* --- HVC --- */

static void test_hvc_el0_undefined(void)
{
    struct cpu *cpu = setup(0, 0, 0);
    run1(cpu, 0xd41579a2); /* hvc #0xabcd */
    check_taken(cpu, 1, LOWER, ESR_UNDEF, CODE, 0x3c0);
    check_untouched(cpu, 2);
}

static void test_hvc_el0_tge_undefined_to_el2(void)
{
    struct cpu *cpu = setup(0, 0, HCR_TGE);
    run1(cpu, 0xd41579a2);
    check_taken(cpu, 2, LOWER, ESR_UNDEF, CODE, 0x3c0);
}

static void test_hvc_el1_to_el2(void)
{
    struct cpu *cpu = setup(1, 1, 0);
    run1(cpu, 0xd41579a2);
    check_taken(cpu, 2, LOWER, 0x5a00abcd, CODE + 4, 0x3c5);
    check_untouched(cpu, 1);
}

static void test_hvc_el1_sp0_to_el2(void)
{
    struct cpu *cpu = setup(1, 0, 0);
    run1(cpu, 0xd4000002); /* hvc #0 */
    check_taken(cpu, 2, LOWER, 0x5a000000, CODE + 4, 0x3c4);
}

static void test_hvc_el1_hcd_undefined(void)
{
    struct cpu *cpu = setup(1, 1, HCR_HCD);
    run1(cpu, 0xd41579a2);
    check_taken(cpu, 1, CUR_SPX, ESR_UNDEF, CODE, 0x3c5);
    check_untouched(cpu, 2);
}

static void test_hvc_el2(void)
{
    struct cpu *cpu = setup(2, 1, 0);
    run1(cpu, 0xd41579a2);
    check_taken(cpu, 2, CUR_SPX, 0x5a00abcd, CODE + 4, 0x3c9);
}

static void test_hvc_el2_hcd_undefined(void)
{
    struct cpu *cpu = setup(2, 1, HCR_HCD);
    run1(cpu, 0xd41579a2);
    check_taken(cpu, 2, CUR_SPX, ESR_UNDEF, CODE, 0x3c9);
}

/* --- SMC --- */

static void test_smc_el0_undefined(void)
{
    struct cpu *cpu = setup(0, 0, HCR_TSC);
    run1(cpu, 0xd40000e3); /* smc #7 */
    check_taken(cpu, 1, LOWER, ESR_UNDEF, CODE, 0x3c0);
    CHECK_EQ_U64(cpu->r[0], 0);
}

static void test_smc_el1_tsc_traps_to_el2(void)
{
    struct cpu *cpu = setup(1, 1, HCR_TSC);
    run1(cpu, 0xd40000e3);
    check_taken(cpu, 2, LOWER, 0x5e000007, CODE, 0x3c5); /* ELR = the SMC itself */
    CHECK_EQ_U64(cpu->r[0], 0);
}

static void test_smc_el1_firmware_call(void)
{
    struct cpu *cpu = setup(1, 1, 0);
    run1(cpu, 0xd4000003); /* smc #0 */
    CHECK_EQ_U64(cpu->r[0], 0x600DCA11);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->el, 1);
    check_untouched(cpu, 1);
    check_untouched(cpu, 2);
}

static void test_smc_el2_firmware_call(void)
{
    struct cpu *cpu = setup(2, 1, HCR_TSC); /* TSC traps EL1 only */
    run1(cpu, 0xd40000e3);
    CHECK_EQ_U64(cpu->r[0], 0x600DCA11);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->el, 2);
    check_untouched(cpu, 2);
}

/* --- BRK --- */

static void test_brk_el0(void)
{
    struct cpu *cpu = setup(0, 0, 0);
    run1(cpu, 0xd4200840); /* brk #0x42 */
    check_taken(cpu, 1, LOWER, 0xf2000042, CODE, 0x3c0);
}

static void test_brk_el0_tge_to_el2(void)
{
    struct cpu *cpu = setup(0, 0, HCR_TGE);
    run1(cpu, 0xd43fffe0); /* brk #0xffff */
    check_taken(cpu, 2, LOWER, 0xf200ffff, CODE, 0x3c0);
}

static void test_brk_el1_tde_to_el2(void)
{
    struct cpu *cpu = setup(1, 1, 0);
    cpu->sr[SR_MDCR_EL2] = MDCR_TDE;
    run1(cpu, 0xd4200840);
    check_taken(cpu, 2, LOWER, 0xf2000042, CODE, 0x3c5);
}

static void test_brk_el1(void)
{
    struct cpu *cpu = setup(1, 0, 0);
    run1(cpu, 0xd4200000); /* brk #0 */
    check_taken(cpu, 1, CUR_SP0, 0xf2000000, CODE, 0x3c4);
}

static void test_brk_el2(void)
{
    struct cpu *cpu = setup(2, 1, HCR_TGE);
    cpu->sr[SR_MDCR_EL2] = MDCR_TDE;
    run1(cpu, 0xd4200840);
    check_taken(cpu, 2, CUR_SPX, 0xf2000042, CODE, 0x3c9);
}

/* --- HLT, DCPS, DRPS --- */

static void test_hlt_semihosting(void)
{
    struct cpu *cpu = setup(1, 1, 0);
    run1(cpu, 0xd45e0000); /* hlt #0xf000 */
    CHECK_EQ_U64(cpu->r[0], 0x600DCA11);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->el, 1);
    check_untouched(cpu, 1);
}

/* A semihosting call that stops the machine (SYS_EXIT) ends the run after the HLT. */
static void exit_semihosting(void *machine, struct cpu *cpu)
{
    (void)machine;
    cpu->stop_reason = STOP_EXIT;
    cpu->pending |= PENDING_STOP;
}

static void test_hlt_semihosting_exit_stops(void)
{
    struct cpu *cpu = setup(2, 1, 0);
    const struct platform *saved = cpu->platform;
    struct platform exiting = *saved;
    exiting.semihosting_call = exit_semihosting;
    cpu->platform = &exiting;
    const uint32_t code[] = { 0xd45e0000, 0xd2800020 /* mov x0, #1 */ };
    memcpy(fixture_ram(CODE), code, sizeof code);
    cpu->pc = CODE;
    CHECK_EQ_U64(cpu_run(cpu, 100), STOP_EXIT);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->r[0], 0); /* the instruction after the HLT did not run */
    CHECK_EQ_U64(cpu->insns, 1);
    cpu->platform = saved;
}

static void test_hlt_other_undefined(void)
{
    static const uint32_t words[] = { 0xd4400020 /* hlt #1 */, 0xd4400000 /* hlt #0 */,
                                      0xd45e0020 /* hlt #0xf001 */ };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct cpu *cpu = setup(2, 1, 0);
        run1(cpu, words[i]);
        check_taken(cpu, 2, CUR_SPX, ESR_UNDEF, CODE, 0x3c9);
        CHECK_EQ_U64(cpu->r[0], 0);
    }
}

static void test_dcps_drps_undefined(void)
{
    static const uint32_t words[] = { 0xd4a00001, 0xd4a00002, 0xd4a00003, /* dcps1-3 */
                                      0xd4a00000 /* LL=00 */, 0xd6bf03e0 /* drps */ };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct cpu *cpu = setup(1, 1, 0);
        run1(cpu, words[i]);
        check_taken(cpu, 1, CUR_SPX, ESR_UNDEF, CODE, 0x3c5);
    }
}

static void test_exception_generation_unallocated(void)
{
    static const uint32_t words[] = {
        0xd4000004, /* opc=000 LL=00 */
        0xd4000021 | 0x4, /* op2=001 */
        0xd4200001, /* brk with LL=01 */
        0xd4600000, /* opc=011 (TSTART space of later versions) */
        0xd4800000, /* opc=100 */
        0xd4c00000, /* opc=110 */
        0xd4e00000, /* opc=111 */
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct cpu *cpu = setup(1, 1, 0);
        run1(cpu, words[i]);
        check_taken(cpu, 1, CUR_SPX, ESR_UNDEF, CODE, 0x3c5);
    }
}

/* --- ERET --- */

static void test_eret_el0_undefined(void)
{
    struct cpu *cpu = setup(0, 0, 0);
    run1(cpu, ERET);
    check_taken(cpu, 1, LOWER, ESR_UNDEF, CODE, 0x3c0);
}

static void test_eretaa_undefined(void)
{
    struct cpu *cpu = setup(2, 1, 0);
    run1(cpu, 0xd69f0bff); /* eretaa */
    check_taken(cpu, 2, CUR_SPX, ESR_UNDEF, CODE, 0x3c9);
    cpu = setup(2, 1, 0);
    run1(cpu, 0xd69f0fff); /* eretab */
    check_taken(cpu, 2, CUR_SPX, ESR_UNDEF, CODE, 0x3c9);
}

static void test_eret_el2_to_el1h(void)
{
    struct cpu *cpu = setup(2, 1, 0);
    cpu->sp_el[1] = 0x1110;
    cpu->sr[SR_SPSR_EL2] = 0x90000000 | 0x200 | 0x5; /* N, V, D; EL1h */
    cpu->sr[SR_ELR_EL2] = 0x40001234;
    cpu->exclusive_valid = true;
    run1(cpu, ERET);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sp_sel, 1);
    CHECK_EQ_U64(cpu->pc, 0x40001234);
    CHECK_EQ_U64(cpu->nzcv, 0x90000000);
    CHECK_EQ_U64(cpu->daif, 0x200);
    CHECK_EQ_U64(cpu->il, 0);
    CHECK_EQ_U64(cpu->r[REG_SP], 0x1110);
    CHECK_EQ_U64(cpu->sp_el[2], FIXTURE_STACK);
    CHECK_EQ_U64(cpu->exclusive_valid, 0); /* ClearExclusiveLocal */
    CHECK_EQ_U64(cpu->event_register, 1);  /* SendEventLocal */
}

/* PSTATE.SS comes back from SPSR.SS only while MDSCR_EL1.SS enables software step
 * (DebugExceptionReturnSS): it shows in the SPSR of the next exception. */
static void test_eret_spsr_ss(void)
{
    struct cpu *cpu = setup(2, 1, 0);
    cpu->sr[SR_SPSR_EL2] = 1u << 21 | 0x5;
    cpu->sr[SR_ELR_EL2] = CODE + 4;
    const uint32_t code[] = { ERET, 0xd4000001 /* svc #0 */ };
    fixture_run(cpu, code, 2);
    check_taken(cpu, 1, CUR_SPX, 0x56000000, CODE + 8, 0x5);
    cpu = setup(2, 1, 0);
    cpu->sr[SR_MDSCR_EL1] = 1;
    cpu->sr[SR_SPSR_EL2] = 1u << 21 | 0x5;
    cpu->sr[SR_ELR_EL2] = CODE + 4;
    fixture_run(cpu, code, 2);
    check_taken(cpu, 1, CUR_SPX, 0x56000000, CODE + 8, 1u << 21 | 0x5);
}

static void test_eret_el2_to_el0(void)
{
    struct cpu *cpu = setup(2, 1, HCR_TGE); /* EL0 under TGE=1 is a legal target */
    cpu->sp_el[0] = 0x2220;
    cpu->sr[SR_SPSR_EL2] = 0x0;
    cpu->sr[SR_ELR_EL2] = 0x40002000;
    run1(cpu, ERET);
    CHECK_EQ_U64(cpu->el, 0);
    CHECK_EQ_U64(cpu->sp_sel, 0);
    CHECK_EQ_U64(cpu->pc, 0x40002000);
    CHECK_EQ_U64(cpu->daif, 0);
    CHECK_EQ_U64(cpu->il, 0);
    CHECK_EQ_U64(cpu->r[REG_SP], 0x2220);
}

static void test_eret_el1_to_el0_and_svc_back(void)
{
    struct cpu *cpu = setup(1, 1, 0);
    cpu->sr[SR_SPSR_EL1] = 0x60000000; /* Z, C; EL0t, unmasked */
    cpu->sr[SR_ELR_EL1] = CODE + 8;
    const uint32_t code[] = { ERET, NOP, 0xd4000141 /* svc #0xa */ };
    fixture_run(cpu, code, 3);
    check_taken(cpu, 1, LOWER, 0x5600000a, CODE + 12, 0x60000000);
    CHECK_EQ_U64(cpu->insns, 2);
}

static void test_eret_el1_to_el1t(void)
{
    struct cpu *cpu = setup(1, 1, 0);
    cpu->sp_el[0] = 0x3330;
    cpu->sr[SR_SPSR_EL1] = 0x4;
    cpu->sr[SR_ELR_EL1] = 0x40003000;
    run1(cpu, ERET);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sp_sel, 0);
    CHECK_EQ_U64(cpu->r[REG_SP], 0x3330);
    CHECK_EQ_U64(cpu->pc, 0x40003000);
}

/* --- Illegal exception returns: PSTATE.{EL,SP} kept, IL set, NZCV/DAIF restored, PC = ELR;
 * the next instruction then takes an Illegal Execution state exception (EC 0x0E) whose
 * preferred return is that instruction. --- */

struct illegal_case {
    unsigned el, sp_sel;
    uint64_t hcr, spsr;
};

static void check_illegal_return(const struct illegal_case *c)
{
    struct cpu *cpu = setup(c->el, c->sp_sel, c->hcr);
    uint64_t sp_before = cpu->r[REG_SP];
    cpu->sr[c->el == 2 ? SR_SPSR_EL2 : SR_SPSR_EL1] = c->spsr;
    cpu->sr[c->el == 2 ? SR_ELR_EL2 : SR_ELR_EL1] = CODE + 8;
    const uint32_t code[] = { ERET, 0xd2800020 /* mov x0, #1: skipped */, NOP };
    memcpy(fixture_ram(CODE), code, sizeof code);
    cpu->pc = CODE;
    cpu_step(cpu); /* the ERET */
    CHECK_EQ_U64(cpu->il, 1);
    CHECK_EQ_U64(cpu->el, c->el);
    CHECK_EQ_U64(cpu->sp_sel, c->sp_sel);
    CHECK_EQ_U64(cpu->r[REG_SP], sp_before);
    CHECK_EQ_U64(cpu->pc, CODE + 8);
    CHECK_EQ_U64(cpu->nzcv, c->spsr & 0xf0000000);
    CHECK_EQ_U64(cpu->daif, c->spsr & 0x3c0);
    cpu_step(cpu); /* the NOP at CODE + 8 does not execute: EC 0x0E */
    uint64_t spsr = (c->spsr & 0xf00003c0) | 1u << 20 | c->el << 2 | c->sp_sel;
    check_taken(cpu, c->el, c->sp_sel ? CUR_SPX : CUR_SP0, 0x3a000000, CODE + 8, spsr);
    CHECK_EQ_U64(cpu->il, 0);
    CHECK_EQ_U64(cpu->r[0], 0);
}

static void test_illegal_return_cases(void)
{
    static const struct illegal_case cases[] = {
        { 2, 1, 0, 0x3cd },                       /* to EL3h: not implemented */
        { 2, 1, 0, 0x0c },                        /* to EL3t */
        { 1, 1, 0, 0xa0000009 },                  /* EL1 to EL2h: higher EL */
        { 1, 1, 0, 0x08 },                        /* EL1 to EL2t */
        { 1, 0, 0, 0x1c9 },                       /* EL1t to EL2h */
        { 2, 1, 0, 0x10 },                        /* AArch32 User: M[4]=1 */
        { 2, 1, 0, 0x13 },                        /* AArch32 Supervisor */
        { 2, 1, 0, 0x1a },                        /* AArch32 Hyp */
        { 2, 1, 0, 0x02 },                        /* M[1]=1: reserved */
        { 2, 1, 0, 0x06 },                        /* reserved */
        { 2, 1, 0, 0x07 },                        /* reserved */
        { 1, 1, 0, 0x03 },                        /* reserved */
        { 2, 1, 0, 0x01 },                        /* EL0 with SP_ELx */
        { 1, 1, 0, 0x50000001 },                  /* EL0 with SP_ELx, from EL1 */
        { 2, 1, HCR_TGE, 0x05 },                  /* EL1h while TGE=1 */
        { 2, 0, HCR_TGE, 0x04 },                  /* EL1t while TGE=1 */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_illegal_return(&cases[i]);
}

/* A legal return with SPSR.IL=1 sets PSTATE.IL at the target EL: the first instruction there
 * takes EC 0x0E, from EL0 to EL1 (lower EL vector), with SPSR.IL set. */
static void test_return_with_spsr_il(void)
{
    struct cpu *cpu = setup(1, 1, 0);
    cpu->sr[SR_SPSR_EL1] = 1u << 20 | 0x80000000;
    cpu->sr[SR_ELR_EL1] = CODE + 8;
    const uint32_t code[] = { ERET, NOP, NOP };
    fixture_run_max(cpu, code, 3, 2);
    check_taken(cpu, 1, LOWER, 0x3a000000, CODE + 8, 0x80100000);
}

/* The same through the block path (cpu_run): the check is at block entry. */
static void test_illegal_return_cpu_run(void)
{
    struct cpu *cpu = setup(2, 1, 0);
    cpu->sr[SR_SPSR_EL2] = 0x3cd; /* EL3h */
    cpu->sr[SR_ELR_EL2] = CODE + 8;
    const uint32_t code[] = { ERET, NOP, NOP, NOP };
    memcpy(fixture_ram(CODE), code, sizeof code);
    memcpy(fixture_ram(VBAR2 + CUR_SPX), (const uint32_t[]){ 0x14000000 /* b . */ }, 4);
    cpu->pc = CODE;
    cpu_run(cpu, 2);
    check_taken(cpu, 2, CUR_SPX, 0x3a000000, CODE + 8, 0x1003c9);
    /* The budget of 2: the ERET, and the illegal-state exception taken at the next fetch (an
     * exception on fetch retires nothing but counts against the budget). */
    CHECK_EQ_U64(cpu->insns, 1);
    CHECK_EQ_U64(cpu->fetch_faults, 1);
}

UNIT_SUITE(exception,
           UNIT_TEST(test_svc_el0_to_el1),
           UNIT_TEST(test_svc_el0_tge_to_el2),
           UNIT_TEST(test_svc_el1),
           UNIT_TEST(test_svc_el1_sp0),
           UNIT_TEST(test_svc_el2),
           UNIT_TEST(test_svc_el2_sp0),
           UNIT_TEST(test_hvc_el0_undefined),
           UNIT_TEST(test_hvc_el0_tge_undefined_to_el2),
           UNIT_TEST(test_hvc_el1_to_el2),
           UNIT_TEST(test_hvc_el1_sp0_to_el2),
           UNIT_TEST(test_hvc_el1_hcd_undefined),
           UNIT_TEST(test_hvc_el2),
           UNIT_TEST(test_hvc_el2_hcd_undefined),
           UNIT_TEST(test_smc_el0_undefined),
           UNIT_TEST(test_smc_el1_tsc_traps_to_el2),
           UNIT_TEST(test_smc_el1_firmware_call),
           UNIT_TEST(test_smc_el2_firmware_call),
           UNIT_TEST(test_brk_el0),
           UNIT_TEST(test_brk_el0_tge_to_el2),
           UNIT_TEST(test_brk_el1_tde_to_el2),
           UNIT_TEST(test_brk_el1),
           UNIT_TEST(test_brk_el2),
           UNIT_TEST(test_hlt_semihosting),
           UNIT_TEST(test_hlt_semihosting_exit_stops),
           UNIT_TEST(test_hlt_other_undefined),
           UNIT_TEST(test_dcps_drps_undefined),
           UNIT_TEST(test_exception_generation_unallocated),
           UNIT_TEST(test_eret_el0_undefined),
           UNIT_TEST(test_eretaa_undefined),
           UNIT_TEST(test_eret_el2_to_el1h),
           UNIT_TEST(test_eret_spsr_ss),
           UNIT_TEST(test_eret_el2_to_el0),
           UNIT_TEST(test_eret_el1_to_el0_and_svc_back),
           UNIT_TEST(test_eret_el1_to_el1t),
           UNIT_TEST(test_illegal_return_cases),
           UNIT_TEST(test_return_with_spsr_il),
           UNIT_TEST(test_illegal_return_cpu_run))

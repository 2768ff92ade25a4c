/* The generic timer (timer/timer.c): the counts and CNTVOFF_EL2, CVAL/TVAL/CTL arithmetic with
 * unsigned wrap-around and negative TVAL, ISTATUS, the PPI outputs and their transitions,
 * timer_next_event for each timer and each event stream, the event streams waking WFE, and every
 * access trap of the timer registers with its exact syndrome and target EL.
 *
 * The fixture's system counter is cpu->insns: a test sets it to move time, and each instruction
 * run advances it by one after it executes (an MRS at insns = N reads N). */
#include <stdio.h>

#include "fixture.h"
#include "harness.h"
#include "sysreg.h"
#include "timer.h"

/* --- Encodings -------------------------------------------------------------------------------- */

struct timer_reg {
    const char *name;
    enum sysreg_id id;
    unsigned op1, crm, op2; /* op0 = 3, CRn = 14 */
};

enum {
    R_CNTFRQ, R_CNTPCT, R_CNTVCT, R_CNTP_TVAL, R_CNTP_CTL, R_CNTP_CVAL, R_CNTV_TVAL, R_CNTV_CTL,
    R_CNTV_CVAL, R_CNTKCTL, R_CNTHCTL, R_CNTVOFF, R_CNTHP_TVAL, R_CNTHP_CTL, R_CNTHP_CVAL, R_COUNT
};

static const struct timer_reg regs[R_COUNT] = {
    [R_CNTFRQ] = { "CNTFRQ_EL0", SR_CNTFRQ_EL0, 3, 0, 0 },
    [R_CNTPCT] = { "CNTPCT_EL0", SR_CNTPCT_EL0, 3, 0, 1 },
    [R_CNTVCT] = { "CNTVCT_EL0", SR_CNTVCT_EL0, 3, 0, 2 },
    [R_CNTP_TVAL] = { "CNTP_TVAL_EL0", SR_CNTP_TVAL_EL0, 3, 2, 0 },
    [R_CNTP_CTL] = { "CNTP_CTL_EL0", SR_CNTP_CTL_EL0, 3, 2, 1 },
    [R_CNTP_CVAL] = { "CNTP_CVAL_EL0", SR_CNTP_CVAL_EL0, 3, 2, 2 },
    [R_CNTV_TVAL] = { "CNTV_TVAL_EL0", SR_CNTV_TVAL_EL0, 3, 3, 0 },
    [R_CNTV_CTL] = { "CNTV_CTL_EL0", SR_CNTV_CTL_EL0, 3, 3, 1 },
    [R_CNTV_CVAL] = { "CNTV_CVAL_EL0", SR_CNTV_CVAL_EL0, 3, 3, 2 },
    [R_CNTKCTL] = { "CNTKCTL_EL1", SR_CNTKCTL_EL1, 0, 1, 0 },
    [R_CNTHCTL] = { "CNTHCTL_EL2", SR_CNTHCTL_EL2, 4, 1, 0 },
    [R_CNTVOFF] = { "CNTVOFF_EL2", SR_CNTVOFF_EL2, 4, 0, 3 },
    [R_CNTHP_TVAL] = { "CNTHP_TVAL_EL2", SR_CNTHP_TVAL_EL2, 4, 2, 0 },
    [R_CNTHP_CTL] = { "CNTHP_CTL_EL2", SR_CNTHP_CTL_EL2, 4, 2, 1 },
    [R_CNTHP_CVAL] = { "CNTHP_CVAL_EL2", SR_CNTHP_CVAL_EL2, 4, 2, 2 },
};

/* MRS Xrt, reg (read) or MSR reg, Xrt. */
static uint32_t sysreg_insn(unsigned r, bool read, unsigned rt)
{
    return 0xd5000000u | (unsigned)read << 21 | 3u << 19 | regs[r].op1 << 16 | 14u << 12 |
           regs[r].crm << 8 | regs[r].op2 << 5 | rt;
}

#define WFE 0xd503205fu

/* Read a register with MRS X0 at the CPU's EL (the count advances by one). */
static uint64_t mrs(struct cpu *cpu, unsigned r)
{
    uint32_t insn = sysreg_insn(r, true, 0);
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    return cpu->r[0];
}

/* Write a register with MSR X1 at the CPU's EL (the count advances by one). */
static void msr(struct cpu *cpu, unsigned r, uint64_t value)
{
    uint32_t insn = sysreg_insn(r, false, 1);
    cpu->r[1] = value;
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
}

/* Move the system counter to `count` and let the timer see it, as the board does. */
static void advance(struct cpu *cpu, uint64_t count)
{
    cpu->insns = count;
    timer_update(cpu);
}

/* --- PPI recording ---------------------------------------------------------------------------- */

#define PPI(intid, level) ((intid) << 1 | (level))
enum { PPI_LOG_SIZE = 16 };
static unsigned ppi_log[PPI_LOG_SIZE];
static unsigned ppi_count;

static void record_ppi(struct cpu *cpu, unsigned intid, bool level)
{
    (void)cpu;
    if (ppi_count < PPI_LOG_SIZE)
        ppi_log[ppi_count] = PPI(intid, (unsigned)level);
    ppi_count++;
}

static struct cpu *timer_cpu(unsigned el)
{
    struct cpu *cpu = fixture_cpu(el);
    ppi_count = 0;
    fixture_on_ppi(record_ppi);
    return cpu;
}

/* The PPI changes since the last call are exactly `expected`. */
static void check_ppis(const unsigned *expected, unsigned n)
{
    CHECK_EQ_U64(ppi_count, n);
    for (unsigned i = 0; i < n && i < ppi_count; i++)
        CHECK_EQ_U64(ppi_log[i], expected[i]);
    ppi_count = 0;
}
#define CHECK_PPIS(...)                                                                           \
    do {                                                                                          \
        const unsigned expected_[] = { __VA_ARGS__ };                                             \
        check_ppis(expected_, sizeof expected_ / sizeof expected_[0]);                            \
    } while (0)
#define CHECK_NO_PPIS() check_ppis(NULL, 0)

/* --- Counts ----------------------------------------------------------------------------------- */

/* CNTPCT_EL0 is the system counter; CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 modulo 2^64, at every
 * EL (no VHE); CNTFRQ_EL0 reads 62.5 MHz. */
static void test_counts(void)
{
    struct cpu *cpu = timer_cpu(2);
    cpu->insns = 1000;
    CHECK_EQ_U64(mrs(cpu, R_CNTPCT), 1000);
    CHECK_EQ_U64(mrs(cpu, R_CNTVCT), 1001);
    msr(cpu, R_CNTVOFF, 300);
    CHECK_EQ_U64(mrs(cpu, R_CNTVCT), 703);
    CHECK_EQ_U64(mrs(cpu, R_CNTVOFF), 300);
    msr(cpu, R_CNTVOFF, 0xfffffffffffff000ull); /* larger than the count: the virtual count wraps */
    CHECK_EQ_U64(mrs(cpu, R_CNTVCT), 1006 + 0x1000);
    CHECK_EQ_U64(mrs(cpu, R_CNTFRQ), 62500000);

    cpu = timer_cpu(1);
    cpu->sr[SR_CNTVOFF_EL2] = 5000;
    cpu->insns = 4000;
    CHECK_EQ_U64(mrs(cpu, R_CNTVCT), 0xfffffffffffffc18ull); /* 4000 - 5000 */
    CHECK_EQ_U64(mrs(cpu, R_CNTPCT), 4001);

    cpu = timer_cpu(0);
    cpu->sr[SR_CNTKCTL_EL1] = 3; /* EL0PCTEN, EL0VCTEN */
    cpu->sr[SR_CNTVOFF_EL2] = 7;
    cpu->insns = 50;
    CHECK_EQ_U64(mrs(cpu, R_CNTVCT), 43);
    CHECK_EQ_U64(mrs(cpu, R_CNTPCT), 51);
}

/* --- CVAL / TVAL / CTL ------------------------------------------------------------------------ */

/* TVAL writes set CVAL = count + SignExtend(TVAL[31:0]) modulo 2^64; TVAL reads CVAL - count in
 * bits 31:0 with bits 63:32 zero. */
static void test_tval_arithmetic(void)
{
    struct cpu *cpu = timer_cpu(1);
    cpu->insns = 1000;
    msr(cpu, R_CNTP_TVAL, 500);
    CHECK_EQ_U64(cpu->sr[SR_CNTP_CVAL_EL0], 1500);
    CHECK_EQ_U64(mrs(cpu, R_CNTP_CVAL), 1500);
    CHECK_EQ_U64(mrs(cpu, R_CNTP_TVAL), 498); /* read at count 1002 */

    /* Negative TVAL: CVAL in the past. Bits 63:32 of the written value are ignored. */
    cpu->insns = 1000;
    msr(cpu, R_CNTP_TVAL, 0xabcdef01fffffff0ull); /* -16 */
    CHECK_EQ_U64(cpu->sr[SR_CNTP_CVAL_EL0], 984);
    CHECK_EQ_U64(mrs(cpu, R_CNTP_TVAL), 0xffffffefull); /* -17 at count 1001 */

    /* CVAL = count + (-16) below zero wraps to the top of the range: the condition is not met
     * (unsigned compare) and TVAL still reads -16 - elapsed. */
    cpu->insns = 5;
    msr(cpu, R_CNTP_TVAL, 0xfffffff0);
    CHECK_EQ_U64(cpu->sr[SR_CNTP_CVAL_EL0], 0xfffffffffffffff5ull);
    CHECK_EQ_U64(mrs(cpu, R_CNTP_TVAL), 0xffffffefull);
    msr(cpu, R_CNTP_CTL, 1);
    CHECK_EQ_U64(mrs(cpu, R_CNTP_CTL), 1); /* ISTATUS = 0 */

    /* The largest positive and negative TVAL. */
    cpu->insns = 0x100000000ull;
    msr(cpu, R_CNTP_TVAL, 0x7fffffff);
    CHECK_EQ_U64(cpu->sr[SR_CNTP_CVAL_EL0], 0x17fffffffull);
    cpu->insns = 0x100000000ull;
    msr(cpu, R_CNTP_TVAL, 0x80000000);
    CHECK_EQ_U64(cpu->sr[SR_CNTP_CVAL_EL0], 0x80000000ull);

    /* A CVAL further than 2^31 ticks away: TVAL is its low 32 bits. */
    cpu->insns = 0x10;
    msr(cpu, R_CNTP_CVAL, 0x123456789ull);
    CHECK_EQ_U64(mrs(cpu, R_CNTP_TVAL), 0x23456778ull); /* 0x123456789 - 0x11 */
    cpu->insns = 0x10;
    msr(cpu, R_CNTP_CVAL, 0);
    CHECK_EQ_U64(mrs(cpu, R_CNTP_TVAL), 0xffffffefull);

    /* Virtual: TVAL is relative to CNTVCT; CVAL wraps with the offset. */
    cpu = timer_cpu(1);
    cpu->sr[SR_CNTVOFF_EL2] = 100;
    cpu->insns = 1000;
    msr(cpu, R_CNTV_TVAL, 0xfffffff0); /* CNTVCT 900 - 16 */
    CHECK_EQ_U64(cpu->sr[SR_CNTV_CVAL_EL0], 884);
    CHECK_EQ_U64(mrs(cpu, R_CNTV_TVAL), 0xffffffefull);
    cpu->sr[SR_CNTVOFF_EL2] = 2000;
    cpu->insns = 1000;
    msr(cpu, R_CNTV_TVAL, 24); /* CNTVCT = -1000 */
    CHECK_EQ_U64(cpu->sr[SR_CNTV_CVAL_EL0], 0xfffffffffffffc30ull);
    CHECK_EQ_U64(mrs(cpu, R_CNTV_TVAL), 23);

    /* EL2 physical timer. */
    cpu = timer_cpu(2);
    cpu->sr[SR_CNTVOFF_EL2] = 100; /* no effect on a physical timer */
    cpu->insns = 300;
    msr(cpu, R_CNTHP_TVAL, 0x10);
    CHECK_EQ_U64(cpu->sr[SR_CNTHP_CVAL_EL2], 316);
    CHECK_EQ_U64(mrs(cpu, R_CNTHP_TVAL), 0xf);
    CHECK_EQ_U64(mrs(cpu, R_CNTHP_CVAL), 316);
}

/* CTL: ENABLE and IMASK are written, ISTATUS is read-only and reads the condition count >= CVAL
 * while the timer is enabled, whatever IMASK says; bits above are RES0. */
static void test_ctl_istatus(void)
{
    static const unsigned ctls[] = { R_CNTP_CTL, R_CNTV_CTL, R_CNTHP_CTL };
    static const unsigned cvals[] = { R_CNTP_CVAL, R_CNTV_CVAL, R_CNTHP_CVAL };
    for (unsigned t = 0; t < 3; t++) {
        struct cpu *cpu = timer_cpu(2);
        cpu->sr[SR_CNTVOFF_EL2] = t == 1 ? 1000 : 0; /* the virtual timer's count is 1000 behind */
        uint64_t base = t == 1 ? 1000 : 0;
        cpu->insns = base + 10;
        msr(cpu, cvals[t], 20);
        msr(cpu, ctls[t], ~0ull);
        CHECK_EQ_U64(cpu->sr[regs[ctls[t]].id], 3);
        cpu->insns = base + 19;
        CHECK_EQ_U64(mrs(cpu, ctls[t]), 3); /* count 19 < 20 */
        CHECK_EQ_U64(mrs(cpu, ctls[t]), 7); /* count 20: met */
        cpu->insns = base + 1000;
        CHECK_EQ_U64(mrs(cpu, ctls[t]), 7);
        msr(cpu, ctls[t], 1);
        CHECK_EQ_U64(mrs(cpu, ctls[t]), 5);
        msr(cpu, ctls[t], 4); /* disabled: ISTATUS reads 0, the write to it is ignored */
        CHECK_EQ_U64(mrs(cpu, ctls[t]), 0);
    }
}

/* --- Outputs ---------------------------------------------------------------------------------- */

/* Each timer drives its PPI (EL1 physical 30, EL1 virtual 27, EL2 physical 26) with the level
 * ENABLE && !IMASK && ISTATUS, reported only when it changes, as soon as the write or the time
 * that changes it happens. */
static void test_ppi_outputs(void)
{
    struct cpu *cpu = timer_cpu(2);
    cpu->insns = 100;
    msr(cpu, R_CNTP_CVAL, 150);
    msr(cpu, R_CNTP_CTL, 1);
    CHECK_NO_PPIS();
    advance(cpu, 149);
    CHECK_NO_PPIS();
    advance(cpu, 150);
    CHECK_PPIS(PPI(30, 1));
    advance(cpu, 200);
    CHECK_NO_PPIS();
    msr(cpu, R_CNTP_CTL, 3); /* IMASK */
    CHECK_PPIS(PPI(30, 0));
    CHECK_EQ_U64(mrs(cpu, R_CNTP_CTL), 7);
    msr(cpu, R_CNTP_CTL, 1);
    CHECK_PPIS(PPI(30, 1));
    msr(cpu, R_CNTP_CVAL, 1000); /* condition no longer met */
    CHECK_PPIS(PPI(30, 0));
    msr(cpu, R_CNTP_TVAL, 0); /* CVAL = now: met */
    CHECK_PPIS(PPI(30, 1));
    msr(cpu, R_CNTP_CTL, 0);
    CHECK_PPIS(PPI(30, 0));

    /* The three timers are independent; one update reports each change in timer order. */
    cpu = timer_cpu(2);
    cpu->insns = 10;
    msr(cpu, R_CNTV_CVAL, 20);
    msr(cpu, R_CNTHP_CVAL, 20);
    msr(cpu, R_CNTP_CVAL, 20);
    msr(cpu, R_CNTHP_CTL, 1);
    msr(cpu, R_CNTV_CTL, 1);
    msr(cpu, R_CNTP_CTL, 1);
    CHECK_NO_PPIS();
    advance(cpu, 20);
    CHECK_PPIS(PPI(30, 1), PPI(27, 1), PPI(26, 1));
    msr(cpu, R_CNTV_CTL, 0);
    CHECK_PPIS(PPI(27, 0));
    msr(cpu, R_CNTHP_CTL, 3);
    CHECK_PPIS(PPI(26, 0));
    CHECK_EQ_U64(cpu->timer.outputs, 1);

    /* A masked timer never drives its output, even when its condition is met at the write. */
    cpu = timer_cpu(1);
    cpu->insns = 10;
    msr(cpu, R_CNTP_CTL, 3); /* CVAL = 0 */
    advance(cpu, 50);
    CHECK_NO_PPIS();
    CHECK_EQ_U64(mrs(cpu, R_CNTP_CTL), 7);
}

/* CNTVOFF_EL2 moves the virtual count and with it the virtual timer's output, at once. */
static void test_cntvoff_effect(void)
{
    struct cpu *cpu = timer_cpu(2);
    cpu->insns = 1000;
    msr(cpu, R_CNTV_CVAL, 500);
    msr(cpu, R_CNTV_CTL, 1);
    CHECK_PPIS(PPI(27, 1)); /* CNTVCT 1001 >= 500 */
    msr(cpu, R_CNTVOFF, 600); /* CNTVCT 402 */
    CHECK_PPIS(PPI(27, 0));
    CHECK_EQ_U64(mrs(cpu, R_CNTV_CTL), 1);
    CHECK_EQ_U64(mrs(cpu, R_CNTV_TVAL), 96); /* 500 - (1004 - 600) */
    CHECK_EQ_U64(timer_next_event(cpu), 1100);
    msr(cpu, R_CNTVOFF, 505); /* CNTVCT 1005 - 505 = 500 */
    CHECK_PPIS(PPI(27, 1));
    /* The physical timers ignore it. */
    msr(cpu, R_CNTP_CVAL, 1007);
    msr(cpu, R_CNTP_CTL, 1);
    CHECK_PPIS(PPI(30, 1));
    msr(cpu, R_CNTVOFF, 0xffffffff00000000ull);
    CHECK_NO_PPIS(); /* CNTVCT = 1008 + 2^32 is still >= 500 */
}

/* The virtual count wraps to zero when the physical count reaches CNTVOFF_EL2 (> count): the
 * timer condition count >= CVAL stops holding there and holds again at CVAL. */
static void test_virtual_wrap(void)
{
    struct cpu *cpu = timer_cpu(2);
    cpu->sr[SR_CNTVOFF_EL2] = 1000;
    cpu->insns = 500;
    msr(cpu, R_CNTV_CVAL, 100);
    msr(cpu, R_CNTV_CTL, 1); /* CNTVCT = 2^64 - 499 >= 100 */
    CHECK_PPIS(PPI(27, 1));
    CHECK_EQ_U64(timer_next_event(cpu), 1000);
    advance(cpu, 999);
    CHECK_NO_PPIS();
    advance(cpu, 1000);
    CHECK_PPIS(PPI(27, 0));
    CHECK_EQ_U64(timer_next_event(cpu), 1100);
    advance(cpu, 1099);
    CHECK_NO_PPIS();
    advance(cpu, 1100);
    CHECK_PPIS(PPI(27, 1));
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX);

    /* CVAL = 0: always met, never changes. */
    cpu = timer_cpu(2);
    cpu->sr[SR_CNTVOFF_EL2] = 1000;
    cpu->insns = 500;
    msr(cpu, R_CNTV_CTL, 1);
    CHECK_PPIS(PPI(27, 1));
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX);
    advance(cpu, 1000);
    CHECK_NO_PPIS();
}

/* A physical CVAL near 2^64 is reached only there; TVAL arithmetic wrapping CVAL below zero puts
 * it there. */
static void test_physical_wrap(void)
{
    struct cpu *cpu = timer_cpu(1);
    cpu->insns = 0xfffffffffffffff0ull;
    msr(cpu, R_CNTP_TVAL, 0xe); /* CVAL = 2^64 - 2 */
    msr(cpu, R_CNTP_CTL, 1);
    CHECK_EQ_U64(timer_next_event(cpu), 0xfffffffffffffffeull);
    advance(cpu, 0xfffffffffffffffdull);
    CHECK_NO_PPIS();
    advance(cpu, 0xfffffffffffffffeull);
    CHECK_PPIS(PPI(30, 1));
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX); /* the physical count never wraps */
}

/* --- timer_next_event ------------------------------------------------------------------------- */

/* The physical count at which an output next changes: CVAL for a physical timer, CVAL +
 * CNTVOFF_EL2 for the virtual one, the earliest of them; never for disabled or masked timers or
 * outputs already high. */
static void test_next_event_timers(void)
{
    struct cpu *cpu = timer_cpu(2);
    cpu->insns = 1000;
    timer_update(cpu);
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX);
    msr(cpu, R_CNTP_CVAL, 5000);
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX); /* disabled */
    msr(cpu, R_CNTP_CTL, 3);
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX); /* masked */
    msr(cpu, R_CNTP_CTL, 1);
    CHECK_EQ_U64(timer_next_event(cpu), 5000);
    msr(cpu, R_CNTVOFF, 1000); /* CNTVCT about 5 */
    msr(cpu, R_CNTV_CVAL, 3000);
    msr(cpu, R_CNTV_CTL, 1);
    CHECK_EQ_U64(timer_next_event(cpu), 4000);
    msr(cpu, R_CNTHP_CVAL, 2500);
    msr(cpu, R_CNTHP_CTL, 1);
    CHECK_EQ_U64(timer_next_event(cpu), 2500);
    advance(cpu, 2500);
    CHECK_PPIS(PPI(26, 1));
    CHECK_EQ_U64(timer_next_event(cpu), 4000);
    advance(cpu, 4000);
    CHECK_PPIS(PPI(27, 1));
    CHECK_EQ_U64(timer_next_event(cpu), 5000);
    advance(cpu, 5000);
    CHECK_PPIS(PPI(30, 1));
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX);

    /* A change the timer has not driven yet is due at the last update's count: cpu_reset()
     * clears the controls of a firing timer, and the next update lowers its output. */
    cpu_reset(cpu, FIXTURE_CODE);
    CHECK_EQ_U64(timer_next_event(cpu), 5000);
    CHECK_NO_PPIS();
    timer_update(cpu);
    CHECK_PPIS(PPI(30, 0), PPI(27, 0), PPI(26, 0));
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX);
}

/* --- Event streams ---------------------------------------------------------------------------- */

/* CNTKCTL_EL1.{EVNTEN, EVNTDIR, EVNTI}: an event each time bit EVNTI of CNTVCT_EL0 goes 0 -> 1
 * (EVNTDIR = 0) or 1 -> 0 (EVNTDIR = 1); timer_next_event reports the physical count of the
 * next one. */
static void test_event_stream_el1(void)
{
    struct cpu *cpu = timer_cpu(1);
    cpu->event_register = false;
    cpu->sr[SR_CNTVOFF_EL2] = 3;
    cpu->insns = 100;                      /* CNTVCT 97 */
    msr(cpu, R_CNTKCTL, 2u << 4 | 1u << 2); /* bit 2 rising: CNTVCT = 8k + 4 */
    CHECK_EQ_U64(cpu->event_register, false);
    CHECK_EQ_U64(timer_next_event(cpu), 103); /* CNTVCT 100 */
    advance(cpu, 102);
    CHECK_EQ_U64(cpu->event_register, false);
    CHECK_EQ_U64(timer_next_event(cpu), 103);
    advance(cpu, 103);
    CHECK_EQ_U64(cpu->event_register, true);
    CHECK_EQ_U64(timer_next_event(cpu), 111);

    /* WFE consumes the event and completes. */
    uint32_t wfe = WFE;
    fixture_run(cpu, &wfe, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    CHECK_EQ_U64(cpu->event_register, false);
    CHECK_EQ_U64(cpu->stop_reason, STOP_NONE);

    /* Several transitions since the last update make one event. */
    advance(cpu, 200);
    CHECK_EQ_U64(cpu->event_register, true);
    cpu->event_register = false;

    /* Falling edge of bit 0: every even CNTVCT. */
    msr(cpu, R_CNTKCTL, 0u << 4 | 1u << 3 | 1u << 2); /* at count 200: CNTVCT 197 */
    CHECK_EQ_U64(timer_next_event(cpu), 201);           /* CNTVCT 198 */
    advance(cpu, 201);
    CHECK_EQ_U64(cpu->event_register, true);
    CHECK_EQ_U64(timer_next_event(cpu), 203);

    /* Disabled: no events, never due. */
    cpu->event_register = false;
    msr(cpu, R_CNTKCTL, 0);
    CHECK_EQ_U64(timer_next_event(cpu), UINT64_MAX);
    advance(cpu, 1000);
    CHECK_EQ_U64(cpu->event_register, false);

    /* EVNTI = 15: period 2^16; the stream follows the virtual count through CNTVOFF_EL2. */
    cpu->sr[SR_CNTVOFF_EL2] = 0xfffffffffffff000ull; /* CNTVCT = count + 0x1000 */
    msr(cpu, R_CNTKCTL, 15u << 4 | 1u << 2);         /* at count 1000 */
    CHECK_EQ_U64(timer_next_event(cpu), 0x8000 - 0x1000);
}

/* CNTHCTL_EL2's stream watches CNTPCT_EL0; both streams together report the earlier event. */
static void test_event_stream_el2(void)
{
    struct cpu *cpu = timer_cpu(2);
    cpu->event_register = false;
    cpu->sr[SR_CNTVOFF_EL2] = 1;
    cpu->insns = 0x40;
    msr(cpu, R_CNTHCTL, 3u | 4u << 4 | 1u << 3 | 1u << 2); /* bit 4 falling: CNTPCT = 32k */
    CHECK_EQ_U64(cpu->sr[SR_CNTHCTL_EL2], 0x4f);
    CHECK_EQ_U64(timer_next_event(cpu), 0x60);
    advance(cpu, 0x5f);
    CHECK_EQ_U64(cpu->event_register, false);
    advance(cpu, 0x60);
    CHECK_EQ_U64(cpu->event_register, true);
    cpu->event_register = false;
    msr(cpu, R_CNTKCTL, 1u << 2); /* at 0x60: bit 0 of CNTVCT rising: CNTVCT odd = CNTPCT even */
    CHECK_EQ_U64(timer_next_event(cpu), 0x62);
    msr(cpu, R_CNTP_CVAL, 0x62);
    msr(cpu, R_CNTP_CTL, 1);  /* at 0x62: fires at once */
    CHECK_PPIS(PPI(30, 1));
    CHECK_EQ_U64(cpu->event_register, true); /* CNTVCT reached 0x61 at count 0x62 */
    CHECK_EQ_U64(timer_next_event(cpu), 0x64);

    /* A write to the controls counts the transitions before it under the old ones. */
    cpu = timer_cpu(2);
    cpu->event_register = false;
    cpu->insns = 0;
    msr(cpu, R_CNTHCTL, 3u | 1u << 2); /* bit 0 rising at odd counts */
    cpu->insns = 7;
    msr(cpu, R_CNTHCTL, 3u);
    CHECK_EQ_U64(cpu->event_register, true);
}

/* --- Access traps ---------------------------------------------------------------------------- */

enum { NO_TRAP = -1, TRAP_EL1 = 1, TRAP_EL2 = 2, UNDEF_EL1 = 0x11, UNDEF_EL2 = 0x12 };

#define KCTL_EL0PCTEN (1u << 0)
#define KCTL_EL0VCTEN (1u << 1)
#define KCTL_EL0VTEN (1u << 8)
#define KCTL_EL0PTEN (1u << 9)
#define HCTL_EL1PCTEN (1u << 0)
#define HCTL_EL1PCEN (1u << 1)

/* The outcome the ARM ARM's accessibility pseudocode of each register gives (AArch64 System
 * Register Descriptions, "Accessibility", with EL2 enabled, HCR_EL2.E2H = 0, no EL3): at EL0
 * the CNTKCTL_EL1 enable first, trapping to EL1, or to EL2 when HCR_EL2.TGE = 1; then the
 * CNTHCTL_EL2 enable for EL0 and EL1, trapping to EL2. Below the register's minimum EL the
 * access is UNDEFINED (to EL2 from EL0 when HCR_EL2.TGE = 1). */
static int expected_outcome(unsigned r, bool read, unsigned el, uint64_t kctl, uint64_t hctl,
                            bool tge)
{
    int undef = el == 0 && tge ? UNDEF_EL2 : el == 2 ? UNDEF_EL2 : UNDEF_EL1;
    int el0_trap = tge ? TRAP_EL2 : TRAP_EL1;
    switch (r) {
    case R_CNTFRQ:
        if (!read)
            return el < 2 ? undef : NO_TRAP;
        if (el == 0 && !(kctl & (KCTL_EL0PCTEN | KCTL_EL0VCTEN)))
            return el0_trap;
        return NO_TRAP;
    case R_CNTPCT:
        if (!read)
            return undef; /* MSR to a read-only register */
        if (el == 0 && !(kctl & KCTL_EL0PCTEN))
            return el0_trap;
        if (el < 2 && !(hctl & HCTL_EL1PCTEN))
            return TRAP_EL2;
        return NO_TRAP;
    case R_CNTVCT:
        if (!read)
            return undef;
        if (el == 0 && !(kctl & KCTL_EL0VCTEN))
            return el0_trap;
        return NO_TRAP;
    case R_CNTP_TVAL:
    case R_CNTP_CTL:
    case R_CNTP_CVAL:
        if (el == 0 && !(kctl & KCTL_EL0PTEN))
            return el0_trap;
        if (el < 2 && !(hctl & HCTL_EL1PCEN))
            return TRAP_EL2;
        return NO_TRAP;
    case R_CNTV_TVAL:
    case R_CNTV_CTL:
    case R_CNTV_CVAL:
        if (el == 0 && !(kctl & KCTL_EL0VTEN))
            return el0_trap;
        return NO_TRAP;
    case R_CNTKCTL:
        return el == 0 ? undef : NO_TRAP;
    default: /* CNTHCTL_EL2, CNTVOFF_EL2, CNTHP_*_EL2 */
        return el < 2 ? undef : NO_TRAP;
    }
}

static uint32_t esr_sysreg_trap(uint32_t insn)
{
    return 0x18u << 26 | 1u << 25 | sysreg_trap_iss(insn);
}

/* Every timer register, both directions, from EL0, EL1 and EL2, under every combination of the
 * CNTKCTL_EL1 and CNTHCTL_EL2 enables and HCR_EL2.TGE (from EL0): the exception, its ESR
 * (EC 0x18 with the instruction's ISS, or EC 0 for UNDEFINED), ELR and target EL, or the access
 * completing. */
static void test_access_traps_all(void)
{
    static const uint64_t kctls[] = { 0, KCTL_EL0PCTEN, KCTL_EL0VCTEN, KCTL_EL0VTEN, KCTL_EL0PTEN,
                                      KCTL_EL0PCTEN | KCTL_EL0VCTEN | KCTL_EL0VTEN | KCTL_EL0PTEN };
    static const uint64_t hctls[] = { 0, HCTL_EL1PCTEN, HCTL_EL1PCEN,
                                      HCTL_EL1PCTEN | HCTL_EL1PCEN };
    unsigned failures = 0, cases = 0;
    for (unsigned r = 0; r < R_COUNT; r++)
        for (unsigned read = 0; read < 2; read++)
            for (unsigned el = 0; el < 3; el++)
                for (unsigned tge = 0; tge < (el == 0 ? 2u : 1u); tge++) {
                    struct cpu *cpu = fixture_cpu(el);
                    if (tge)
                        cpu->sr[SR_HCR_EL2] |= HCR_TGE;
                    cpu->sr[SR_VBAR_EL1] = 0x40010000;
                    cpu->sr[SR_VBAR_EL2] = 0x40020000;
                    uint32_t insn = sysreg_insn(r, read, 3);
                    for (unsigned k = 0; k < sizeof kctls / sizeof kctls[0]; k++)
                        for (unsigned h = 0; h < sizeof hctls / sizeof hctls[0]; h++) {
                            cpu_set_el_sp(cpu, el, el != 0);
                            cpu->sr[SR_CNTKCTL_EL1] = kctls[k];
                            cpu->sr[SR_CNTHCTL_EL2] = hctls[h];
                            cpu->sr[SR_ESR_EL1] = cpu->sr[SR_ESR_EL2] = 0;
                            cpu->sr[SR_ELR_EL1] = cpu->sr[SR_ELR_EL2] = 0;
                            fixture_run(cpu, &insn, 1);
                            int want = expected_outcome(r, read, el, kctls[k], hctls[h], tge);
                            bool ok;
                            if (want == NO_TRAP) {
                                ok = cpu->el == el && cpu->pc == FIXTURE_CODE + 4;
                            } else {
                                unsigned target = (unsigned)want & 3;
                                uint32_t esr = want & 0x10 ? 1u << 25 : esr_sysreg_trap(insn);
                                ok = cpu->el == target &&
                                     cpu->sr[target == 2 ? SR_ESR_EL2 : SR_ESR_EL1] == esr &&
                                     cpu->sr[target == 2 ? SR_ELR_EL2 : SR_ELR_EL1] ==
                                         FIXTURE_CODE &&
                                     cpu->pc == (target == 2 ? 0x40020000u : 0x40010000u) +
                                                    (el == target ? 0x200u : 0x400u);
                            }
                            cases++;
                            if (!ok && failures++ < 10)
                                fprintf(stderr,
                                        "%s %s at EL%u (TGE %u, CNTKCTL %#llx, CNTHCTL %#llx): "
                                        "expected %d, EL%u PC %#llx\n",
                                        read ? "MRS" : "MSR", regs[r].name, el, tge,
                                        (unsigned long long)kctls[k], (unsigned long long)hctls[h],
                                        want, cpu->el, (unsigned long long)cpu->pc);
                        }
                }
    CHECK_EQ_U64(failures, 0);
    CHECK_EQ_U64(cases, 15 * 2 * 4 * 6 * 4);
}

/* A few of the same written out with their exact syndromes. */
static void test_access_traps_exact(void)
{
    /* MRS X5, CNTPCT_EL0 at EL0 with CNTKCTL_EL1.EL0PCTEN = 0: EC 0x18 to EL1, ISS Op0 3, Op2 1,
     * Op1 3, CRn 14, Rt 5, CRm 0, read. */
    struct cpu *cpu = fixture_cpu(0);
    cpu->sr[SR_CNTKCTL_EL1] = 0;
    uint32_t insn = sysreg_insn(R_CNTPCT, true, 5);
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x6232f8a1u);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], FIXTURE_CODE);

    /* The EL1 control comes first: EL0PCTEN = 0 and EL1PCTEN = 0 trap to EL1. */
    cpu = fixture_cpu(0);
    cpu->sr[SR_CNTKCTL_EL1] = 0;
    cpu->sr[SR_CNTHCTL_EL2] = 0;
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x6232f8a1u);

    /* ...and with HCR_EL2.TGE = 1 the same trap goes to EL2. */
    cpu = fixture_cpu(0);
    cpu->sr[SR_CNTKCTL_EL1] = 0;
    cpu->sr[SR_HCR_EL2] |= HCR_TGE;
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->el, 2);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0x6232f8a1u);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL2], FIXTURE_CODE);

    /* MSR CNTP_CTL_EL0, X7 at EL1 with CNTHCTL_EL2.EL1PCEN = 0: EC 0x18 to EL2, write. */
    cpu = fixture_cpu(1);
    cpu->sr[SR_CNTHCTL_EL2] = HCTL_EL1PCTEN;
    insn = sysreg_insn(R_CNTP_CTL, false, 7);
    cpu->r[7] = 1;
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->el, 2);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2], 0x6232f8e4u);
    CHECK_EQ_U64(cpu->sr[SR_CNTP_CTL_EL0], 0); /* the write did not happen */

    /* MSR CNTV_CVAL_EL0, X0 at EL0 with EL0VTEN = 0: to EL1. */
    cpu = fixture_cpu(0);
    cpu->sr[SR_CNTKCTL_EL1] = KCTL_EL0PTEN;
    insn = sysreg_insn(R_CNTV_CVAL, false, 0);
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x6234f806u);

    /* MRS X0, CNTVOFF_EL2 at EL1: UNDEFINED. */
    cpu = fixture_cpu(1);
    insn = sysreg_insn(R_CNTVOFF, true, 0);
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x02000000u);
}

UNIT_SUITE(timer,
           UNIT_TEST(test_counts),
           UNIT_TEST(test_tval_arithmetic),
           UNIT_TEST(test_ctl_istatus),
           UNIT_TEST(test_ppi_outputs),
           UNIT_TEST(test_cntvoff_effect),
           UNIT_TEST(test_virtual_wrap),
           UNIT_TEST(test_physical_wrap),
           UNIT_TEST(test_next_event_timers),
           UNIT_TEST(test_event_stream_el1),
           UNIT_TEST(test_event_stream_el2),
           UNIT_TEST(test_access_traps_all),
           UNIT_TEST(test_access_traps_exact))

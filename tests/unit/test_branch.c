/* Branches: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET (branch_unconditional_immediate,
 * branch_conditional_cond, branch_conditional_compare, branch_conditional_test,
 * branch_unconditional_register), and the post-v8.0 branch encodings that must be UNDEFINED. */
#include <string.h>

#include "cpu.h"
#include "fixture.h"
#include "harness.h"

#define VBAR1 0x40010000ull
#define AT 0x40040000ull /* where single branches execute: room both ways */

static struct cpu *setup(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_VBAR_EL1] = VBAR1;
    cpu->sr[SR_ESR_EL1] = 0xdeadbeef;
    return cpu;
}

/* Execute one instruction at address AT. */
static void exec_at(struct cpu *cpu, uint32_t insn)
{
    cpu->pc = AT;
    fixture_exec(cpu, insn);
}

static void check_undefined(uint32_t insn)
{
    struct cpu *cpu = setup();
    cpu->r[30] = 0x1234;
    exec_at(cpu, insn);
    CHECK_EQ_U64(cpu->pc, VBAR1 + 0x200);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x02000000);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], AT);
    CHECK_EQ_U64(cpu->r[30], 0x1234);
}

/* --- B, BL --- */

static void test_b(void)
{
    struct cpu *cpu = setup();
    exec_at(cpu, 0x14000002); /* b .+8 */
    CHECK_EQ_U64(cpu->pc, AT + 8);
    exec_at(cpu, 0x17ffffff); /* b .-4 */
    CHECK_EQ_U64(cpu->pc, AT - 4);
    exec_at(cpu, 0x14000000); /* b . */
    CHECK_EQ_U64(cpu->pc, AT);
    exec_at(cpu, 0x15ffffff); /* b .+0x7fffffc: largest forward */
    CHECK_EQ_U64(cpu->pc, AT + 0x7fffffc);
    exec_at(cpu, 0x16000000); /* b .-0x8000000: largest backward, wraps below 0 */
    CHECK_EQ_U64(cpu->pc, AT - 0x8000000);
    CHECK_EQ_U64(cpu->r[30], 0);
}

static void test_bl(void)
{
    struct cpu *cpu = setup();
    exec_at(cpu, 0x94000040); /* bl .+0x100 */
    CHECK_EQ_U64(cpu->pc, AT + 0x100);
    CHECK_EQ_U64(cpu->r[30], AT + 4);
    exec_at(cpu, 0x97fffffe); /* bl .-8 */
    CHECK_EQ_U64(cpu->pc, AT - 8);
    CHECK_EQ_U64(cpu->r[30], AT + 4);
}

/* --- B.cond: every condition against every NZCV value --- */

static int reference_cond(unsigned cond, unsigned n, unsigned z, unsigned c, unsigned v)
{
    switch (cond) {
    case 0x0: return z;             /* EQ */
    case 0x1: return !z;            /* NE */
    case 0x2: return c;             /* CS */
    case 0x3: return !c;            /* CC */
    case 0x4: return n;             /* MI */
    case 0x5: return !n;            /* PL */
    case 0x6: return v;             /* VS */
    case 0x7: return !v;            /* VC */
    case 0x8: return c && !z;       /* HI */
    case 0x9: return !c || z;       /* LS */
    case 0xa: return n == v;        /* GE */
    case 0xb: return n != v;        /* LT */
    case 0xc: return !z && n == v;  /* GT */
    case 0xd: return z || n != v;   /* LE */
    default: return 1;              /* AL, NV */
    }
}

static void test_b_cond_all(void)
{
    struct cpu *cpu = setup();
    for (unsigned cond = 0; cond < 16; cond++) {
        for (unsigned flags = 0; flags < 16; flags++) {
            cpu->nzcv = flags << 28;
            exec_at(cpu, 0x54ffff80u | cond); /* b.cond .-16 */
            uint64_t expected = reference_cond(cond, flags >> 3, (flags >> 2) & 1, (flags >> 1) & 1, flags & 1)
                                    ? AT - 16
                                    : AT + 4;
            CHECK_EQ_U64(cpu->pc, expected);
            CHECK_EQ_U64(cpu->nzcv, flags << 28);
        }
    }
}

static void test_b_cond_range(void)
{
    struct cpu *cpu = setup();
    cpu->nzcv = FLAG_Z;
    exec_at(cpu, 0x547fffe0); /* b.eq .+0xffffc */
    CHECK_EQ_U64(cpu->pc, AT + 0xffffc);
    exec_at(cpu, 0x54800000); /* b.eq .-0x100000 */
    CHECK_EQ_U64(cpu->pc, AT - 0x100000);
}

/* --- CBZ, CBNZ --- */

static void test_cbz_cbnz(void)
{
    struct cpu *cpu = setup();
    cpu->r[1] = 0x100000000ull; /* W1 = 0, X1 != 0 */
    exec_at(cpu, 0x34000061);   /* cbz w1, .+12 */
    CHECK_EQ_U64(cpu->pc, AT + 12);
    exec_at(cpu, 0xb4000061);   /* cbz x1, .+12 */
    CHECK_EQ_U64(cpu->pc, AT + 4);
    exec_at(cpu, 0x35ffffe1);   /* cbnz w1, .-4 */
    CHECK_EQ_U64(cpu->pc, AT + 4);
    exec_at(cpu, 0xb5ffffe1);   /* cbnz x1, .-4 */
    CHECK_EQ_U64(cpu->pc, AT - 4);
    cpu->r[1] = 0x80000000;
    exec_at(cpu, 0x35ffffe1); /* cbnz w1, .-4 */
    CHECK_EQ_U64(cpu->pc, AT - 4);
    exec_at(cpu, 0x34000061); /* cbz w1 */
    CHECK_EQ_U64(cpu->pc, AT + 4);
    cpu->r[1] = 0;
    exec_at(cpu, 0xb4000061); /* cbz x1 */
    CHECK_EQ_U64(cpu->pc, AT + 12);
    exec_at(cpu, 0xb5ffffe1); /* cbnz x1 */
    CHECK_EQ_U64(cpu->pc, AT + 4);
}

static void test_cbz_xzr(void)
{
    struct cpu *cpu = setup();
    cpu->r[REG_SP] = 0x1234; /* register 31 is XZR here, not SP */
    cpu->r[REG_SINK] = 0x5678;
    exec_at(cpu, 0xb400005f); /* cbz xzr, .+8 */
    CHECK_EQ_U64(cpu->pc, AT + 8);
    exec_at(cpu, 0xb500005f); /* cbnz xzr, .+8 */
    CHECK_EQ_U64(cpu->pc, AT + 4);
}

/* --- TBZ, TBNZ: every bit number, both polarities, forward and backward --- */

static uint32_t tb(unsigned nz, unsigned bit, unsigned rt, int words)
{
    return (bit >> 5) << 31 | 0x36000000u | nz << 24 | (bit & 31) << 19 | ((uint32_t)words & 0x3fff) << 5 | rt;
}

static void test_tbz_tbnz_all_bits(void)
{
    struct cpu *cpu = setup();
    for (unsigned bit = 0; bit < 64; bit++) {
        cpu->r[7] = 1ull << bit;
        exec_at(cpu, tb(1, bit, 7, -3));
        CHECK_EQ_U64(cpu->pc, AT - 12);
        exec_at(cpu, tb(0, bit, 7, 5));
        CHECK_EQ_U64(cpu->pc, AT + 4);
        cpu->r[7] = ~(1ull << bit);
        exec_at(cpu, tb(1, bit, 7, -3));
        CHECK_EQ_U64(cpu->pc, AT + 4);
        exec_at(cpu, tb(0, bit, 7, 5));
        CHECK_EQ_U64(cpu->pc, AT + 20);
    }
}

static void test_tbz_encodings(void)
{
    struct cpu *cpu = setup();
    cpu->r[2] = 0;
    exec_at(cpu, 0x36fbffe2); /* tbz w2, #31, .+0x7ffc: largest forward */
    CHECK_EQ_U64(cpu->pc, AT + 0x7ffc);
    cpu->r[2] = 1ull << 32;
    exec_at(cpu, 0xb7040002); /* tbnz x2, #32, .-0x8000: largest backward */
    CHECK_EQ_U64(cpu->pc, AT - 0x8000);
    cpu->r[1] = 1ull << 63;
    exec_at(cpu, 0xb7ffffc1); /* tbnz x1, #63, .-8 */
    CHECK_EQ_U64(cpu->pc, AT - 8);
    exec_at(cpu, 0xb6f8005f); /* tbz xzr, #63, .+8: XZR has every bit clear */
    CHECK_EQ_U64(cpu->pc, AT + 8);
}

/* --- BR, BLR, RET --- */

static void test_br_blr_ret(void)
{
    struct cpu *cpu = setup();
    cpu->r[3] = 0x40051230;
    exec_at(cpu, 0xd61f0060); /* br x3 */
    CHECK_EQ_U64(cpu->pc, 0x40051230);
    CHECK_EQ_U64(cpu->r[30], 0);
    cpu->r[5] = 0x40052340;
    exec_at(cpu, 0xd63f00a0); /* blr x5 */
    CHECK_EQ_U64(cpu->pc, 0x40052340);
    CHECK_EQ_U64(cpu->r[30], AT + 4);
    cpu->r[30] = 0x40053450;
    exec_at(cpu, 0xd65f03c0); /* ret */
    CHECK_EQ_U64(cpu->pc, 0x40053450);
    exec_at(cpu, 0xd65f00a0); /* ret x5 */
    CHECK_EQ_U64(cpu->pc, 0x40052340);
    CHECK_EQ_U64(cpu->r[30], 0x40053450);
}

static void test_blr_x30_reads_before_writing(void)
{
    struct cpu *cpu = setup();
    cpu->r[30] = 0x40054560;
    exec_at(cpu, 0xd63f03c0); /* blr x30 */
    CHECK_EQ_U64(cpu->pc, 0x40054560);
    CHECK_EQ_U64(cpu->r[30], AT + 4);
}

static void test_br_xzr(void)
{
    struct cpu *cpu = setup();
    cpu->r[REG_SP] = 0x40055670;
    exec_at(cpu, 0xd61f03e0); /* br xzr */
    CHECK_EQ_U64(cpu->pc, 0);
}

/* A misaligned register target is taken as is; the fetch there raises the PC alignment
 * fault (EC 0x22) with FAR = ELR = the target. */
static void test_br_misaligned_target(void)
{
    struct cpu *cpu = setup();
    cpu->r[3] = AT + 0x102;
    exec_at(cpu, 0xd61f0060); /* br x3 */
    CHECK_EQ_U64(cpu->pc, AT + 0x102);
    cpu_step(cpu);
    CHECK_EQ_U64(cpu->pc, VBAR1 + 0x200);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x8a000000);
    CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], AT + 0x102);
    CHECK_EQ_U64(cpu->sr[SR_FAR_EL1], AT + 0x102);
}

/* AArch64.BranchAddr: register branches drop the tag byte when TCR_ELx.TBI applies. */
static void test_br_top_byte_ignore(void)
{
    struct cpu *cpu = setup();
    cpu->r[3] = 0x5a00000040001000ull;
    exec_at(cpu, 0xd61f0060); /* br x3, TBI0 = 0: the tag stays (the fetch will fault) */
    CHECK_EQ_U64(cpu->pc, 0x5a00000040001000ull);
    cpu->sr[SR_TCR_EL1] = 1ull << 37; /* TBI0 */
    exec_at(cpu, 0xd61f0060);
    CHECK_EQ_U64(cpu->pc, 0x40001000);
    cpu->r[3] = 0x12ff800000001000ull; /* bit 55 set: TBI1 applies, not TBI0 */
    exec_at(cpu, 0xd61f0060);
    CHECK_EQ_U64(cpu->pc, 0x12ff800000001000ull);
    cpu->sr[SR_TCR_EL1] = 1ull << 38; /* TBI1 */
    exec_at(cpu, 0xd63f0060);         /* blr x3 */
    CHECK_EQ_U64(cpu->pc, 0xffff800000001000ull);
    CHECK_EQ_U64(cpu->r[30], AT + 4);

    cpu = fixture_cpu(2);
    cpu->r[30] = 0xab00000040002000ull;
    exec_at(cpu, 0xd65f03c0); /* ret, TCR_EL2.TBI = 0 */
    CHECK_EQ_U64(cpu->pc, 0xab00000040002000ull);
    cpu->sr[SR_TCR_EL2] |= 1ull << 20;
    exec_at(cpu, 0xd65f03c0);
    CHECK_EQ_U64(cpu->pc, 0x40002000);
    cpu->r[30] = 0xffff000040002000ull; /* EL2 zero-extends from bit 55 */
    exec_at(cpu, 0xd65f03c0);
    CHECK_EQ_U64(cpu->pc, 0x00ff000040002000ull);
}

/* --- encodings that are not ARMv8.0 branches --- */

static void test_post_v80_branches_undefined(void)
{
    static const uint32_t words[] = {
        0xd71f0822, /* braa x1, x2 */
        0xd73f0822, /* blraa x1, x2 */
        0xd61f083f, /* braaz x1 */
        0xd63f087f, /* blraaz x3 */
        0xd65f0bff, /* retaa */
        0xd65f0fff, /* retab */
        0x54000010, /* bc.eq (o0 = 1) */
        0xd61f0001, /* br with op4 != 0 */
        0xd61f0400, /* br with op3 != 0 */
        0xd65e03c0, /* ret with op2 != 11111 */
        0xd67f03c0, /* opc = 0011 */
        0xd6df03e0, /* opc = 0110 */
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++)
        check_undefined(words[i]);
}

/* A loop in blocks: a conditional branch not taken falls through inside the block. */
static void test_loop_cpu_run(void)
{
    struct cpu *cpu = setup();
    const uint32_t code[] = {
        0xd2800000, /* mov x0, #0 */
        0xd2800141, /* mov x1, #10 */
        0x91000400, /* loop: add x0, x0, #1 */
        0xd1000421, /* sub x1, x1, #1 */
        0xb5ffffc1, /* cbnz x1, loop */
        0x14000000, /* b . */
    };
    memcpy(fixture_ram(FIXTURE_CODE), code, sizeof code);
    cpu->pc = FIXTURE_CODE;
    cpu_run(cpu, 2 + 30 + 1);
    CHECK_EQ_U64(cpu->r[0], 10);
    CHECK_EQ_U64(cpu->r[1], 0);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 20);
    CHECK_EQ_U64(cpu->insns, 2 + 30 + 1);
}

UNIT_SUITE(branch,
           UNIT_TEST(test_b),
           UNIT_TEST(test_bl),
           UNIT_TEST(test_b_cond_all),
           UNIT_TEST(test_b_cond_range),
           UNIT_TEST(test_cbz_cbnz),
           UNIT_TEST(test_cbz_xzr),
           UNIT_TEST(test_tbz_tbnz_all_bits),
           UNIT_TEST(test_tbz_encodings),
           UNIT_TEST(test_br_blr_ret),
           UNIT_TEST(test_blr_x30_reads_before_writing),
           UNIT_TEST(test_br_xzr),
           UNIT_TEST(test_br_misaligned_target),
           UNIT_TEST(test_br_top_byte_ignore),
           UNIT_TEST(test_post_v80_branches_undefined),
           UNIT_TEST(test_loop_cpu_run))

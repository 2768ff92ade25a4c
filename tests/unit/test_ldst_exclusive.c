/* Load/store exclusive and the local exclusive monitor (ARM ARM B2.9, C4.1.4): success and
 * failure sequences with exact status values and memory, every size, pairs, acquire/release
 * forms, CLREX, the CONSTRAINED UNPREDICTABLE register overlaps, and the alignment faults
 * exclusives take whatever SCTLR.A says. */
#include <stdint.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"

#define M0 0x1122334455667788ull
#define M1 0x99aabbccddeeff00ull
#define X2 0xa1a2a3a4a5a6a7a8ull
#define X4 0xb1b2b3b4b5b6b7b8ull
#define X3 0xdeadbeefdeadbeefull /* status register before: a write is always visible */

#define LDXR_X 0xc85f7c20u /* ldxr x0, [x1] */
#define LDXR_X6 0xc85f7cc0u /* ldxr x0, [x6] */
#define LDXR_W 0x885f7c20u /* ldxr w0, [x1] */
#define LDXRB 0x085f7c20u /* ldxrb w0, [x1] */
#define LDXRH 0x485f7c20u /* ldxrh w0, [x1] */
#define LDAXR_X 0xc85ffc20u /* ldaxr x0, [x1] */
#define LDAXRB 0x085ffc20u /* ldaxrb w0, [x1] */
#define LDXP_W 0x887f1420u /* ldxp w0, w5, [x1] */
#define LDXP_X 0xc87f1420u /* ldxp x0, x5, [x1] */
#define LDAXP_X 0xc87f9420u /* ldaxp x0, x5, [x1] */
#define STXR_X 0xc8037c22u /* stxr w3, x2, [x1] */
#define STXR_X6 0xc8037cc2u /* stxr w3, x2, [x6] */
#define STXR_W 0x88037c22u /* stxr w3, w2, [x1] */
#define STXRB 0x08037c22u /* stxrb w3, w2, [x1] */
#define STXRH 0x48037c22u /* stxrh w3, w2, [x1] */
#define STLXR_X 0xc803fc22u /* stlxr w3, x2, [x1] */
#define STLXRH 0x4803fc22u /* stlxrh w3, w2, [x1] */
#define STXP_W 0x88231022u /* stxp w3, w2, w4, [x1] */
#define STXP_X 0xc8231022u /* stxp w3, x2, x4, [x1] */
#define STLXP_X 0xc8239022u /* stlxp w3, x2, x4, [x1] */
#define STXR_S_IS_T 0xc8027c22u /* stxr w2, x2, [x1] */
#define STXR_S_IS_N 0xc8017c22u /* stxr w1, x2, [x1] */
#define CLREX 0xd5033f5fu

struct excl_case {
    const char *what;
    uint32_t code[4];
    unsigned n;
    uint64_t x0, x1, x2, x3, x5, m0, m1;
};

static const struct excl_case cases[] = {
    { "ldxr; stxr", { LDXR_X, STXR_X }, 2, M0, FIXTURE_DATA, X2, 0, 0, X2, M1 },
    { "stxr without ldxr", { STXR_X }, 1, 0, FIXTURE_DATA, X2, 1, 0, M0, M1 },
    { "second stxr fails", { LDXR_X, STXR_X, STXR_X }, 3, M0, FIXTURE_DATA, X2, 1, 0, X2, M1 },
    { "other address fails and clears", { LDXR_X, STXR_X6, STXR_X }, 3, M0, FIXTURE_DATA, X2, 1, 0, M0, M1 },
    { "a later ldxr moves the mark", { LDXR_X, LDXR_X6, STXR_X }, 3, M1, FIXTURE_DATA, X2, 1, 0, M0, M1 },
    { "other size fails (W then X)", { LDXR_W, STXR_X }, 2, 0x55667788, FIXTURE_DATA, X2, 1, 0, M0, M1 },
    { "other size fails (pair then X)", { LDXP_X, STXR_X }, 2, M0, FIXTURE_DATA, X2, 1, M1, M0, M1 },
    { "byte", { LDXRB, STXRB }, 2, 0x88, FIXTURE_DATA, X2, 0, 0, 0x11223344556677a8, M1 },
    { "halfword", { LDXRH, STXRH }, 2, 0x7788, FIXTURE_DATA, X2, 0, 0, 0x112233445566a7a8, M1 },
    { "word", { LDXR_W, STXR_W }, 2, 0x55667788, FIXTURE_DATA, X2, 0, 0, 0x11223344a5a6a7a8, M1 },
    { "acquire/release", { LDAXR_X, STLXR_X }, 2, M0, FIXTURE_DATA, X2, 0, 0, X2, M1 },
    { "acquire byte, release halfword", { LDAXRB, STLXRH }, 2, 0x88, FIXTURE_DATA, X2, 1, 0, M0, M1 },
    { "pair of W", { LDXP_W, STXP_W }, 2, 0x55667788, FIXTURE_DATA, X2, 0, 0x11223344, 0xb5b6b7b8a5a6a7a8, M1 },
    { "pair of X", { LDXP_X, STXP_X }, 2, M0, FIXTURE_DATA, X2, 0, M1, X2, X4 },
    { "acquire/release pair", { LDAXP_X, STLXP_X }, 2, M0, FIXTURE_DATA, X2, 0, M1, X2, X4 },
    { "stxp without ldxp", { STXP_X }, 1, 0, FIXTURE_DATA, X2, 1, 0, M0, M1 },
    { "clrex", { LDXR_X, CLREX, STXR_X }, 3, M0, FIXTURE_DATA, X2, 1, 0, M0, M1 },
    /* CONSTRAINED UNPREDICTABLE overlaps: the original value at the original address */
    { "Rs == Rt", { LDXR_X, STXR_S_IS_T }, 2, M0, FIXTURE_DATA, 0, X3, 0, X2, M1 },
    { "Rs == Rn", { LDXR_X, STXR_S_IS_N }, 2, M0, 0, X2, X3, 0, X2, M1 },
};

static struct cpu *excl_cpu(void)
{
    struct cpu *cpu = fixture_cpu(1);
    uint64_t m[2] = { M0, M1 };
    memcpy(fixture_ram(FIXTURE_DATA), m, sizeof m);
    cpu->r[1] = FIXTURE_DATA;
    cpu->r[2] = X2;
    cpu->r[3] = X3;
    cpu->r[4] = X4;
    cpu->r[6] = FIXTURE_DATA + 8;
    return cpu;
}

static void test_exclusive_sequences(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct excl_case *c = &cases[i];
        struct cpu *cpu = excl_cpu();
        fixture_run(cpu, c->code, c->n);
        uint64_t m[2];
        memcpy(m, fixture_ram(FIXTURE_DATA), sizeof m);
        if (cpu->pc != FIXTURE_CODE + 4 * c->n || cpu->r[3] != c->x3 || m[0] != c->m0)
            printf("\nexclusive case '%s' failed\n", c->what);
        CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4 * c->n);
        CHECK_EQ_U64(cpu->r[0], c->x0);
        CHECK_EQ_U64(cpu->r[1], c->x1);
        CHECK_EQ_U64(cpu->r[2], c->x2);
        CHECK_EQ_U64(cpu->r[3], c->x3);
        CHECK_EQ_U64(cpu->r[5], c->x5);
        CHECK_EQ_U64(m[0], c->m0);
        CHECK_EQ_U64(m[1], c->m1);
        CHECK_EQ_U64(cpu->exclusive_valid, 0); /* every sequence ends with a store exclusive */
    }
}

/* Exclusives must be aligned to their size (a pair of X to 16 bytes) whatever SCTLR.A says;
 * a store exclusive checks before its monitor, so it faults even when it would fail. */
static void test_exclusive_alignment(void)
{
    static const struct {
        uint32_t insn;
        uint64_t va;
        uint64_t esr;
    } faults[] = {
        { LDXR_X, FIXTURE_DATA + 4, 0x96000021 },
        { LDXRH, FIXTURE_DATA + 1, 0x96000021 },
        { LDXP_W, FIXTURE_DATA + 4, 0x96000021 },
        { LDXP_X, FIXTURE_DATA + 8, 0x96000021 },
        { STXR_X, FIXTURE_DATA + 4, 0x96000061 },
        { STXR_W, FIXTURE_DATA + 2, 0x96000061 },
        { STXP_X, FIXTURE_DATA + 8, 0x96000061 },
        { STXP_W, FIXTURE_DATA + 4, 0x96000061 },
    };
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        struct cpu *cpu = excl_cpu();
        fixture_normal_memory(cpu); /* Normal memory, so only the exclusive rule faults */
        cpu->r[1] = faults[i].va;
        fixture_run(cpu, &faults[i].insn, 1);
        CHECK_EQ_U64(cpu->pc, 0x200);
        CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], faults[i].esr);
        CHECK_EQ_U64(cpu->sr[SR_FAR_EL1], faults[i].va);
        CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], FIXTURE_CODE);
        CHECK_EQ_U64(cpu->r[3], X3);
        CHECK_EQ_U64(cpu->r[0], 0);
    }
}

UNIT_SUITE(ldst_exclusive,
           UNIT_TEST(test_exclusive_sequences),
           UNIT_TEST(test_exclusive_alignment))

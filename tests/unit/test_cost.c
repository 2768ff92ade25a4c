/* The cycle cost model (core/cost_model.c): classification of instruction words, the per-block
 * sums and their prefix charges in the run loop, exception / ERET / walk / MMIO costs, model
 * time following cycles, JSON overrides, determinism. Expected values use the default table of
 * docs/cost-model.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block.h"
#include "cost_model.h"
#include "elsim.h"
#include "fixture.h"
#include "harness.h"
#include "sysreg.h"

static void test_classify(void)
{
    static const struct { uint32_t word; enum cost_class cls; } cases[] = {
        { 0x91000421, COST_ALU },                     /* add x1, x1, #1 */
        { 0x9b017c22, COST_MUL },                     /* mul x2, x1, x1 */
        { 0x9ac10843, COST_DIV },                     /* udiv x3, x2, x1 */
        { 0xf9400024, COST_LOAD },                    /* ldr x4, [x1] */
        { 0xf9000024, COST_STORE },                   /* str x4, [x1] */
        { 0xa9401424, COST_LOAD },                    /* ldp x4, x5, [x1] */
        { 0xa9001424, COST_STORE },                   /* stp x4, x5, [x1] */
        { 0x3dc00020, COST_LOAD },                    /* ldr q0, [x1] */
        { 0x3d800020, COST_STORE },                   /* str q0, [x1] */
        { 0xc85f7c20, COST_LOAD },                    /* ldxr x0, [x1] */
        { 0xc8027c20, COST_STORE },                   /* stxr w2, x0, [x1] */
        { 0x58000140, COST_LOAD },                    /* ldr x0, literal */
        { 0x14000000, COST_BRANCH },                  /* b . */
        { 0x54ffffc1, COST_BRANCH },                  /* b.ne */
        { 0xd69f03e0, COST_BRANCH },                  /* eret */
        { 0xd4000002, COST_EXCEPTION_GEN },           /* hvc #0 */
        { 0xd4000001, COST_EXCEPTION_GEN },           /* svc #0 */
        { 0xd5033f9f, COST_DSB },                     /* dsb sy */
        { 0xd5033bbf, COST_DMB },                     /* dmb ish */
        { 0xd5033fdf, COST_ISB },                     /* isb */
        { 0xd503201f, COST_HINT },                    /* nop */
        { 0xd5382000, COST_SYSREG_READ_TRANSLATION }, /* mrs x0, ttbr0_el1 */
        { 0xd51c1100, COST_SYSREG_WRITE_EL2_CONTROL },/* msr hcr_el2, x0 */
        { 0xd53b9d00, COST_SYSREG_READ_PMU },         /* mrs x0, pmccntr_el0 */
        { 0xd51befe1, COST_SYSREG_WRITE_PMU },        /* msr pmccfiltr_el0, x1 */
        { 0xd51be220, COST_SYSREG_WRITE_TIMER },      /* msr cntp_ctl_el0, x0 */
        { 0xd53be020, COST_SYSREG_READ_TIMER },       /* mrs x0, cntpct_el0 */
        { 0xd5380000, COST_SYSREG_READ_ID },          /* mrs x0, midr_el1 */
        { 0xd538cc00, COST_SYSREG_READ_GIC },         /* mrs x0, icc_iar1_el1 */
        { 0xd508871f, COST_TLBI },                    /* tlbi vmalle1 */
        { 0xd50b7e20, COST_CACHE_MAINT },             /* dc civac, x0 */
        { 0xd5087800, COST_AT },                      /* at s1e1r, x0 */
        { 0x1e621820, COST_FP_DIV },                  /* fdiv d0, d1, d2 */
        { 0x1e21c020, COST_FP_DIV },                  /* fsqrt s0, s1 */
        { 0x1e622820, COST_FP },                      /* fadd d0, d1, d2 */
        { 0x1f420c20, COST_FP },                      /* fmadd d0, d1, d2, d3 */
        { 0x1e780020, COST_FP },                      /* fcvtzs w0, d1 */
        { 0x4ea28420, COST_SIMD },                    /* add v0.4s, v1.4s, v2.4s */
        { 0x4e22cc20, COST_SIMD },                    /* fmla v0.4s, v1.4s, v2.4s */
        { 0x4e284820, COST_SIMD },                    /* aese v0.16b, v1.16b */
        { 0x4c407000, COST_LOAD },                    /* ld1 {v0.16b}, [x0] */
        { 0x4c00ac20, COST_STORE },                   /* st1 {v0.2d, v1.2d}, [x1] */
        { 0x00000000, COST_OTHER },                   /* udf #0 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum cost_class got = cost_model_classify(cases[i].word);
        if (got != cases[i].cls)
            fprintf(stderr, "word 0x%08x: %s, expected %s\n", cases[i].word, cost_class_name(got),
                    cost_class_name(cases[i].cls));
        CHECK_EQ_U64(got, cases[i].cls);
    }
}

/* add, mul, ldr, str, udiv, b: the prefix sums of the block, each instruction's default cost. */
static void test_block_prefix_sums(void)
{
    static const uint32_t code[] = { 0x91000421, 0x9b017c22, 0xf9400024, 0xf9000024, 0x9ac10843, 0x14000000 };
    struct block_cache *cache = block_cache_create();
    const struct block *b = block_cache_get(cache, 0x40000000, (const uint8_t *)code);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CHECK_EQ_U64(b->count, 6);
    static const uint32_t expected[] = { 0, 1, 4, 8, 9, 21, 22 }; /* by instructions retired */
    for (unsigned i = 0; i <= 6; i++)
        CHECK_EQ_U64(b->cycles[i], expected[i]);
    block_cache_destroy(cache);
}

static void load_code(struct cpu *cpu, uint64_t pa, const uint32_t *code, size_t n)
{
    memcpy(fixture_ram(pa), code, 4 * n);
    block_cache_invalidate_all(cpu->blocks);
}

/* cpu_run charges a whole block at once: add, mul, udiv, b . = 1 + 3 + 12 + 1. */
static void test_run_loop_block_charge(void)
{
    static const uint32_t code[] = { 0x91000421, 0x9b017c22, 0x9ac10843, 0x14000000 };
    struct cpu *cpu = fixture_cpu(2);
    load_code(cpu, FIXTURE_CODE, code, 4);
    cpu->pc = FIXTURE_CODE;
    cpu_run(cpu, 4);
    CHECK_EQ_U64(cpu->insns, 4);
    CHECK_EQ_U64(cpu->cycles, 17);
    CHECK_EQ_U64(cpu->cycles_at_el[2], 17);
    CHECK_EQ_U64(cpu->cycles_at_el[1], 0);
    cpu_run(cpu, 3); /* b . three more times */
    CHECK_EQ_U64(cpu->cycles, 20);
}

/* A block left by an exception in its middle charges the instructions up to the faulting one,
 * then the exception entry (60) at the target EL: add (1) + ldr (4) + 60, then b . twice at the
 * vector. */
static void test_exception_entry_charge(void)
{
    static const uint32_t code[] = { 0x91000421, 0xf9400024, 0x91000421, 0x14000000 };
    static const uint32_t loop = 0x14000000;
    struct cpu *cpu = fixture_cpu(2);
    cpu->sr[SR_VBAR_EL2] = FIXTURE_CODE + 0x800;
    load_code(cpu, FIXTURE_CODE, code, 4);
    load_code(cpu, FIXTURE_CODE + 0xa00, &loop, 1); /* current EL with SP_ELx, synchronous */
    cpu->r[1] = 0x10000000; /* no memory: synchronous external abort */
    cpu->pc = FIXTURE_CODE;
    cpu_run(cpu, 4);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 0xa00);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL2] >> 26, 0x25);
    CHECK_EQ_U64(cpu->insns, 4);
    CHECK_EQ_U64(cpu->cycles, 1 + 4 + 60 + 2);
}

/* ERET from EL2 to EL1: the ERET (branch, 1) and the return (40) are EL2's, the loop after
 * it EL1's. */
static void test_eret_charge(void)
{
    static const uint32_t eret = 0xd69f03e0, loop = 0x14000000;
    struct cpu *cpu = fixture_cpu(2);
    cpu->sr[SR_ELR_EL2] = FIXTURE_CODE + 0x100;
    cpu->sr[SR_SPSR_EL2] = 0x3c5; /* EL1h, DAIF masked */
    load_code(cpu, FIXTURE_CODE, &eret, 1);
    load_code(cpu, FIXTURE_CODE + 0x100, &loop, 1);
    cpu->pc = FIXTURE_CODE;
    cpu_run(cpu, 3);
    CHECK_EQ_U64(cpu->el, 1);
    CHECK_EQ_U64(cpu->cycles_at_el[2], 41);
    CHECK_EQ_U64(cpu->cycles_at_el[1], 2);
}

/* HCR_EL2.DC makes EL1 accesses go through the fixture's identity stage 2 (1 GiB blocks at
 * level 1): each TLB miss walks one stage 2 descriptor, 10 + 20 cycles. ldr misses twice (its
 * fetch and its data page), the add after it hits. */
static void test_walk_charge(void)
{
    static const uint32_t code[] = { 0xf9400024, 0x91000421 };
    struct cpu *cpu = fixture_cpu(1);
    fixture_normal_memory(cpu);
    cpu->r[1] = FIXTURE_DATA;
    fixture_run(cpu, code, 2);
    CHECK_EQ_U64(cpu->mmu.tlb_misses, 2);
    CHECK_EQ_U64(cpu->mmu.walk_reads[0], 0);
    CHECK_EQ_U64(cpu->mmu.walk_reads[1], 2);
    CHECK_EQ_U64(cpu->cycles_at_el[1], 30 + 4 + 30 + 1);
}

/* --- Through the machine: MMIO, model time, determinism ------------------------------------ */

static struct elsim *machine_with_code(const uint32_t *code, size_t n)
{
    struct elsim_options o = { .console_input_fd = -1 };
    char err[200];
    struct elsim *sim = elsim_create(&o, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sim);
    CU_ASSERT_FATAL(elsim_write_phys(sim, 0x40000000, code, 4 * n));
    return sim;
}

/* movz x1, #0x0900, lsl #16; ldr w0, [x1, #0x18] (UARTFR); b .: 1 + 4 + 100 (pl011) + 1, then
 * b . once more. */
static void test_mmio_charge(void)
{
    static const uint32_t code[] = { 0xd2a12001, 0xb9401820, 0x14000000 };
    struct elsim *sim = machine_with_code(code, 3);
    struct elsim_limits limits = { .max_insns = 4 };
    CHECK_EQ_U64(elsim_run(sim, &limits), ELSIM_INSN_LIMIT);
    CHECK_EQ_U64(elsim_cpu(sim, 0)->cycles, 1 + 4 + 100 + 1 + 1);
    elsim_destroy(sim);
}

/* Ten UDIVs and an ISB (10 * 12 + 15 = 135 cycles = 135 ns of model time), then CNTPCT_EL0
 * (62.5 MHz, a tick per 16 ns) reads 135 / 16 = 8. */
static void test_model_time_follows_cycles(void)
{
    uint32_t code[14];
    for (int i = 0; i < 10; i++)
        code[i] = 0x9ac10800; /* udiv x0, x0, x1 */
    code[10] = 0xd5033fdf;    /* isb */
    code[11] = 0xd53be022;    /* mrs x2, cntpct_el0 */
    code[12] = 0x14000000;    /* b . */
    struct elsim *sim = machine_with_code(code, 13);
    struct elsim_limits limits = { .max_insns = 13 };
    elsim_run(sim, &limits);
    CHECK_EQ_U64(elsim_cpu(sim, 0)->r[2], 8);
    elsim_destroy(sim);
}

/* Enable PMCCNTR counting EL2 (PMCCFILTR.NSH), run a 100-iteration UDIV loop, ISB, read it.
 * The enabling MSR is in the middle of the first block, so the counter counts that block from
 * its start (counters are exact at block boundaries: docs/cost-model.md): first block 33 cycles
 * (movz 1, msr 5, movz 1, msr 5, mov 1, msr 5, mov 1, udiv 12, subs 1, b.ne 1), 99 more loop
 * blocks of 14, the ISB 15: 1434, twice the same. */
static void test_deterministic_pmccntr(void)
{
    static const uint32_t code[] = { 0xd2b00001, 0xd51b9c21, 0xd2a10001, 0xd51befe1, 0xd28000e1, 0xd51b9c01,
                                     0xd2800c82, 0x9ac20843, 0xf1000442, 0x54ffffc1, 0xd5033fdf, 0xd53b9d00,
                                     0x14000000 };
    uint64_t first = 0;
    for (int run = 0; run < 2; run++) {
        struct elsim *sim = machine_with_code(code, sizeof code / 4);
        struct elsim_limits limits = { .max_insns = 320 };
        elsim_run(sim, &limits);
        uint64_t value = elsim_cpu(sim, 0)->r[0];
        CHECK_EQ_U64(value, 1434);
        if (run == 0)
            first = value;
        else
            CHECK_EQ_U64(value, first);
        elsim_destroy(sim);
    }
}

/* --- JSON overrides ------------------------------------------------------------------------ */

static char *write_temp(const char *text)
{
    static char path[64];
    strcpy(path, "/tmp/elsim-cost-XXXXXX");
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_json_override(void)
{
    char err[256];
    char *path = write_temp("{\"insn\": {\"alu\": 2, \"div\": 30}, \"exception.entry\": 7,"
                            " \"walk\": {\"stage2\": 50}, \"mmio\": {\"pl011\": 5}, \"sysreg.write.pmu\": 9}");
    CU_ASSERT(cost_model_load_json(path, err, sizeof err));
    unlink(path);
    CHECK_EQ_U64(cost_model_current.insn[COST_ALU], 2);
    CHECK_EQ_U64(cost_model_current.insn[COST_DIV], 30);
    CHECK_EQ_U64(cost_model_current.insn[COST_SYSREG_WRITE_PMU], 9);
    CHECK_EQ_U64(cost_model_current.exception_entry, 7);
    CHECK_EQ_U64(cost_model_current.walk_read[1], 50);
    CHECK_EQ_U64(cost_model_current.walk_read[0], 20);
    CHECK_EQ_U64(cost_model_mmio_cycles("pl011"), 5);
    CHECK_EQ_U64(cost_model_mmio_cycles("gicv3-distributor"), 80);
    CHECK_EQ_U64(cost_model_insn_cycles(0x91000421), 2);
    cost_model_set(cost_model_defaults());
}

static void test_json_errors(void)
{
    static const struct { const char *json, *message; } cases[] = {
        { "{\"insn\": {\"bogus\": 1}}", "unknown key 'insn.bogus'" },
        { "{\"mmio.nosuchdevice\": 1}", "unknown key 'mmio.nosuchdevice'" },
        { "{\"insn.alu\": 0}", "key 'insn.alu' needs an integer from 1 to 1000000" },
        { "{\"tlb.miss\": 2.5}", "key 'tlb.miss' needs an integer from 0 to 1000000" },
        { "{\"exception.return\": \"40\"}", "key 'exception.return' needs an integer from 0 to 1000000" },
        { "[1, 2]", "is not a JSON object" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        char *path = write_temp(cases[i].json);
        CU_ASSERT(!cost_model_load_json(path, err, sizeof err));
        unlink(path);
        if (!strstr(err, cases[i].message))
            fprintf(stderr, "got '%s', expected '%s'\n", err, cases[i].message);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].message));
        CHECK_EQ_U64(cost_model_current.insn[COST_ALU], 1); /* unchanged */
    }
}

UNIT_SUITE(cost,
           UNIT_TEST(test_classify),
           UNIT_TEST(test_block_prefix_sums),
           UNIT_TEST(test_run_loop_block_charge),
           UNIT_TEST(test_exception_entry_charge),
           UNIT_TEST(test_eret_charge),
           UNIT_TEST(test_walk_charge),
           UNIT_TEST(test_mmio_charge),
           UNIT_TEST(test_model_time_follows_cycles),
           UNIT_TEST(test_deterministic_pmccntr),
           UNIT_TEST(test_json_override),
           UNIT_TEST(test_json_errors))

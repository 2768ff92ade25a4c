/* The guest is untrusted: millions of random instruction words, executed at EL0 and EL1 with a
 * fixed seed, must neither crash nor hang the simulator, and every stop must leave an
 * architecturally sane CPU. Random words branch anywhere, write system registers, store over
 * their own code and take every kind of exception; the vector tables are random words too. */
#include <string.h>

#include "block.h"
#include "cpu.h"
#include "decode.h"
#include "fixture.h"
#include "harness.h"
#include "mmu.h"
#include "sysreg.h"

enum {
    ROUNDS = 64,                  /* fresh CPUs per EL */
    WORDS_PER_ROUND = 16384,      /* 64 KiB of random code per round */
    INSNS_PER_ROUND = 32768,      /* executed instructions per round (bounded: no hang) */
};

static uint64_t rng_state;

static uint32_t next_random(void)
{
    /* xorshift64*: deterministic for a fixed seed */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}


/* One round: several bounded calls, as a frontend would make them, each leaving a sane CPU.
 * Returns the instructions retired. */
static uint64_t run_round(struct cpu *cpu)
{
    uint64_t before = cpu->insns;
    for (unsigned call = 0; call < 8; call++) {
        enum stop_reason r = cpu_run(cpu, INSNS_PER_ROUND / 8);
        CU_ASSERT(cpu->el <= 2);
        CU_ASSERT(cpu->r[REG_ZR] == 0);
        if (r == STOP_EXIT || r == STOP_OFF)
            break;
    }
    CU_ASSERT(cpu->insns - before <= INSNS_PER_ROUND + 64);
    return cpu->insns - before;
}

static uint64_t run_random_words(unsigned el, uint64_t seed)
{
    rng_state = seed;
    uint64_t executed = 0;
    for (unsigned round = 0; round < ROUNDS; round++) {
        struct cpu *cpu = fixture_cpu(el);
        uint32_t *code = (uint32_t *)fixture_ram(FIXTURE_RAM_BASE);
        for (unsigned i = 0; i < FIXTURE_RAM_SIZE / 4; i++)
            code[i] = i < WORDS_PER_ROUND ? next_random() : 0;
        /* Vectors inside the random code, so exceptions keep executing random words. */
        cpu->sr[SR_VBAR_EL1] = FIXTURE_RAM_BASE + 0x8000;
        cpu->sr[SR_VBAR_EL2] = FIXTURE_RAM_BASE + 0x4000;
        cpu->pc = FIXTURE_RAM_BASE;
        for (unsigned i = 0; i < 31; i++)
            cpu->r[i] = FIXTURE_RAM_BASE + (next_random() & 0xffff0);
        block_cache_invalidate_all(cpu->blocks);
        executed += run_round(cpu);
    }
    return executed;
}

/* The same at EL1 with stage 1 and stage 2 on, over translation tables that are random words
 * too, and random TCR/VTCR/MAIR values: the walker meets every kind of garbage descriptor. */
static uint64_t run_random_words_translated(uint64_t seed)
{
    rng_state = seed;
    uint64_t executed = 0;
    for (unsigned round = 0; round < ROUNDS; round++) {
        struct cpu *cpu = fixture_cpu(1);
        uint32_t *words = (uint32_t *)fixture_ram(FIXTURE_RAM_BASE);
        for (unsigned i = 0; i < FIXTURE_RAM_SIZE / 4; i++)
            words[i] = next_random();
        uint64_t r64 = (uint64_t)next_random() << 32 | next_random();
        cpu->sr[SR_SCTLR_EL1] |= 1;                       /* M */
        cpu->sr[SR_HCR_EL2] |= 1;                         /* VM */
        cpu->sr[SR_TCR_EL1] = r64 & 0x7ffffffbfull;
        cpu->sr[SR_VTCR_EL2] = 0x80000000u | (next_random() & 0x7ffff);
        cpu->sr[SR_MAIR_EL1] = (uint64_t)next_random() << 32 | next_random();
        cpu->sr[SR_TTBR0_EL1] = FIXTURE_RAM_BASE + (next_random() & 0xff000);
        cpu->sr[SR_TTBR1_EL1] = FIXTURE_RAM_BASE + (next_random() & 0xff000);
        cpu->sr[SR_VTTBR_EL2] = FIXTURE_RAM_BASE + (next_random() & 0xff000);
        cpu->sr[SR_VBAR_EL1] = next_random() & ~0x7ffull;
        cpu->sr[SR_VBAR_EL2] = FIXTURE_RAM_BASE + 0x4000;
        mmu_translation_changed(cpu);
        cpu->pc = (uint64_t)next_random() << 12;
        executed += run_round(cpu);
    }
    return executed;
}

static void test_random_words_two_stage_translation(void)
{
    uint64_t executed = run_random_words_translated(0x5eed0012);
    CU_ASSERT(executed > ROUNDS * 100);
}

static void test_random_words_el1(void)
{
    uint64_t executed = run_random_words(1, 0x5eed0001);
    CU_ASSERT(executed > ROUNDS * 1000);
}

static void test_random_words_el0(void)
{
    uint64_t executed = run_random_words(0, 0x5eed0000);
    CU_ASSERT(executed > ROUNDS * 1000);
}

static void test_random_words_el2(void)
{
    uint64_t executed = run_random_words(2, 0x5eed0002);
    CU_ASSERT(executed > ROUNDS * 1000);
}

UNIT_SUITE(robustness,
           UNIT_TEST(test_random_words_el0),
           UNIT_TEST(test_random_words_el1),
           UNIT_TEST(test_random_words_el2),
           UNIT_TEST(test_random_words_two_stage_translation))

/* Advanced SIMD integer instructions (ARM ARM C4.1.6): three same, three different, two-register
 * misc, across lanes, pairwise, shift by immediate, modified immediate and by element, vector
 * and scalar forms. Every case is an instruction word run on several input sets (random values,
 * saturation edges, shift amounts around +-esize in every lane size), with V0 and FPSR.QC after
 * it as Unicorn computes them (tests/unit/test_simd_int_gen.py writes test_simd_int_cases.h),
 * then random words of every pattern the same way. */
#include <stdint.h>
#include <stdio.h>

#include "decode.h"
#include "insn.h"
#include "fixture.h"
#include "harness.h"

struct simd_int_case {
    const char *text;
    uint32_t insn;
    uint32_t qc;           /* bit i: FPSR.QC after the run on input set i */
    uint64_t v0[7][2];     /* V0 after the run on input set i */
};

#include "test_simd_int_cases.h"

#define FPSR_QC (1u << 27)
#define INPUT_SETS (sizeof simd_int_inputs / sizeof simd_int_inputs[0])

static void test_simd_int_oracle(void)
{
    unsigned mismatches = 0;
    for (size_t i = 0; i < sizeof simd_int_cases / sizeof simd_int_cases[0]; i++) {
        const struct simd_int_case *c = &simd_int_cases[i];
        struct cpu *cpu = fixture_cpu(1);
        cpu->sr[SR_CPACR_EL1] = 3u << 20;
        for (unsigned s = 0; s < INPUT_SETS; s++) {
            cpu->fpsr = 0;
            for (unsigned h = 0; h < 2; h++) {
                cpu->v[0][h] = simd_int_inputs[s][0][h];
                cpu->v[1][h] = simd_int_inputs[s][1][h];
                cpu->v[2][h] = cpu->v[18][h] = simd_int_inputs[s][2][h];
            }
            fixture_run(cpu, &c->insn, 1);
            uint64_t qc = (cpu->fpsr & FPSR_QC) ? 1 : 0;
            if (cpu->pc != FIXTURE_CODE + 4 || cpu->v[0][0] != c->v0[s][0] || cpu->v[0][1] != c->v0[s][1] ||
                qc != ((c->qc >> s) & 1)) {
                if (mismatches++ < 40)
                    printf("\n%s (0x%08x) input set %u: V0 %016llx:%016llx QC %u, expected %016llx:%016llx QC %u",
                           c->text, c->insn, s, (unsigned long long)cpu->v[0][1],
                           (unsigned long long)cpu->v[0][0], (unsigned)qc,
                           (unsigned long long)c->v0[s][1], (unsigned long long)c->v0[s][0],
                           (c->qc >> s) & 1);
            }
            CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
            CHECK_EQ_U64(cpu->v[0][0], c->v0[s][0]);
            CHECK_EQ_U64(cpu->v[0][1], c->v0[s][1]);
            CHECK_EQ_U64(qc, (c->qc >> s) & 1);
        }
    }
    if (mismatches)
        printf("\n%u mismatches\n", mismatches);
}

/* Every handler makes the SIMD&FP access check first (one instruction of the table per distinct
 * handler): with CPACR_EL1.FPEN = 00 it traps to EL1 (EC 0x07, ESR 0x1fe00000, ELR at the
 * instruction) and V0 and FPSR are unchanged. */
static void test_simd_int_access_trap(void)
{
    exec_fn *seen[64];
    unsigned nseen = 0;
    for (size_t i = 0; i < sizeof simd_int_cases / sizeof simd_int_cases[0]; i++) {
        struct insn in = { .raw = simd_int_cases[i].insn };
        CU_ASSERT_TRUE(decode_a64(in.raw, &in));
        unsigned k = 0;
        while (k < nseen && seen[k] != in.fn)
            k++;
        if (k < nseen)
            continue;
        CU_ASSERT_TRUE_FATAL(nseen < sizeof seen / sizeof seen[0]);
        seen[nseen++] = in.fn;
        struct cpu *cpu = fixture_cpu(1);
        cpu->v[0][0] = 0x1111;
        cpu->v[0][1] = 0x2222;
        cpu->v[1][0] = cpu->v[2][0] = 0x7fffffffffffffff;
        fixture_run(cpu, &simd_int_cases[i].insn, 1);
        CHECK_EQ_U64(cpu->pc, 0x200);
        CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x1fe00000);
        CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], FIXTURE_CODE);
        CHECK_EQ_U64(cpu->v[0][0], 0x1111);
        CHECK_EQ_U64(cpu->v[0][1], 0x2222);
        CHECK_EQ_U64(cpu->fpsr, 0);
    }
}

/* Reserved size and Q combinations inside the integer classes are UNDEFINED (GNU objdump
 * disassembles each of these words as undefined; so does Unicorn the random words of the
 * patterns in simd_int_undefined). */
static void test_simd_int_reserved(void)
{
    static const uint32_t words[] = {
        0x4ee20420, /* shadd 2d */
        0x0ee20c20, /* sqadd 1d */
        0x4e22b420, /* sqdmulh 16b */
        0x4ee2b420, /* sqdmulh 2d */
        0x2e629c20, /* pmul 4h */
        0x4ee29c20, /* mul 2d */
        0x4ee2a420, /* smaxp 2d */
        0x0ee20020, /* saddl size 11 */
        0x0ee24020, /* addhn size 11 */
        0x0e22d020, /* sqdmull size 00 */
        0x0e62e020, /* pmull size 01 */
        0x0ea2e020, /* pmull size 10 */
        0x0e601820, /* rev16 size 01 */
        0x2ea00820, /* rev32 size 10 */
        0x4ee00820, /* rev64 size 11 */
        0x0e605820, /* cnt size 01 */
        0x4ee04820, /* cls size 11 */
        0x4ee02820, /* saddlp size 11 */
        0x0ee0b820, /* abs 1d */
        0x0ee09820, /* cmeq #0 1d */
        0x0ee12820, /* xtn size 11 */
        0x2ee13820, /* shll size 11 */
        0x0eb1b820, /* addv 4s with Q = 0 */
        0x4ef1b820, /* addv size 11 */
        0x6ef0a820, /* umaxv size 11 */
        0x0f7d0420, /* sshr 1d */
        0x2f435420, /* sli 1d */
        0x0f128020, /* mul (element) size 00 */
        0x0fd28020, /* mul (element) size 11 */
        0x0f122020, /* smlal (element) size 00 */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct insn in = { .raw = words[i] };
        if (decode_a64(words[i], &in))
            printf("\n0x%08x should be UNDEFINED\n", words[i]);
        CU_ASSERT_FALSE(decode_a64(words[i], &in));
    }
    for (size_t i = 0; i < sizeof simd_int_undefined / sizeof simd_int_undefined[0]; i++) {
        struct insn in = { .raw = simd_int_undefined[i] };
        if (decode_a64(simd_int_undefined[i], &in))
            printf("\n0x%08x should be UNDEFINED\n", simd_int_undefined[i]);
        CU_ASSERT_FALSE(decode_a64(simd_int_undefined[i], &in));
    }
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_CPACR_EL1] = 3u << 20;
    fixture_run(cpu, &words[0], 1);
    CHECK_EQ_U64(cpu->pc, 0x200);
    CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x02000000);
}

UNIT_SUITE(simd_int,
           UNIT_TEST(test_simd_int_oracle),
           UNIT_TEST(test_simd_int_access_trap),
           UNIT_TEST(test_simd_int_reserved))

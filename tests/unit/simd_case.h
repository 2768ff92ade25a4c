/* One Advanced SIMD instruction run from a fixed state, with the expected state afterwards
 * computed by an oracle (Unicorn, i.e. QEMU: tests/unit/simd_oracle.py prints the rows), used by
 * tests/unit/test_simd_move.c, test_simd_ldst.c and test_crypto.c.
 *
 * The state before: V0-V15 hold pseudo-random values (splitmix64), V16-V31 small bytes
 * (byte j of Vi = (13 i + 5 j) mod 80, table indices for TBL/TBX), X0-X7 and SP as below
 * (X1: an aligned base, X5: a misaligned one 11 bytes before the end of a page),
 * and the data region SIMD_DATA..+SIMD_DATA_LEN a byte pattern. The run is at EL1 with
 * SIMD&FP enabled and HCR_EL2.DC = 1 (Normal memory with the MMU off). The check covers the
 * PC, all 32 V registers, X0-X7, SP and every byte of the data region. */
#ifndef ELSIM_TESTS_SIMD_CASE_H
#define ELSIM_TESTS_SIMD_CASE_H

#include <stdint.h>
#include <stdio.h>

#include "cpu.h"
#include "fixture.h"
#include "harness.h"

#define SIMD_DATA FIXTURE_DATA
#define SIMD_DATA_LEN 0x1000u
#define SIMD_SP (FIXTURE_DATA + 0xc00)

struct simd_case {
    const char *text;
    uint32_t insn;
    unsigned nv;                   /* V registers changed */
    struct {
        unsigned reg;
        uint64_t lo, hi;
    } v[4];
    uint64_t x[8];                 /* X0-X7 after */
    uint64_t sp;                   /* SP after */
    unsigned mem_off, mem_len;     /* the bytes of the data region that changed */
    uint8_t mem[64];
};

static const uint64_t simd_x_init[8] = {
    0x8877665544332211, SIMD_DATA + 0x800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, SIMD_DATA + 0xff5, 0, 0,
};

static inline uint64_t simd_splitmix(uint64_t i)
{
    uint64_t z = 0x9e3779b97f4a7c15ull * (i + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Half h (0: bits 63:0) of Vi before the instruction. */
static inline uint64_t simd_v_init(unsigned i, unsigned h)
{
    if (i < 16)
        return simd_splitmix(2 * i + h);
    uint64_t v = 0;
    for (unsigned j = 0; j < 8; j++)
        v |= (uint64_t)((i * 13 + (8 * h + j) * 5) % 80) << (8 * j);
    return v;
}

static inline uint8_t simd_mem_init(unsigned offset)
{
    return (uint8_t)(offset * 0x1d + 0x83);
}

/* The state before every case (also used by tests that set up their own sequences). */
static inline struct cpu *simd_setup(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->sr[SR_CPACR_EL1] = 3u << 20;
    fixture_normal_memory(cpu);
    uint8_t *p = fixture_ram(SIMD_DATA);
    for (unsigned i = 0; i < SIMD_DATA_LEN; i++)
        p[i] = simd_mem_init(i);
    for (unsigned i = 0; i < 32; i++) {
        cpu->v[i][0] = simd_v_init(i, 0);
        cpu->v[i][1] = simd_v_init(i, 1);
    }
    for (unsigned i = 0; i < 8; i++)
        cpu->r[i] = simd_x_init[i];
    cpu->r[REG_SP] = SIMD_SP;
    return cpu;
}

static inline void simd_run_case(const struct simd_case *c)
{
    struct cpu *cpu = simd_setup();
    fixture_run(cpu, &c->insn, 1);
    if (cpu->pc != FIXTURE_CODE + 4)
        printf("\n%s: left at PC 0x%llx\n", c->text, (unsigned long long)cpu->pc);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    unsigned bad = 0;
    for (unsigned i = 0; i < 32; i++) {
        uint64_t lo = simd_v_init(i, 0), hi = simd_v_init(i, 1);
        for (unsigned k = 0; k < c->nv; k++)
            if (c->v[k].reg == i) {
                lo = c->v[k].lo;
                hi = c->v[k].hi;
            }
        if ((cpu->v[i][0] != lo || cpu->v[i][1] != hi) && bad++ < 4)
            printf("\n%s: V%u = 0x%016llx%016llx, expected 0x%016llx%016llx\n", c->text, i,
                   (unsigned long long)cpu->v[i][1], (unsigned long long)cpu->v[i][0],
                   (unsigned long long)hi, (unsigned long long)lo);
    }
    for (unsigned i = 0; i < 8; i++)
        if (cpu->r[i] != c->x[i] && bad++ < 4)
            printf("\n%s: X%u = 0x%llx, expected 0x%llx\n", c->text, i, (unsigned long long)cpu->r[i],
                   (unsigned long long)c->x[i]);
    if (cpu->r[REG_SP] != c->sp && bad++ < 4)
        printf("\n%s: SP = 0x%llx, expected 0x%llx\n", c->text, (unsigned long long)cpu->r[REG_SP],
               (unsigned long long)c->sp);
    const uint8_t *p = fixture_ram(SIMD_DATA);
    for (unsigned i = 0; i < SIMD_DATA_LEN; i++) {
        uint8_t expect = i - c->mem_off < c->mem_len ? c->mem[i - c->mem_off] : simd_mem_init(i);
        if (p[i] != expect && bad++ < 4)
            printf("\n%s: byte at 0x%llx is 0x%02x, expected 0x%02x\n", c->text,
                   (unsigned long long)(SIMD_DATA + i), p[i], expect);
    }
    CHECK_EQ_U64(bad, 0);
}

#endif

/* One load/store instruction run from a known state, with the expected registers and memory
 * computed by an oracle (Unicorn, i.e. QEMU) and pasted as table rows: used by
 * tests/unit/test_ldst*.c. The data region FIXTURE_DATA..+LDST_REGION holds a byte pattern, X1
 * points LDST_BASE into it, X0 = 0x8877665544332211, X2 = 0x10 unless the row says otherwise,
 * V0-V2 hold ldst_v_in. */
#ifndef ELSIM_TESTS_TEST_LDST_CASE_H
#define ELSIM_TESTS_TEST_LDST_CASE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"
#include "fixture.h"
#include "harness.h"

#define LDST_REGION 0x10000u
#define LDST_BASE (FIXTURE_DATA + 0x1000)

struct ldst_case {
    const char *text;
    uint32_t insn;
    uint64_t x[3], sp;       /* X0-X2 and SP before */
    uint64_t ex[3], esp;     /* after */
    uint64_t ev[3][2];       /* V0-V2 after; all zero: unchanged */
    struct {
        uint64_t addr;
        unsigned len;
        uint8_t bytes[32];
    } w[2];                  /* memory written (len 0: none) */
};

static const uint64_t ldst_v_in[3][2] = {
    { 0x0f0e0d0c0b0a0908, 0x1716151413121110 },
    { 0xa1a2a3a4a5a6a7a8, 0xb1b2b3b4b5b6b7b8 },
    { 0xc1c2c3c4c5c6c7c8, 0xd1d2d3d4d5d6d7d8 },
};

static inline uint8_t ldst_pattern(uint64_t offset)
{
    return (uint8_t)(offset * 0x1d + 0x83);
}

static inline void ldst_fill_pattern(void)
{
    uint8_t *p = fixture_ram(FIXTURE_DATA);
    for (unsigned i = 0; i < LDST_REGION; i++)
        p[i] = ldst_pattern(i);
}

/* Run the case at `el` (0 or 1) with SIMD&FP enabled and HCR_EL2.DC = 1, so that memory is
 * Normal with the MMU off and misaligned accesses are allowed (with DC = 0 it is Device memory,
 * where they fault); check PC, X0-X2, SP, V0-V2 and every byte of the data region. */
static inline void ldst_run_case(const struct ldst_case *c, unsigned el)
{
    struct cpu *cpu = fixture_cpu(el);
    cpu->sr[SR_CPACR_EL1] = 3u << 20;
    fixture_normal_memory(cpu);
    ldst_fill_pattern();
    for (unsigned i = 0; i < 3; i++) {
        cpu->r[i] = c->x[i];
        cpu->v[i][0] = ldst_v_in[i][0];
        cpu->v[i][1] = ldst_v_in[i][1];
    }
    cpu->r[REG_SP] = c->sp;
    fixture_run(cpu, &c->insn, 1);
    if (cpu->pc != FIXTURE_CODE + 4)
        printf("\n%s at EL%u: left at PC 0x%llx\n", c->text, el, (unsigned long long)cpu->pc);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    CHECK_EQ_U64(cpu->el, el);
    for (unsigned i = 0; i < 3; i++)
        CHECK_EQ_U64(cpu->r[i], c->ex[i]);
    CHECK_EQ_U64(cpu->r[REG_SP], c->esp);
    bool v_changed = false;
    for (unsigned i = 0; i < 3; i++)
        v_changed |= c->ev[i][0] || c->ev[i][1];
    for (unsigned i = 0; i < 3; i++) {
        CHECK_EQ_U64(cpu->v[i][0], v_changed ? c->ev[i][0] : ldst_v_in[i][0]);
        CHECK_EQ_U64(cpu->v[i][1], v_changed ? c->ev[i][1] : ldst_v_in[i][1]);
    }
    const uint8_t *p = fixture_ram(FIXTURE_DATA);
    unsigned bad = 0;
    for (unsigned i = 0; i < LDST_REGION; i++) {
        uint8_t expect = ldst_pattern(i);
        for (unsigned k = 0; k < 2; k++) {
            uint64_t off = FIXTURE_DATA + i - c->w[k].addr;
            if (c->w[k].len && off < c->w[k].len)
                expect = c->w[k].bytes[off];
        }
        if (p[i] != expect && bad++ < 4)
            printf("\n%s at EL%u: byte at 0x%llx is 0x%02x, expected 0x%02x\n", c->text, el,
                   (unsigned long long)(FIXTURE_DATA + i), p[i], expect);
    }
    CHECK_EQ_U64(bad, 0);
}

#endif

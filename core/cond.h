/* Condition codes of A64 (B.cond, CSEL, CCMP, ...). */
#ifndef ELSIM_CORE_COND_H
#define ELSIM_CORE_COND_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* ConditionHolds(): does condition `cond` (0-15) hold for the flags `nzcv` (FLAG_* bits, nothing
 * else set)? Tabulated so that the hot B.cond/CSEL paths are a load and a shift instead of a
 * branchy switch: bit f of row `cond` is the pseudocode's result when NZCV = f (N = 8, Z = 4,
 * C = 2, V = 1). cond<3:1> selects the test and cond<0> inverts it, except that NV (0b1111)
 * holds always, like AL. */
static inline bool cond_holds(uint32_t nzcv, unsigned cond)
{
    static const uint16_t holds[16] = {
        0xf0f0, 0x0f0f, /* EQ: Z          NE */
        0xcccc, 0x3333, /* CS: C          CC */
        0xff00, 0x00ff, /* MI: N          PL */
        0xaaaa, 0x5555, /* VS: V          VC */
        0x0c0c, 0xf3f3, /* HI: C && !Z    LS */
        0xaa55, 0x55aa, /* GE: N == V     LT */
        0x0a05, 0xf5fa, /* GT: N == V && !Z    LE */
        0xffff, 0xffff, /* AL, NV */
    };
    return (holds[cond & 15] >> (nzcv >> 28)) & 1;
}

#endif

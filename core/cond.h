/* Condition codes of A64 (B.cond, CSEL, CCMP, ...). */
#ifndef ELSIM_CORE_COND_H
#define ELSIM_CORE_COND_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* ConditionHolds(): does condition `cond` (0-15) hold for the flags `nzcv` (FLAG_* bits)?
 * cond<3:1> selects the test, cond<0> inverts it, except that 0b1111 (NV) is "always" like AL. */
static inline bool cond_holds(uint32_t nzcv, unsigned cond)
{
    bool n = (nzcv & FLAG_N) != 0, z = (nzcv & FLAG_Z) != 0;
    bool c = (nzcv & FLAG_C) != 0, v = (nzcv & FLAG_V) != 0;
    bool result;
    switch ((cond >> 1) & 7) {
    case 0: result = z; break;            /* EQ / NE */
    case 1: result = c; break;            /* CS / CC */
    case 2: result = n; break;            /* MI / PL */
    case 3: result = v; break;            /* VS / VC */
    case 4: result = c && !z; break;      /* HI / LS */
    case 5: result = n == v; break;       /* GE / LT */
    case 6: result = n == v && !z; break; /* GT / LE */
    default: result = true; break;        /* AL / NV */
    }
    if ((cond & 1) && cond != 15)
        result = !result;
    return result;
}

#endif

/* What the Advanced SIMD floating-point executors (core/exec_simd_fp.c: two-operand lane
 * operations; core/exec_simd_fp_misc.c: one-operand lane operations and conversions) share: how
 * they lay out struct insn, and the shape (element size, lane count, Q) of an instruction.
 *
 * struct insn use:
 *   rd, rn, rm  V register numbers
 *   size        log2 of the element size in bytes: 2 single, 3 double
 *   shift       lanes computed (1 for a scalar form)
 *   flags       SIMD_FP_Q: the result is 128 bits (Q = 1); otherwise bits 127:64 (and, for a
 *               scalar, everything above the element) are zeroed. SIMD_FP_NEG: FMLS.
 *   cond        the lane operation (index in the executor's table)
 *   imm         executor-specific: element index, fraction bits, rounding mode
 */
#ifndef ELSIM_CORE_EXEC_SIMD_FP_H
#define ELSIM_CORE_EXEC_SIMD_FP_H

#include <stdbool.h>
#include <stdint.h>

#include "fp_arith.h"
#include "insn.h"

enum { SIMD_FP_Q = 1, SIMD_FP_NEG = 2 };

/* The shape of a vector form (sz:Q = 10, i.e. .1D, is reserved) or of a scalar one (one lane,
 * the rest of the register zeroed). False for a reserved arrangement. */
static inline bool simd_fp_shape(struct insn *out, unsigned q, unsigned sz, bool scalar)
{
    if (!scalar && sz && !q)
        return false;
    out->size = (uint8_t)(2 + sz);
    out->shift = scalar ? 1 : (uint8_t)((q ? 16u : 8u) >> (2 + sz));
    out->flags = q && !scalar ? SIMD_FP_Q : 0;
    return true;
}

/* The sign bit of an element of 8 << esize_log2 bits (FPNeg on a raw lane). */
static inline uint64_t simd_fp_sign(unsigned esize_log2)
{
    return 1ull << ((8u << esize_log2) - 1);
}

#endif

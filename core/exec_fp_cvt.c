/* Scalar floating-point conversions (ARM ARM C4.1.6): FCVT between half, single and double
 * precision (aarch64/instrs/float/convert/fp), FCVT{N,P,M,Z,A}{S,U} and SCVTF/UCVTF between
 * floating-point and 32/64-bit integers or fixed-point (.../convert/int, .../convert/fix).
 * ARMv8.0: half precision only in FCVT (with FPCR.AHP); FCVT* to or from half-precision
 * integers is FEAT_FP16 and UNDEFINED. */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "fp.h"
#include "fp_arith.h"
#include "insn.h"

/* --- FCVT (precision): FPConvert with FPCR's rounding mode --- */
#define FCVT_HANDLER FP_SCALAR_HANDLER   /* core/fp.h; b (V[m]) unused */
FCVT_HANDLER(fcvt_s2d, uint32_t, fp32_to_fp64(a, &c))
FCVT_HANDLER(fcvt_s2h, uint32_t, fp32_to_fp16(a, fp_ctx_rounding(&c), &c))
FCVT_HANDLER(fcvt_d2s, uint64_t, fp64_to_fp32(a, fp_ctx_rounding(&c), &c))
FCVT_HANDLER(fcvt_d2h, uint64_t, fp64_to_fp16(a, fp_ctx_rounding(&c), &c))
FCVT_HANDLER(fcvt_h2s, uint16_t, fp16_to_fp32(a, &c))
FCVT_HANDLER(fcvt_h2d, uint16_t, fp16_to_fp64(a, &c))

/* [ftype][opc]: 00 single, 01 double, 11 half; ftype 10, opc 10 and same-precision pairs
 * are unallocated. */
static exec_fn *const fcvt_fns[4][4] = {
    [0] = { [1] = exec_fcvt_s2d, [3] = exec_fcvt_s2h },
    [1] = { [0] = exec_fcvt_d2s, [3] = exec_fcvt_d2h },
    [3] = { [0] = exec_fcvt_h2s, [1] = exec_fcvt_h2d },
};

bool trans_FP1_FCVT(struct insn *out, const struct arg_FP1_FCVT *a)
{
    out->fn = fcvt_fns[a->ftype][a->opc];
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    return out->fn != NULL;
}

/* --- FP to integer or fixed-point: FPToFixed(V[n], fbits (imm), unsigned (flags), rounding
 * (size), int_bits (shift)) into X[d] (a W result zero-extended) --- */
#define TO_INT_HANDLER(N, T)                                                          \
    static int exec_fcvt_to_int##N(struct cpu *cpu, const struct insn *in)            \
    {                                                                                 \
        int r = fp_access_check(cpu, in);                                             \
        if (r != EXEC_NEXT)                                                           \
            return r;                                                                 \
        struct fp_ctx c = fp_ctx_make(cpu->fpcr);                                     \
        cpu->r[in->rd] = fp##N##_to_fixed((T)cpu->v[in->rn][0], (unsigned)in->imm, in->flags, \
                                          (enum fp_rounding)in->size, in->shift, &c); \
        cpu->fpsr |= c.fpsr;                                                          \
        return EXEC_NEXT;                                                             \
    }
TO_INT_HANDLER(32, uint32_t)
TO_INT_HANDLER(64, uint64_t)

static bool trans_to_int(struct insn *out, unsigned sf, unsigned dbl, unsigned is_unsigned,
                         enum fp_rounding r, unsigned fbits, unsigned rn, unsigned rd)
{
    out->fn = dbl ? exec_fcvt_to_int64 : exec_fcvt_to_int32;
    out->rd = reg_dst(rd);
    out->rn = (uint8_t)rn;
    out->imm = fbits;
    out->flags = (uint8_t)is_unsigned;
    out->size = (uint8_t)r;
    out->shift = sf ? 64 : 32;
    return true;
}

/* rmode: N, P, M, Z */
bool trans_FCVT_INT(struct insn *out, const struct arg_FCVT_INT *a)
{
    static const enum fp_rounding by_rmode[4] = { FP_RN, FP_RP, FP_RM, FP_RZ };
    return trans_to_int(out, a->sf, a->dbl, a->u, by_rmode[a->rmode], 0, a->rn, a->rd);
}

bool trans_FCVT_INT_CVTA(struct insn *out, const struct arg_FCVT_INT_CVTA *a)
{
    return trans_to_int(out, a->sf, a->dbl, a->u, FP_RA, 0, a->rn, a->rd);
}

/* fbits = 64 - scale; a 32-bit integer allows at most 32 fraction bits */
bool trans_FCVT_FIXED_CVTZ(struct insn *out, const struct arg_FCVT_FIXED_CVTZ *a)
{
    if (!a->sf && a->scale < 32)
        return false;
    return trans_to_int(out, a->sf, a->dbl, a->u, FP_RZ, 64 - a->scale, a->rn, a->rd);
}

/* --- Integer or fixed-point to FP: FixedToFP(X[n] of int_bits (shift), fbits (imm),
 * unsigned (flags), FPCR rounding) into V[d] --- */
#define FROM_INT_HANDLER(N)                                                           \
    static int exec_cvtf##N(struct cpu *cpu, const struct insn *in)                   \
    {                                                                                 \
        int r = fp_access_check(cpu, in);                                             \
        if (r != EXEC_NEXT)                                                           \
            return r;                                                                 \
        struct fp_ctx c = fp_ctx_make(cpu->fpcr);                                     \
        fp_write_scalar(cpu, in->rd, fixed_to_fp##N(cpu->r[in->rn], in->shift, (unsigned)in->imm, \
                                                    in->flags, fp_ctx_rounding(&c), &c)); \
        cpu->fpsr |= c.fpsr;                                                          \
        return EXEC_NEXT;                                                             \
    }
FROM_INT_HANDLER(32)
FROM_INT_HANDLER(64)

static bool trans_cvtf(struct insn *out, unsigned sf, unsigned dbl, unsigned is_unsigned,
                       unsigned fbits, unsigned rn, unsigned rd)
{
    out->fn = dbl ? exec_cvtf64 : exec_cvtf32;
    out->rd = (uint8_t)rd;
    out->rn = reg_src(rn);
    out->imm = fbits;
    out->flags = (uint8_t)is_unsigned;
    out->shift = sf ? 64 : 32;
    return true;
}

bool trans_FCVT_INT_CVTF(struct insn *out, const struct arg_FCVT_INT_CVTF *a)
{
    return trans_cvtf(out, a->sf, a->dbl, a->u, 0, a->rn, a->rd);
}

bool trans_FCVT_FIXED_CVTF(struct insn *out, const struct arg_FCVT_FIXED_CVTF *a)
{
    if (!a->sf && a->scale < 32)
        return false;
    return trans_cvtf(out, a->sf, a->dbl, a->u, 64 - a->scale, a->rn, a->rd);
}

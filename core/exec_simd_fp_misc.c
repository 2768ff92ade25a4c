/* Advanced SIMD floating point, one-operand lane operations (ARM ARM C4.1.6): two-register
 * miscellaneous (vector and scalar: FABS FNEG FSQRT, FRINT*, FCVT{N,M,P,Z,A}{S,U}, SCVTF UCVTF,
 * FRECPE FRSQRTE FRECPX URECPE URSQRTE, compares with zero, FCVTN FCVTL FCVTXN) and the
 * fixed-point conversions of the shift-by-immediate class. Pseudocode (sail-arm v8.5
 * aarch64_vector.sail, whose *fp16* functions serve every FP element size):
 * vector_arithmetic_unary_{diffneg_fp16, special_sqrtfp16, fp16_round, fp16_conv_float_bulk_sisd,
 * fp16_conv_float_tieaway_sisd, fp16_conv_int_sisd, special_recip_fp16_sisd,
 * special_sqrtest_fp16_sisd, special_frecpxfp16, special_recip_int, special_sqrtest_int,
 * cmp_fp16_bulk_sisd, cmp_fp16_lessthan_sisd, float_narrow, float_widen, float_xtn_sisd} and
 * vector_shift_conv_{float,int}_sisd. Lanes go through core/fp_arith.h; the FPSR bits they
 * raise are ORed together. */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exec_simd_fp.h"
#include "fp.h"
#include "fp_arith.h"
#include "insn.h"
#include "vreg.h"

/* in->imm of a lane operation: bits 7:0 the fraction bits of a fixed-point conversion, bits
 * 15:8 the rounding mode (enum fp_rounding, or ROUND_FPCR for FPCR.RMode). */
enum { ROUND_FPCR = 7, IMM_ROUND_SHIFT = 8 };

static inline unsigned insn_fbits(const struct insn *in) { return in->imm & 0xff; }

static inline enum fp_rounding insn_rounding(const struct insn *in, const struct fp_ctx *c)
{
    unsigned r = (in->imm >> IMM_ROUND_SHIFT) & 0xff;
    return r == ROUND_FPCR ? fp_ctx_rounding(c) : (enum fp_rounding)r;
}

typedef uint64_t fp_unop(uint64_t a, const struct insn *in, struct fp_ctx *c);

enum unop_id {
    OP_ABS, OP_NEG, OP_SQRT, OP_RINT, OP_RINTX, OP_TOFIX_S, OP_TOFIX_U, OP_CVTF_S, OP_CVTF_U,
    OP_RECPE, OP_RSQRTE, OP_RECPX, OP_CMGT0, OP_CMEQ0, OP_CMLT0, OP_CMGE0, OP_CMLE0, OP_URECPE,
    OP_URSQRTE
};

/* One wrapper per precision: N is 32 or 64, T the lane type. */
#define LANE_UNOPS(N, T, ONES)                                                                    \
    static uint64_t abs##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                   \
    {                                                                                             \
        (void)in, (void)c;                                                                        \
        return fp##N##_abs((T)a);                                                                 \
    }                                                                                             \
    static uint64_t neg##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                   \
    {                                                                                             \
        (void)in, (void)c;                                                                        \
        return fp##N##_neg((T)a);                                                                 \
    }                                                                                             \
    static uint64_t sqrt##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                  \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_sqrt((T)a, c);                                                             \
    }                                                                                             \
    /* FRINTN/P/M/Z/A/I: FPRoundInt(op, rounding, exact = FALSE); FRINTX: exact = TRUE */         \
    static uint64_t rint##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                  \
    {                                                                                             \
        return fp##N##_round_int((T)a, insn_rounding(in, c), false, c);                           \
    }                                                                                             \
    static uint64_t rintx##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        return fp##N##_round_int((T)a, insn_rounding(in, c), true, c);                            \
    }                                                                                             \
    /* FPToFixed(op, fbits, unsigned, rounding, esize) */                                        \
    static uint64_t tofix_s##N(uint64_t a, const struct insn *in, struct fp_ctx *c)               \
    {                                                                                             \
        return fp##N##_to_fixed((T)a, insn_fbits(in), false, insn_rounding(in, c), N, c);         \
    }                                                                                             \
    static uint64_t tofix_u##N(uint64_t a, const struct insn *in, struct fp_ctx *c)               \
    {                                                                                             \
        return fp##N##_to_fixed((T)a, insn_fbits(in), true, insn_rounding(in, c), N, c);          \
    }                                                                                             \
    /* FixedToFP(op, fbits, unsigned, FPCR, FPRoundingMode(FPCR)) */                             \
    static uint64_t cvtf_s##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                \
    {                                                                                             \
        return fixed_to_fp##N(a, N, insn_fbits(in), false, fp_ctx_rounding(c), c);                \
    }                                                                                             \
    static uint64_t cvtf_u##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                \
    {                                                                                             \
        return fixed_to_fp##N(a, N, insn_fbits(in), true, fp_ctx_rounding(c), c);                 \
    }                                                                                             \
    static uint64_t recpe##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_recip_estimate((T)a, c);                                                   \
    }                                                                                             \
    static uint64_t rsqrte##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_rsqrt_estimate((T)a, c);                                                   \
    }                                                                                             \
    static uint64_t recpx##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_recpx((T)a, c);                                                            \
    }                                                                                             \
    /* Compare with zero (cmp_fp16_bulk_sisd, _lessthan_sisd): LE and LT swap the operands */     \
    static uint64_t cmgt0##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_compare_gt((T)a, 0, c) ? ONES : 0;                                         \
    }                                                                                             \
    static uint64_t cmeq0##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_compare_eq((T)a, 0, c) ? ONES : 0;                                         \
    }                                                                                             \
    static uint64_t cmge0##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_compare_ge((T)a, 0, c) ? ONES : 0;                                         \
    }                                                                                             \
    static uint64_t cmle0##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_compare_ge(0, (T)a, c) ? ONES : 0;                                         \
    }                                                                                             \
    static uint64_t cmlt0##N(uint64_t a, const struct insn *in, struct fp_ctx *c)                 \
    {                                                                                             \
        (void)in;                                                                                 \
        return fp##N##_compare_gt(0, (T)a, c) ? ONES : 0;                                         \
    }

LANE_UNOPS(32, uint32_t, 0xffffffffu)
LANE_UNOPS(64, uint64_t, ~0ull)

/* URECPE, URSQRTE: UnsignedRecipEstimate / UnsignedRSqrtEstimate on 32-bit lanes only. */
static uint64_t urecpe32(uint64_t a, const struct insn *in, struct fp_ctx *c)
{
    (void)in, (void)c;
    return fp_unsigned_recip_estimate((uint32_t)a);
}

static uint64_t ursqrte32(uint64_t a, const struct insn *in, struct fp_ctx *c)
{
    (void)in, (void)c;
    return fp_unsigned_rsqrt_estimate((uint32_t)a);
}

/* [op][0] single, [op][1] double (NULL: the trans_ function rejects sz = 1). */
static fp_unop *const unops[][2] = {
    [OP_ABS] = { abs32, abs64 },         [OP_NEG] = { neg32, neg64 },
    [OP_SQRT] = { sqrt32, sqrt64 },      [OP_RINT] = { rint32, rint64 },
    [OP_RINTX] = { rintx32, rintx64 },   [OP_TOFIX_S] = { tofix_s32, tofix_s64 },
    [OP_TOFIX_U] = { tofix_u32, tofix_u64 }, [OP_CVTF_S] = { cvtf_s32, cvtf_s64 },
    [OP_CVTF_U] = { cvtf_u32, cvtf_u64 }, [OP_RECPE] = { recpe32, recpe64 },
    [OP_RSQRTE] = { rsqrte32, rsqrte64 }, [OP_RECPX] = { recpx32, recpx64 },
    [OP_CMGT0] = { cmgt032, cmgt064 },   [OP_CMEQ0] = { cmeq032, cmeq064 },
    [OP_CMLT0] = { cmlt032, cmlt064 },   [OP_CMGE0] = { cmge032, cmge064 },
    [OP_CMLE0] = { cmle032, cmle064 },   [OP_URECPE] = { urecpe32, NULL },
    [OP_URSQRTE] = { ursqrte32, NULL },
};

static int exec_unop(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), d = { .d = { 0, 0 } };
    struct fp_ctx c = fp_ctx_make(cpu->fpcr);
    unsigned esz = in->size;
    fp_unop *op = unops[in->cond][esz - 2];
    for (unsigned e = 0; e < in->shift; e++)
        vreg_set_elem(&d, e, esz, op(vreg_elem(&n, e, esz), in, &c));
    vreg_write(cpu, in->rd, &d, in->flags & SIMD_FP_Q);
    cpu->fpsr |= c.fpsr;
    return EXEC_NEXT;
}

static bool set_unop(struct insn *out, unsigned q, unsigned sz, bool scalar, unsigned rd, unsigned rn,
                     enum unop_id op, unsigned rounding, unsigned fbits)
{
    if (!simd_fp_shape(out, q, sz, scalar) || !unops[op][sz])
        return false;
    out->fn = exec_unop;
    out->rd = (uint8_t)rd;
    out->rn = (uint8_t)rn;
    out->cond = (uint8_t)op;
    out->imm = fbits | rounding << IMM_ROUND_SHIFT;
    return true;
}

/* FCVT{N,P,M,Z}{S,U}: FPDecodeRounding(o1:o2) (00 TIEEVEN, 01 POSINF, 10 NEGINF, 11 ZERO) is
 * the enum fp_rounding value o1 << 1 | o2. */
static bool fcvt_int(struct insn *out, unsigned q, unsigned sz, bool scalar, unsigned rd, unsigned rn,
                     unsigned u, enum fp_rounding rounding)
{
    return set_unop(out, q, sz, scalar, rd, rn, u ? OP_TOFIX_U : OP_TOFIX_S, rounding, 0);
}

/* opcode 1110x with o2 (size<1>) and o1 (opcode<0>): FCVTA[SU], [SU]CVTF, URECPE/URSQRTE,
 * FRECPE/FRSQRTE (the last two with o2 = 1; the scalar class has only o2 = 0 and FRECPE apart). */
static bool cvta_class(struct insn *out, unsigned q, unsigned sz, bool scalar, unsigned rd, unsigned rn,
                       unsigned u, unsigned o2, unsigned o1)
{
    if (!o2 && !o1)
        return fcvt_int(out, q, sz, scalar, rd, rn, u, FP_RA);
    if (!o2)
        return set_unop(out, q, sz, scalar, rd, rn, u ? OP_CVTF_U : OP_CVTF_S, ROUND_FPCR, 0);
    if (!o1)
        return set_unop(out, q, sz, scalar, rd, rn, u ? OP_URSQRTE : OP_URECPE, ROUND_FPCR, 0);
    return set_unop(out, q, sz, scalar, rd, rn, u ? OP_RSQRTE : OP_RECPE, ROUND_FPCR, 0);
}

/* --- two-register misc, scalar --- */

bool trans_S2MISC_FCVT(struct insn *out, const struct arg_S2MISC_FCVT *a)
{
    return fcvt_int(out, 0, a->sz, true, a->rd, a->rn, a->u, (enum fp_rounding)(a->o1 << 1 | a->o2));
}

bool trans_S2MISC_FCVTA(struct insn *out, const struct arg_S2MISC_FCVTA *a)
{
    return cvta_class(out, 0, a->sz, true, a->rd, a->rn, a->u, 0, a->o1);
}

/* u:o1: FCMGT, FCMEQ, FCMGE, FCMLE (zero). */
static const enum unop_id compare_zero_ops[4] = { OP_CMGT0, OP_CMEQ0, OP_CMGE0, OP_CMLE0 };

bool trans_S2MISC_FCMP0(struct insn *out, const struct arg_S2MISC_FCMP0 *a)
{
    return set_unop(out, 0, a->sz, true, a->rd, a->rn, compare_zero_ops[a->u << 1 | a->o1], ROUND_FPCR, 0);
}

bool trans_S2MISC_FCMLT0(struct insn *out, const struct arg_S2MISC_FCMLT0 *a)
{
    return set_unop(out, 0, a->sz, true, a->rd, a->rn, OP_CMLT0, ROUND_FPCR, 0);
}

bool trans_S2MISC_FRECPE(struct insn *out, const struct arg_S2MISC_FRECPE *a)
{
    return set_unop(out, 0, a->sz, true, a->rd, a->rn, a->u ? OP_RSQRTE : OP_RECPE, ROUND_FPCR, 0);
}

bool trans_S2MISC_FRECPX(struct insn *out, const struct arg_S2MISC_FRECPX *a)
{
    return set_unop(out, 0, a->sz, true, a->rd, a->rn, OP_RECPX, ROUND_FPCR, 0);
}

/* --- two-register misc, vector --- */

bool trans_V2MISC_FCVT(struct insn *out, const struct arg_V2MISC_FCVT *a)
{
    return fcvt_int(out, a->q, a->sz, false, a->rd, a->rn, a->u, (enum fp_rounding)(a->o1 << 1 | a->o2));
}

bool trans_V2MISC_FCVTA(struct insn *out, const struct arg_V2MISC_FCVTA *a)
{
    return cvta_class(out, a->q, a->sz, false, a->rd, a->rn, a->u, a->o2, a->o1);
}

/* opcode<1:0>: FCMGT, FCMEQ, FCMLT (zero), FABS. */
static const enum unop_id fcmp0_ops[4] = { OP_CMGT0, OP_CMEQ0, OP_CMLT0, OP_ABS };

bool trans_V2MISC_FCMP0(struct insn *out, const struct arg_V2MISC_FCMP0 *a)
{
    return set_unop(out, a->q, a->sz, false, a->rd, a->rn, fcmp0_ops[a->op], ROUND_FPCR, 0);
}

bool trans_V2MISC_FCMGE0(struct insn *out, const struct arg_V2MISC_FCMGE0 *a)
{
    return set_unop(out, a->q, a->sz, false, a->rd, a->rn, a->o1 ? OP_CMLE0 : OP_CMGE0, ROUND_FPCR, 0);
}

bool trans_V2MISC_FNEG(struct insn *out, const struct arg_V2MISC_FNEG *a)
{
    return set_unop(out, a->q, a->sz, false, a->rd, a->rn, OP_NEG, ROUND_FPCR, 0);
}

bool trans_V2MISC_FSQRT(struct insn *out, const struct arg_V2MISC_FSQRT *a)
{
    return set_unop(out, a->q, a->sz, false, a->rd, a->rn, OP_SQRT, ROUND_FPCR, 0);
}

/* FRINT: U:o1:o2 = 0xx FPDecodeRounding(o1:o2), 100 TIEAWAY (FRINTA), 110 FPCR exact (FRINTX),
 * 111 FPCR (FRINTI). */
bool trans_V2MISC_FRINTN(struct insn *out, const struct arg_V2MISC_FRINTN *a)
{
    return set_unop(out, a->q, a->sz, false, a->rd, a->rn, OP_RINT, a->o2 ? FP_RP : FP_RN, 0);
}

bool trans_V2MISC_FRINTA(struct insn *out, const struct arg_V2MISC_FRINTA *a)
{
    return set_unop(out, a->q, a->sz, false, a->rd, a->rn, OP_RINT, FP_RA, 0);
}

bool trans_V2MISC_FRINTM(struct insn *out, const struct arg_V2MISC_FRINTM *a)
{
    if (!a->u)
        return set_unop(out, a->q, a->sz, false, a->rd, a->rn, OP_RINT, a->o2 ? FP_RZ : FP_RM, 0);
    return set_unop(out, a->q, a->sz, false, a->rd, a->rn, a->o2 ? OP_RINT : OP_RINTX, ROUND_FPCR, 0);
}

/* --- shift by immediate: fixed-point conversions, fbits = 2 * esize - UInt(immh:immb) --- */

/* imm is immh<2:0>:immb for doubles (immh = 1xxx), immh<1:0>:immb for singles (immh = 01xx). */
static bool fixed_point(struct insn *out, unsigned q, unsigned sz, bool scalar, unsigned rd, unsigned rn,
                        unsigned u, unsigned imm, bool to_fixed)
{
    unsigned fbits = (sz ? 64u : 32u) - imm;
    if (to_fixed)
        return set_unop(out, q, sz, scalar, rd, rn, u ? OP_TOFIX_U : OP_TOFIX_S, FP_RZ, fbits);
    return set_unop(out, q, sz, scalar, rd, rn, u ? OP_CVTF_U : OP_CVTF_S, ROUND_FPCR, fbits);
}

bool trans_SSHIFT_CVTF_h1(struct insn *out, const struct arg_SSHIFT_CVTF_h1 *a)
{
    return fixed_point(out, 0, 1, true, a->rd, a->rn, a->u, a->imm, false);
}

bool trans_SSHIFT_CVTF_h01(struct insn *out, const struct arg_SSHIFT_CVTF_h01 *a)
{
    return fixed_point(out, 0, 0, true, a->rd, a->rn, a->u, a->imm, false);
}

bool trans_SSHIFT_FCVTZ_h1(struct insn *out, const struct arg_SSHIFT_FCVTZ_h1 *a)
{
    return fixed_point(out, 0, 1, true, a->rd, a->rn, a->u, a->imm, true);
}

bool trans_SSHIFT_FCVTZ_h01(struct insn *out, const struct arg_SSHIFT_FCVTZ_h01 *a)
{
    return fixed_point(out, 0, 0, true, a->rd, a->rn, a->u, a->imm, true);
}

bool trans_VSHIFT_CVTF_h1(struct insn *out, const struct arg_VSHIFT_CVTF_h1 *a)
{
    return fixed_point(out, a->q, 1, false, a->rd, a->rn, a->u, a->imm, false);
}

bool trans_VSHIFT_CVTF_h01(struct insn *out, const struct arg_VSHIFT_CVTF_h01 *a)
{
    return fixed_point(out, a->q, 0, false, a->rd, a->rn, a->u, a->imm, false);
}

bool trans_VSHIFT_FCVTZ_h1(struct insn *out, const struct arg_VSHIFT_FCVTZ_h1 *a)
{
    return fixed_point(out, a->q, 1, false, a->rd, a->rn, a->u, a->imm, true);
}

bool trans_VSHIFT_FCVTZ_h01(struct insn *out, const struct arg_VSHIFT_FCVTZ_h01 *a)
{
    return fixed_point(out, a->q, 0, false, a->rd, a->rn, a->u, a->imm, true);
}

/* --- precision conversions --- */

/* FCVTN, FCVTN2, FCVTXN, FCVTXN2 (float_narrow, float_xtn_sisd): each element of Vn narrowed
 * to half its size, FPConvert with FPCR's rounding (FCVTN) or round-to-odd (FCVTXN), into
 * Vpart[d, Q]: Q = 0 writes bits 63:0 and zeroes the rest, Q = 1 writes bits 127:64 and keeps
 * 63:0. in->size is the source element size. */
static int exec_fcvtn(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), d = vreg_read(cpu, in->rd);
    struct fp_ctx c = fp_ctx_make(cpu->fpcr);
    enum fp_rounding rounding = insn_rounding(in, &c);
    vreg_t part = { .d = { 0, 0 } };
    if (in->size == 3) {
        for (unsigned e = 0; e < 2; e++)
            part.s[e] = fp64_to_fp32(n.d[e], rounding, &c);
    } else {
        for (unsigned e = 0; e < 4; e++)
            part.h[e] = fp32_to_fp16(n.s[e], rounding, &c);
    }
    if (in->flags & SIMD_FP_Q)
        d.d[1] = part.d[0];
    else
        d = part;
    vreg_write(cpu, in->rd, &d, 1);
    cpu->fpsr |= c.fpsr;
    return EXEC_NEXT;
}

/* FCVTL, FCVTL2 (float_widen): the elements of Vpart[n, Q] widened to
 * twice their size. in->size is the destination element size. */
static int exec_fcvtl(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), d;
    struct fp_ctx c = fp_ctx_make(cpu->fpcr);
    unsigned part = in->flags & SIMD_FP_Q;
    if (in->size == 3) {
        for (unsigned e = 0; e < 2; e++)
            d.d[e] = fp32_to_fp64(n.s[2 * part + e], &c);
    } else {
        for (unsigned e = 0; e < 4; e++)
            d.s[e] = fp16_to_fp32(n.h[4 * part + e], &c);
    }
    vreg_write(cpu, in->rd, &d, 1);
    cpu->fpsr |= c.fpsr;
    return EXEC_NEXT;
}

/* FCVTXN Sd, Dn: one double to single with round-to-odd, the rest of Vd zeroed. */
static int exec_fcvtxn_scalar(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    struct fp_ctx c = fp_ctx_make(cpu->fpcr);
    fp_write_scalar(cpu, in->rd, fp64_to_fp32(cpu->v[in->rn][0], FP_RO, &c));
    cpu->fpsr |= c.fpsr;
    return EXEC_NEXT;
}

static bool set_convert(struct insn *out, unsigned q, unsigned size, unsigned rd, unsigned rn,
                        unsigned rounding, exec_fn *fn)
{
    out->fn = fn;
    out->rd = (uint8_t)rd;
    out->rn = (uint8_t)rn;
    out->size = (uint8_t)size;
    out->flags = q ? SIMD_FP_Q : 0;
    out->imm = rounding << IMM_ROUND_SHIFT;
    return true;
}

/* l (opcode<0>): FCVTL; sz = 0 converts between half and single, 1 between single and double. */
bool trans_V2MISC_FCVTN(struct insn *out, const struct arg_V2MISC_FCVTN *a)
{
    if (a->l)
        return set_convert(out, a->q, 2 + a->sz, a->rd, a->rn, ROUND_FPCR, exec_fcvtl);
    return set_convert(out, a->q, 2 + a->sz, a->rd, a->rn, ROUND_FPCR, exec_fcvtn);
}

bool trans_V2MISC_FCVTXN(struct insn *out, const struct arg_V2MISC_FCVTXN *a)
{
    return a->sz && set_convert(out, a->q, 3, a->rd, a->rn, FP_RO, exec_fcvtn);
}

bool trans_S2MISC_FCVTXN(struct insn *out, const struct arg_S2MISC_FCVTXN *a)
{
    return set_convert(out, 0, 3, a->rd, a->rn, FP_RO, exec_fcvtxn_scalar);
}

/* Internals of the soft-float library (core/fp_arith*.c), shared by its files only: the format
 * parameters, FPUnpack, FPRound, the NaN rules and the constants (FPZero, FPInfinity,
 * FPMaxNormal, FPDefaultNaN). Every function works on any of the three formats through a
 * struct fp_format; the public fp16/fp32/fp64 entry points pass a constant one, so that the
 * compiler specialises the inline code per precision.
 *
 * A finite value is held exactly as sign, integer mantissa and binary exponent: value =
 * (-1)^sign * mant * 2^exp. Intermediate results that need more than 64 bits (the product of
 * two significands, aligned sums) use a 128-bit mantissa. */
#ifndef ELSIM_CORE_FP_ARITH_IMPL_H
#define ELSIM_CORE_FP_ARITH_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "fp_arith.h"

__extension__ typedef unsigned __int128 u128;

/* The hot paths (unpack, round, add, multiply) are inlined into each per-precision entry point
 * so that the format parameters become constants. */
#define FP_INLINE static inline __attribute__((always_inline))

struct fp_format {
    unsigned n;    /* total bits: 16, 32, 64 */
    unsigned e;    /* exponent bits */
    unsigned f;    /* fraction bits */
};

static const struct fp_format fp_format16 = { 16, 5, 10 };
static const struct fp_format fp_format32 = { 32, 8, 23 };
static const struct fp_format fp_format64 = { 64, 11, 52 };

/* FPType */
enum fp_type { FPT_ZERO, FPT_NONZERO, FPT_INF, FPT_QNAN, FPT_SNAN };

struct fp_unpacked {
    enum fp_type type;
    bool sign;
    int exp;          /* NONZERO: value = mant * 2^exp */
    uint64_t mant;    /* NONZERO: the significand with its integer bit; 0 otherwise */
};

static inline bool fp_is_nan(const struct fp_unpacked *u)
{
    return u->type == FPT_QNAN || u->type == FPT_SNAN;
}

static inline uint64_t fp_sign_bit(const struct fp_format *f) { return 1ull << (f->n - 1); }
static inline uint64_t fp_frac_mask(const struct fp_format *f) { return (1ull << f->f) - 1; }
static inline unsigned fp_exp_max(const struct fp_format *f) { return (1u << f->e) - 1; }
static inline int fp_bias(const struct fp_format *f) { return (1 << (f->e - 1)) - 1; }

static inline uint64_t fp_pack(const struct fp_format *f, bool sign, uint64_t biased_exp, uint64_t frac)
{
    return (sign ? fp_sign_bit(f) : 0) | biased_exp << f->f | frac;
}

static inline uint64_t fp_zero(const struct fp_format *f, bool sign) { return fp_pack(f, sign, 0, 0); }
static inline uint64_t fp_infinity(const struct fp_format *f, bool sign) { return fp_pack(f, sign, fp_exp_max(f), 0); }
static inline uint64_t fp_max_normal(const struct fp_format *f, bool sign)
{
    return fp_pack(f, sign, fp_exp_max(f) - 1, fp_frac_mask(f));
}
static inline uint64_t fp_default_nan(const struct fp_format *f)
{
    return fp_pack(f, false, fp_exp_max(f), 1ull << (f->f - 1));
}

/* FPUnpack (FPUnpackBase): classification and exact value. FPCR.FZ flushes single and double
 * denormal inputs to zero with IDC; half precision has no flush in ARMv8.0, and with FPCR.AHP
 * its all-ones exponent is an ordinary number. */
FP_INLINE struct fp_unpacked fp_unpack(const struct fp_format *f, uint64_t bits, struct fp_ctx *c)
{
    struct fp_unpacked u = { FPT_ZERO, (bits >> (f->n - 1)) & 1, 0, 0 };
    unsigned exp = (unsigned)(bits >> f->f) & fp_exp_max(f);
    uint64_t frac = bits & fp_frac_mask(f);
    if (exp == 0) {
        if (frac == 0)
            return u;
        if (f->n != 16 && (c->fpcr & FPCR_FZ)) {
            c->fpsr |= FPSR_IDC;
            return u;
        }
        u.type = FPT_NONZERO;
        u.mant = frac;
        u.exp = 1 - fp_bias(f) - (int)f->f;
        return u;
    }
    if (exp == fp_exp_max(f) && !(f->n == 16 && (c->fpcr & FPCR_AHP))) {
        if (frac == 0)
            u.type = FPT_INF;
        else
            u.type = (frac >> (f->f - 1)) & 1 ? FPT_QNAN : FPT_SNAN;
        return u;
    }
    u.type = FPT_NONZERO;
    u.mant = frac | 1ull << f->f;
    u.exp = (int)exp - fp_bias(f) - (int)f->f;
    return u;
}

/* Both operands normal numbers (the common case the hot paths test first): then FPUnpack
 * raises nothing and the value is the significand with its integer bit. */
FP_INLINE bool fp_both_normal(const struct fp_format *f, uint64_t a, uint64_t b)
{
    unsigned ea = (unsigned)(a >> f->f) & fp_exp_max(f), eb = (unsigned)(b >> f->f) & fp_exp_max(f);
    return ea - 1 < fp_exp_max(f) - 1 && eb - 1 < fp_exp_max(f) - 1;
}

FP_INLINE uint64_t fp_normal_mant(const struct fp_format *f, uint64_t a)
{
    return (a & fp_frac_mask(f)) | 1ull << f->f;
}

FP_INLINE int fp_normal_exp(const struct fp_format *f, uint64_t a)
{
    return (int)((a >> f->f) & fp_exp_max(f)) - fp_bias(f) - (int)f->f;
}

FP_INLINE bool fp_sign_of(const struct fp_format *f, uint64_t a)
{
    return (a >> (f->n - 1)) & 1;
}

/* FPProcessNaN: quiet a signalling NaN (IOC), or the default NaN under FPCR.DN. */
static inline uint64_t fp_process_nan(const struct fp_format *f, enum fp_type type, uint64_t op,
                                      struct fp_ctx *c)
{
    if (type == FPT_SNAN) {
        op |= 1ull << (f->f - 1);
        c->fpsr |= FPSR_IOC;
    }
    return (c->fpcr & FPCR_DN) ? fp_default_nan(f) : op;
}

/* FPProcessNaNs: a signalling NaN of either operand before a quiet one, op1 before op2. */
static inline bool fp_process_nans(const struct fp_format *f, const struct fp_unpacked *x,
                                   const struct fp_unpacked *y, uint64_t a, uint64_t b,
                                   struct fp_ctx *c, uint64_t *result)
{
    if (x->type == FPT_SNAN)
        *result = fp_process_nan(f, x->type, a, c);
    else if (y->type == FPT_SNAN)
        *result = fp_process_nan(f, y->type, b, c);
    else if (x->type == FPT_QNAN)
        *result = fp_process_nan(f, x->type, a, c);
    else if (y->type == FPT_QNAN)
        *result = fp_process_nan(f, y->type, b, c);
    else
        return false;
    return true;
}

/* The result of an invalid operation: the default NaN and IOC. */
static inline uint64_t fp_invalid(const struct fp_format *f, struct fp_ctx *c)
{
    c->fpsr |= FPSR_IOC;
    return fp_default_nan(f);
}

static inline int fp_clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* m >> k, the bits shifted out summarised as the most significant of them (half: worth half
 * a unit of the result's last place) and whether any other is set (rest). k >= 1. */
static inline u128 fp_shift_right(u128 m, int k, bool *half, bool *rest)
{
    if (k > 128) {
        *half = false;
        *rest = m != 0;
        return 0;
    }
    *half = (m >> (k - 1)) & 1;
    *rest = k > 1 && (m & (((u128)1 << (k - 1)) - 1)) != 0;
    return k == 128 ? 0 : m >> k;
}

/* The round_up decision of FPRoundBase / FPRoundInt / FPToFixed, stated on the magnitude:
 * lsb is the last kept bit, half and rest the discarded ones (error = half/2 + rest). The
 * pseudocode rounds the signed value up towards +infinity; on magnitudes that is this. */
static inline bool fp_round_up(enum fp_rounding r, bool sign, bool lsb, bool half, bool rest)
{
    switch (r) {
    case FP_RN: return half && (rest || lsb);
    case FP_RP: return (half || rest) && !sign;
    case FP_RM: return (half || rest) && sign;
    case FP_RA: return half;
    default:    return false;     /* FP_RZ, FP_RO */
    }
}

/* A finite intermediate value (-1)^sign * mant * 2^exp, mant < 2^121 (0 for a zero). */
struct fp_wide {
    bool sign;
    u128 mant;
    int exp;
};

/* m >> k (k >= 1) in 64 bits, the discarded bits summarised as in fp_shift_right. */
FP_INLINE uint64_t fp_shift_right64(uint64_t m, int k, bool *half, bool *rest)
{
    if (k > 64) {
        *half = false;
        *rest = m != 0;
        return 0;
    }
    *half = (m >> (k - 1)) & 1;
    *rest = (m & ((1ull << (k - 1)) - 1)) != 0;
    return k == 64 ? 0 : m >> k;
}

/* FPRoundBase(op, fpcr, rounding) on a 64-bit mantissa. Flush to zero (FPCR.FZ, not for half
 * precision) looks at the unrounded exponent; underflow (UFC) is "tiny before rounding and
 * inexact". */
FP_INLINE uint64_t fp_round64(const struct fp_format *f, bool sign, uint64_t mant, int exp,
                           enum fp_rounding r, struct fp_ctx *c)
{
    int exponent = 63 - __builtin_clzll(mant) + exp;   /* value in [2^exponent, 2^(exponent+1)) */
    int min_exp = 1 - fp_bias(f);
    if (f->n != 16 && (c->fpcr & FPCR_FZ) && exponent < min_exp) {
        c->fpsr |= FPSR_UFC;
        return fp_zero(f, sign);
    }
    int biased = exponent < min_exp ? 0 : exponent - min_exp + 1;
    /* int_mant = RoundDown(value scaled to F fraction bits at the result's exponent) */
    int shift = (int)f->f - (biased == 0 ? min_exp : exponent) + exp;
    bool half = false, rest = false;
    uint64_t int_mant = shift >= 0 ? mant << shift : fp_shift_right64(mant, -shift, &half, &rest);
    bool inexact = half || rest;
    if (biased == 0 && inexact)
        c->fpsr |= FPSR_UFC;
    if (fp_round_up(r, sign, int_mant & 1, half, rest)) {
        int_mant++;
        if (int_mant == 1ull << f->f)             /* denormal rounded up to the smallest normal */
            biased = 1;
        if (int_mant == 1ull << (f->f + 1)) {     /* rounded up to the next binade */
            biased++;
            int_mant >>= 1;
        }
    }
    if (inexact && r == FP_RO)
        int_mant |= 1;
    if (f->n == 16 && (c->fpcr & FPCR_AHP)) {
        if (biased >= 1 << f->e) {                /* alternative half precision has no infinity */
            c->fpsr |= FPSR_IOC;
            return fp_pack(f, sign, fp_exp_max(f), fp_frac_mask(f));
        }
    } else if (biased >= (int)fp_exp_max(f)) {
        bool to_inf = r == FP_RN || r == FP_RA || (r == FP_RP && !sign) || (r == FP_RM && sign);
        c->fpsr |= FPSR_OFC | FPSR_IXC;
        return to_inf ? fp_infinity(f, sign) : fp_max_normal(f, sign);
    }
    if (inexact)
        c->fpsr |= FPSR_IXC;
    return fp_pack(f, sign, (uint64_t)biased, int_mant & fp_frac_mask(f));
}

/* A mantissa wider than 64 bits keeps its top 64, the rest jammed into a sticky bit (64 bits
 * are well over the 53 + 2 rounding needs). */
FP_INLINE uint64_t fp_round(const struct fp_format *f, bool sign, u128 mant, int exp, enum fp_rounding r,
                  struct fp_ctx *c)
{
    uint64_t hi = (uint64_t)(mant >> 64);
    if (hi) {
        int s = 64 - __builtin_clzll(hi);
        bool sticky = (mant & (((u128)1 << s) - 1)) != 0;
        return fp_round64(f, sign, (uint64_t)(mant >> s) | sticky, exp + s, r, c);
    }
    return fp_round64(f, sign, (uint64_t)mant, exp, r, c);
}

/* The exact sum x + y of two wide values; when their exponents are far apart the smaller one
 * is jammed into a sticky bit well below any rounding position. Mantissas are below 2^121. */
FP_INLINE struct fp_wide fp_wide_add(struct fp_wide x, struct fp_wide y)
{
    if (y.mant == 0)
        return x;
    if (x.mant == 0)
        return y;
    int sx = fp_clz128(x.mant) - 3, sy = fp_clz128(y.mant) - 3;   /* msb to bit 124 */
    x.mant <<= sx;
    x.exp -= sx;
    y.mant <<= sy;
    y.exp -= sy;
    if (x.exp < y.exp) {
        struct fp_wide t = x;
        x = y;
        y = t;
    }
    if (x.exp > y.exp) {
        bool half, rest;
        y.mant = fp_shift_right(y.mant, x.exp - y.exp, &half, &rest) | (half || rest);
    }
    struct fp_wide s = { x.sign, 0, x.exp };
    if (x.sign == y.sign) {
        s.mant = x.mant + y.mant;
    } else if (x.mant >= y.mant) {
        s.mant = x.mant - y.mant;
    } else {
        s.mant = y.mant - x.mant;
        s.sign = y.sign;
    }
    return s;
}

/* FPRound of a sum (rounding mode from FPCR), with the exact-zero rule of FPAdd / FPMulAdd:
 * +0, or -0 when rounding towards minus infinity. */
FP_INLINE uint64_t fp_round_sum(const struct fp_format *f, struct fp_wide s, struct fp_ctx *c)
{
    enum fp_rounding r = fp_ctx_rounding(c);
    if (s.mant == 0)
        return fp_zero(f, r == FP_RM);
    return fp_round(f, s.sign, s.mant, s.exp, r, c);
}

#endif

/* Reciprocal and reciprocal square root estimates and Newton-Raphson steps as the ARM ARM
 * pseudocode defines them: FPRecipEstimate, FPRSqrtEstimate (on the architected integer
 * algorithms RecipEstimate and RecipSqrtEstimate), UnsignedRecipEstimate,
 * UnsignedRSqrtEstimate, FPRecipStepFused, FPRSqrtStepFused and FPRecpX. */
#include "fp_arith_impl.h"

/* RecipEstimate(a): a in 256..511 is a fixed-point 0.5 <= x < 1.0 in steps of 1/512; the
 * result in 256..511 is 1.0 <= 1/x < 2.0 in steps of 1/256. */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;                  /* round to nearest */
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate(a): a in 128..511 is 0.25 <= x < 1.0 (128..255 in steps of 1/512,
 * 256..511 in steps of 1/256); the result in 256..511 is 1/sqrt(x) in steps of 1/256. */
static unsigned recip_sqrt_estimate(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;          /* discard the bottom bit */
        a = (a + 1) * 2;
    }
    uint64_t b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < 1ull << 28)
        b++;                        /* the largest b with b < 2^14 / sqrt(a) */
    return (unsigned)((b + 1) / 2);
}

/* FPRecipEstimate. */
static uint64_t fp_recip_estimate(const struct fp_format *f, uint64_t op, struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, op, c);
    if (fp_is_nan(&x))
        return fp_process_nan(f, x.type, op, c);
    if (x.type == FPT_INF)
        return fp_zero(f, x.sign);
    if (x.type == FPT_ZERO) {
        c->fpsr |= FPSR_DZC;
        return fp_infinity(f, x.sign);
    }
    uint64_t mag = op & ~fp_sign_bit(f);
    if (mag < 1ull << (f->f - 2)) {                      /* |op| < 2^(min_exp - 2): overflows */
        enum fp_rounding r = fp_ctx_rounding(c);
        bool to_inf = r == FP_RN || (r == FP_RP && !x.sign) || (r == FP_RM && x.sign);
        c->fpsr |= FPSR_OFC | FPSR_IXC;
        return to_inf ? fp_infinity(f, x.sign) : fp_max_normal(f, x.sign);
    }
    if ((c->fpcr & FPCR_FZ) && mag >= (uint64_t)(fp_exp_max(f) - 2) << f->f) {
        c->fpsr |= FPSR_UFC;                             /* |op| >= 2^(bias - 1): flushed */
        return fp_zero(f, x.sign);
    }
    /* scale to 0.5 <= x < 1.0 in steps of 1/512 (the fraction as 52 bits) */
    const uint64_t frac52 = (1ull << 52) - 1;
    uint64_t fraction = (op & fp_frac_mask(f)) << (52 - f->f);
    int exp = (int)((op >> f->f) & fp_exp_max(f));
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & frac52;
        } else {
            fraction = (fraction << 1) & frac52;
        }
    }
    unsigned scaled = 256 | (unsigned)(fraction >> 44);
    int result_exp = (int)fp_exp_max(f) - 2 - exp;      /* 253 - exp, 2045 - exp */
    unsigned estimate = recip_estimate(scaled);
    fraction = (uint64_t)(estimate & 0xff) << 44;
    if (result_exp == 0) {
        fraction = 1ull << 51 | fraction >> 1;
    } else if (result_exp == -1) {
        fraction = 1ull << 50 | fraction >> 2;
        result_exp = 0;
    }
    return fp_pack(f, x.sign, (uint64_t)result_exp, fraction >> (52 - f->f));
}

/* FPRSqrtEstimate. */
static uint64_t fp_rsqrt_estimate(const struct fp_format *f, uint64_t op, struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, op, c);
    if (fp_is_nan(&x))
        return fp_process_nan(f, x.type, op, c);
    if (x.type == FPT_ZERO) {
        c->fpsr |= FPSR_DZC;
        return fp_infinity(f, x.sign);
    }
    if (x.sign)
        return fp_invalid(f, c);
    if (x.type == FPT_INF)
        return fp_zero(f, false);
    /* scale to 0.25 <= x < 1.0 keeping the exponent's parity */
    const uint64_t frac52 = (1ull << 52) - 1;
    uint64_t fraction = (op & fp_frac_mask(f)) << (52 - f->f);
    int exp = (int)((op >> f->f) & fp_exp_max(f));
    if (exp == 0) {
        while (!((fraction >> 51) & 1)) {
            fraction = (fraction << 1) & frac52;
            exp--;
        }
        fraction = (fraction << 1) & frac52;
    }
    unsigned scaled = (exp & 1) == 0 ? 256 | (unsigned)(fraction >> 44)
                                     : 128 | (unsigned)(fraction >> 45);
    int result_exp = (3 * fp_bias(f) - 1 - exp) / 2;    /* (380 - exp) / 2, (3068 - exp) / 2 */
    unsigned estimate = recip_sqrt_estimate(scaled);
    return fp_pack(f, false, (uint64_t)result_exp, (uint64_t)(estimate & 0xff) << (f->f - 8));
}

/* FPRecipStepFused (2 - op1 * op2) and FPRSqrtStepFused ((3 - op1 * op2) / 2): op1 is negated
 * before everything, NaN propagation included; infinity times zero gives 2.0 or 1.5. */
static uint64_t fp_step(const struct fp_format *f, uint64_t a, uint64_t b, bool rsqrt, struct fp_ctx *c)
{
    a ^= fp_sign_bit(f);
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    uint64_t result;
    if (fp_process_nans(f, &x, &y, a, b, c, &result))
        return result;
    if ((x.type == FPT_INF && y.type == FPT_ZERO) || (x.type == FPT_ZERO && y.type == FPT_INF))
        return rsqrt ? fp_pack(f, false, (uint64_t)fp_bias(f), 1ull << (f->f - 1))   /* 1.5 */
                     : fp_pack(f, false, (uint64_t)fp_bias(f) + 1, 0);               /* 2.0 */
    if (x.type == FPT_INF || y.type == FPT_INF)
        return fp_infinity(f, x.sign ^ y.sign);
    struct fp_wide constant = { false, rsqrt ? 3 : 2, 0 };
    struct fp_wide p = { x.sign ^ y.sign, (u128)x.mant * y.mant, x.exp + y.exp };
    struct fp_wide s = fp_wide_add(constant, p);
    if (rsqrt)
        s.exp--;
    return fp_round_sum(f, s, c);
}

/* FPRecpX: the exponent inverted, the fraction cleared (a zero or denormal gives the largest
 * normal exponent). */
static uint64_t fp_recpx(const struct fp_format *f, uint64_t op, struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, op, c);
    if (fp_is_nan(&x))
        return fp_process_nan(f, x.type, op, c);
    uint64_t exp = (op >> f->f) & fp_exp_max(f);
    return fp_pack(f, x.sign, exp == 0 ? fp_exp_max(f) - 1 : ~exp & fp_exp_max(f), 0);
}

uint32_t fp32_recip_estimate(uint32_t a, struct fp_ctx *c) { return (uint32_t)fp_recip_estimate(&fp_format32, a, c); }
uint32_t fp32_rsqrt_estimate(uint32_t a, struct fp_ctx *c) { return (uint32_t)fp_rsqrt_estimate(&fp_format32, a, c); }
uint32_t fp32_recip_step(uint32_t a, uint32_t b, struct fp_ctx *c) { return (uint32_t)fp_step(&fp_format32, a, b, false, c); }
uint32_t fp32_rsqrt_step(uint32_t a, uint32_t b, struct fp_ctx *c) { return (uint32_t)fp_step(&fp_format32, a, b, true, c); }
uint32_t fp32_recpx(uint32_t a, struct fp_ctx *c) { return (uint32_t)fp_recpx(&fp_format32, a, c); }

uint64_t fp64_recip_estimate(uint64_t a, struct fp_ctx *c) { return fp_recip_estimate(&fp_format64, a, c); }
uint64_t fp64_rsqrt_estimate(uint64_t a, struct fp_ctx *c) { return fp_rsqrt_estimate(&fp_format64, a, c); }
uint64_t fp64_recip_step(uint64_t a, uint64_t b, struct fp_ctx *c) { return fp_step(&fp_format64, a, b, false, c); }
uint64_t fp64_rsqrt_step(uint64_t a, uint64_t b, struct fp_ctx *c) { return fp_step(&fp_format64, a, b, true, c); }
uint64_t fp64_recpx(uint64_t a, struct fp_ctx *c) { return fp_recpx(&fp_format64, a, c); }

/* UnsignedRecipEstimate: all ones unless bit 31 is set. */
uint32_t fp_unsigned_recip_estimate(uint32_t a)
{
    if (!(a >> 31))
        return 0xffffffffu;
    return (uint32_t)recip_estimate(a >> 23) << 23;
}

/* UnsignedRSqrtEstimate: all ones unless one of bits 31:30 is set. */
uint32_t fp_unsigned_rsqrt_estimate(uint32_t a)
{
    if (!(a >> 30))
        return 0xffffffffu;
    return (uint32_t)recip_sqrt_estimate(a >> 23) << 23;
}

/* Conversions as the ARM ARM pseudocode defines them: FPConvert (with FPConvertNaN and the
 * alternative half-precision format of FPCR.AHP), FPToFixed and FixedToFP. */
#include "fp_arith_impl.h"

/* FPConvertNaN: sign kept, quiet bit set, the payload's top bits carried over (left-aligned). */
static uint64_t fp_convert_nan(const struct fp_format *from, const struct fp_format *to, uint64_t op)
{
    bool sign = (op >> (from->n - 1)) & 1;
    uint64_t payload = (op & (fp_frac_mask(from) >> 1)) << (52 - from->f);   /* 51 bits */
    return fp_pack(to, sign, fp_exp_max(to), 1ull << (to->f - 1) | payload >> (52 - to->f));
}

/* FPConvert(op, fpcr, rounding) from one format to another. */
static uint64_t fp_convert(const struct fp_format *from, const struct fp_format *to, uint64_t op,
                           enum fp_rounding r, struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(from, op, c);
    bool alt_hp = to->n == 16 && (c->fpcr & FPCR_AHP);
    if (fp_is_nan(&x)) {
        if (x.type == FPT_SNAN || alt_hp)
            c->fpsr |= FPSR_IOC;
        if (alt_hp)
            return fp_zero(to, x.sign);
        return (c->fpcr & FPCR_DN) ? fp_default_nan(to) : fp_convert_nan(from, to, op);
    }
    if (x.type == FPT_INF) {
        if (!alt_hp)
            return fp_infinity(to, x.sign);
        c->fpsr |= FPSR_IOC;
        return fp_pack(to, x.sign, fp_exp_max(to), fp_frac_mask(to));
    }
    if (x.type == FPT_ZERO)
        return fp_zero(to, x.sign);
    return fp_round(to, x.sign, x.mant, x.exp, r, c);
}

/* FPToFixed(op, fbits, unsigned, rounding) to an int_bits integer, saturating. NaN converts to
 * 0 and infinities saturate, both with IOC; a saturated result raises IOC instead of IXC. */
static uint64_t fp_to_fixed(const struct fp_format *f, uint64_t op, unsigned fbits, bool is_unsigned,
                            enum fp_rounding r, unsigned int_bits, struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, op, c);
    if (fp_is_nan(&x)) {
        c->fpsr |= FPSR_IOC;
        return 0;
    }
    /* the magnitude, rounded, saturated to 2^64 (larger than any result) */
    u128 mag = 0;
    bool half = false, rest = false;
    if (x.type == FPT_INF) {
        mag = (u128)1 << 64;
    } else if (x.type == FPT_NONZERO) {
        int shift = x.exp + (int)fbits;
        if (shift >= 0)
            mag = shift > 64 ? (u128)1 << 64 : (u128)x.mant << shift;
        else
            mag = fp_shift_right(x.mant, -shift, &half, &rest);
        if (fp_round_up(r, x.sign, mag & 1, half, rest))
            mag++;
    }
    uint64_t result;
    bool overflow;
    if (is_unsigned) {
        u128 max = ((u128)1 << int_bits) - 1;
        overflow = x.sign ? mag != 0 : mag > max;
        result = x.sign ? 0 : overflow ? (uint64_t)max : (uint64_t)mag;
    } else {
        u128 limit = (u128)1 << (int_bits - 1);           /* |min|; max = limit - 1 */
        overflow = x.sign ? mag > limit : mag >= limit;
        uint64_t v = overflow ? (uint64_t)(x.sign ? limit : limit - 1) : (uint64_t)mag;
        result = x.sign ? -v : v;
        if (int_bits < 64)
            result &= (1ull << int_bits) - 1;
    }
    if (overflow)
        c->fpsr |= FPSR_IOC;
    else if (half || rest)
        c->fpsr |= FPSR_IXC;
    return result;
}

/* FixedToFP(op, fbits, unsigned, rounding): op holds an int_bits integer. */
static uint64_t fixed_to_fp(const struct fp_format *f, uint64_t op, unsigned int_bits, unsigned fbits,
                            bool is_unsigned, enum fp_rounding r, struct fp_ctx *c)
{
    if (int_bits < 64)
        op &= (1ull << int_bits) - 1;
    bool sign = !is_unsigned && (op >> (int_bits - 1)) & 1;
    uint64_t mag = sign ? (~op + 1) & (int_bits < 64 ? (1ull << int_bits) - 1 : ~0ull) : op;
    if (mag == 0)
        return fp_zero(f, false);
    return fp_round(f, sign, mag, -(int)fbits, r, c);
}

uint32_t fp16_to_fp32(uint16_t a, struct fp_ctx *c)
{
    return (uint32_t)fp_convert(&fp_format16, &fp_format32, a, fp_ctx_rounding(c), c);
}

uint64_t fp16_to_fp64(uint16_t a, struct fp_ctx *c)
{
    return fp_convert(&fp_format16, &fp_format64, a, fp_ctx_rounding(c), c);
}

uint16_t fp32_to_fp16(uint32_t a, enum fp_rounding r, struct fp_ctx *c)
{
    return (uint16_t)fp_convert(&fp_format32, &fp_format16, a, r, c);
}

uint64_t fp32_to_fp64(uint32_t a, struct fp_ctx *c)
{
    return fp_convert(&fp_format32, &fp_format64, a, fp_ctx_rounding(c), c);
}

uint16_t fp64_to_fp16(uint64_t a, enum fp_rounding r, struct fp_ctx *c)
{
    return (uint16_t)fp_convert(&fp_format64, &fp_format16, a, r, c);
}

uint32_t fp64_to_fp32(uint64_t a, enum fp_rounding r, struct fp_ctx *c)
{
    return (uint32_t)fp_convert(&fp_format64, &fp_format32, a, r, c);
}

uint64_t fp32_to_fixed(uint32_t a, unsigned fbits, bool is_unsigned, enum fp_rounding r,
                       unsigned int_bits, struct fp_ctx *c)
{
    return fp_to_fixed(&fp_format32, a, fbits, is_unsigned, r, int_bits, c);
}

uint64_t fp64_to_fixed(uint64_t a, unsigned fbits, bool is_unsigned, enum fp_rounding r,
                       unsigned int_bits, struct fp_ctx *c)
{
    return fp_to_fixed(&fp_format64, a, fbits, is_unsigned, r, int_bits, c);
}

uint32_t fixed_to_fp32(uint64_t op, unsigned int_bits, unsigned fbits, bool is_unsigned,
                       enum fp_rounding r, struct fp_ctx *c)
{
    return (uint32_t)fixed_to_fp(&fp_format32, op, int_bits, fbits, is_unsigned, r, c);
}

uint64_t fixed_to_fp64(uint64_t op, unsigned int_bits, unsigned fbits, bool is_unsigned,
                       enum fp_rounding r, struct fp_ctx *c)
{
    return fixed_to_fp(&fp_format64, op, int_bits, fbits, is_unsigned, r, c);
}

/* IEEE 754 arithmetic as the ARM ARM pseudocode defines it (shared/functions/float): FPRound,
 * FPAdd, FPSub, FPMul, FPMulX, FPMulAdd, FPDiv, FPSqrt, FPMax, FPMin, FPMaxNum, FPMinNum,
 * FPRoundInt and the comparisons. Conversions are in fp_arith_cvt.c, estimates and Newton
 * steps in fp_arith_est.c; the shared internals in fp_arith_impl.h. */
#include "fp_arith_impl.h"

/* --- Fast paths: normal operands giving a normal result ------------------------------------
 * Most arithmetic in real programs has normal operands and a normal result. Then FPUnpack
 * raises nothing, FPCR.FZ flushes nothing (it only acts on denormals and tiny results), DN and
 * AHP do not apply (no NaN, no half precision): only the rounding mode matters, and FPRound
 * reduces to rounding a significand and raising IXC when inexact. These functions compute
 * that in exact integer arithmetic and return false, having changed nothing, whenever the
 * result would not be a normal number (before or after rounding) or an exact zero; the caller
 * then takes the general path, which gets every flag and special case right. */

/* FPRound of (-1)^sign * m * 2^(e - bias - 62), m having its leading one at bit 62: e is the
 * biased exponent before rounding. Rounding adds an increment below the last kept bit: half a
 * unit less one, plus the last kept bit (to nearest, ties to even), or a unit less one (away
 * from zero: RP for positive, RM for negative values), or nothing (towards zero). */
FP_INLINE bool fp_round_normal(const struct fp_format *f, bool sign, uint64_t m, int e,
                               struct fp_ctx *c, uint64_t *out)
{
    const unsigned g = 62 - f->f;                   /* bits below the result's last place */
    const uint64_t half = 1ull << (g - 1);
    if ((unsigned)(e - 1) >= fp_exp_max(f) - 1)
        return false;                               /* tiny, or overflowing */
    enum fp_rounding r = fp_ctx_rounding(c);
    uint64_t inc = r == FP_RN ? half - 1 + ((m >> g) & 1)
                 : r == (sign ? FP_RM : FP_RP) ? 2 * half - 1 : 0;
    uint64_t mant = (m + inc) >> g;                 /* m < 2^63: no carry out */
    e += (int)(mant >> (f->f + 1));                 /* rounded up to the next binade */
    if (e == (int)fp_exp_max(f))
        return false;
    if (m & (2 * half - 1))
        c->fpsr |= FPSR_IXC;
    *out = fp_pack(f, sign, (uint64_t)e, mant & fp_frac_mask(f));
    return true;
}

static inline int fp_biased_exp(const struct fp_format *f, uint64_t a)
{
    return (int)((a >> f->f) & fp_exp_max(f));
}

/* FPAdd of two normal numbers (b with its sign already inverted for FPSub). */
FP_INLINE bool fp_add_normal(const struct fp_format *f, uint64_t a, uint64_t b, struct fp_ctx *c,
                             uint64_t *out)
{
    uint64_t sign_bit = fp_sign_bit(f);
    if ((a & ~sign_bit) < (b & ~sign_bit)) {        /* a the larger magnitude */
        uint64_t t = a;
        a = b;
        b = t;
    }
    const unsigned top = 61 - f->f;                 /* significands to bit 61: room for a carry */
    uint64_t mx = fp_normal_mant(f, a) << top, my = fp_normal_mant(f, b) << top;
    unsigned d = (unsigned)(fp_biased_exp(f, a) - fp_biased_exp(f, b));
    if (d)                                          /* b's bits below bit 0 jammed into a sticky bit */
        my = d < 64 ? my >> d | ((my << (64 - d)) != 0) : 1;
    uint64_t m = (a ^ b) & sign_bit ? mx - my : mx + my;
    if (m == 0) {                                   /* x + (-x): +0, or -0 rounding to -infinity */
        *out = fp_zero(f, fp_ctx_rounding(c) == FP_RM);
        return true;
    }
    int n = __builtin_clzll(m) - 1;                 /* to bit 62; n > 2 only if d <= 1 (exact) */
    return fp_round_normal(f, fp_sign_of(f, a), m << n, fp_biased_exp(f, a) + 1 - n, c, out);
}

/* FPMul of two normal numbers: the exact product of the significands, in [2^2f, 2^(2f+2)),
 * its leading one moved to bit 62, bits below bit 0 jammed into a sticky bit. */
FP_INLINE bool fp_mul_normal(const struct fp_format *f, uint64_t a, uint64_t b, struct fp_ctx *c,
                             uint64_t *out)
{
    u128 p = (u128)fp_normal_mant(f, a) * fp_normal_mant(f, b);
    unsigned t = (unsigned)(p >> (2 * f->f + 1)) & 1;        /* product of significands >= 2 */
    uint64_t m;
    if (2 * f->f > 62) {                            /* leading one at 2f + t: shift right */
        unsigned sh = 2 * f->f - 62 + t;
        m = (uint64_t)(p >> sh) | (((uint64_t)p & ((1ull << sh) - 1)) != 0);
    } else {
        m = (uint64_t)p << (62 - 2 * f->f - t);
    }
    int e = fp_biased_exp(f, a) + fp_biased_exp(f, b) - fp_bias(f) + (int)t;
    return fp_round_normal(f, fp_sign_of(f, a ^ b), m, e, c, out);
}

/* m >> k, the bits shifted out jammed into bit 0 (a sticky bit), 1 <= k < 128. */
static inline u128 fp_shift_right_jam128(u128 m, unsigned k)
{
    uint64_t lo = (uint64_t)m, hi = (uint64_t)(m >> 64);
    bool sticky = k < 64 ? (lo & ((1ull << k) - 1)) != 0
                         : lo != 0 || (hi & ((1ull << (k - 64)) - 1)) != 0;
    return m >> k | sticky;
}

/* FPMulAdd of three normal numbers: addend + a * b, exact in 128 bits before the one rounding.
 * The product P (at most 2f + 2 bits) is placed with its leading one at bit 124 or 125 and the
 * addend Z shifted into its frame. When Z is far below P's last bit it is jammed into a
 * sticky bit; when Z's leading bit would pass bit 126, Z stops there and P is shifted right
 * with a sticky bit instead. Either way the jammed operand is far below the other's leading
 * bit, so no cancellation reaches the sticky bit and the rounding is exact. */
FP_INLINE bool fp_muladd_normal(const struct fp_format *f, uint64_t addend, uint64_t a, uint64_t b,
                                struct fp_ctx *c, uint64_t *out)
{
    const int psh = 124 - 2 * (int)f->f, zmax = 126 - (int)f->f;
    u128 p = (u128)fp_normal_mant(f, a) * fp_normal_mant(f, b) << psh, z = fp_normal_mant(f, addend);
    /* value of bit 0 of p: 2^(ep - bias); k: where z's bit 0 goes in p's frame */
    int ep = fp_biased_exp(f, a) + fp_biased_exp(f, b) - fp_bias(f) - 2 * (int)f->f - psh;
    int k = fp_biased_exp(f, addend) - (int)f->f - ep;
    if (k < 0) {
        z = k > -64 ? z >> -k | (((uint64_t)z << (64 + k)) != 0) : 1;
    } else if (k <= zmax) {
        z <<= k;
    } else {
        int sh = k - zmax;
        p = sh < 128 ? fp_shift_right_jam128(p, (unsigned)sh) : 1;
        z <<= zmax;
        ep += sh;
    }
    bool sign_p = fp_sign_of(f, a ^ b), sign = sign_p;
    u128 s;
    if (sign_p == fp_sign_of(f, addend)) {
        s = p + z;
    } else if (p >= z) {
        s = p - z;
    } else {
        s = z - p;
        sign = !sign_p;
    }
    if (s == 0) {                                   /* exact zero: +0, or -0 rounding to -infinity */
        *out = fp_zero(f, fp_ctx_rounding(c) == FP_RM);
        return true;
    }
    int n = fp_clz128(s);
    s <<= n;                                        /* leading one to bit 127, then to 62 of m */
    uint64_t m = (uint64_t)(s >> 65) | ((((uint64_t)(s >> 64) & 1) | (uint64_t)s) != 0);
    return fp_round_normal(f, sign, m, ep + 127 - n, c, out);
}

/* The rounded sum of two unpacked finite operands (significands below 2^53), in 64-bit
 * arithmetic: both normalised to bit 62, the one with the smaller exponent jammed into a
 * sticky bit. An exact zero is +0, or -0 when rounding to minus infinity. */
FP_INLINE uint64_t fp_add_finite(const struct fp_format *f, bool sx, uint64_t mx, int ex, bool sy,
                                 uint64_t my, int ey, struct fp_ctx *c)
{
    enum fp_rounding r = fp_ctx_rounding(c);
    if (mx == 0 || my == 0) {
        if (mx == 0 && my == 0)
            return fp_zero(f, r == FP_RM);
        return mx ? fp_round64(f, sx, mx, ex, r, c) : fp_round64(f, sy, my, ey, r, c);
    }
    int nx = __builtin_clzll(mx) - 1, ny = __builtin_clzll(my) - 1;
    mx <<= nx;
    ex -= nx;
    my <<= ny;
    ey -= ny;
    if (ex < ey || (ex == ey && mx < my)) {      /* x the larger in magnitude */
        uint64_t tm = mx;
        int te = ex;
        bool ts = sx;
        mx = my;
        ex = ey;
        sx = sy;
        my = tm;
        ey = te;
        sy = ts;
    }
    if (ex > ey) {
        bool half, rest;
        my = fp_shift_right64(my, ex - ey, &half, &rest) | (half || rest);
    }
    uint64_t m = sx == sy ? mx + my : mx - my;
    if (m == 0)
        return fp_zero(f, r == FP_RM);
    return fp_round64(f, sx, m, ex, r, c);
}

/* FPAdd, and FPSub (negate = true: op2's sign is inverted after the NaN checks). */
FP_INLINE uint64_t fp_add_general(const struct fp_format *f, uint64_t a, uint64_t b, bool negate, struct fp_ctx *c)
{
    if (__builtin_expect(fp_both_normal(f, a, b), 1))
        return fp_add_finite(f, fp_sign_of(f, a), fp_normal_mant(f, a), fp_normal_exp(f, a),
                             fp_sign_of(f, b) ^ negate, fp_normal_mant(f, b), fp_normal_exp(f, b), c);
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    uint64_t result;
    if (fp_process_nans(f, &x, &y, a, b, c, &result))
        return result;
    bool sy = y.sign ^ negate;
    if (x.type == FPT_INF && y.type == FPT_INF && x.sign != sy)
        return fp_invalid(f, c);
    if (x.type == FPT_INF)
        return fp_infinity(f, x.sign);
    if (y.type == FPT_INF)
        return fp_infinity(f, sy);
    if (x.type == FPT_ZERO && y.type == FPT_ZERO && x.sign == sy)
        return fp_zero(f, x.sign);
    return fp_add_finite(f, x.sign, x.mant, x.exp, sy, y.mant, y.exp, c);
}

/* FPMul, and FPMulX (mulx: infinity times zero is 2.0, not an invalid operation). */
FP_INLINE uint64_t fp_mul_general(const struct fp_format *f, uint64_t a, uint64_t b, bool mulx, struct fp_ctx *c)
{
    if (__builtin_expect(fp_both_normal(f, a, b), 1))
        return fp_round(f, fp_sign_of(f, a ^ b), (u128)fp_normal_mant(f, a) * fp_normal_mant(f, b),
                        fp_normal_exp(f, a) + fp_normal_exp(f, b), fp_ctx_rounding(c), c);
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    uint64_t result;
    if (fp_process_nans(f, &x, &y, a, b, c, &result))
        return result;
    bool sign = x.sign ^ y.sign;
    if ((x.type == FPT_INF && y.type == FPT_ZERO) || (x.type == FPT_ZERO && y.type == FPT_INF))
        return mulx ? fp_pack(f, sign, (uint64_t)fp_bias(f) + 1, 0) : fp_invalid(f, c);
    if (x.type == FPT_INF || y.type == FPT_INF)
        return fp_infinity(f, sign);
    if (x.type == FPT_ZERO || y.type == FPT_ZERO)
        return fp_zero(f, sign);
    return fp_round(f, sign, (u128)x.mant * y.mant, x.exp + y.exp, fp_ctx_rounding(c), c);
}

/* FPMulAdd(addend, op1, op2): addend + op1 * op2 with a single rounding. */
FP_INLINE uint64_t fp_muladd_general(const struct fp_format *f, uint64_t addend, uint64_t a, uint64_t b,
                             struct fp_ctx *c)
{
    if (__builtin_expect(fp_both_normal(f, a, b) && fp_both_normal(f, addend, addend), 1)) {
        /* FPMulAdd's special cases all need a zero, an infinity or a NaN */
        /* The product (2F+1 or 2F+2 bits) and the addend (F+1 bits) placed with their top bit
         * at bit 123..124 without counting leading zeros, the one with the smaller exponent
         * shifted right and jammed. A shift within the zeros placed below it (sp, sz) is exact,
         * so the operands of a subtraction that cancels are exact; a longer one leaves the
         * jammed operand far below the other, its sticky bit under any rounding position. */
        int sp = 124 - 2 * (int)f->f - 1, sz = 124 - (int)f->f;
        u128 mp = ((u128)fp_normal_mant(f, a) * fp_normal_mant(f, b)) << sp;
        u128 mz = (u128)fp_normal_mant(f, addend) << sz;
        int ep = fp_normal_exp(f, a) + fp_normal_exp(f, b) - sp, ez = fp_normal_exp(f, addend) - sz;
        bool sign_p = fp_sign_of(f, a ^ b), sign_z = fp_sign_of(f, addend);
        bool half, rest;
        if (ep > ez)
            mz = fp_shift_right(mz, ep - ez, &half, &rest) | (half || rest);
        else if (ez > ep)
            mp = fp_shift_right(mp, ez - ep, &half, &rest) | (half || rest);
        struct fp_wide s = { sign_p, 0, ep > ez ? ep : ez };
        if (sign_p == sign_z) {
            s.mant = mp + mz;
        } else if (mp >= mz) {
            s.mant = mp - mz;
        } else {
            s.mant = mz - mp;
            s.sign = sign_z;
        }
        return fp_round_sum(f, s, c);
    }
    struct fp_unpacked z = fp_unpack(f, addend, c), x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    bool inf_times_zero = (x.type == FPT_INF && y.type == FPT_ZERO) ||
                          (x.type == FPT_ZERO && y.type == FPT_INF);
    uint64_t result;
    /* FPProcessNaNs3: signalling NaNs in operand order, then quiet ones */
    const struct fp_unpacked *u[3] = { &z, &x, &y };
    const uint64_t op[3] = { addend, a, b };
    bool done = false;
    for (int pass = 0; pass < 2 && !done; pass++) {
        for (int i = 0; i < 3 && !done; i++) {
            if (u[i]->type == (pass == 0 ? FPT_SNAN : FPT_QNAN)) {
                result = fp_process_nan(f, u[i]->type, op[i], c);
                done = true;
            }
        }
    }
    if (z.type == FPT_QNAN && inf_times_zero)
        return fp_invalid(f, c);
    if (done)
        return result;
    bool sign_p = x.sign ^ y.sign;
    bool inf_p = x.type == FPT_INF || y.type == FPT_INF;
    bool zero_p = x.type == FPT_ZERO || y.type == FPT_ZERO;
    if (inf_times_zero || (z.type == FPT_INF && inf_p && z.sign != sign_p))
        return fp_invalid(f, c);
    if (z.type == FPT_INF)
        return fp_infinity(f, z.sign);
    if (inf_p)
        return fp_infinity(f, sign_p);
    if (z.type == FPT_ZERO && zero_p && z.sign == sign_p)
        return fp_zero(f, z.sign);
    struct fp_wide w = { z.sign, z.mant, z.exp };
    struct fp_wide p = { sign_p, (u128)x.mant * y.mant, x.exp + y.exp };
    return fp_round_sum(f, fp_wide_add(w, p), c);
}

/* The general FPAdd, FPMul and FPMulAdd out of line, one copy per precision, so that the fast
 * paths below, inlined into the entry points, need few registers. */
#define FP_GENERAL(N, FMT)                                                                      \
    static __attribute__((noinline)) uint64_t fp##N##_add_general(uint64_t a, uint64_t b,      \
                                                                  bool negate, struct fp_ctx *c) \
    {                                                                                          \
        return fp_add_general(FMT, a, b, negate, c);                                           \
    }                                                                                          \
    static __attribute__((noinline)) uint64_t fp##N##_mul_general(uint64_t a, uint64_t b,      \
                                                                  bool mulx, struct fp_ctx *c) \
    {                                                                                          \
        return fp_mul_general(FMT, a, b, mulx, c);                                             \
    }                                                                                          \
    static __attribute__((noinline)) uint64_t fp##N##_muladd_general(uint64_t addend, uint64_t a, \
                                                                     uint64_t b, struct fp_ctx *c) \
    {                                                                                          \
        return fp_muladd_general(FMT, addend, a, b, c);                                        \
    }
FP_GENERAL(32, &fp_format32)
FP_GENERAL(64, &fp_format64)

/* FPAdd, FPMul and FPMulAdd: the fast path for normal operands and a normal result, else the
 * general function. */
FP_INLINE uint64_t fp_add(const struct fp_format *f, uint64_t a, uint64_t b, bool negate, struct fp_ctx *c)
{
    uint64_t r;
    if (__builtin_expect(fp_both_normal(f, a, b), 1) &&
        fp_add_normal(f, a, negate ? b ^ fp_sign_bit(f) : b, c, &r))
        return r;
    return f->n == 64 ? fp64_add_general(a, b, negate, c) : fp32_add_general(a, b, negate, c);
}

FP_INLINE uint64_t fp_mul(const struct fp_format *f, uint64_t a, uint64_t b, bool mulx, struct fp_ctx *c)
{
    uint64_t r;
    if (__builtin_expect(fp_both_normal(f, a, b), 1) && fp_mul_normal(f, a, b, c, &r))
        return r;
    return f->n == 64 ? fp64_mul_general(a, b, mulx, c) : fp32_mul_general(a, b, mulx, c);
}

FP_INLINE uint64_t fp_muladd(const struct fp_format *f, uint64_t addend, uint64_t a, uint64_t b,
                             struct fp_ctx *c)
{
    uint64_t r;
    if (__builtin_expect(fp_both_normal(f, a, b) && fp_both_normal(f, addend, addend), 1) &&
        fp_muladd_normal(f, addend, a, b, c, &r))
        return r;
    return f->n == 64 ? fp64_muladd_general(addend, a, b, c) : fp32_muladd_general(addend, a, b, c);
}

/* FPDiv. The quotient of the significands is computed to at least 74 bits plus a sticky bit
 * for a non-zero remainder. */
static uint64_t fp_div(const struct fp_format *f, uint64_t a, uint64_t b, struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    uint64_t result;
    if (fp_process_nans(f, &x, &y, a, b, c, &result))
        return result;
    bool sign = x.sign ^ y.sign;
    if ((x.type == FPT_INF && y.type == FPT_INF) || (x.type == FPT_ZERO && y.type == FPT_ZERO))
        return fp_invalid(f, c);
    if (x.type == FPT_INF || y.type == FPT_ZERO) {
        if (x.type != FPT_INF)
            c->fpsr |= FPSR_DZC;
        return fp_infinity(f, sign);
    }
    if (x.type == FPT_ZERO || y.type == FPT_INF)
        return fp_zero(f, sign);
    int lz = __builtin_clzll(x.mant);
    u128 num = (u128)(x.mant << lz) << 64;
    u128 q = num / y.mant;
    q |= (num % y.mant) != 0;
    return fp_round(f, sign, q, x.exp - lz - 64 - y.exp, fp_ctx_rounding(c), c);
}

/* Integer square root of a 128-bit value, digit by digit; *inexact when not a perfect square. */
static uint64_t isqrt128(u128 m, bool *inexact)
{
    u128 rem = 0;
    uint64_t root = 0;
    for (int i = 63; i >= 0; i--) {
        rem = rem << 2 | ((m >> (2 * i)) & 3);
        u128 trial = (u128)root << 2 | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    *inexact = rem != 0;
    return root;
}

/* FPSqrt. The root of the significand, scaled to 2^126..2^128, has 64 bits plus a sticky bit. */
static uint64_t fp_sqrt(const struct fp_format *f, uint64_t a, struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, a, c);
    if (fp_is_nan(&x))
        return fp_process_nan(f, x.type, a, c);
    if (x.type == FPT_ZERO)
        return fp_zero(f, x.sign);
    if (x.type == FPT_INF && !x.sign)
        return fp_infinity(f, false);
    if (x.sign)
        return fp_invalid(f, c);
    u128 m = x.mant;
    int exp = x.exp;
    if (exp & 1) {
        m <<= 1;
        exp--;
    }
    int s = fp_clz128(m) & ~1;
    bool inexact;
    u128 root = isqrt128(m << s, &inexact);
    return fp_round(f, false, root | inexact, (exp - s) / 2, fp_ctx_rounding(c), c);
}

/* The order of two non-NaN operands: zeros (and flushed denormals) compare equal. */
static int64_t fp_order_key(const struct fp_format *f, const struct fp_unpacked *u, uint64_t bits)
{
    if (u->type == FPT_ZERO)
        return 0;
    int64_t mag = (int64_t)(bits & ~fp_sign_bit(f));
    return u->sign ? -mag : mag;
}

/* FPMax / FPMin. Equal values take op2; a zero result is +0 for max unless both are -0, and
 * -0 for min if either is. A finite result is the operand itself (FPRound of it is exact). */
static uint64_t fp_max_min(const struct fp_format *f, uint64_t a, uint64_t b, bool is_max,
                           struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    uint64_t result;
    if (fp_process_nans(f, &x, &y, a, b, c, &result))
        return result;
    int64_t kx = fp_order_key(f, &x, a), ky = fp_order_key(f, &y, b);
    bool pick_x = is_max ? kx > ky : kx < ky;
    const struct fp_unpacked *u = pick_x ? &x : &y;
    if (u->type == FPT_ZERO)
        return fp_zero(f, is_max ? (x.sign && y.sign) : (x.sign || y.sign));
    return pick_x ? a : b;
}

/* FPMaxNum / FPMinNum: a single quiet NaN operand is replaced by -infinity (max) or
 * +infinity (min) before FPMax / FPMin. */
static uint64_t fp_max_min_num(const struct fp_format *f, uint64_t a, uint64_t b, bool is_max,
                               struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    if (x.type == FPT_QNAN && y.type != FPT_QNAN)
        a = fp_infinity(f, is_max);
    else if (x.type != FPT_QNAN && y.type == FPT_QNAN)
        b = fp_infinity(f, is_max);
    return fp_max_min(f, a, b, is_max, c);
}

/* FPRoundInt(op, rounding, exact). */
static uint64_t fp_round_int(const struct fp_format *f, uint64_t a, enum fp_rounding r, bool exact,
                             struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, a, c);
    if (fp_is_nan(&x))
        return fp_process_nan(f, x.type, a, c);
    if (x.type == FPT_INF)
        return fp_infinity(f, x.sign);
    if (x.type == FPT_ZERO)
        return fp_zero(f, x.sign);
    if (x.exp >= 0)
        return a;               /* already an integer */
    bool half, rest;
    u128 t = fp_shift_right(x.mant, -x.exp, &half, &rest);
    if (fp_round_up(r, x.sign, t & 1, half, rest))
        t++;
    if (exact && (half || rest))
        c->fpsr |= FPSR_IXC;
    if (t == 0)
        return fp_zero(f, x.sign);
    return fp_round(f, x.sign, t, 0, FP_RZ, c);
}

/* FPCompare: NZCV. */
FP_INLINE unsigned fp_compare(const struct fp_format *f, uint64_t a, uint64_t b, bool signal_nans,
                              struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    if (fp_is_nan(&x) || fp_is_nan(&y)) {
        if (x.type == FPT_SNAN || y.type == FPT_SNAN || signal_nans)
            c->fpsr |= FPSR_IOC;
        return 0x3;
    }
    int64_t kx = fp_order_key(f, &x, a), ky = fp_order_key(f, &y, b);
    return kx == ky ? 0x6 : kx < ky ? 0x8 : 0x2;
}

/* FPCompareEQ (quiet: IOC only for a signalling NaN), FPCompareGE / GT (IOC for any NaN). */
enum fp_relation { FP_EQ, FP_GE, FP_GT };

static bool fp_compare_rel(const struct fp_format *f, uint64_t a, uint64_t b, enum fp_relation rel,
                           struct fp_ctx *c)
{
    struct fp_unpacked x = fp_unpack(f, a, c), y = fp_unpack(f, b, c);
    if (fp_is_nan(&x) || fp_is_nan(&y)) {
        if (rel != FP_EQ || x.type == FPT_SNAN || y.type == FPT_SNAN)
            c->fpsr |= FPSR_IOC;
        return false;
    }
    int64_t kx = fp_order_key(f, &x, a), ky = fp_order_key(f, &y, b);
    return rel == FP_EQ ? kx == ky : rel == FP_GE ? kx >= ky : kx > ky;
}

/* --- The public entry points, per precision --- */
#define FP_ARITH_ENTRY_POINTS(N, T, FMT)                                                        \
    T fp##N##_add(T a, T b, struct fp_ctx *c) { return (T)fp_add(FMT, a, b, false, c); }       \
    T fp##N##_sub(T a, T b, struct fp_ctx *c) { return (T)fp_add(FMT, a, b, true, c); }        \
    T fp##N##_mul(T a, T b, struct fp_ctx *c) { return (T)fp_mul(FMT, a, b, false, c); }       \
    T fp##N##_mulx(T a, T b, struct fp_ctx *c) { return (T)fp_mul(FMT, a, b, true, c); }       \
    T fp##N##_div(T a, T b, struct fp_ctx *c) { return (T)fp_div(FMT, a, b, c); }              \
    T fp##N##_sqrt(T a, struct fp_ctx *c) { return (T)fp_sqrt(FMT, a, c); }                    \
    T fp##N##_muladd(T addend, T a, T b, struct fp_ctx *c)                                     \
    {                                                                                          \
        return (T)fp_muladd(FMT, addend, a, b, c);                                             \
    }                                                                                          \
    T fp##N##_max(T a, T b, struct fp_ctx *c) { return (T)fp_max_min(FMT, a, b, true, c); }    \
    T fp##N##_min(T a, T b, struct fp_ctx *c) { return (T)fp_max_min(FMT, a, b, false, c); }   \
    T fp##N##_maxnm(T a, T b, struct fp_ctx *c) { return (T)fp_max_min_num(FMT, a, b, true, c); } \
    T fp##N##_minnm(T a, T b, struct fp_ctx *c) { return (T)fp_max_min_num(FMT, a, b, false, c); } \
    T fp##N##_abd(T a, T b, struct fp_ctx *c) { return fp##N##_abs(fp##N##_sub(a, b, c)); }    \
    T fp##N##_round_int(T a, enum fp_rounding r, bool exact, struct fp_ctx *c)                 \
    {                                                                                          \
        return (T)fp_round_int(FMT, a, r, exact, c);                                           \
    }                                                                                          \
    unsigned fp##N##_compare(T a, T b, bool signal_nans, struct fp_ctx *c)                     \
    {                                                                                          \
        return fp_compare(FMT, a, b, signal_nans, c);                                          \
    }                                                                                          \
    bool fp##N##_compare_eq(T a, T b, struct fp_ctx *c) { return fp_compare_rel(FMT, a, b, FP_EQ, c); } \
    bool fp##N##_compare_ge(T a, T b, struct fp_ctx *c) { return fp_compare_rel(FMT, a, b, FP_GE, c); } \
    bool fp##N##_compare_gt(T a, T b, struct fp_ctx *c) { return fp_compare_rel(FMT, a, b, FP_GT, c); }

FP_ARITH_ENTRY_POINTS(32, uint32_t, &fp_format32)
FP_ARITH_ENTRY_POINTS(64, uint64_t, &fp_format64)

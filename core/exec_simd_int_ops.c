/* Advanced SIMD integer lane operations and the two general lane engines (same-size lanes and
 * widened lanes) that the family files share. Each lane function is the loop body of the
 * instruction's pseudocode (aarch64/instrs/vector/arithmetic/...: shared/functions/integer
 * SignedSatQ, UnsignedSatQ; vector/shift/reg; vector/arithmetic/binary/uniform/...). Values are
 * handled as 128-bit integers where the pseudocode uses unbounded integers. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "exec_simd_int.h"
#include "fp.h"

static inline unsigned ebits(unsigned esize) { return 8u << esize; }

static inline uint64_t ones(unsigned bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }

static inline int64_t sx(uint64_t v, unsigned esize)
{
    unsigned s = 64 - ebits(esize);
    return (int64_t)(v << s) >> s;
}

static inline uint64_t zx(uint64_t v, unsigned esize) { return v & ones(ebits(esize)); }

/* SignedSatQ(i, N) */
static uint64_t sat_s(simd_i128 v, unsigned esize, unsigned *qc)
{
    simd_i128 max = ((simd_i128)1 << (ebits(esize) - 1)) - 1;
    if (v > max) {
        *qc = 1;
        return (uint64_t)max;
    }
    if (v < -max - 1) {
        *qc = 1;
        return (uint64_t)(-max - 1);
    }
    return (uint64_t)v;
}

/* UnsignedSatQ(i, N) */
static uint64_t sat_u(simd_i128 v, unsigned esize, unsigned *qc)
{
    simd_i128 max = ((simd_i128)1 << ebits(esize)) - 1;
    if (v > max) {
        *qc = 1;
        return (uint64_t)max;
    }
    if (v < 0) {
        *qc = 1;
        return 0;
    }
    return (uint64_t)v;
}

static inline uint64_t mask_if(bool c) { return c ? ~0ull : 0; }

static inline simd_i128 iabs(simd_i128 v) { return v < 0 ? -v : v; }

/* The shift by register operations (vector/shift/reg: SSHL, SRSHL, SQSHL, SQRSHL and the U
 * forms): shift = SInt(m<7:0>), rounding adds 1 << (-shift - 1) before a right shift. A left
 * shift of at least esize bits shifts everything out (0, or saturation of a nonzero value); a
 * right shift of more than 65 bits gives the same result as 65 for any 64-bit value. */
static uint64_t shift_reg(uint64_t n, uint64_t m, unsigned esize, bool is_signed, bool round,
                          bool sat, unsigned *qc)
{
    int shift = (int8_t)(uint8_t)m;
    simd_i128 v = is_signed ? (simd_i128)sx(n, esize) : (simd_i128)zx(n, esize);
    simd_i128 r;
    if (shift >= 0) {
        if (v == 0)
            return 0;
        if (shift >= (int)ebits(esize)) {
            if (!sat)
                return 0;
            r = v > 0 ? (simd_i128)1 << 100 : -((simd_i128)1 << 100);
        } else {
            r = v * ((simd_i128)1 << shift);
        }
    } else {
        int s = -shift > 65 ? 65 : -shift;
        if (round)
            v += (simd_i128)1 << (s - 1);
        r = v >> s;
    }
    if (!sat)
        return (uint64_t)r;
    return is_signed ? sat_s(r, esize, qc) : sat_u(r, esize, qc);
}

/* PolynomialMult(op1, op2) truncated to 64 bits. */
static uint64_t poly_mul(uint64_t a, uint64_t b, unsigned bits)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < bits; i++)
        if ((b >> i) & 1)
            r ^= a << i;
    return r;
}

/* CountLeadingZeroBits of a bits-wide value. */
static unsigned clz_bits(uint64_t x, unsigned bits)
{
    return x ? (unsigned)__builtin_clzll(x) - (64 - bits) : bits;
}

static uint64_t rbit8(uint64_t x)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        r |= ((x >> i) & 1) << (7 - i);
    return r;
}

/* 2 * a * b saturated to esize (the doubling multiplies; only -2^(N-1) squared saturates). */
static uint64_t sqdmull(uint64_t n, uint64_t m, unsigned esize, unsigned *qc)
{
    return sat_s(2 * (simd_i128)sx(n, esize) * sx(m, esize), esize, qc);
}

/* SQDMLAL / SQDMLSL: the product saturates, then the accumulation (both set QC). */
static uint64_t sqdmlal(uint64_t n, uint64_t m, uint64_t d, unsigned esize, bool sub, unsigned *qc)
{
    simd_i128 p = sx(sqdmull(n, m, esize, qc), esize);
    return sat_s((simd_i128)sx(d, esize) + (sub ? -p : p), esize, qc);
}

/* SQDMULH / SQRDMULH: (2 * a * b + round) >> esize, saturated. */
static uint64_t sqdmulh(uint64_t n, uint64_t m, unsigned esize, bool round, unsigned *qc)
{
    simd_i128 p = 2 * (simd_i128)sx(n, esize) * sx(m, esize);
    if (round)
        p += (simd_i128)1 << (ebits(esize) - 1);
    return sat_s(p >> ebits(esize), esize, qc);
}

/* SRI: the shifted-out top bits of the destination are kept (shift 1..esize). */
static uint64_t sri(uint64_t n, uint64_t m, uint64_t d, unsigned esize)
{
    unsigned s = (uint8_t)m, bits = ebits(esize);
    if (s >= bits)
        return d;
    uint64_t keep = ones(bits) >> s;
    return (d & ~keep) | (zx(n, esize) >> s);
}

/* SLI: the low destination bits below the shift are kept (shift 0..esize-1). */
static uint64_t sli(uint64_t n, uint64_t m, uint64_t d, unsigned esize)
{
    unsigned s = (uint8_t)m;
    uint64_t ins = ones(ebits(esize)) << s;
    return (d & ~ins) | (n << s);
}

#define LANE(name, expr)                                                                          \
    static uint64_t name(uint64_t n, uint64_t m, uint64_t d, unsigned esize, unsigned *qc)        \
    {                                                                                             \
        (void)n, (void)m, (void)d, (void)esize, (void)qc;                                         \
        return (expr);                                                                            \
    }

/* Three same: halving adds on sizes up to 32 bits, so 64-bit arithmetic is exact. */
LANE(lane_hadd_s, (uint64_t)((sx(n, esize) + sx(m, esize)) >> 1))
LANE(lane_hadd_u, (zx(n, esize) + zx(m, esize)) >> 1)
LANE(lane_rhadd_s, (uint64_t)((sx(n, esize) + sx(m, esize) + 1) >> 1))
LANE(lane_rhadd_u, (zx(n, esize) + zx(m, esize) + 1) >> 1)
LANE(lane_hsub_s, (uint64_t)((sx(n, esize) - sx(m, esize)) >> 1))
LANE(lane_hsub_u, (uint64_t)(((int64_t)zx(n, esize) - (int64_t)zx(m, esize)) >> 1))
LANE(lane_qadd_s, sat_s((simd_i128)sx(n, esize) + sx(m, esize), esize, qc))
LANE(lane_qadd_u, sat_u((simd_i128)zx(n, esize) + zx(m, esize), esize, qc))
LANE(lane_qsub_s, sat_s((simd_i128)sx(n, esize) - sx(m, esize), esize, qc))
LANE(lane_qsub_u, sat_u((simd_i128)zx(n, esize) - zx(m, esize), esize, qc))
LANE(lane_cmgt, mask_if(sx(n, esize) > sx(m, esize)))
LANE(lane_cmhi, mask_if(zx(n, esize) > zx(m, esize)))
LANE(lane_cmge, mask_if(sx(n, esize) >= sx(m, esize)))
LANE(lane_cmhs, mask_if(zx(n, esize) >= zx(m, esize)))
LANE(lane_cmtst, mask_if(zx(n & m, esize) != 0))
LANE(lane_cmeq, mask_if(zx(n, esize) == zx(m, esize)))
LANE(lane_sshl, shift_reg(n, m, esize, true, false, false, qc))
LANE(lane_ushl, shift_reg(n, m, esize, false, false, false, qc))
LANE(lane_sqshl, shift_reg(n, m, esize, true, false, true, qc))
LANE(lane_uqshl, shift_reg(n, m, esize, false, false, true, qc))
LANE(lane_srshl, shift_reg(n, m, esize, true, true, false, qc))
LANE(lane_urshl, shift_reg(n, m, esize, false, true, false, qc))
LANE(lane_sqrshl, shift_reg(n, m, esize, true, true, true, qc))
LANE(lane_uqrshl, shift_reg(n, m, esize, false, true, true, qc))
LANE(lane_smax, sx(n, esize) >= sx(m, esize) ? n : m)
LANE(lane_umax, zx(n, esize) >= zx(m, esize) ? n : m)
LANE(lane_smin, sx(n, esize) <= sx(m, esize) ? n : m)
LANE(lane_umin, zx(n, esize) <= zx(m, esize) ? n : m)
LANE(lane_sabd, (uint64_t)iabs((simd_i128)sx(n, esize) - sx(m, esize)))
LANE(lane_uabd, (uint64_t)iabs((simd_i128)zx(n, esize) - zx(m, esize)))
LANE(lane_saba, d + (uint64_t)iabs((simd_i128)sx(n, esize) - sx(m, esize)))
LANE(lane_uaba, d + (uint64_t)iabs((simd_i128)zx(n, esize) - zx(m, esize)))
LANE(lane_add, n + m)
LANE(lane_sub, n - m)
LANE(lane_mla, d + n * m)
LANE(lane_mls, d - n * m)
LANE(lane_mul, n * m)
LANE(lane_pmul, poly_mul(zx(n, esize), zx(m, esize), ebits(esize)))
LANE(lane_sqdmulh, sqdmulh(n, m, esize, false, qc))
LANE(lane_sqrdmulh, sqdmulh(n, m, esize, true, qc))
/* Two-register misc (operand n; SUQADD/USQADD also the destination) */
LANE(lane_sqabs, sat_s(iabs(sx(n, esize)), esize, qc))
LANE(lane_abs, (uint64_t)iabs(sx(n, esize)))
/* CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>) */
LANE(lane_cls, clz_bits(((zx(n, esize) >> 1) ^ n) & ones(ebits(esize) - 1), ebits(esize) - 1))
LANE(lane_clz, clz_bits(zx(n, esize), ebits(esize)))
LANE(lane_cnt, (uint64_t)__builtin_popcountll(zx(n, esize)))
LANE(lane_not, ~n)
LANE(lane_rbit, rbit8(n))
LANE(lane_suqadd, sat_s((simd_i128)zx(n, esize) + sx(d, esize), esize, qc))
LANE(lane_usqadd, sat_u((simd_i128)sx(n, esize) + zx(d, esize), esize, qc))
/* Shift by immediate, m = the shift (negative: right) */
LANE(lane_ssra, d + shift_reg(n, m, esize, true, false, false, qc))
LANE(lane_usra, d + shift_reg(n, m, esize, false, false, false, qc))
LANE(lane_srsra, d + shift_reg(n, m, esize, true, true, false, qc))
LANE(lane_ursra, d + shift_reg(n, m, esize, false, true, false, qc))
LANE(lane_sqshlu, sat_u((simd_i128)sx(n, esize) * ((simd_i128)1 << (uint8_t)m), esize, qc))
LANE(lane_sri, sri(n, m, d, esize))
LANE(lane_sli, sli(n, m, d, esize))
/* Widening doubling multiplies, at the wide size on sign-extended sources */
LANE(lane_sqdmull, sqdmull(n, m, esize, qc))
LANE(lane_sqdmlal, sqdmlal(n, m, d, esize, false, qc))
LANE(lane_sqdmlsl, sqdmlal(n, m, d, esize, true, qc))

simd_lane_fn *const simd_lane_ops[SOP_COUNT] = {
    [SOP_HADD_S] = lane_hadd_s, [SOP_HADD_U] = lane_hadd_u,
    [SOP_RHADD_S] = lane_rhadd_s, [SOP_RHADD_U] = lane_rhadd_u,
    [SOP_HSUB_S] = lane_hsub_s, [SOP_HSUB_U] = lane_hsub_u,
    [SOP_QADD_S] = lane_qadd_s, [SOP_QADD_U] = lane_qadd_u,
    [SOP_QSUB_S] = lane_qsub_s, [SOP_QSUB_U] = lane_qsub_u,
    [SOP_CMGT] = lane_cmgt, [SOP_CMHI] = lane_cmhi, [SOP_CMGE] = lane_cmge,
    [SOP_CMHS] = lane_cmhs, [SOP_CMTST] = lane_cmtst, [SOP_CMEQ] = lane_cmeq,
    [SOP_SSHL] = lane_sshl, [SOP_USHL] = lane_ushl, [SOP_SQSHL] = lane_sqshl,
    [SOP_UQSHL] = lane_uqshl, [SOP_SRSHL] = lane_srshl, [SOP_URSHL] = lane_urshl,
    [SOP_SQRSHL] = lane_sqrshl, [SOP_UQRSHL] = lane_uqrshl,
    [SOP_SMAX] = lane_smax, [SOP_UMAX] = lane_umax, [SOP_SMIN] = lane_smin, [SOP_UMIN] = lane_umin,
    [SOP_SABD] = lane_sabd, [SOP_UABD] = lane_uabd, [SOP_SABA] = lane_saba, [SOP_UABA] = lane_uaba,
    [SOP_ADD] = lane_add, [SOP_SUB] = lane_sub, [SOP_MLA] = lane_mla, [SOP_MLS] = lane_mls,
    [SOP_MUL] = lane_mul, [SOP_PMUL] = lane_pmul,
    [SOP_SQDMULH] = lane_sqdmulh, [SOP_SQRDMULH] = lane_sqrdmulh,
    [SOP_SQABS] = lane_sqabs, [SOP_ABS] = lane_abs, [SOP_CLS] = lane_cls, [SOP_CLZ] = lane_clz,
    [SOP_CNT] = lane_cnt, [SOP_NOT] = lane_not, [SOP_RBIT] = lane_rbit,
    [SOP_SUQADD] = lane_suqadd, [SOP_USQADD] = lane_usqadd,
    [SOP_SSRA] = lane_ssra, [SOP_USRA] = lane_usra, [SOP_SRSRA] = lane_srsra,
    [SOP_URSRA] = lane_ursra, [SOP_SQSHLU] = lane_sqshlu, [SOP_SRI] = lane_sri,
    [SOP_SLI] = lane_sli,
    [SOP_SQDMULL] = lane_sqdmull, [SOP_SQDMLAL] = lane_sqdmlal, [SOP_SQDMLSL] = lane_sqdmlsl,
};

/* Narrowing: truncation, SignedSatQ, UnsignedSatQ of an unsigned or of a signed wide value. */
uint64_t simd_narrow(uint64_t wide, unsigned esize_wide, enum simd_narrow kind, unsigned *qc)
{
    switch (kind) {
    case NARROW_SS: return sat_s(sx(wide, esize_wide), esize_wide - 1, qc);
    case NARROW_UU: return sat_u(zx(wide, esize_wide), esize_wide - 1, qc);
    case NARROW_SU: return sat_u(sx(wide, esize_wide), esize_wide - 1, qc);
    default: return wide;
    }
}

uint64_t simd_replicate(uint64_t value, unsigned esize)
{
    unsigned bits = ebits(esize);
    uint64_t v = zx(value, esize);
    for (unsigned s = bits; s < 64; s *= 2)
        v |= v << s;
    return v;
}

vreg_t simd_operand_m(const struct cpu *cpu, const struct insn *in, unsigned esize)
{
    vreg_t m;
    if (in->flags & SIMD_F_M_IMM) {
        m.d[0] = m.d[1] = in->imm;
    } else if (in->flags & SIMD_F_M_ELEM) {
        vreg_t v = vreg_read(cpu, in->rm);
        m.d[0] = m.d[1] = simd_replicate(vreg_elem(&v, (unsigned)in->imm, esize), esize);
    } else {
        m = vreg_read(cpu, in->rm);
    }
    return m;
}

/* Elementwise on lanes of one size (three same, two-register misc, shift by immediate, by
 * element). */
int simd_exec_same(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size, qc = 0;
    vreg_t n = vreg_read(cpu, in->rn), m = simd_operand_m(cpu, in, es);
    vreg_t d = vreg_read(cpu, in->rd), res = { .d = { 0, 0 } };
    if (in->flags & SIMD_F_N_ZERO) {
        m = n;
        memset(&n, 0, sizeof n);
    }
    simd_lane_fn *fn = simd_lane_ops[in->cond];
    /* one loop per element size: no element-size dispatch per lane */
#define SAME_LOOP(f)                                                                              \
    for (unsigned e = 0; e < in->shift; e++)                                                      \
        res.f[e] = fn(n.f[e], m.f[e], d.f[e], es, &qc)
    switch (es) {
    case 0: SAME_LOOP(b); break;
    case 1: SAME_LOOP(h); break;
    case 2: SAME_LOOP(s); break;
    default: SAME_LOOP(d); break;
    }
#undef SAME_LOOP
    simd_store_v(cpu, in->rd, &res, in->flags & SIMD_F_Q);
    simd_set_qc(cpu, qc);
    return EXEC_NEXT;
}

/* Widening: narrow sources (from the upper half for the "2" forms) extended to the result size
 * in->size, then the lane operation at that size. */
int simd_exec_long(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size, ns = es - 1, qc = 0;
    unsigned base = (in->flags & SIMD_F_PART) ? in->shift : 0;
    bool sgn = in->flags & SIMD_F_SIGNED;
    vreg_t n = vreg_read(cpu, in->rn), m = simd_operand_m(cpu, in, ns);
    vreg_t d = vreg_read(cpu, in->rd), res = { .d = { 0, 0 } };
    simd_lane_fn *fn = simd_lane_ops[in->cond];
    for (unsigned e = 0; e < in->shift; e++) {
        uint64_t a = (in->flags & SIMD_F_N_WIDE) ? vreg_elem(&n, e, es)
                     : sgn ? (uint64_t)vreg_elem_signed(&n, base + e, ns) : vreg_elem(&n, base + e, ns);
        uint64_t b = sgn ? (uint64_t)vreg_elem_signed(&m, base + e, ns) : vreg_elem(&m, base + e, ns);
        vreg_set_elem(&res, e, es, fn(a, b, vreg_elem(&d, e, es), es, &qc));
    }
    simd_store_v(cpu, in->rd, &res, in->flags & SIMD_F_Q);
    simd_set_qc(cpu, qc);
    return EXEC_NEXT;
}

int simd_exec_narrow(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size, ws = es + 1, part = (in->flags & SIMD_F_PART) != 0, qc = 0;
    vreg_t n = vreg_read(cpu, in->rn), res = { .d = { 0, 0 } };
    if (part)
        res.d[0] = cpu->v[in->rd][0];
    simd_lane_fn *fn = simd_lane_ops[in->cond];
    for (unsigned e = 0; e < in->shift; e++) {
        uint64_t w = fn(vreg_elem(&n, e, ws), in->imm, 0, ws, &qc);
        vreg_set_elem(&res, part * in->shift + e, es, simd_narrow(w, ws, (enum simd_narrow)in->ra, &qc));
    }
    simd_store_v(cpu, in->rd, &res, part);
    simd_set_qc(cpu, qc);
    return EXEC_NEXT;
}

/* Direct loops for the common same-size operations (no call per lane): a, b, c are lane n, m
 * and d unsigned, sa, sb lane n and m signed; the result is truncated to the lane. */
#define DIRECT_LOOP(f, stype, expr)                                                               \
    for (unsigned e = 0; e < in->shift; e++) {                                                    \
        uint64_t a = n.f[e], b = m.f[e], c = d.f[e];                                              \
        int64_t sa = (stype)n.f[e], sb = (stype)m.f[e];                                           \
        (void)a, (void)b, (void)c, (void)sa, (void)sb;                                            \
        res.f[e] = (expr);                                                                        \
    }

#define DIRECT_HANDLER(name, expr)                                                                \
    static int name(struct cpu *cpu, const struct insn *in)                                      \
    {                                                                                            \
        int r = fp_access_check(cpu, in);                                                        \
        if (r != EXEC_NEXT)                                                                      \
            return r;                                                                            \
        vreg_t n = vreg_read(cpu, in->rn), m = simd_operand_m(cpu, in, in->size);                \
        vreg_t d = vreg_read(cpu, in->rd), res = { .d = { 0, 0 } };                              \
        if (in->flags & SIMD_F_N_ZERO) {                                                         \
            m = n;                                                                               \
            memset(&n, 0, sizeof n);                                                             \
        }                                                                                        \
        switch (in->size) {                                                                      \
        case 0: DIRECT_LOOP(b, int8_t, expr) break;                                              \
        case 1: DIRECT_LOOP(h, int16_t, expr) break;                                             \
        case 2: DIRECT_LOOP(s, int32_t, expr) break;                                             \
        default: DIRECT_LOOP(d, int64_t, expr) break;                                            \
        }                                                                                        \
        simd_store_v(cpu, in->rd, &res, in->flags & SIMD_F_Q);                                   \
        return EXEC_NEXT;                                                                        \
    }

DIRECT_HANDLER(exec_mul, a * b)
DIRECT_HANDLER(exec_mla, c + a * b)
DIRECT_HANDLER(exec_mls, c - a * b)
DIRECT_HANDLER(exec_cmgt, mask_if(sa > sb))
DIRECT_HANDLER(exec_cmge, mask_if(sa >= sb))
DIRECT_HANDLER(exec_cmhi, mask_if(a > b))
DIRECT_HANDLER(exec_cmhs, mask_if(a >= b))
DIRECT_HANDLER(exec_smax, sa >= sb ? a : b)
DIRECT_HANDLER(exec_smin, sa <= sb ? a : b)
DIRECT_HANDLER(exec_umax, a >= b ? a : b)
DIRECT_HANDLER(exec_umin, a <= b ? a : b)

exec_fn *simd_same_handler(enum simd_op op)
{
    static exec_fn *const direct[SOP_COUNT] = {
        [SOP_MUL] = exec_mul, [SOP_MLA] = exec_mla, [SOP_MLS] = exec_mls,
        [SOP_CMGT] = exec_cmgt, [SOP_CMGE] = exec_cmge, [SOP_CMHI] = exec_cmhi,
        [SOP_CMHS] = exec_cmhs, [SOP_SMAX] = exec_smax, [SOP_SMIN] = exec_smin,
        [SOP_UMAX] = exec_umax, [SOP_UMIN] = exec_umin,
    };
    return direct[op] ? direct[op] : simd_exec_same;
}

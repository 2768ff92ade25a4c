/* Advanced SIMD three different and scalar three different (ARM ARM C4.1.6; pseudocode
 * aarch64/instrs/vector/arithmetic/binary/disparate/...: add/sub long and wide, add/sub
 * narrow-high, diff, mul/accum, mul/double-accum, mul/product; the "2" forms use the upper halves
 * of the narrow operands). PMULL with size = 11 is the Cryptographic Extension's 64 x 64 -> 128
 * carry-less multiply. */
#include <stdbool.h>
#include <stdint.h>

#include "decode_gen.h"
#include "exec_simd_int.h"
#include "fp.h"

enum { HN_SUB = 1, HN_ROUND = 2 };

/* ADDHN, RADDHN, SUBHN, RSUBHN: the high half of each wide sum or difference (+ 1 << (esize-1)
 * for the rounding forms), to the lower half of Vd, or to the upper half keeping the lower. */
static int exec_hn(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size, bits = 8u << es, part = (in->flags & SIMD_F_PART) != 0;
    uint64_t round = (in->cond & HN_ROUND) ? 1ull << (bits - 1) : 0;
    vreg_t n = vreg_read(cpu, in->rn), m = vreg_read(cpu, in->rm), res = { .d = { 0, 0 } };
    if (part)
        res.d[0] = cpu->v[in->rd][0];
    for (unsigned e = 0; e < in->shift; e++) {
        uint64_t a = vreg_elem(&n, e, es + 1), b = vreg_elem(&m, e, es + 1);
        uint64_t sum = ((in->cond & HN_SUB) ? a - b : a + b) + round;
        vreg_set_elem(&res, part * in->shift + e, es, sum >> bits);
    }
    simd_store_v(cpu, in->rd, &res, part);
    return EXEC_NEXT;
}

/* PolynomialMult of two 64-bit values: the 128-bit carry-less product. */
static void clmul64(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    uint64_t l = 0, h = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((b >> i) & 1) {
            l ^= a << i;
            h ^= i ? a >> (64 - i) : 0;
        }
    *lo = l;
    *hi = h;
}

/* PMULL{2} .8H: eight 8 x 8 -> 16 carry-less products. */
static int exec_pmull8(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned base = (in->flags & SIMD_F_PART) ? 8 : 0;
    vreg_t n = vreg_read(cpu, in->rn), m = vreg_read(cpu, in->rm), res;
    for (unsigned e = 0; e < 8; e++) {
        uint64_t lo, hi;
        clmul64(n.b[base + e], m.b[base + e], &lo, &hi);
        res.h[e] = (uint16_t)lo;
    }
    simd_store_v(cpu, in->rd, &res, 1);
    return EXEC_NEXT;
}

/* PMULL{2} .1Q */
static int exec_pmull64(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned part = (in->flags & SIMD_F_PART) != 0;
    uint64_t lo, hi;
    clmul64(cpu->v[in->rn][part], cpu->v[in->rm][part], &lo, &hi);
    simd_store(cpu, in->rd, lo, hi, 1);
    return EXEC_NEXT;
}

/* A widening lane operation: results of size + 1, narrow sources from half q. */
static bool trans_long(struct insn *out, unsigned q, bool is_signed, unsigned size, enum simd_op op,
                       unsigned rm, unsigned rn, unsigned rd)
{
    if (size == 3)
        return false;
    simd_set_regs(out, rd, rn, rm);
    simd_set_vector(out, 1, size + 1);
    out->flags |= (q ? SIMD_F_PART : 0) | (is_signed ? SIMD_F_SIGNED : 0);
    out->cond = (uint8_t)op;
    out->fn = simd_exec_long;
    return true;
}

bool trans_V3DIFF_WIDE(struct insn *out, const struct arg_V3DIFF_WIDE *a)
{
    static const uint8_t ops[2][8] = {
        { SOP_ADD, SOP_ADD, SOP_SUB, SOP_SUB, 0, SOP_SABA, 0, SOP_SABD },
        { SOP_ADD, SOP_ADD, SOP_SUB, SOP_SUB, 0, SOP_UABA, 0, SOP_UABD },
    };
    if (a->opc == 4 || a->opc == 6) {   /* [R]ADDHN, [R]SUBHN */
        if (a->size == 3)
            return false;
        simd_set_regs(out, a->rd, a->rn, a->rm);
        out->size = (uint8_t)a->size;
        out->shift = (uint8_t)(8 >> a->size);
        out->flags = a->q ? SIMD_F_PART : 0;
        out->cond = (uint8_t)((a->opc == 6 ? HN_SUB : 0) | (a->u ? HN_ROUND : 0));
        out->fn = exec_hn;
        return true;
    }
    if (!trans_long(out, a->q, !a->u, a->size, (enum simd_op)ops[a->u][a->opc], a->rm, a->rn, a->rd))
        return false;
    if (a->opc & 1 && a->opc < 4)       /* the W forms */
        out->flags |= SIMD_F_N_WIDE;
    return true;
}

bool trans_V3DIFF_MLAL(struct insn *out, const struct arg_V3DIFF_MLAL *a)
{
    return trans_long(out, a->q, !a->u, a->size, a->o ? SOP_MLS : SOP_MLA, a->rm, a->rn, a->rd);
}

bool trans_V3DIFF_MULL(struct insn *out, const struct arg_V3DIFF_MULL *a)
{
    return trans_long(out, a->q, !a->u, a->size, SOP_MUL, a->rm, a->rn, a->rd);
}

bool trans_V3DIFF_QDMLAL(struct insn *out, const struct arg_V3DIFF_QDMLAL *a)
{
    return a->size != 0 &&
           trans_long(out, a->q, true, a->size, a->o ? SOP_SQDMLSL : SOP_SQDMLAL, a->rm, a->rn, a->rd);
}

bool trans_V3DIFF_QDMULL(struct insn *out, const struct arg_V3DIFF_QDMULL *a)
{
    return a->size != 0 && trans_long(out, a->q, true, a->size, SOP_SQDMULL, a->rm, a->rn, a->rd);
}

bool trans_V3DIFF_PMULL(struct insn *out, const struct arg_V3DIFF_PMULL *a)
{
    if (a->size == 1 || a->size == 2)
        return false;
    simd_set_regs(out, a->rd, a->rn, a->rm);
    out->flags = a->q ? SIMD_F_PART : 0;
    out->fn = a->size == 0 ? exec_pmull8 : exec_pmull64;
    return true;
}

/* --- Scalar three different: one element of 2 x size --- */

static bool trans_scalar_long(struct insn *out, unsigned size, enum simd_op op, unsigned rm,
                              unsigned rn, unsigned rd)
{
    simd_set_regs(out, rd, rn, rm);
    simd_set_scalar(out, size + 1);
    out->flags |= SIMD_F_SIGNED;
    out->cond = (uint8_t)op;
    out->fn = simd_exec_long;
    return true;
}

bool trans_S3DIFF_QDMLAL_H(struct insn *out, const struct arg_S3DIFF_QDMLAL_H *a)
{
    return trans_scalar_long(out, 1, a->o ? SOP_SQDMLSL : SOP_SQDMLAL, a->rm, a->rn, a->rd);
}

bool trans_S3DIFF_QDMLAL_S(struct insn *out, const struct arg_S3DIFF_QDMLAL_S *a)
{
    return trans_scalar_long(out, 2, a->o ? SOP_SQDMLSL : SOP_SQDMLAL, a->rm, a->rn, a->rd);
}

bool trans_S3DIFF_QDMULL_H(struct insn *out, const struct arg_S3DIFF_QDMULL_H *a)
{
    return trans_scalar_long(out, 1, SOP_SQDMULL, a->rm, a->rn, a->rd);
}

bool trans_S3DIFF_QDMULL_S(struct insn *out, const struct arg_S3DIFF_QDMULL_S *a)
{
    return trans_scalar_long(out, 2, SOP_SQDMULL, a->rm, a->rn, a->rd);
}

/* Advanced SIMD three same (integer) and scalar three same (ARM ARM C4.1.6; pseudocode
 * aarch64/instrs/vector/arithmetic/binary/uniform/... , vector/logical, vector/shift/reg). The
 * lane operations are in exec_simd_int_ops.c; ADD, SUB, CMEQ and the bitwise operations, which
 * glibc's string functions use, work on 64-bit chunks. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "decode_gen.h"
#include "exec_simd_int.h"
#include "fp.h"

/* --- 64-bit chunk fast paths; imm = the top bit of every lane --- */

#define CHUNK_HANDLER(name, expr)                                                                 \
    static int name(struct cpu *cpu, const struct insn *in)                                      \
    {                                                                                            \
        int r = fp_access_check(cpu, in);                                                        \
        if (r != EXEC_NEXT)                                                                      \
            return r;                                                                            \
        uint64_t res[2], h = in->imm;                                                            \
        (void)h;                                                                                 \
        for (unsigned i = 0; i < 2; i++) {                                                       \
            uint64_t n = cpu->v[in->rn][i], m = cpu->v[in->rm][i], d = cpu->v[in->rd][i];         \
            (void)d;                                                                             \
            res[i] = (expr);                                                                     \
        }                                                                                        \
        simd_store(cpu, in->rd, res[0], res[1], in->flags & SIMD_F_Q);                           \
        return EXEC_NEXT;                                                                        \
    }

CHUNK_HANDLER(exec_add, swar_add(n, m, h))
CHUNK_HANDLER(exec_sub, swar_sub(n, m, h))
CHUNK_HANDLER(exec_cmeq, swar_zero_lanes(n ^ m, h, in->size))
/* vector/logical/andorr and vector/logical/bsleor: VBitOps as operand1 EOR ((operand1 EOR Vn)
 * AND operand3) */
CHUNK_HANDLER(exec_and, n & m)
CHUNK_HANDLER(exec_bic, n & ~m)
CHUNK_HANDLER(exec_orr, n | m)
CHUNK_HANDLER(exec_orn, n | ~m)
CHUNK_HANDLER(exec_eor, n ^ m)
CHUNK_HANDLER(exec_bsl, m ^ ((m ^ n) & d))
CHUNK_HANDLER(exec_bit, d ^ ((d ^ n) & m))
CHUNK_HANDLER(exec_bif, d ^ ((d ^ n) & ~m))

static exec_fn *const logic_fns[2][4] = {
    { exec_and, exec_bic, exec_orr, exec_orn },
    { exec_eor, exec_bsl, exec_bit, exec_bif },
};

/* Vm:Vn as one vector of twice the length (the pairwise operations' concatenation): for Q = 0
 * the lower halves. */
union vpair {
    uint8_t b[32];
    uint16_t h[16];
    uint32_t s[8];
    uint64_t d[4];
};

static union vpair concat(const struct cpu *cpu, const struct insn *in)
{
    union vpair c;
    if (in->flags & SIMD_F_Q) {
        memcpy(c.d, cpu->v[in->rn], 16);
        memcpy(c.d + 2, cpu->v[in->rm], 16);
    } else {
        c.d[0] = cpu->v[in->rn][0];
        c.d[1] = cpu->v[in->rm][0];
    }
    return c;
}

/* Pairwise (ADDP, [SU]MAXP, [SU]MINP): the lane operation on adjacent elements of Vm:Vn. */
static int exec_pairwise(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size, qc = 0;
    union vpair c = concat(cpu, in);
    vreg_t res = { .d = { 0, 0 } };
    simd_lane_fn *fn = simd_lane_ops[in->cond];
#define PAIR_LOOP(f)                                                                              \
    for (unsigned e = 0; e < in->shift; e++)                                                      \
        res.f[e] = fn(c.f[2 * e], c.f[2 * e + 1], 0, es, &qc)
    switch (es) {
    case 0: PAIR_LOOP(b); break;
    case 1: PAIR_LOOP(h); break;
    case 2: PAIR_LOOP(s); break;
    default: PAIR_LOOP(d); break;
    }
#undef PAIR_LOOP
    simd_store_v(cpu, in->rd, &res, in->flags & SIMD_F_Q);
    return EXEC_NEXT;
}

/* UMAXP, UMINP and ADDP on bytes (glibc's memchr, strchr and strlen loops): exec_pairwise with the
 * operation inlined (op is a constant in each caller). */
static inline __attribute__((always_inline)) int pairwise_b(struct cpu *cpu, const struct insn *in,
                                                            uint8_t (*op)(uint8_t, uint8_t))
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    union vpair c = concat(cpu, in);
    vreg_t res = { .d = { 0, 0 } };
    for (unsigned e = 0; e < in->shift; e++)
        res.b[e] = op(c.b[2 * e], c.b[2 * e + 1]);
    simd_store_v(cpu, in->rd, &res, in->flags & SIMD_F_Q);
    return EXEC_NEXT;
}

static inline uint8_t umax_b(uint8_t a, uint8_t b)
{
    return a > b ? a : b;
}

static inline uint8_t umin_b(uint8_t a, uint8_t b)
{
    return a < b ? a : b;
}

static inline uint8_t add_b(uint8_t a, uint8_t b)
{
    return (uint8_t)(a + b);
}

static int exec_umaxp_b(struct cpu *cpu, const struct insn *in)
{
    return pairwise_b(cpu, in, umax_b);
}

static int exec_uminp_b(struct cpu *cpu, const struct insn *in)
{
    return pairwise_b(cpu, in, umin_b);
}

static int exec_addp_b(struct cpu *cpu, const struct insn *in)
{
    return pairwise_b(cpu, in, add_b);
}

/* Size restrictions of the vector forms (reserved encodings are UNDEFINED). */
enum same_rule { R_ANY, R_NO64, R_NO1D, R_B, R_HS };
enum same_kind { K_NONE, K_LANE, K_PAIR, K_LOGIC, K_ADD, K_SUB, K_CMEQ };

struct same_row {
    uint8_t op, rule, kind;
};

/* Indexed by U and opcode (bits 15:11). */
static const struct same_row same_rows[2][24] = {
    {
        { SOP_HADD_S, R_NO64, K_LANE }, { SOP_QADD_S, R_NO1D, K_LANE },
        { SOP_RHADD_S, R_NO64, K_LANE }, { 0, R_ANY, K_LOGIC },
        { SOP_HSUB_S, R_NO64, K_LANE }, { SOP_QSUB_S, R_NO1D, K_LANE },
        { SOP_CMGT, R_NO1D, K_LANE }, { SOP_CMGE, R_NO1D, K_LANE },
        { SOP_SSHL, R_NO1D, K_LANE }, { SOP_SQSHL, R_NO1D, K_LANE },
        { SOP_SRSHL, R_NO1D, K_LANE }, { SOP_SQRSHL, R_NO1D, K_LANE },
        { SOP_SMAX, R_NO64, K_LANE }, { SOP_SMIN, R_NO64, K_LANE },
        { SOP_SABD, R_NO64, K_LANE }, { SOP_SABA, R_NO64, K_LANE },
        { SOP_ADD, R_NO1D, K_ADD }, { SOP_CMTST, R_NO1D, K_LANE },
        { SOP_MLA, R_NO64, K_LANE }, { SOP_MUL, R_NO64, K_LANE },
        { SOP_SMAX, R_NO64, K_PAIR }, { SOP_SMIN, R_NO64, K_PAIR },
        { SOP_SQDMULH, R_HS, K_LANE }, { SOP_ADD, R_NO1D, K_PAIR },
    },
    {
        { SOP_HADD_U, R_NO64, K_LANE }, { SOP_QADD_U, R_NO1D, K_LANE },
        { SOP_RHADD_U, R_NO64, K_LANE }, { 0, R_ANY, K_LOGIC },
        { SOP_HSUB_U, R_NO64, K_LANE }, { SOP_QSUB_U, R_NO1D, K_LANE },
        { SOP_CMHI, R_NO1D, K_LANE }, { SOP_CMHS, R_NO1D, K_LANE },
        { SOP_USHL, R_NO1D, K_LANE }, { SOP_UQSHL, R_NO1D, K_LANE },
        { SOP_URSHL, R_NO1D, K_LANE }, { SOP_UQRSHL, R_NO1D, K_LANE },
        { SOP_UMAX, R_NO64, K_LANE }, { SOP_UMIN, R_NO64, K_LANE },
        { SOP_UABD, R_NO64, K_LANE }, { SOP_UABA, R_NO64, K_LANE },
        { SOP_SUB, R_NO1D, K_SUB }, { SOP_CMEQ, R_NO1D, K_CMEQ },
        { SOP_MLS, R_NO64, K_LANE }, { SOP_PMUL, R_B, K_LANE },
        { SOP_UMAX, R_NO64, K_PAIR }, { SOP_UMIN, R_NO64, K_PAIR },
        { SOP_SQRDMULH, R_HS, K_LANE }, { 0, R_ANY, K_NONE },
    },
};

static bool size_allowed(enum same_rule rule, unsigned size, unsigned q)
{
    switch (rule) {
    case R_NO64: return size != 3;
    case R_NO1D: return size != 3 || q;
    case R_B: return size == 0;
    case R_HS: return size == 1 || size == 2;
    default: return true;
    }
}

/* The scalar forms reach here only with the sizes their patterns allow. */
static bool trans_3same(struct insn *out, unsigned q, unsigned u, unsigned size, unsigned opcode,
                        unsigned rm, unsigned rn, unsigned rd, bool scalar)
{
    const struct same_row *row = &same_rows[u][opcode];
    if (row->kind == K_NONE || (!scalar && !size_allowed(row->rule, size, q)))
        return false;
    simd_set_regs(out, rd, rn, rm);
    if (scalar)
        simd_set_scalar(out, size);
    else
        simd_set_vector(out, q, size);
    out->cond = row->op;
    out->imm = simd_replicate(1ull << ((8u << size) - 1), size);
    switch (row->kind) {
    case K_LOGIC: out->fn = logic_fns[u][size]; break;
    case K_ADD: out->fn = exec_add; break;
    case K_SUB: out->fn = exec_sub; break;
    case K_CMEQ: out->fn = exec_cmeq; break;
    case K_PAIR:
        out->fn = size != 0 ? exec_pairwise
                  : row->op == SOP_UMAX ? exec_umaxp_b : row->op == SOP_UMIN ? exec_uminp_b
                  : row->op == SOP_ADD ? exec_addp_b : exec_pairwise;
        break;
    default: out->fn = simd_same_handler((enum simd_op)row->op); break;
    }
    return true;
}

bool trans_V3SAME_INT(struct insn *out, const struct arg_V3SAME_INT *a)
{
    return trans_3same(out, a->q, a->u, a->size, a->opc, a->rm, a->rn, a->rd, false);
}

bool trans_V3SAME_INT_U0(struct insn *out, const struct arg_V3SAME_INT_U0 *a)
{
    return trans_3same(out, a->q, 0, a->size, 16 + a->opc, a->rm, a->rn, a->rd, false);
}

bool trans_V3SAME_INT_U1A(struct insn *out, const struct arg_V3SAME_INT_U1A *a)
{
    return trans_3same(out, a->q, 1, a->size, 16 + a->opc, a->rm, a->rn, a->rd, false);
}

bool trans_V3SAME_INT_U1B(struct insn *out, const struct arg_V3SAME_INT_U1B *a)
{
    return trans_3same(out, a->q, 1, a->size, 20 + a->o, a->rm, a->rn, a->rd, false);
}

bool trans_V3SAME_INT_U1C(struct insn *out, const struct arg_V3SAME_INT_U1C *a)
{
    return trans_3same(out, a->q, 1, a->size, 22, a->rm, a->rn, a->rd, false);
}

/* --- Scalar three same --- */

bool trans_S3SAME_QADD(struct insn *out, const struct arg_S3SAME_QADD *a)
{
    return trans_3same(out, 0, a->u, a->size, a->o ? 5 : 1, a->rm, a->rn, a->rd, true);
}

bool trans_S3SAME_CMP(struct insn *out, const struct arg_S3SAME_CMP *a)
{
    return trans_3same(out, 0, a->u, 3, 6 + a->o, a->rm, a->rn, a->rd, true);
}

bool trans_S3SAME_SHL(struct insn *out, const struct arg_S3SAME_SHL *a)
{
    return trans_3same(out, 0, a->u, 3, a->o ? 10 : 8, a->rm, a->rn, a->rd, true);
}

bool trans_S3SAME_QSHL(struct insn *out, const struct arg_S3SAME_QSHL *a)
{
    return trans_3same(out, 0, a->u, a->size, a->o ? 11 : 9, a->rm, a->rn, a->rd, true);
}

bool trans_S3SAME_ADD(struct insn *out, const struct arg_S3SAME_ADD *a)
{
    return trans_3same(out, 0, a->u, 3, 16 + a->o, a->rm, a->rn, a->rd, true);
}

bool trans_S3SAME_QDMULH_H(struct insn *out, const struct arg_S3SAME_QDMULH_H *a)
{
    return trans_3same(out, 0, a->u, 1, 22, a->rm, a->rn, a->rd, true);
}

bool trans_S3SAME_QDMULH_S(struct insn *out, const struct arg_S3SAME_QDMULH_S *a)
{
    return trans_3same(out, 0, a->u, 2, 22, a->rm, a->rn, a->rd, true);
}

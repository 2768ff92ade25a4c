/* Advanced SIMD two-register miscellaneous (integer) and scalar two-register miscellaneous
 * (ARM ARM C4.1.6; pseudocode aarch64/instrs/vector/arithmetic/unary/..., vector/reverse,
 * vector/arithmetic/unary/add/pairwise, vector/arithmetic/unary/extract/..., vector/shift/
 * left-long). The comparisons with zero, NEG and SQNEG are the three same lane operations with a
 * zero operand. */
#include <stdbool.h>
#include <stdint.h>

#include "decode_gen.h"
#include "exec_simd_int.h"
#include "fp.h"

/* CMEQ #0 on 64-bit chunks (glibc's strlen and memchr). imm = the top bit of every lane. */
static int exec_cmeq0(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t lo = swar_zero_lanes(cpu->v[in->rn][0], in->imm, in->size);
    uint64_t hi = swar_zero_lanes(cpu->v[in->rn][1], in->imm, in->size);
    simd_store(cpu, in->rd, lo, hi, in->flags & SIMD_F_Q);
    return EXEC_NEXT;
}

/* REV16, REV32, REV64: element e takes element e XOR imm (imm = elements per container - 1). */
static int exec_rev(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), res;
    for (unsigned e = 0; e < 16u >> in->size; e++)
        vreg_set_elem(&res, e, in->size, vreg_elem(&n, e ^ (unsigned)in->imm, in->size));
    simd_store_v(cpu, in->rd, &res, in->flags & SIMD_F_Q);
    return EXEC_NEXT;
}

/* [SU]ADDLP, [SU]ADALP: sums of adjacent pairs at twice the size (in->size), accumulated into
 * Vd when cond = 1. */
static int exec_addlp(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size, ns = es - 1;
    bool sgn = in->flags & SIMD_F_SIGNED;
    vreg_t n = vreg_read(cpu, in->rn), d = vreg_read(cpu, in->rd), res = { .d = { 0, 0 } };
    for (unsigned e = 0; e < in->shift; e++) {
        uint64_t a = sgn ? (uint64_t)vreg_elem_signed(&n, 2 * e, ns) : vreg_elem(&n, 2 * e, ns);
        uint64_t b = sgn ? (uint64_t)vreg_elem_signed(&n, 2 * e + 1, ns) : vreg_elem(&n, 2 * e + 1, ns);
        vreg_set_elem(&res, e, es, a + b + (in->cond ? vreg_elem(&d, e, es) : 0));
    }
    simd_store_v(cpu, in->rd, &res, in->flags & SIMD_F_Q);
    return EXEC_NEXT;
}

/* A same-size unary lane operation; flags add SIMD_F_M_IMM (compare with zero) or
 * SIMD_F_N_ZERO (0 op Vn). */
static bool trans_unary(struct insn *out, unsigned q, unsigned size, bool scalar, enum simd_op op,
                        unsigned flags, unsigned rn, unsigned rd)
{
    simd_set_regs(out, rd, rn, rn);
    if (scalar)
        simd_set_scalar(out, size);
    else
        simd_set_vector(out, q, size);
    out->flags |= (uint8_t)flags;
    out->imm = 0;
    out->cond = (uint8_t)op;
    out->fn = simd_same_handler(op);
    return true;
}

static bool no_1d(unsigned size, unsigned q) { return size != 3 || q; }

/* Comparisons with zero: CMGT, CMEQ, CMLT (U = 0), CMGE, CMLE (U = 1); op = opcode<1:0>. */
static bool trans_cmp0(struct insn *out, unsigned q, unsigned u, unsigned size, unsigned op,
                       bool scalar, unsigned rn, unsigned rd)
{
    static const struct {
        uint8_t op, flags;
    } cmp[2][3] = {
        { { SOP_CMGT, SIMD_F_M_IMM }, { SOP_CMEQ, SIMD_F_M_IMM }, { SOP_CMGT, SIMD_F_N_ZERO } },
        { { SOP_CMGE, SIMD_F_M_IMM }, { SOP_CMGE, SIMD_F_N_ZERO }, { 0, 0 } },
    };
    trans_unary(out, q, size, scalar, (enum simd_op)cmp[u][op].op, cmp[u][op].flags, rn, rd);
    if (u == 0 && op == 1) {
        out->imm = simd_replicate(1ull << ((8u << size) - 1), size);
        out->fn = exec_cmeq0;
    }
    return true;
}

static bool trans_rev(struct insn *out, unsigned q, unsigned size, unsigned container_log2,
                      unsigned rn, unsigned rd)
{
    if (size >= container_log2)
        return false;
    simd_set_regs(out, rd, rn, rn);
    simd_set_vector(out, q, size);
    out->imm = (1u << (container_log2 - size)) - 1;
    out->fn = exec_rev;
    return true;
}

static bool trans_addlp(struct insn *out, unsigned q, bool is_signed, bool acc, unsigned size,
                        unsigned rn, unsigned rd)
{
    if (size == 3)
        return false;
    simd_set_regs(out, rd, rn, rn);
    simd_set_vector(out, q, size + 1);
    out->flags |= is_signed ? SIMD_F_SIGNED : 0;
    out->cond = acc;
    out->fn = exec_addlp;
    return true;
}

/* XTN, SQXTN, UQXTN, SQXTUN: the narrowing engine with a zero shift. */
static bool trans_xtn(struct insn *out, unsigned q, unsigned size, bool scalar, enum simd_narrow kind,
                      unsigned rn, unsigned rd)
{
    if (size == 3)
        return false;
    simd_set_regs(out, rd, rn, rn);
    out->size = (uint8_t)size;
    out->shift = (uint8_t)(scalar ? 1 : 8 >> size);
    out->flags = q ? SIMD_F_PART : 0;
    out->cond = SOP_USHL;
    out->imm = 0;
    out->ra = (uint8_t)kind;
    out->fn = simd_exec_narrow;
    return true;
}

bool trans_V2MISC_U0A(struct insn *out, const struct arg_V2MISC_U0A *a)
{
    switch (a->opc) {
    case 0: return trans_rev(out, a->q, a->size, 3, a->rn, a->rd);          /* REV64 */
    case 1: return trans_rev(out, a->q, a->size, 1, a->rn, a->rd);          /* REV16 */
    case 2: return trans_addlp(out, a->q, true, false, a->size, a->rn, a->rd);
    case 3: return no_1d(a->size, a->q) && trans_unary(out, a->q, a->size, false, SOP_SUQADD, 0, a->rn, a->rd);
    case 4: return a->size != 3 && trans_unary(out, a->q, a->size, false, SOP_CLS, 0, a->rn, a->rd);
    case 5: return a->size == 0 && trans_unary(out, a->q, 0, false, SOP_CNT, 0, a->rn, a->rd);
    case 6: return trans_addlp(out, a->q, true, true, a->size, a->rn, a->rd);
    default: return no_1d(a->size, a->q) && trans_unary(out, a->q, a->size, false, SOP_SQABS, 0, a->rn, a->rd);
    }
}

bool trans_V2MISC_U0B(struct insn *out, const struct arg_V2MISC_U0B *a)
{
    if (!no_1d(a->size, a->q))
        return false;
    if (a->opc == 3)
        return trans_unary(out, a->q, a->size, false, SOP_ABS, 0, a->rn, a->rd);
    return trans_cmp0(out, a->q, 0, a->size, a->opc, false, a->rn, a->rd);
}

bool trans_V2MISC_XTN(struct insn *out, const struct arg_V2MISC_XTN *a)
{
    return trans_xtn(out, a->q, a->size, false, a->u ? NARROW_SU : NARROW_TRUNC, a->rn, a->rd);
}

bool trans_V2MISC_QXTN(struct insn *out, const struct arg_V2MISC_QXTN *a)
{
    return trans_xtn(out, a->q, a->size, false, a->u ? NARROW_UU : NARROW_SS, a->rn, a->rd);
}

/* SHLL: USHLL by the element size. */
bool trans_V2MISC_SHLL(struct insn *out, const struct arg_V2MISC_SHLL *a)
{
    if (a->size == 3)
        return false;
    simd_set_regs(out, a->rd, a->rn, a->rn);
    simd_set_vector(out, 1, a->size + 1);
    out->flags |= SIMD_F_M_IMM | (a->q ? SIMD_F_PART : 0);
    out->imm = simd_replicate(8u << a->size, a->size);
    out->cond = SOP_USHL;
    out->fn = simd_exec_long;
    return true;
}

bool trans_V2MISC_REV32(struct insn *out, const struct arg_V2MISC_REV32 *a)
{
    return trans_rev(out, a->q, a->size, 2, a->rn, a->rd);
}

bool trans_V2MISC_UADDLP(struct insn *out, const struct arg_V2MISC_UADDLP *a)
{
    if (!a->o)
        return trans_addlp(out, a->q, false, false, a->size, a->rn, a->rd);
    return no_1d(a->size, a->q) && trans_unary(out, a->q, a->size, false, SOP_USQADD, 0, a->rn, a->rd);
}

bool trans_V2MISC_CLZ(struct insn *out, const struct arg_V2MISC_CLZ *a)
{
    return a->size != 3 && trans_unary(out, a->q, a->size, false, SOP_CLZ, 0, a->rn, a->rd);
}

bool trans_V2MISC_UADALP(struct insn *out, const struct arg_V2MISC_UADALP *a)
{
    if (!a->o)
        return trans_addlp(out, a->q, false, true, a->size, a->rn, a->rd);
    return no_1d(a->size, a->q) &&
           trans_unary(out, a->q, a->size, false, SOP_QSUB_S, SIMD_F_N_ZERO, a->rn, a->rd);
}

bool trans_V2MISC_CMGE0(struct insn *out, const struct arg_V2MISC_CMGE0 *a)
{
    return no_1d(a->size, a->q) && trans_cmp0(out, a->q, 1, a->size, a->o, false, a->rn, a->rd);
}

bool trans_V2MISC_NEG(struct insn *out, const struct arg_V2MISC_NEG *a)
{
    return no_1d(a->size, a->q) && trans_unary(out, a->q, a->size, false, SOP_SUB, SIMD_F_N_ZERO, a->rn, a->rd);
}

bool trans_V2MISC_NOT(struct insn *out, const struct arg_V2MISC_NOT *a)
{
    return trans_unary(out, a->q, 0, false, a->o ? SOP_RBIT : SOP_NOT, 0, a->rn, a->rd);
}

/* --- Scalar two-register misc --- */

bool trans_S2MISC_QABS(struct insn *out, const struct arg_S2MISC_QABS *a)
{
    static const uint8_t ops[2][2] = { { SOP_SUQADD, SOP_SQABS }, { SOP_USQADD, SOP_QSUB_S } };
    return trans_unary(out, 0, a->size, true, (enum simd_op)ops[a->u][a->o],
                       a->u && a->o ? SIMD_F_N_ZERO : 0, a->rn, a->rd);
}

bool trans_S2MISC_CMP0(struct insn *out, const struct arg_S2MISC_CMP0 *a)
{
    return trans_cmp0(out, 0, a->u, 3, a->o, true, a->rn, a->rd);
}

bool trans_S2MISC_CMLT0(struct insn *out, const struct arg_S2MISC_CMLT0 *a)
{
    return trans_cmp0(out, 0, 0, 3, 2, true, a->rn, a->rd);
}

bool trans_S2MISC_ABS(struct insn *out, const struct arg_S2MISC_ABS *a)
{
    return trans_unary(out, 0, 3, true, a->u ? SOP_SUB : SOP_ABS, a->u ? SIMD_F_N_ZERO : 0, a->rn, a->rd);
}

bool trans_S2MISC_QXTN_BH(struct insn *out, const struct arg_S2MISC_QXTN_BH *a)
{
    return trans_xtn(out, 0, a->sz, true, a->u ? NARROW_UU : NARROW_SS, a->rn, a->rd);
}

bool trans_S2MISC_QXTN_S(struct insn *out, const struct arg_S2MISC_QXTN_S *a)
{
    return trans_xtn(out, 0, 2, true, a->u ? NARROW_UU : NARROW_SS, a->rn, a->rd);
}

bool trans_S2MISC_QXTUN_BH(struct insn *out, const struct arg_S2MISC_QXTUN_BH *a)
{
    return trans_xtn(out, 0, a->sz, true, NARROW_SU, a->rn, a->rd);
}

bool trans_S2MISC_QXTUN_S(struct insn *out, const struct arg_S2MISC_QXTUN_S *a)
{
    return trans_xtn(out, 0, 2, true, NARROW_SU, a->rn, a->rd);
}

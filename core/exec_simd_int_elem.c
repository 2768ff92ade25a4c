/* Advanced SIMD vector x indexed element and scalar x indexed element, integer forms (ARM ARM
 * C4.1.6; pseudocode aarch64/instrs/vector/arithmetic/binary/element/mul-acc, mul-int,
 * mul-acc-long, mul-long, mul-acc-double, mul-double, mul-high). The element Vm[index] is operand
 * 2 of every lane of the three same or three different lane engines. Index and Vm: H:L:M and
 * Rm<3:0> for 16-bit elements, H:L and M:Rm<3:0> for 32-bit ones; other sizes are reserved. */
#include <stdbool.h>
#include <stdint.h>

#include "decode_gen.h"
#include "exec_simd_int.h"
#include "fp.h"

struct elem_ref {
    unsigned size, l, m, rm, h;
};

/* Sets Vm, the index and the operand-2 flag; false for a reserved size. */
static bool set_elem(struct insn *out, const struct elem_ref *r, unsigned rn, unsigned rd)
{
    if (r->size == 1) {
        out->imm = (r->h << 2) | (r->l << 1) | r->m;
        simd_set_regs(out, rd, rn, r->rm);
    } else if (r->size == 2) {
        out->imm = (r->h << 1) | r->l;
        simd_set_regs(out, rd, rn, (r->m << 4) | r->rm);
    } else {
        return false;
    }
    out->flags |= SIMD_F_M_ELEM;
    return true;
}

/* MLA, MLS, MUL, SQDMULH, SQRDMULH (by element): same-size lanes. */
static bool trans_elem_same(struct insn *out, bool scalar, unsigned q, const struct elem_ref *r,
                            enum simd_op op, unsigned rn, unsigned rd)
{
    if (scalar)
        simd_set_scalar(out, r->size);
    else
        simd_set_vector(out, q, r->size);
    out->cond = (uint8_t)op;
    out->fn = simd_same_handler(op);
    return set_elem(out, r, rn, rd);
}

/* [SU]MLAL, [SU]MLSL, [SU]MULL, SQDMLAL, SQDMLSL, SQDMULL (by element): widened lanes. */
static bool trans_elem_long(struct insn *out, bool scalar, unsigned q, bool is_signed,
                            const struct elem_ref *r, enum simd_op op, unsigned rn, unsigned rd)
{
    if (scalar)
        simd_set_scalar(out, r->size + 1);
    else
        simd_set_vector(out, 1, r->size + 1);
    out->flags |= (q ? SIMD_F_PART : 0) | (is_signed ? SIMD_F_SIGNED : 0);
    out->cond = (uint8_t)op;
    out->fn = simd_exec_long;
    return set_elem(out, r, rn, rd);
}

#define REF(a, sz) { (sz), (a)->l, (a)->m, (a)->rm, (a)->h }

bool trans_VIDX_MLAL(struct insn *out, const struct arg_VIDX_MLAL *a)
{
    struct elem_ref r = REF(a, a->size);
    return trans_elem_long(out, false, a->q, !a->u, &r, a->o ? SOP_MLS : SOP_MLA, a->rn, a->rd);
}

bool trans_VIDX_QDMLAL(struct insn *out, const struct arg_VIDX_QDMLAL *a)
{
    struct elem_ref r = REF(a, a->size);
    return trans_elem_long(out, false, a->q, true, &r, a->o ? SOP_SQDMLSL : SOP_SQDMLAL, a->rn, a->rd);
}

bool trans_VIDX_MLA(struct insn *out, const struct arg_VIDX_MLA *a)
{
    struct elem_ref r = REF(a, a->size);
    return trans_elem_same(out, false, a->q, &r, a->o ? SOP_MLS : SOP_MLA, a->rn, a->rd);
}

bool trans_VIDX_MUL(struct insn *out, const struct arg_VIDX_MUL *a)
{
    struct elem_ref r = REF(a, a->size);
    return trans_elem_same(out, false, a->q, &r, SOP_MUL, a->rn, a->rd);
}

bool trans_VIDX_MULL(struct insn *out, const struct arg_VIDX_MULL *a)
{
    struct elem_ref r = REF(a, a->size);
    return trans_elem_long(out, false, a->q, !a->u, &r, SOP_MUL, a->rn, a->rd);
}

bool trans_VIDX_QDMULL(struct insn *out, const struct arg_VIDX_QDMULL *a)
{
    struct elem_ref r = REF(a, a->size);
    return trans_elem_long(out, false, a->q, true, &r, SOP_SQDMULL, a->rn, a->rd);
}

bool trans_VIDX_QDMULH(struct insn *out, const struct arg_VIDX_QDMULH *a)
{
    struct elem_ref r = REF(a, a->size);
    return trans_elem_same(out, false, a->q, &r, a->o ? SOP_SQRDMULH : SOP_SQDMULH, a->rn, a->rd);
}

/* --- Scalar --- */

#define SIDX_LONG(name, sz, op)                                                                   \
    bool trans_##name(struct insn *out, const struct arg_##name *a)                              \
    {                                                                                            \
        struct elem_ref r = REF(a, sz);                                                          \
        return trans_elem_long(out, true, 0, true, &r, (op), a->rn, a->rd);                      \
    }

SIDX_LONG(SIDX_QDMLAL_H, 1, a->o ? SOP_SQDMLSL : SOP_SQDMLAL)
SIDX_LONG(SIDX_QDMLAL_S, 2, a->o ? SOP_SQDMLSL : SOP_SQDMLAL)
SIDX_LONG(SIDX_QDMULL_H, 1, SOP_SQDMULL)
SIDX_LONG(SIDX_QDMULL_S, 2, SOP_SQDMULL)

bool trans_SIDX_QDMULH_H(struct insn *out, const struct arg_SIDX_QDMULH_H *a)
{
    struct elem_ref r = REF(a, 1u);
    return trans_elem_same(out, true, 0, &r, a->o ? SOP_SQRDMULH : SOP_SQDMULH, a->rn, a->rd);
}

bool trans_SIDX_QDMULH_S(struct insn *out, const struct arg_SIDX_QDMULH_S *a)
{
    struct elem_ref r = REF(a, 2u);
    return trans_elem_same(out, true, 0, &r, a->o ? SOP_SQRDMULH : SOP_SQDMULH, a->rn, a->rd);
}

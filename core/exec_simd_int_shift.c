/* Advanced SIMD shift by immediate and scalar shift by immediate (ARM ARM C4.1.6; pseudocode
 * aarch64/instrs/vector/shift/right, right-insert, left, left-insert, left-sat, right-narrow,
 * right-narrow-sat (logical, uniform, nonuniform), left-long). They are the shift by register
 * lane operations (SSHL, SRSHL, ...) with the shift amount as operand 2 in every lane (negative:
 * right); SRI takes the right shift amount itself. The element size is the leading one of immh
 * and the amount comes from immh:immb; both are read from the word (bits 22:16) because the
 * patterns split immh by its leading one. */
#include <stdbool.h>
#include <stdint.h>

#include "decode_gen.h"
#include "exec_simd_int.h"
#include "fp.h"

static unsigned immhb(const struct insn *out) { return (out->raw >> 16) & 0x7f; }

/* log2 of the element size in bytes: the position of the leading one of immh. */
static unsigned immh_esize(const struct insn *out)
{
    return 31u - (unsigned)__builtin_clz(immhb(out) >> 3);
}

/* Right shift amount 2 * esize - immh:immb (1..esize); left shift immh:immb - esize (0..esize-1). */
static unsigned right_amount(const struct insn *out, unsigned es) { return (16u << es) - immhb(out); }
static unsigned left_amount(const struct insn *out, unsigned es) { return immhb(out) - (8u << es); }

/* USHR and SHL on 64-bit chunks: the shift (in->ra) of the whole chunk, then imm masks off
 * the bits that crossed into another lane. */
static int exec_ushr_chunk(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t lo = (cpu->v[in->rn][0] >> in->ra) & in->imm, hi = (cpu->v[in->rn][1] >> in->ra) & in->imm;
    simd_store(cpu, in->rd, lo, hi, in->flags & SIMD_F_Q);
    return EXEC_NEXT;
}

static int exec_shl_chunk(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t lo = (cpu->v[in->rn][0] << in->ra) & in->imm, hi = (cpu->v[in->rn][1] << in->ra) & in->imm;
    simd_store(cpu, in->rd, lo, hi, in->flags & SIMD_F_Q);
    return EXEC_NEXT;
}

/* A same-size shift: esize es, operand 2 = amount (as a signed byte) in every lane. */
static bool trans_shift_same(struct insn *out, bool scalar, unsigned q, unsigned es, enum simd_op op,
                             int amount, unsigned rn, unsigned rd)
{
    if (!scalar && es == 3 && !q)
        return false;
    simd_set_regs(out, rd, rn, rn);
    if (scalar)
        simd_set_scalar(out, es);
    else
        simd_set_vector(out, q, es);
    out->flags |= SIMD_F_M_IMM;
    out->imm = simd_replicate((uint8_t)amount, es);
    out->cond = (uint8_t)op;
    out->fn = simd_same_handler(op);
    if (op == SOP_USHL) {   /* USHR, SHL */
        unsigned bits = 8u << es, s = (unsigned)(amount < 0 ? -amount : amount);
        uint64_t lane = bits == 64 ? ~0ull : (1ull << bits) - 1;
        out->imm = s >= bits ? 0 : simd_replicate(amount < 0 ? lane >> s : lane << s, es);
        out->ra = (uint8_t)(s >= bits ? 0 : s);
        out->fn = amount < 0 ? exec_ushr_chunk : exec_shl_chunk;
    }
    return true;
}

/* [SU]SHR, [SU]SRA, [SU]RSHR, [SU]RSRA */
static bool trans_shr(struct insn *out, bool scalar, unsigned q, unsigned u, unsigned rnd, unsigned acc,
                      unsigned rn, unsigned rd)
{
    static const uint8_t ops[2][2][2] = {   /* [acc][rnd][u] */
        { { SOP_SSHL, SOP_USHL }, { SOP_SRSHL, SOP_URSHL } },
        { { SOP_SSRA, SOP_USRA }, { SOP_SRSRA, SOP_URSRA } },
    };
    unsigned es = immh_esize(out);
    return trans_shift_same(out, scalar, q, es, (enum simd_op)ops[acc][rnd][u],
                            -(int)right_amount(out, es), rn, rd);
}

/* SHL, SLI, SQSHL, UQSHL (immediate): op = opcode<2> */
static bool trans_shl(struct insn *out, bool scalar, unsigned q, unsigned u, unsigned o, unsigned rn,
                      unsigned rd)
{
    static const uint8_t ops[2][2] = { { SOP_USHL, SOP_SLI }, { SOP_SQSHL, SOP_UQSHL } };
    unsigned es = immh_esize(out);
    return trans_shift_same(out, scalar, q, es, (enum simd_op)ops[o][u], (int)left_amount(out, es), rn, rd);
}

static bool trans_sri(struct insn *out, bool scalar, unsigned q, unsigned rn, unsigned rd)
{
    unsigned es = immh_esize(out);
    return trans_shift_same(out, scalar, q, es, SOP_SRI, (int)right_amount(out, es), rn, rd);
}

static bool trans_sqshlu(struct insn *out, bool scalar, unsigned q, unsigned rn, unsigned rd)
{
    unsigned es = immh_esize(out);
    return trans_shift_same(out, scalar, q, es, SOP_SQSHLU, (int)left_amount(out, es), rn, rd);
}

/* SHRN (glibc's strlen and memchr turn a CMEQ mask into a syndrome with SHRN #4): the plain
 * truncating right shift of each wide element; imm = the shift. */
static int exec_shrn(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size, s = (unsigned)in->imm, part = (in->flags & SIMD_F_PART) != 0;
    vreg_t n = vreg_read(cpu, in->rn), res = { .d = { 0, 0 } };
    if (part)
        res.d[0] = cpu->v[in->rd][0];
    switch (es) {
    case 0:
        for (unsigned e = 0; e < 8; e++)
            res.b[8 * part + e] = (uint8_t)(n.h[e] >> s);
        break;
    case 1:
        for (unsigned e = 0; e < 4; e++)
            res.h[4 * part + e] = (uint16_t)(n.s[e] >> s);
        break;
    default:
        for (unsigned e = 0; e < 2; e++)
            res.s[2 * part + e] = (uint32_t)(n.d[e] >> s);
        break;
    }
    simd_store_v(cpu, in->rd, &res, part);
    return EXEC_NEXT;
}

/* The narrowing shifts: the right shift (signed or not, rounding or not) at twice the result
 * size es, then the narrowing. */
static bool trans_shrn(struct insn *out, bool scalar, unsigned q, bool is_signed, unsigned rnd,
                       enum simd_narrow kind, unsigned rn, unsigned rd)
{
    static const uint8_t ops[2][2] = { { SOP_USHL, SOP_URSHL }, { SOP_SSHL, SOP_SRSHL } };
    unsigned es = immh_esize(out);
    simd_set_regs(out, rd, rn, rn);
    out->size = (uint8_t)es;
    out->shift = (uint8_t)(scalar ? 1 : 8 >> es);
    out->flags = q ? SIMD_F_PART : 0;
    out->imm = (uint8_t)-(int)right_amount(out, es);
    out->cond = ops[is_signed][rnd];
    out->ra = (uint8_t)kind;
    out->fn = simd_exec_narrow;
    if (!scalar && !rnd && kind == NARROW_TRUNC) {
        out->imm = right_amount(out, es);
        out->fn = exec_shrn;
    }
    return true;
}

/* SSHLL, USHLL: the widened element shifted left. */
static bool trans_shll(struct insn *out, unsigned q, unsigned u, unsigned rn, unsigned rd)
{
    unsigned es = immh_esize(out);
    simd_set_regs(out, rd, rn, rn);
    simd_set_vector(out, 1, es + 1);
    out->flags |= SIMD_F_M_IMM | (q ? SIMD_F_PART : 0) | (u ? 0 : SIMD_F_SIGNED);
    out->imm = simd_replicate(left_amount(out, es), es);
    out->cond = SOP_USHL;
    out->fn = simd_exec_long;
    return true;
}

#define SHIFT_TRANS(name, call)                                                                   \
    bool trans_##name(struct insn *out, const struct arg_##name *a) { return call; }

/* Vector: SHRN/RSHRN (U = 0, o = 0), SQSHRUN/SQRSHRUN (U = 1, o = 0), SQSHRN/SQRSHRN (U = 0,
 * o = 1), UQSHRN/UQRSHRN (U = 1, o = 1) */
#define VSHRN(a) trans_shrn(out, false, (a)->q, (a)->o != (a)->u, (a)->rnd, \
                            (a)->o ? ((a)->u ? NARROW_UU : NARROW_SS) : ((a)->u ? NARROW_SU : NARROW_TRUNC), \
                            (a)->rn, (a)->rd)

SHIFT_TRANS(VSHIFT_SHR_h1, trans_shr(out, false, a->q, a->u, a->rnd, a->acc, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHR_h01, trans_shr(out, false, a->q, a->u, a->rnd, a->acc, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHR_h001, trans_shr(out, false, a->q, a->u, a->rnd, a->acc, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHR_h0001, trans_shr(out, false, a->q, a->u, a->rnd, a->acc, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHL_h1, trans_shl(out, false, a->q, a->u, a->o, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHL_h01, trans_shl(out, false, a->q, a->u, a->o, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHL_h001, trans_shl(out, false, a->q, a->u, a->o, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHL_h0001, trans_shl(out, false, a->q, a->u, a->o, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SRI_h1, a->o ? trans_sqshlu(out, false, a->q, a->rn, a->rd) : trans_sri(out, false, a->q, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SRI_h01, a->o ? trans_sqshlu(out, false, a->q, a->rn, a->rd) : trans_sri(out, false, a->q, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SRI_h001, a->o ? trans_sqshlu(out, false, a->q, a->rn, a->rd) : trans_sri(out, false, a->q, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SRI_h0001, a->o ? trans_sqshlu(out, false, a->q, a->rn, a->rd) : trans_sri(out, false, a->q, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHRN_h01, VSHRN(a))
SHIFT_TRANS(VSHIFT_SHRN_h001, VSHRN(a))
SHIFT_TRANS(VSHIFT_SHRN_h0001, VSHRN(a))
SHIFT_TRANS(VSHIFT_SHLL_h01, trans_shll(out, a->q, a->u, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHLL_h001, trans_shll(out, a->q, a->u, a->rn, a->rd))
SHIFT_TRANS(VSHIFT_SHLL_h0001, trans_shll(out, a->q, a->u, a->rn, a->rd))

/* Scalar */
SHIFT_TRANS(SSHIFT_SHR, trans_shr(out, true, 0, a->u, a->rnd, a->acc, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_SHL, trans_shl(out, true, 0, 0, 0, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_SRI, a->o ? trans_shl(out, true, 0, 1, 0, a->rn, a->rd) : trans_sri(out, true, 0, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHL_h1, trans_shl(out, true, 0, a->u, 1, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHL_h01, trans_shl(out, true, 0, a->u, 1, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHL_h001, trans_shl(out, true, 0, a->u, 1, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHL_h0001, trans_shl(out, true, 0, a->u, 1, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHLU_h1, trans_sqshlu(out, true, 0, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHLU_h01, trans_sqshlu(out, true, 0, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHLU_h001, trans_sqshlu(out, true, 0, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHLU_h0001, trans_sqshlu(out, true, 0, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHRN_h01, trans_shrn(out, true, 0, !a->u, a->rnd, a->u ? NARROW_UU : NARROW_SS, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHRN_h001, trans_shrn(out, true, 0, !a->u, a->rnd, a->u ? NARROW_UU : NARROW_SS, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHRN_h0001, trans_shrn(out, true, 0, !a->u, a->rnd, a->u ? NARROW_UU : NARROW_SS, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHRUN_h01, trans_shrn(out, true, 0, true, a->rnd, NARROW_SU, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHRUN_h001, trans_shrn(out, true, 0, true, a->rnd, NARROW_SU, a->rn, a->rd))
SHIFT_TRANS(SSHIFT_QSHRUN_h0001, trans_shrn(out, true, 0, true, a->rnd, NARROW_SU, a->rn, a->rd))

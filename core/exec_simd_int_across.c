/* Advanced SIMD across lanes and scalar pairwise ADDP (ARM ARM C4.1.6; pseudocode
 * aarch64/instrs/vector/reduce/add-long, reduce/int-max, reduce/add-simd (Reduce), and
 * vector/arithmetic/binary/uniform/add/pairwise for the scalar ADDP). The result is a scalar:
 * the rest of Vd is zeroed. */
#include <stdbool.h>
#include <stdint.h>

#include "decode_gen.h"
#include "exec_simd_int.h"
#include "fp.h"

/* ADDV, SADDLV, UADDLV: imm = the mask of the result size. */
static int exec_addv(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    uint64_t sum = 0;
    if (in->flags & SIMD_F_SIGNED) {
        for (unsigned e = 0; e < in->shift; e++)
            sum += (uint64_t)vreg_elem_signed(&n, e, in->size);
    } else {
        switch (in->size) {
        case 0: for (unsigned e = 0; e < in->shift; e++) sum += n.b[e]; break;
        case 1: for (unsigned e = 0; e < in->shift; e++) sum += n.h[e]; break;
        default: for (unsigned e = 0; e < in->shift; e++) sum += n.s[e]; break;
        }
    }
    simd_store(cpu, in->rd, sum & in->imm, 0, 0);
    return EXEC_NEXT;
}

/* [SU]MAXV, [SU]MINV; flags SIMD_F_SIGNED, cond = 1 for the minimum. */
static int exec_maxv(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned es = in->size;
    bool sgn = in->flags & SIMD_F_SIGNED, min = in->cond;
    vreg_t n = vreg_read(cpu, in->rn);
    /* compare as unsigned with the sign bit flipped for the signed forms */
    uint64_t flip = sgn ? 1ull << 63 : 0, shift = 64 - (8u << es);
    uint64_t acc = (vreg_elem(&n, 0, es) << shift) ^ flip;
    for (unsigned e = 1; e < in->shift; e++) {
        uint64_t v = (vreg_elem(&n, e, es) << shift) ^ flip;
        if (min ? v < acc : v > acc)
            acc = v;
    }
    simd_store(cpu, in->rd, (acc ^ flip) >> shift, 0, 0);
    return EXEC_NEXT;
}

/* UMAXV and UMINV on bytes, the forms string functions use. */
static int exec_umaxv_b(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    uint8_t max = 0;
    for (unsigned e = 0; e < in->shift; e++)
        max = n.b[e] > max ? n.b[e] : max;
    simd_store(cpu, in->rd, max, 0, 0);
    return EXEC_NEXT;
}

static int exec_uminv_b(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    uint8_t min = 0xff;
    for (unsigned e = 0; e < in->shift; e++)
        min = n.b[e] < min ? n.b[e] : min;
    simd_store(cpu, in->rd, min, 0, 0);
    return EXEC_NEXT;
}

/* Across lanes: size = 11 and the 4-lane form of size = 10 with Q = 0 are reserved. */
static bool trans_across(struct insn *out, unsigned q, unsigned size, unsigned rn, unsigned rd)
{
    if (size == 3 || (size == 2 && !q))
        return false;
    simd_set_regs(out, rd, rn, rn);
    simd_set_vector(out, q, size);
    return true;
}

static bool trans_addv(struct insn *out, unsigned q, unsigned size, bool is_signed, unsigned result_bits,
                       unsigned rn, unsigned rd)
{
    if (!trans_across(out, q, size, rn, rd))
        return false;
    out->flags = is_signed ? SIMD_F_SIGNED : 0;
    out->imm = result_bits == 64 ? ~0ull : (1ull << result_bits) - 1;
    out->fn = exec_addv;
    return true;
}

bool trans_ACROSS_ADDLV(struct insn *out, const struct arg_ACROSS_ADDLV *a)
{
    return trans_addv(out, a->q, a->size, !a->u, 16u << a->size, a->rn, a->rd);
}

bool trans_ACROSS_ADDV(struct insn *out, const struct arg_ACROSS_ADDV *a)
{
    return trans_addv(out, a->q, a->size, false, 8u << a->size, a->rn, a->rd);
}

bool trans_ACROSS_MAXV(struct insn *out, const struct arg_ACROSS_MAXV *a)
{
    if (!trans_across(out, a->q, a->size, a->rn, a->rd))
        return false;
    out->flags = a->u ? 0 : SIMD_F_SIGNED;
    out->cond = (uint8_t)a->o;
    out->fn = a->u && a->size == 0 ? (a->o ? exec_uminv_b : exec_umaxv_b) : exec_maxv;
    return true;
}

/* ADDP (scalar): Vn.D[0] + Vn.D[1]. */
static int exec_addp_scalar(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        simd_store(cpu, in->rd, cpu->v[in->rn][0] + cpu->v[in->rn][1], 0, 0);
    return r;
}

bool trans_SPAIR_ADDP(struct insn *out, const struct arg_SPAIR_ADDP *a)
{
    simd_set_regs(out, a->rd, a->rn, a->rn);
    out->fn = exec_addp_scalar;
    return true;
}

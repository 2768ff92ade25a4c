/* Advanced SIMD floating point, two-operand lane operations (ARM ARM C4.1.6): three same
 * (vector and scalar), pairwise (vector and scalar), across lanes, and by element. Pseudocode
 * (sail-arm v8.5 aarch64_vector.sail, whose *fp16* functions serve every FP element size):
 * vector_arithmetic_binary_uniform_{add_fp16, sub_fp16_sisd, mul_fp16_product,
 * mul_fp16_extended_sisd, divfp16, maxmin_fp16_1985, maxmin_fp16_2008, recpsfp16_sisd,
 * rsqrtsfp16_sisd, cmp_fp16_sisd, mul_fp16_fused}, vector_arithmetic_binary_element_{mul,mulacc}_
 * fp16_sisd and vector_reduce_fp16{add,max,maxnm}_{sisd,simd}. Every lane goes through
 * core/fp_arith.h with the instruction's FPCR; the FPSR bits the lanes raise are ORed together.
 * Sources are copied before the destination is written (Vd may be Vn or Vm). */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exec_simd_fp.h"
#include "fp.h"
#include "fp_arith.h"
#include "fp_host.h"
#include "insn.h"
#include "vreg.h"

typedef uint64_t fp_binop(uint64_t a, uint64_t b, struct fp_ctx *c);

enum binop_id {
    OP_ADD, OP_SUB, OP_MUL, OP_MULX, OP_DIV, OP_ABD, OP_MAX, OP_MIN, OP_MAXNM, OP_MINNM,
    OP_RECPS, OP_RSQRTS, OP_CMEQ, OP_CMGE, OP_CMGT, OP_ACGE, OP_ACGT, OP_FMLA
};

/* Lane wrappers with one signature for both precisions (the table below picks by size). */
#define LANE_BINOP(name, fn)                                                                      \
    static uint64_t name##_s(uint64_t a, uint64_t b, struct fp_ctx *c)                            \
    {                                                                                             \
        return fp32_##fn((uint32_t)a, (uint32_t)b, c);                                            \
    }                                                                                             \
    static uint64_t name##_d(uint64_t a, uint64_t b, struct fp_ctx *c) { return fp64_##fn(a, b, c); }

LANE_BINOP(add, add)
LANE_BINOP(sub, sub)
LANE_BINOP(mul, mul)
LANE_BINOP(mulx, mulx)
LANE_BINOP(div, div)
LANE_BINOP(abd, abd)
LANE_BINOP(max, max)
LANE_BINOP(min, min)
LANE_BINOP(maxnm, maxnm)
LANE_BINOP(minnm, minnm)
LANE_BINOP(recps, recip_step)
LANE_BINOP(rsqrts, rsqrt_step)

/* Vector compares (cmp_fp16_sisd): all ones when the comparison holds; FACGE/FACGT compare
 * FPAbs of both operands. */
#define LANE_COMPARE(name, fn, absfn)                                                             \
    static uint64_t name##_s(uint64_t a, uint64_t b, struct fp_ctx *c)                            \
    {                                                                                             \
        return fp32_##fn(absfn##32((uint32_t)a), absfn##32((uint32_t)b), c) ? 0xffffffffu : 0;   \
    }                                                                                             \
    static uint64_t name##_d(uint64_t a, uint64_t b, struct fp_ctx *c)                            \
    {                                                                                             \
        return fp64_##fn(absfn##64(a), absfn##64(b), c) ? ~0ull : 0;                             \
    }

static inline uint32_t same32(uint32_t a) { return a; }
static inline uint64_t same64(uint64_t a) { return a; }
static inline uint32_t abs32(uint32_t a) { return fp32_abs(a); }
static inline uint64_t abs64(uint64_t a) { return fp64_abs(a); }

LANE_COMPARE(cmeq, compare_eq, same)
LANE_COMPARE(cmge, compare_ge, same)
LANE_COMPARE(cmgt, compare_gt, same)
LANE_COMPARE(acge, compare_ge, abs)
LANE_COMPARE(acgt, compare_gt, abs)

/* [op][0] single, [op][1] double. FMLA is a three-operand lane op handled apart. */
static fp_binop *const binops[][2] = {
    [OP_ADD] = { add_s, add_d },       [OP_SUB] = { sub_s, sub_d },
    [OP_MUL] = { mul_s, mul_d },       [OP_MULX] = { mulx_s, mulx_d },
    [OP_DIV] = { div_s, div_d },       [OP_ABD] = { abd_s, abd_d },
    [OP_MAX] = { max_s, max_d },       [OP_MIN] = { min_s, min_d },
    [OP_MAXNM] = { maxnm_s, maxnm_d }, [OP_MINNM] = { minnm_s, minnm_d },
    [OP_RECPS] = { recps_s, recps_d }, [OP_RSQRTS] = { rsqrts_s, rsqrts_d },
    [OP_CMEQ] = { cmeq_s, cmeq_d },    [OP_CMGE] = { cmge_s, cmge_d },
    [OP_CMGT] = { cmgt_s, cmgt_d },    [OP_ACGE] = { acge_s, acge_d },
    [OP_ACGT] = { acgt_s, acgt_d },
};

static inline fp_binop *insn_binop(const struct insn *in)
{
    return binops[in->cond][in->size - 2];
}

static inline void finish(struct cpu *cpu, const struct insn *in, const vreg_t *d, const struct fp_ctx *c)
{
    vreg_write(cpu, in->rd, d, in->flags & SIMD_FP_Q);
    cpu->fpsr |= c->fpsr;
}

/* One lane of FADD, FSUB, FMUL, FDIV or FMLA/FMLS (addend acc) on the host's FPU
 * (core/fp_host.h): false when the host path does not apply to it. */
static inline bool host_lane(unsigned op, unsigned esz, uint64_t acc, uint64_t a, uint64_t b, uint64_t *res)
{
    if (esz == 2) {
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, r32 = 0;
        bool ok;
        switch (op) {
        case OP_ADD: ok = fp32_host_add(a32, b32, &r32); break;
        case OP_SUB: ok = fp32_host_sub(a32, b32, &r32); break;
        case OP_MUL: ok = fp32_host_mul(a32, b32, &r32); break;
        case OP_DIV: ok = fp32_host_div(a32, b32, &r32); break;
        case OP_FMLA: ok = fp32_host_muladd((uint32_t)acc, a32, b32, &r32); break;
        default: return false;
        }
        *res = r32;
        return ok;
    }
    switch (op) {
    case OP_ADD: return fp64_host_add(a, b, res);
    case OP_SUB: return fp64_host_sub(a, b, res);
    case OP_MUL: return fp64_host_mul(a, b, res);
    case OP_DIV: return fp64_host_div(a, b, res);
    case OP_FMLA: return fp64_host_muladd(acc, a, b, res);
    default: return false;
    }
}

/* Lane e of the result from lane e of Vn and lane e (or, by element, lane imm) of Vm; FMLA and
 * FMLS add to lane e of Vd: FPMulAdd(Vd[e], FMLS ? FPNeg(Vn[e]) : Vn[e], Vm[...])
 * (mul_fp16_fused, element_mulacc_fp16_sisd). */
static inline int lanes_op(struct cpu *cpu, const struct insn *in, bool by_element, bool fused)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), m = vreg_read(cpu, in->rm), acc = vreg_read(cpu, in->rd);
    vreg_t d = { .d = { 0, 0 } };
    struct fp_ctx c = fp_ctx_make(cpu->fpcr);
    unsigned esz = in->size;
    uint64_t neg = in->flags & SIMD_FP_NEG ? simd_fp_sign(esz) : 0;
    if (cpu->fp_host) {             /* every lane on the host FPU, or none */
        unsigned op = fused ? OP_FMLA : in->cond, e = 0;
        for (uint64_t res; e < in->shift; e++) {
            uint64_t a = vreg_elem(&n, e, esz), b = vreg_elem(&m, by_element ? (unsigned)in->imm : e, esz);
            if (!host_lane(op, esz, vreg_elem(&acc, e, esz), a ^ neg, b, &res))
                break;
            vreg_set_elem(&d, e, esz, res);
        }
        if (e == in->shift) {
            vreg_write(cpu, in->rd, &d, in->flags & SIMD_FP_Q);
            return EXEC_NEXT;
        }
        d.d[0] = d.d[1] = 0;
    }
    fp_binop *op = fused ? NULL : insn_binop(in);
    for (unsigned e = 0; e < in->shift; e++) {
        uint64_t a = vreg_elem(&n, e, esz), b = vreg_elem(&m, by_element ? (unsigned)in->imm : e, esz);
        uint64_t res;
        if (!fused)
            res = op(a, b, &c);
        else if (esz == 2)
            res = fp32_muladd((uint32_t)acc.s[e], (uint32_t)(a ^ neg), (uint32_t)b, &c);
        else
            res = fp64_muladd(acc.d[e], a ^ neg, b, &c);
        vreg_set_elem(&d, e, esz, res);
    }
    finish(cpu, in, &d, &c);
    return EXEC_NEXT;
}

static int exec_lanes(struct cpu *cpu, const struct insn *in) { return lanes_op(cpu, in, false, false); }
static int exec_lanes_elem(struct cpu *cpu, const struct insn *in) { return lanes_op(cpu, in, true, false); }
static int exec_fmla(struct cpu *cpu, const struct insn *in) { return lanes_op(cpu, in, false, true); }
static int exec_fmla_elem(struct cpu *cpu, const struct insn *in) { return lanes_op(cpu, in, true, true); }

/* Vector pairwise (FADDP, FMAXP, ... vector): concat = Vm:Vn, result lane e = op(concat[2e],
 * concat[2e+1]). */
static int exec_pairwise(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t src[2] = { vreg_read(cpu, in->rn), vreg_read(cpu, in->rm) };
    vreg_t d = { .d = { 0, 0 } };
    struct fp_ctx c = fp_ctx_make(cpu->fpcr);
    unsigned esz = in->size, half = in->shift / 2;
    fp_binop *op = insn_binop(in);
    for (unsigned e = 0; e < in->shift; e++) {
        const vreg_t *v = &src[e >= half];
        unsigned i = 2 * (e % half);
        vreg_set_elem(&d, e, esz, op(vreg_elem(v, i, esz), vreg_elem(v, i + 1, esz), &c));
    }
    finish(cpu, in, &d, &c);
    return EXEC_NEXT;
}

/* Reduce(op, input, esize): the halves reduced recursively, then op(lo, hi). The order of the
 * tree decides which NaN propagates. */
static uint64_t reduce(fp_binop *op, const vreg_t *v, unsigned first, unsigned count, unsigned esz,
                       struct fp_ctx *c)
{
    if (count == 1)
        return vreg_elem(v, first, esz);
    unsigned half = count / 2;
    uint64_t hi = reduce(op, v, first + half, half, esz, c);
    uint64_t lo = reduce(op, v, first, half, esz, c);
    return op(lo, hi, c);
}

/* Scalar pairwise (2 lanes) and across lanes (4 lanes, in->imm): a scalar result. */
static int exec_reduce(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), d = { .d = { 0, 0 } };
    struct fp_ctx c = fp_ctx_make(cpu->fpcr);
    vreg_set_elem(&d, 0, in->size, reduce(insn_binop(in), &n, 0, (unsigned)in->imm, in->size, &c));
    finish(cpu, in, &d, &c);
    return EXEC_NEXT;
}

static bool set_op(struct insn *out, unsigned q, unsigned sz, bool scalar, unsigned rd, unsigned rn,
                   unsigned rm, enum binop_id op, exec_fn *fn)
{
    if (!simd_fp_shape(out, q, sz, scalar))
        return false;
    out->fn = fn;
    out->rd = (uint8_t)rd;
    out->rn = (uint8_t)rn;
    out->rm = (uint8_t)rm;
    out->cond = (uint8_t)op;
    return true;
}

/* --- three same, scalar --- */

bool trans_S3SAME_FMULX(struct insn *out, const struct arg_S3SAME_FMULX *a)
{
    return set_op(out, 0, a->sz, true, a->rd, a->rn, a->rm, OP_MULX, exec_lanes);
}

bool trans_S3SAME_FCMEQ(struct insn *out, const struct arg_S3SAME_FCMEQ *a)
{
    return set_op(out, 0, a->sz, true, a->rd, a->rn, a->rm, OP_CMEQ, exec_lanes);
}

bool trans_S3SAME_FRECPS(struct insn *out, const struct arg_S3SAME_FRECPS *a)
{
    return set_op(out, 0, a->sz, true, a->rd, a->rn, a->rm, a->o1 ? OP_RSQRTS : OP_RECPS, exec_lanes);
}

/* o1:ac (size<1>:opcode<0>): FCMGE, FACGE, FCMGT, FACGT. */
static const enum binop_id compare_ops[4] = { OP_CMGE, OP_ACGE, OP_CMGT, OP_ACGT };

bool trans_S3SAME_FCMGE(struct insn *out, const struct arg_S3SAME_FCMGE *a)
{
    return set_op(out, 0, a->sz, true, a->rd, a->rn, a->rm, compare_ops[a->o1 << 1 | a->ac], exec_lanes);
}

bool trans_S3SAME_FABD(struct insn *out, const struct arg_S3SAME_FABD *a)
{
    return set_op(out, 0, a->sz, true, a->rd, a->rn, a->rm, OP_ABD, exec_lanes);
}

/* --- pairwise, scalar: Reduce over the two lanes of Vn (.2S or .2D) --- */

static bool set_reduce(struct insn *out, unsigned sz, unsigned lanes, unsigned rd, unsigned rn,
                       enum binop_id op)
{
    set_op(out, 0, sz, true, rd, rn, 0, op, exec_reduce);
    out->imm = lanes;
    return true;
}

bool trans_SPAIR_FMAXNMP(struct insn *out, const struct arg_SPAIR_FMAXNMP *a)
{
    return set_reduce(out, a->sz, 2, a->rd, a->rn, a->o1 ? OP_ADD : OP_MAXNM);
}

bool trans_SPAIR_FMINNMP(struct insn *out, const struct arg_SPAIR_FMINNMP *a)
{
    return set_reduce(out, a->sz, 2, a->rd, a->rn, OP_MINNM);
}

bool trans_SPAIR_FMAXP(struct insn *out, const struct arg_SPAIR_FMAXP *a)
{
    return set_reduce(out, a->sz, 2, a->rd, a->rn, a->o1 ? OP_MIN : OP_MAX);
}

/* --- across lanes: .4S only (Q = 1, sz = 0) --- */

bool trans_ACROSS_FMAXNMV(struct insn *out, const struct arg_ACROSS_FMAXNMV *a)
{
    return a->q && !a->sz && set_reduce(out, 0, 4, a->rd, a->rn, a->o1 ? OP_MINNM : OP_MAXNM);
}

bool trans_ACROSS_FMAXV(struct insn *out, const struct arg_ACROSS_FMAXV *a)
{
    return a->q && !a->sz && set_reduce(out, 0, 4, a->rd, a->rn, a->o1 ? OP_MIN : OP_MAX);
}

/* --- three same, vector --- */

/* u selects the pairwise form for FMAXNM/FMINNM, FMAX/FMIN and FADD (FADDP); FSUB's pairwise
 * slot is FABD. */
static bool vec3(struct insn *out, unsigned q, unsigned u, unsigned sz, unsigned rd, unsigned rn,
                 unsigned rm, enum binop_id op)
{
    return set_op(out, q, sz, false, rd, rn, rm, op, u ? exec_pairwise : exec_lanes);
}

bool trans_V3SAME_FMAXNM(struct insn *out, const struct arg_V3SAME_FMAXNM *a)
{
    return vec3(out, a->q, a->u, a->sz, a->rd, a->rn, a->rm, a->o1 ? OP_MINNM : OP_MAXNM);
}

bool trans_V3SAME_FADD(struct insn *out, const struct arg_V3SAME_FADD *a)
{
    if (a->u && a->o1)
        return set_op(out, a->q, a->sz, false, a->rd, a->rn, a->rm, OP_ABD, exec_lanes);
    return vec3(out, a->q, a->u, a->sz, a->rd, a->rn, a->rm, a->o1 ? OP_SUB : OP_ADD);
}

bool trans_V3SAME_FMAX(struct insn *out, const struct arg_V3SAME_FMAX *a)
{
    return vec3(out, a->q, a->u, a->sz, a->rd, a->rn, a->rm, a->o1 ? OP_MIN : OP_MAX);
}

bool trans_V3SAME_FMLA(struct insn *out, const struct arg_V3SAME_FMLA *a)
{
    if (!set_op(out, a->q, a->sz, false, a->rd, a->rn, a->rm, OP_FMLA, exec_fmla))
        return false;
    out->flags |= a->o1 ? SIMD_FP_NEG : 0;
    return true;
}

bool trans_V3SAME_FRECPS(struct insn *out, const struct arg_V3SAME_FRECPS *a)
{
    return set_op(out, a->q, a->sz, false, a->rd, a->rn, a->rm, a->o1 ? OP_RSQRTS : OP_RECPS, exec_lanes);
}

bool trans_V3SAME_FCMGE(struct insn *out, const struct arg_V3SAME_FCMGE *a)
{
    return set_op(out, a->q, a->sz, false, a->rd, a->rn, a->rm, compare_ops[a->o1 << 1 | a->ac], exec_lanes);
}

bool trans_V3SAME_FMUL(struct insn *out, const struct arg_V3SAME_FMUL *a)
{
    return set_op(out, a->q, a->sz, false, a->rd, a->rn, a->rm, a->u ? OP_MUL : OP_MULX, exec_lanes);
}

bool trans_V3SAME_FCMEQ(struct insn *out, const struct arg_V3SAME_FCMEQ *a)
{
    return set_op(out, a->q, a->sz, false, a->rd, a->rn, a->rm, OP_CMEQ, exec_lanes);
}

bool trans_V3SAME_FDIV(struct insn *out, const struct arg_V3SAME_FDIV *a)
{
    return set_op(out, a->q, a->sz, false, a->rd, a->rn, a->rm, OP_DIV, exec_lanes);
}

/* --- by element (vector and scalar): Vm = M:Rm, index H:L (single) or H (double, L = 0) --- */

static bool by_element(struct insn *out, unsigned q, unsigned sz, bool scalar, unsigned l, unsigned h,
                       unsigned m, unsigned rm, unsigned rn, unsigned rd, enum binop_id op)
{
    if (sz && l)
        return false;
    exec_fn *fn = op == OP_FMLA ? exec_fmla_elem : exec_lanes_elem;
    if (!set_op(out, q, sz, scalar, rd, rn, m << 4 | rm, op, fn))
        return false;
    out->imm = sz ? h : (h << 1 | l);
    return true;
}

static bool fmla_element(struct insn *out, unsigned q, unsigned sz, bool scalar, unsigned l, unsigned h,
                         unsigned m, unsigned rm, unsigned rn, unsigned rd, unsigned o2)
{
    if (!by_element(out, q, sz, scalar, l, h, m, rm, rn, rd, OP_FMLA))
        return false;
    out->flags |= o2 ? SIMD_FP_NEG : 0;
    return true;
}

bool trans_SIDX_FMLA_S(struct insn *out, const struct arg_SIDX_FMLA_S *a)
{
    return fmla_element(out, 0, 0, true, a->l, a->h, a->m, a->rm, a->rn, a->rd, a->o2);
}

bool trans_SIDX_FMLA_D(struct insn *out, const struct arg_SIDX_FMLA_D *a)
{
    return fmla_element(out, 0, 1, true, 0, a->h, a->m, a->rm, a->rn, a->rd, a->o2);
}

bool trans_SIDX_FMUL_S(struct insn *out, const struct arg_SIDX_FMUL_S *a)
{
    return by_element(out, 0, 0, true, a->l, a->h, a->m, a->rm, a->rn, a->rd, a->u ? OP_MULX : OP_MUL);
}

bool trans_SIDX_FMUL_D(struct insn *out, const struct arg_SIDX_FMUL_D *a)
{
    return by_element(out, 0, 1, true, 0, a->h, a->m, a->rm, a->rn, a->rd, a->u ? OP_MULX : OP_MUL);
}

bool trans_VIDX_FMLA(struct insn *out, const struct arg_VIDX_FMLA *a)
{
    return fmla_element(out, a->q, a->sz, false, a->l, a->h, a->m, a->rm, a->rn, a->rd, a->o2);
}

bool trans_VIDX_FMUL(struct insn *out, const struct arg_VIDX_FMUL *a)
{
    enum binop_id op = a->u ? OP_MULX : OP_MUL;
    return by_element(out, a->q, a->sz, false, a->l, a->h, a->m, a->rm, a->rn, a->rd, op);
}

/* Scalar floating-point data processing (ARM ARM C4.1.6, ARMv8.0 single and double precision;
 * half-precision arithmetic is FEAT_FP16, UNDEFINED here): 1 source (FMOV, FABS, FNEG, FSQRT,
 * FRINT*), 2 source (FADD ... FNMUL), 3 source (FMADD, FMSUB, FNMADD, FNMSUB), compare (FCMP,
 * FCMPE, FCCMP, FCCMPE), FCSEL and FMOV (immediate). Pseudocode: aarch64/instrs/float/...
 * The arithmetic is core/fp_arith.h; each handler reads FPCR, ORs the exceptions the operation
 * raised into FPSR and writes its result with fp_write_scalar (the rest of V[d] is zeroed). */
#include <stdbool.h>
#include <stdint.h>

#include "cond.h"
#include "cpu.h"
#include "decode_gen.h"
#include "fp.h"
#include "fp_arith.h"
#include "fp_host.h"
#include "insn.h"

#define SIGN32 0x80000000u
#define SIGN64 0x8000000000000000ull

/* Handlers on single (uint32_t) and double (uint64_t) elements: core/fp.h. */
#define FP_HANDLER FP_SCALAR_HANDLER

/* A handler on elements of type T with the host-FPU fast path (core/fp_host.h) `host`, which
 * sets res when it applies, in front of the soft-float expression `soft` (out of line, so that
 * the fast path needs no stack frame); the result is written with its sign bit flipped when
 * `neg` is set (FNMUL). */
#define FP_HOST_HANDLER(name, T, host, soft, neg)                                     \
    FP_SCALAR_HANDLER(name##_soft, T, (soft) ^ (neg))                                 \
    static int exec_##name(struct cpu *cpu, const struct insn *in)                    \
    {                                                                                 \
        T a = (T)cpu->v[in->rn][0], b = (T)cpu->v[in->rm][0], res;                    \
        (void)b;                                                                      \
        if (cpu->fp_host && (host)) {                                                 \
            fp_write_scalar(cpu, in->rd, res ^ (neg));                                \
            return EXEC_NEXT;                                                         \
        }                                                                             \
        return exec_##name##_soft(cpu, in);                                           \
    }

/* --- 2 source: FMUL FDIV FADD FSUB FMAX FMIN FMAXNM FMINNM (opcode<2:0>), FNMUL --- */
#define FP2_HANDLERS(N, T, SIGN)                                                      \
    FP_HOST_HANDLER(fmul##N, T, fp##N##_host_mul(a, b, &res), fp##N##_mul(a, b, &c), 0) \
    FP_HOST_HANDLER(fdiv##N, T, fp##N##_host_div(a, b, &res), fp##N##_div(a, b, &c), 0) \
    FP_HOST_HANDLER(fadd##N, T, fp##N##_host_add(a, b, &res), fp##N##_add(a, b, &c), 0) \
    FP_HOST_HANDLER(fsub##N, T, fp##N##_host_sub(a, b, &res), fp##N##_sub(a, b, &c), 0) \
    FP_HANDLER(fmax##N, T, fp##N##_max(a, b, &c))                                     \
    FP_HANDLER(fmin##N, T, fp##N##_min(a, b, &c))                                     \
    FP_HANDLER(fmaxnm##N, T, fp##N##_maxnm(a, b, &c))                                 \
    FP_HANDLER(fminnm##N, T, fp##N##_minnm(a, b, &c))                                 \
    /* FPNeg(FPMul), NaNs too */                                                      \
    FP_HOST_HANDLER(fnmul##N, T, fp##N##_host_mul(a, b, &res), fp##N##_mul(a, b, &c), SIGN)
FP2_HANDLERS(32, uint32_t, SIGN32)
FP2_HANDLERS(64, uint64_t, SIGN64)

static exec_fn *const fp2_fns[2][8] = {
    { exec_fmul32, exec_fdiv32, exec_fadd32, exec_fsub32, exec_fmax32, exec_fmin32, exec_fmaxnm32, exec_fminnm32 },
    { exec_fmul64, exec_fdiv64, exec_fadd64, exec_fsub64, exec_fmax64, exec_fmin64, exec_fmaxnm64, exec_fminnm64 },
};

static void trans_vregs(struct insn *out, exec_fn *fn, unsigned rd, unsigned rn, unsigned rm)
{
    out->fn = fn;
    out->rd = (uint8_t)rd;
    out->rn = (uint8_t)rn;
    out->rm = (uint8_t)rm;
}

bool trans_FP2_ARITH(struct insn *out, const struct arg_FP2_ARITH *a)
{
    trans_vregs(out, fp2_fns[a->dbl][a->op], a->rd, a->rn, a->rm);
    return true;
}

bool trans_FP2_FNMUL(struct insn *out, const struct arg_FP2_FNMUL *a)
{
    trans_vregs(out, a->dbl ? exec_fnmul64 : exec_fnmul32, a->rd, a->rn, a->rm);
    return true;
}

/* --- 1 source: FMOV FABS FNEG FSQRT (no FP exceptions but FSQRT's), FRINT* --- */
FP_HANDLER(fmov_reg32, uint32_t, a)
FP_HANDLER(fabs32, uint32_t, fp32_abs(a))
FP_HANDLER(fneg32, uint32_t, fp32_neg(a))
FP_HOST_HANDLER(fsqrt32, uint32_t, fp32_host_sqrt(a, &res), fp32_sqrt(a, &c), 0)
FP_HANDLER(fmov_reg64, uint64_t, a)
FP_HANDLER(fabs64, uint64_t, fp64_abs(a))
FP_HANDLER(fneg64, uint64_t, fp64_neg(a))
FP_HOST_HANDLER(fsqrt64, uint64_t, fp64_host_sqrt(a, &res), fp64_sqrt(a, &c), 0)

static exec_fn *const fp1_fns[2][4] = {
    { exec_fmov_reg32, exec_fabs32, exec_fneg32, exec_fsqrt32 },
    { exec_fmov_reg64, exec_fabs64, exec_fneg64, exec_fsqrt64 },
};

bool trans_FP1_BASIC(struct insn *out, const struct arg_FP1_BASIC *a)
{
    trans_vregs(out, fp1_fns[a->dbl][a->op], a->rd, a->rn, 0);
    return true;
}

/* FRINTN/P/M/Z/A take their rounding from the instruction (size), FRINTX and FRINTI from FPCR
 * (flags: FRINT_FPCR); FRINTX alone signals Inexact (FRINT_EXACT). */
enum { FRINT_FPCR = 1, FRINT_EXACT = 2 };

static inline enum fp_rounding frint_rounding(const struct insn *in, const struct fp_ctx *c)
{
    return (in->flags & FRINT_FPCR) ? fp_ctx_rounding(c) : (enum fp_rounding)in->size;
}

FP_HANDLER(frint32, uint32_t, fp32_round_int(a, frint_rounding(in, &c), in->flags & FRINT_EXACT, &c))
FP_HANDLER(frint64, uint64_t, fp64_round_int(a, frint_rounding(in, &c), in->flags & FRINT_EXACT, &c))

/* opcode<2:0> of FRINT{N,P,M,Z,A,-,X,I}: 101 is unallocated */
bool trans_FP1_FRINT(struct insn *out, const struct arg_FP1_FRINT *a)
{
    static const uint8_t rounding[8] = { FP_RN, FP_RP, FP_RM, FP_RZ, FP_RA, 0, 0, 0 };
    if (a->op == 5)
        return false;
    trans_vregs(out, a->dbl ? exec_frint64 : exec_frint32, a->rd, a->rn, 0);
    out->size = rounding[a->op];
    out->flags = a->op == 6 ? FRINT_FPCR | FRINT_EXACT : a->op == 7 ? FRINT_FPCR : 0;
    return true;
}

/* --- 3 source: FPMulAdd(Ra, Rn, Rm) with FNMADD/FNMSUB negating the addend (o1) and
 * FMSUB/FNMADD negating Rn (o1 != o0), before the call (NaN signs included). flags bit 0:
 * negate the addend, bit 1: negate Rn. --- */
#define FMADD_HANDLER(N, T)                                                           \
    static __attribute__((noinline)) int exec_fmadd##N##_soft(struct cpu *cpu, const struct insn *in) \
    {                                                                                 \
        int r = fp_access_check(cpu, in);                                             \
        if (r != EXEC_NEXT)                                                           \
            return r;                                                                 \
        struct fp_ctx c = fp_ctx_make(cpu->fpcr);                                     \
        T addend = (T)cpu->v[in->ra][0] ^ ((T)(in->flags & 1) << (N - 1));            \
        T a = (T)cpu->v[in->rn][0] ^ ((T)(in->flags >> 1) << (N - 1));                \
        fp_write_scalar(cpu, in->rd, fp##N##_muladd(addend, a, (T)cpu->v[in->rm][0], &c)); \
        cpu->fpsr |= c.fpsr;                                                          \
        fp_host_refresh(cpu);                                                         \
        return EXEC_NEXT;                                                             \
    }                                                                                 \
    static int exec_fmadd##N(struct cpu *cpu, const struct insn *in)                  \
    {                                                                                 \
        T addend = (T)cpu->v[in->ra][0] ^ ((T)(in->flags & 1) << (N - 1));            \
        T a = (T)cpu->v[in->rn][0] ^ ((T)(in->flags >> 1) << (N - 1));                \
        T res;                                                                        \
        if (cpu->fp_host &&                          \
            fp##N##_host_muladd(addend, a, (T)cpu->v[in->rm][0], &res)) {             \
            fp_write_scalar(cpu, in->rd, res);                                        \
            return EXEC_NEXT;                                                         \
        }                                                                             \
        return exec_fmadd##N##_soft(cpu, in);                                         \
    }
FMADD_HANDLER(32, uint32_t)
FMADD_HANDLER(64, uint64_t)

bool trans_FP3(struct insn *out, const struct arg_FP3 *a)
{
    trans_vregs(out, a->dbl ? exec_fmadd64 : exec_fmadd32, a->rd, a->rn, a->rm);
    out->ra = (uint8_t)a->ra;
    out->flags = (uint8_t)(a->o1 | (a->o1 != a->o0) << 1);
    return true;
}

/* --- Compare: FCMP, FCMPE (signal_nans), with zero (flags FCMP_ZERO), and the conditional
 * forms: if ConditionHolds(cond) compare, else NZCV = #nzcv. --- */
enum { FCMP_SIGNAL = 1, FCMP_ZERO = 2 };

#define FCMP_HANDLERS(N, T)                                                           \
    static int exec_fcmp##N(struct cpu *cpu, const struct insn *in)                   \
    {                                                                                 \
        int r = fp_access_check(cpu, in);                                             \
        if (r != EXEC_NEXT)                                                           \
            return r;                                                                 \
        struct fp_ctx c = fp_ctx_make(cpu->fpcr);                                     \
        T b = (in->flags & FCMP_ZERO) ? 0 : (T)cpu->v[in->rm][0];                     \
        unsigned nzcv = fp##N##_compare((T)cpu->v[in->rn][0], b, in->flags & FCMP_SIGNAL, &c); \
        cpu->nzcv = (uint32_t)nzcv << 28;                                             \
        cpu->fpsr |= c.fpsr;                                                          \
        return EXEC_NEXT;                                                             \
    }                                                                                 \
    static int exec_fccmp##N(struct cpu *cpu, const struct insn *in)                  \
    {                                                                                 \
        int r = fp_access_check(cpu, in);                                             \
        if (r != EXEC_NEXT)                                                           \
            return r;                                                                 \
        if (!cond_holds(cpu->nzcv, in->cond)) {                                       \
            cpu->nzcv = (uint32_t)in->imm << 28;                                      \
            return EXEC_NEXT;                                                         \
        }                                                                             \
        struct fp_ctx c = fp_ctx_make(cpu->fpcr);                                     \
        unsigned nzcv = fp##N##_compare((T)cpu->v[in->rn][0], (T)cpu->v[in->rm][0],   \
                                        in->flags & FCMP_SIGNAL, &c);                 \
        cpu->nzcv = (uint32_t)nzcv << 28;                                             \
        cpu->fpsr |= c.fpsr;                                                          \
        return EXEC_NEXT;                                                             \
    }
FCMP_HANDLERS(32, uint32_t)
FCMP_HANDLERS(64, uint64_t)

bool trans_FP_CMP(struct insn *out, const struct arg_FP_CMP *a)
{
    trans_vregs(out, a->dbl ? exec_fcmp64 : exec_fcmp32, 0, a->rn, a->rm);
    out->flags = (uint8_t)((a->e ? FCMP_SIGNAL : 0) | (a->zero ? FCMP_ZERO : 0));
    return true;
}

bool trans_FP_CCMP(struct insn *out, const struct arg_FP_CCMP *a)
{
    trans_vregs(out, a->dbl ? exec_fccmp64 : exec_fccmp32, 0, a->rn, a->rm);
    out->cond = (uint8_t)a->cond;
    out->imm = a->nzcv;
    out->flags = a->e ? FCMP_SIGNAL : 0;
    return true;
}

/* --- FCSEL: V[d] = ConditionHolds(cond) ? V[n] : V[m], the width of the precision --- */
static int exec_fcsel(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t v = cpu->v[cond_holds(cpu->nzcv, in->cond) ? in->rn : in->rm][0];
    fp_write_scalar(cpu, in->rd, v & in->imm);
    return EXEC_NEXT;
}

bool trans_FP_CSEL(struct insn *out, const struct arg_FP_CSEL *a)
{
    trans_vregs(out, exec_fcsel, a->rd, a->rn, a->rm);
    out->cond = (uint8_t)a->cond;
    out->imm = a->dbl ? ~0ull : 0xffffffffull;     /* the element mask */
    return true;
}

/* --- FMOV (scalar, immediate): VFPExpandImm(imm8) --- */
static int exec_fmov_imm(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        fp_write_scalar(cpu, in->rd, in->imm);
    return r;
}

/* VFPExpandImm: sign = imm8<7>, exp = NOT(imm8<6>) : Replicate(imm8<6>, E-3) : imm8<5:4>,
 * frac = imm8<3:0> : Zeros(F-4). */
static uint64_t vfp_expand_imm(unsigned imm8, bool dbl)
{
    unsigned e = dbl ? 11 : 8, f = dbl ? 52 : 23;
    uint64_t b6 = (imm8 >> 6) & 1;
    uint64_t exp = (uint64_t)!b6 << (e - 1) | (b6 ? ((1ull << (e - 3)) - 1) << 2 : 0) | ((imm8 >> 4) & 3);
    return (uint64_t)(imm8 >> 7) << (e + f) | exp << f | (uint64_t)(imm8 & 15) << (f - 4);
}

bool trans_FP_IMM(struct insn *out, const struct arg_FP_IMM *a)
{
    out->fn = exec_fmov_imm;
    out->rd = (uint8_t)a->rd;
    out->imm = vfp_expand_imm(a->imm8, a->dbl);
    return true;
}

/* The host's FPU as a fast path for the common case of FP arithmetic: scalar FADD, FSUB, FMUL,
 * FNMUL, FDIV, FSQRT and FMADD/FMSUB/FNMADD/FNMSUB, and the lanes of vector FADD, FSUB, FMUL,
 * FDIV and FMLA/FMLS (also by element), in single and double precision.
 *
 * With FPCR.FZ = 0 and a result that is a normal number with an exponent above the minimum,
 * ARM's FPAdd, FPMul, FPMulAdd, FPDiv and FPSqrt round the exact result once, as IEEE
 * 754's addition, multiplication, fusedMultiplyAdd, division and squareRoot do: none of ARM's
 * differences can arise (no NaN to propagate, no tiny
 * result whose underflow ARM detects before rounding and the host after, no overflow). So under
 * FPCR.RMode = round to nearest the host's result in its own round-to-nearest mode is the
 * guest's, bit for bit. The only exception such an operation can raise is Inexact, which is
 * why the fast path is taken only once FPSR.IXC is already set (as it is after a program's
 * first inexact operation, and stays: the flags are cumulative): then the result is all there is
 * to compute. Everything else -- other rounding modes, flush-to-zero, IXC clear, any other
 * result -- takes core/fp_arith.h's soft-float path, which implements the pseudocode in full.
 *
 * The host must round to nearest and take denormal operands as they are (no x86 MXCSR.DAZ, as
 * -ffast-math start-up code sets): cpu_run() and cpu_step() check both on entry
 * (fp_host_check(), into cpu->host_fp_ok, then cpu->fp_host); elsim itself never changes the host's FP
 * environment. C's float and double must be IEEE 754
 * binary32/binary64 evaluated at their own precision (no x87 excess precision), or the fast
 * path is compiled out; the build uses ISO C, so no a * b + c is contracted into a fused
 * operation behind the code's back (fma() is the fused one).
 *
 * Each function returns false, computing nothing, when the fast path does not apply. */
#ifndef ELSIM_CORE_FP_HOST_H
#define ELSIM_CORE_FP_HOST_H

#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "fp_arith.h"

#if defined(__STDC_IEC_559__) && FLT_EVAL_METHOD == 0
#define FP_HOST_AVAILABLE 1
#else
#define FP_HOST_AVAILABLE 0
#endif

/* Whether the host computes as the fast path assumes (see above). */
static inline bool fp_host_check(void)
{
    volatile double denormal = 0x1p-1070;
    return FP_HOST_AVAILABLE && fegetround() == FE_TONEAREST && denormal * 0x1p60 == 0x1p-1010;
}

/* FPCR.RMode = RN, FPCR.FZ = 0, FPSR.IXC set and the host fit for the fast path: what
 * fp_state_changed() caches in cpu->fp_host (with the SIMD&FP access check). */
static inline bool fp_host_usable_now(const struct cpu *cpu)
{
    return FP_HOST_AVAILABLE && cpu->host_fp_ok &&
           ((cpu->fpcr & (FPCR_FZ | 3u << FPCR_RMODE_SHIFT)) | (~cpu->fpsr & FPSR_IXC)) == 0;
}

/* After the soft-float path of an FP instruction raised flags: FPSR.IXC may now be set. */
static inline void fp_host_refresh(struct cpu *cpu)
{
    cpu->fp_host = cpu->fp_enabled && fp_host_usable_now(cpu);
}

/* The result is a normal number at least twice the smallest normal (biased exponent in
 * [2, max - 1]), so that it was no tiny value before rounding either. */
static inline bool fp32_host_result(uint32_t x) { return ((x >> 23) & 0xff) - 2u < 0xfdu; }
static inline bool fp64_host_result(uint64_t x) { return ((unsigned)(x >> 52) & 0x7ff) - 2u < 0x7fdu; }

static inline float f32_of(uint32_t x) { float f; memcpy(&f, &x, 4); return f; }
static inline double f64_of(uint64_t x) { double d; memcpy(&d, &x, 8); return d; }
static inline uint32_t bits_of_f32(float f) { uint32_t x; memcpy(&x, &f, 4); return x; }
static inline uint64_t bits_of_f64(double d) { uint64_t x; memcpy(&x, &d, 8); return x; }

/* One function per operation and precision: the host operation and the check of its result.
 * The operands need no check with FPCR.FZ = 0: a NaN, an infinity, a zero divisor or a
 * negative square root gives a NaN or an infinity, a zero product or quotient a zero, all
 * refused; a zero addend or summand leaves the other operand's value, as ARM does; and
 * denormal operands are exact values to both. */
#define FP_HOST_OPS(N, T, H, SQRT, FMA)                                                           \
    static inline bool fp##N##_host_accept(T r, T *out)                                          \
    {                                                                                            \
        *out = r;                                                                                \
        return fp##N##_host_result(r);                                                           \
    }                                                                                            \
    static inline bool fp##N##_host_add(T a, T b, T *out)                                        \
    {                                                                                            \
        return fp##N##_host_accept(bits_of_##H(H##_of(a) + H##_of(b)), out);                     \
    }                                                                                            \
    static inline bool fp##N##_host_sub(T a, T b, T *out)                                        \
    {                                                                                            \
        return fp##N##_host_accept(bits_of_##H(H##_of(a) - H##_of(b)), out);                     \
    }                                                                                            \
    static inline bool fp##N##_host_mul(T a, T b, T *out)                                        \
    {                                                                                            \
        return fp##N##_host_accept(bits_of_##H(H##_of(a) * H##_of(b)), out);                     \
    }                                                                                            \
    static inline bool fp##N##_host_div(T a, T b, T *out)                                        \
    {                                                                                            \
        return fp##N##_host_accept(bits_of_##H(H##_of(a) / H##_of(b)), out);                     \
    }                                                                                            \
    static inline bool fp##N##_host_sqrt(T a, T *out)                                            \
    {                                                                                            \
        return fp##N##_host_accept(bits_of_##H(SQRT(H##_of(a))), out);                           \
    }                                                                                            \
    /* FPMulAdd(addend, a, b): addend + a * b, rounded once. */                                  \
    static inline bool fp##N##_host_muladd(T addend, T a, T b, T *out)                           \
    {                                                                                            \
        return fp##N##_host_accept(bits_of_##H(FMA(H##_of(a), H##_of(b), H##_of(addend))), out); \
    }
FP_HOST_OPS(32, uint32_t, f32, sqrtf, fmaf)
FP_HOST_OPS(64, uint64_t, f64, sqrt, fma)

#endif

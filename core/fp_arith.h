/* IEEE 754 arithmetic as the ARM ARM's floating-point pseudocode defines it (shared/functions/
 * float/...: FPAdd, FPMul, FPMulAdd, FPDiv, FPSqrt, FPRoundInt, FPToFixed, FixedToFP, FPConvert,
 * FPCompare*, FPMax/Min(NM), FPRecipEstimate, FPRSqrtEstimate, FPRecipStepFused,
 * FPRSqrtStepFused, FPRecpX, FPProcessNaN(s)), in software: no host FP state or host rounding
 * mode is used, so a guest's results never depend on the host, nor one vCPU's on another's.
 *
 * Values are raw bit patterns (uint16_t half, uint32_t single, uint64_t double). Every operation
 * takes a struct fp_ctx: FPCR as the instruction sees it (rounding mode, FZ, DN, AHP) and the
 * FPSR cumulative exception bits the operation raises, ORed into ctx->fpsr (the executor copies
 * them into cpu->fpsr). Scalar and vector executors use the same functions per lane.
 */
#ifndef ELSIM_CORE_FP_ARITH_H
#define ELSIM_CORE_FP_ARITH_H

#include <stdbool.h>
#include <stdint.h>

/* FPCR fields used by the arithmetic (ARM ARM D13.2 FPCR). */
#define FPCR_AHP   (1u << 26)
#define FPCR_DN    (1u << 25)
#define FPCR_FZ    (1u << 24)
#define FPCR_RMODE_SHIFT 22

/* FPSR cumulative exception bits (ARM ARM D13.2 FPSR). */
#define FPSR_IOC (1u << 0)
#define FPSR_DZC (1u << 1)
#define FPSR_OFC (1u << 2)
#define FPSR_UFC (1u << 3)
#define FPSR_IXC (1u << 4)
#define FPSR_IDC (1u << 7)
#define FPSR_QC  (1u << 27)    /* saturation (AdvSIMD integer), not raised by this file */

/* FPRounding: the FPCR.RMode encoding for the first four; TIEAWAY and ODD are only ever asked
 * for by an instruction (FCVTA*, FRINTA, FCVTXN). */
enum fp_rounding {
    FP_RN = 0,      /* to nearest, ties to even */
    FP_RP = 1,      /* towards plus infinity */
    FP_RM = 2,      /* towards minus infinity */
    FP_RZ = 3,      /* towards zero */
    FP_RA = 4,      /* to nearest, ties away from zero */
    FP_RO = 5,      /* to odd (FCVTXN) */
};

struct fp_ctx {
    uint32_t fpcr;  /* in: FPCR (only AHP, DN, FZ and RMode matter) */
    uint32_t fpsr;  /* out: cumulative exception bits raised, ORed in */
};

/* The context for an instruction: FPCR as given; the "standard FPSCR value" variant
 * (StandardFPSCRValue) is not needed in AArch64. */
static inline struct fp_ctx fp_ctx_make(uint32_t fpcr)
{
    struct fp_ctx c = { fpcr, 0 };
    return c;
}

static inline enum fp_rounding fp_ctx_rounding(const struct fp_ctx *c)
{
    return (enum fp_rounding)((c->fpcr >> FPCR_RMODE_SHIFT) & 3);
}

/* --- Arithmetic, per precision: N = 32 (single) and 64 (double). Rounding from ctx->fpcr. --- */
uint32_t fp32_add(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_sub(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_mul(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_mulx(uint32_t a, uint32_t b, struct fp_ctx *c);   /* FPMulX: 0 x inf = +-2.0 */
uint32_t fp32_div(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_sqrt(uint32_t a, struct fp_ctx *c);
/* FPMulAdd(addend, op1, op2): addend + op1 * op2 with one rounding. FMSUB/FNMADD/FNMSUB and
 * FMLS negate operands before the call, as the instruction pseudocode does. */
uint32_t fp32_muladd(uint32_t addend, uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_max(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_min(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_maxnm(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_minnm(uint32_t a, uint32_t b, struct fp_ctx *c);
uint32_t fp32_abd(uint32_t a, uint32_t b, struct fp_ctx *c);    /* FABD: FPAbs(FPSub(a, b)) */
/* FPRoundInt(op, rounding, exact): exact raises IXC when the result differs (FRINTX). */
uint32_t fp32_round_int(uint32_t a, enum fp_rounding r, bool exact, struct fp_ctx *c);
uint32_t fp32_recip_estimate(uint32_t a, struct fp_ctx *c);     /* FRECPE */
uint32_t fp32_rsqrt_estimate(uint32_t a, struct fp_ctx *c);     /* FRSQRTE */
uint32_t fp32_recip_step(uint32_t a, uint32_t b, struct fp_ctx *c);  /* FRECPS: 2 - a*b fused */
uint32_t fp32_rsqrt_step(uint32_t a, uint32_t b, struct fp_ctx *c);  /* FRSQRTS: (3 - a*b)/2 */
uint32_t fp32_recpx(uint32_t a, struct fp_ctx *c);              /* FRECPX */

uint64_t fp64_add(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_sub(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_mul(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_mulx(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_div(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_sqrt(uint64_t a, struct fp_ctx *c);
uint64_t fp64_muladd(uint64_t addend, uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_max(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_min(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_maxnm(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_minnm(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_abd(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_round_int(uint64_t a, enum fp_rounding r, bool exact, struct fp_ctx *c);
uint64_t fp64_recip_estimate(uint64_t a, struct fp_ctx *c);
uint64_t fp64_rsqrt_estimate(uint64_t a, struct fp_ctx *c);
uint64_t fp64_recip_step(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_rsqrt_step(uint64_t a, uint64_t b, struct fp_ctx *c);
uint64_t fp64_recpx(uint64_t a, struct fp_ctx *c);

/* --- Comparison --- */
/* FPCompare(op1, op2, signal_nans): the NZCV nibble (bits 3:0 = N Z C V) FCMP/FCCMP set:
 * equal 0110, less 1000, greater 0010, unordered 0011. signal_nans (FCMPE) raises IOC for any
 * NaN, otherwise only for a signalling NaN. */
unsigned fp32_compare(uint32_t a, uint32_t b, bool signal_nans, struct fp_ctx *c);
unsigned fp64_compare(uint64_t a, uint64_t b, bool signal_nans, struct fp_ctx *c);
/* FPCompareEQ / FPCompareGE / FPCompareGT (vector FCMxx, FACxx use these on FPAbs values). */
bool fp32_compare_eq(uint32_t a, uint32_t b, struct fp_ctx *c);
bool fp32_compare_ge(uint32_t a, uint32_t b, struct fp_ctx *c);
bool fp32_compare_gt(uint32_t a, uint32_t b, struct fp_ctx *c);
bool fp64_compare_eq(uint64_t a, uint64_t b, struct fp_ctx *c);
bool fp64_compare_ge(uint64_t a, uint64_t b, struct fp_ctx *c);
bool fp64_compare_gt(uint64_t a, uint64_t b, struct fp_ctx *c);

/* --- Conversions --- */
/* FPConvert between precisions. Half-precision uses FPCR.AHP (alternative format) where the
 * pseudocode does; fp64_to_fp32 with FP_RO is FCVTXN's round-to-odd. */
uint32_t fp16_to_fp32(uint16_t a, struct fp_ctx *c);
uint64_t fp16_to_fp64(uint16_t a, struct fp_ctx *c);
uint16_t fp32_to_fp16(uint32_t a, enum fp_rounding r, struct fp_ctx *c);
uint64_t fp32_to_fp64(uint32_t a, struct fp_ctx *c);
uint16_t fp64_to_fp16(uint64_t a, enum fp_rounding r, struct fp_ctx *c);
uint32_t fp64_to_fp32(uint64_t a, enum fp_rounding r, struct fp_ctx *c);
/* FPToFixed(op, fbits, unsigned, rounding, size): to a 32- or 64-bit (int_bits) signed or
 * unsigned integer with fbits fraction bits, saturating (IOC on saturation or NaN). The result
 * is returned zero-extended in 64 bits. */
uint64_t fp32_to_fixed(uint32_t a, unsigned fbits, bool is_unsigned, enum fp_rounding r,
                       unsigned int_bits, struct fp_ctx *c);
uint64_t fp64_to_fixed(uint64_t a, unsigned fbits, bool is_unsigned, enum fp_rounding r,
                       unsigned int_bits, struct fp_ctx *c);
/* FixedToFP(op, fbits, unsigned, rounding): op holds an int_bits (32/64) integer. */
uint32_t fixed_to_fp32(uint64_t op, unsigned int_bits, unsigned fbits, bool is_unsigned,
                       enum fp_rounding r, struct fp_ctx *c);
uint64_t fixed_to_fp64(uint64_t op, unsigned int_bits, unsigned fbits, bool is_unsigned,
                       enum fp_rounding r, struct fp_ctx *c);

/* --- Unsigned integer estimates (URECPE, URSQRTE: UnsignedRecipEstimate/UnsignedRSqrtEstimate) --- */
uint32_t fp_unsigned_recip_estimate(uint32_t a);
uint32_t fp_unsigned_rsqrt_estimate(uint32_t a);

/* Sign-bit operations need no context: FPAbs, FPNeg never raise exceptions or quiet NaNs. */
static inline uint32_t fp32_abs(uint32_t a) { return a & 0x7fffffffu; }
static inline uint32_t fp32_neg(uint32_t a) { return a ^ 0x80000000u; }
static inline uint64_t fp64_abs(uint64_t a) { return a & 0x7fffffffffffffffull; }
static inline uint64_t fp64_neg(uint64_t a) { return a ^ 0x8000000000000000ull; }

#endif

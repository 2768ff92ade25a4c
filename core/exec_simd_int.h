/* Advanced SIMD integer execution shared by the family files (core/exec_simd_int_*.c): per-lane
 * operations, the lane engines that apply them to V registers, and the insn layout their trans_
 * functions fill in. Internal to core/.
 *
 * insn layout of every handler here:
 *   rd, rn, rm   V register numbers (rm: the indexed register of the by-element forms)
 *   size         log2 of the element size in bytes of the result (8 << size bits)
 *   shift        number of result elements (1 for the scalar forms)
 *   cond         the lane operation (enum simd_op)
 *   flags        SIMD_F_* below
 *   imm          operand 2 replicated into 64 bits (shift by immediate, modified immediate), or
 *                the element index of a by-element form, or a lane mask of a SWAR fast path
 *   ra           the narrowing (enum simd_narrow) of the narrowing forms, or the shift of the
 *                chunk shifts (exec_simd_int_shift.c)
 * A scalar form is the vector form with one element and Q = 0: the element written into a zeroed
 * register is exactly "the rest of the register is zeroed". */
#ifndef ELSIM_CORE_EXEC_SIMD_INT_H
#define ELSIM_CORE_EXEC_SIMD_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "fp_arith.h"
#include "insn.h"
#include "vreg.h"

__extension__ typedef __int128 simd_i128;

enum {
    SIMD_F_Q = 1 << 0,      /* write all 128 bits (else bits 127:64 are zeroed) */
    SIMD_F_PART = 1 << 1,   /* the "2" forms: narrow sources from, or narrow results to, the upper half */
    SIMD_F_M_IMM = 1 << 2,  /* operand 2 is imm in every lane */
    SIMD_F_M_ELEM = 1 << 3, /* operand 2 is element imm of Vm in every lane */
    SIMD_F_N_ZERO = 1 << 4, /* operand 1 is zero and operand 2 is Vn (NEG, CMLT #0, ...) */
    SIMD_F_SIGNED = 1 << 5, /* widening and across lanes: the sources are signed */
    SIMD_F_N_WIDE = 1 << 6, /* widening: operand 1 is already wide (the W forms) */
};

/* One lane: operands n, m and the old destination element d of 8 << esize bits (a lane function
 * ignores the bits above the element and extends it itself, so the widening engine may pass
 * sign-extended values); returns the result element (bits above it are ignored) and ORs 1 into
 * *qc when it saturated. */
typedef uint64_t simd_lane_fn(uint64_t n, uint64_t m, uint64_t d, unsigned esize, unsigned *qc);

enum simd_op {
    SOP_HADD_S, SOP_HADD_U, SOP_RHADD_S, SOP_RHADD_U, SOP_HSUB_S, SOP_HSUB_U,
    SOP_QADD_S, SOP_QADD_U, SOP_QSUB_S, SOP_QSUB_U,
    SOP_CMGT, SOP_CMHI, SOP_CMGE, SOP_CMHS, SOP_CMTST, SOP_CMEQ,
    SOP_SSHL, SOP_USHL, SOP_SQSHL, SOP_UQSHL, SOP_SRSHL, SOP_URSHL, SOP_SQRSHL, SOP_UQRSHL,
    SOP_SMAX, SOP_UMAX, SOP_SMIN, SOP_UMIN, SOP_SABD, SOP_UABD, SOP_SABA, SOP_UABA,
    SOP_ADD, SOP_SUB, SOP_MLA, SOP_MLS, SOP_MUL, SOP_PMUL, SOP_SQDMULH, SOP_SQRDMULH,
    /* unary (operand n only, or n and the destination) */
    SOP_SQABS, SOP_ABS, SOP_CLS, SOP_CLZ, SOP_CNT, SOP_NOT, SOP_RBIT, SOP_SUQADD, SOP_USQADD,
    /* shift by immediate: m is the shift amount */
    SOP_SSRA, SOP_USRA, SOP_SRSRA, SOP_URSRA, SOP_SQSHLU, SOP_SRI, SOP_SLI,
    /* widening saturating doubling multiplies (esize is the wide size) */
    SOP_SQDMULL, SOP_SQDMLAL, SOP_SQDMLSL,
    SOP_COUNT
};

extern simd_lane_fn *const simd_lane_ops[SOP_COUNT];

/* Narrowing of a wide element to the result size (XTN, SQXTN, UQXTN, SQXTUN and the narrowing
 * shifts). */
enum simd_narrow { NARROW_TRUNC, NARROW_SS, NARROW_UU, NARROW_SU };
uint64_t simd_narrow(uint64_t wide, unsigned esize_wide, enum simd_narrow kind, unsigned *qc);

/* Handlers shared between families. */
int simd_exec_same(struct cpu *cpu, const struct insn *in);  /* lane op on same-size lanes */
/* The handler for a same-size lane op: simd_exec_same, or a direct loop for the common ones. */
exec_fn *simd_same_handler(enum simd_op op);
int simd_exec_long(struct cpu *cpu, const struct insn *in);  /* lane op on widened lanes */
/* Narrowing: the lane op (a shift by imm) on the wide elements of Vn, then the narrowing ra, to
 * the lower half of Vd or, for the "2" forms, the upper half keeping the lower. */
int simd_exec_narrow(struct cpu *cpu, const struct insn *in);

/* Operand 2 as the SIMD_F_M_* flags define it. */
vreg_t simd_operand_m(const struct cpu *cpu, const struct insn *in, unsigned esize);

/* value (of 8 << esize bits) in every lane of a 64-bit word. */
uint64_t simd_replicate(uint64_t value, unsigned esize);

/* Vector forms: Q and the element size give the element count. */
static inline void simd_set_vector(struct insn *out, unsigned q, unsigned esize)
{
    out->size = (uint8_t)esize;
    out->shift = (uint8_t)((q ? 16 : 8) >> esize);
    out->flags = q ? SIMD_F_Q : 0;
}

static inline void simd_set_scalar(struct insn *out, unsigned esize)
{
    out->size = (uint8_t)esize;
    out->shift = 1;
    out->flags = 0;
}

static inline void simd_set_regs(struct insn *out, unsigned rd, unsigned rn, unsigned rm)
{
    out->rd = (uint8_t)rd;
    out->rn = (uint8_t)rn;
    out->rm = (uint8_t)rm;
}

/* Vd = hi:lo, or 0:lo for q = 0, as one 16-byte store: the next instruction's 16-byte load of
 * the register is then forwarded from it (two 8-byte stores stall a host's store forwarding). */
typedef uint64_t simd_u64x2 __attribute__((vector_size(16)));

static inline void simd_store(struct cpu *cpu, unsigned rd, uint64_t lo, uint64_t hi, unsigned q)
{
    simd_u64x2 v = { lo, q ? hi : 0 };
    memcpy(cpu->v[rd], &v, sizeof v);
}

static inline void simd_store_v(struct cpu *cpu, unsigned rd, const vreg_t *value, unsigned q)
{
    simd_store(cpu, rd, value->d[0], value->d[1], q);
}

/* ORs FPSR.QC in when a lane saturated. */
static inline void simd_set_qc(struct cpu *cpu, unsigned qc)
{
    if (qc)
        cpu->fpsr |= FPSR_QC;
}

/* SWAR on 64-bit chunks of lanes; h = the top bit of every lane. */
/* Lane-wise add without carries between lanes. */
static inline uint64_t swar_add(uint64_t a, uint64_t b, uint64_t h)
{
    return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
}

static inline uint64_t swar_sub(uint64_t a, uint64_t b, uint64_t h)
{
    return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
}

/* All ones in the lanes of x that are zero. */
static inline uint64_t swar_zero_lanes(uint64_t x, uint64_t h, unsigned esize)
{
    uint64_t nonzero = (((x & ~h) + ~h) | x) & h;
    unsigned bits = 8u << esize;
    uint64_t lane = bits == 64 ? ~0ull : (1ull << bits) - 1;
    return ((~nonzero & h) >> (bits - 1)) * lane;
}

#endif

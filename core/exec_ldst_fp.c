/* Loads and stores of SIMD&FP registers (ARM ARM C4.1.4, C6.2 / C7.2): LDR/STR of B, H, S, D
 * and Q with unsigned offset, unscaled (LDUR/STUR), pre/post-index and register offset, LDR
 * (literal) of S, D and Q, and LDP/STP/LDNP/STNP of S, D and Q. Pseudocode:
 * aarch64/instrs/memory/single/simdfp/..., memory/literal/simdfp, memory/pair/simdfp/....
 * Every handler first makes the SIMD&FP access check (CheckFPAdvSIMDEnabled64), then the SP
 * alignment check. A loaded B/H/S/D value zeroes the rest of the V register. A 128-bit access
 * is two 8-byte accesses after a check of its 16-byte alignment (AArch64.CheckAlignment with
 * size 16 and AccType_VEC). These transfers give no instruction syndrome (ISV = 0). */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exec_ldst.h"
#include "fp.h"
#include "insn.h"
#include "memory.h"

enum { FP_FLAGS = MEM_SIMD | MEM_NO_SYNDROME };

/* A 128-bit access is aligned to 16 bytes when SCTLR_ELx.A requires it (AArch64.CheckAlignment
 * with size 16, AccType_VEC): false after taking the alignment fault. */
static inline bool q_aligned(struct cpu *cpu, const struct insn *in, uint64_t va, bool is_write)
{
    if ((va & 15) && ldst_strict_alignment(cpu)) {
        mem_alignment_fault(cpu, in, va, is_write);
        return false;
    }
    return true;
}

/* V[t] from memory at va: bytes = 1, 2, 4, 8 or 16. False if an exception was taken. */
static inline bool read_v(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned bytes, uint64_t v[2])
{
    if (bytes < 16) {
        v[1] = 0;
        return mem_read(cpu, in, va, bytes, &v[0], FP_FLAGS);
    }
    return q_aligned(cpu, in, va, false) && mem_read_seq(cpu, in, va, 8, 2, v, FP_FLAGS);
}

static inline bool write_v(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned bytes, unsigned t)
{
    if (bytes < 16)
        return mem_write(cpu, in, va, bytes, ldst_truncate(cpu->v[t][0], bytes), FP_FLAGS);
    return q_aligned(cpu, in, va, true) && mem_write_seq(cpu, in, va, 8, 2, cpu->v[t], FP_FLAGS);
}

static inline int load_fp(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes)
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t va = ldst_address(cpu, in, mode), v[2];
    if (!read_v(cpu, in, va, bytes, v))
        return EXEC_LEAVE;
    cpu->v[in->rd][0] = v[0];
    cpu->v[in->rd][1] = v[1];
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

static inline int store_fp(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes)
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t va = ldst_address(cpu, in, mode);
    if (!write_v(cpu, in, va, bytes, in->rd))
        return EXEC_LEAVE;
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

/* Both elements are read before either register is written. Rt2 is written after Rt, so LDP
 * with Rt == Rt2 (CONSTRAINED UNPREDICTABLE, Constraint_UNKNOWN) ends with the second element,
 * as on QEMU. A pair of Q registers is four 8-byte accesses after the alignment check. */
/* The end of a load pair: Rt = v[0..1], Rt2 = v[2..3], then the base writeback. */
static inline int load_pair_done(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, uint64_t va,
                                 const uint64_t v[4])
{
    cpu->v[in->rd][0] = v[0];
    cpu->v[in->rd][1] = v[1];
    cpu->v[in->ra][0] = v[2];
    cpu->v[in->ra][1] = v[3];
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

static __attribute__((noinline)) int load_fp_pair_general(struct cpu *cpu, const struct insn *in,
                                                          enum ldst_mode mode, unsigned bytes)
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t va = ldst_address(cpu, in, mode), v[4] = { 0, 0, 0, 0 };
    if (bytes < 16 ? !mem_read_seq(cpu, in, va, bytes, 2, v, FP_FLAGS)
                   : !q_aligned(cpu, in, va, false) || !mem_read_seq(cpu, in, va, 8, 4, v, FP_FLAGS))
        return EXEC_LEAVE;
    if (bytes < 16) {               /* v = { Rt, Rt2 } */
        v[2] = v[1];
        v[1] = 0;
    }
    return load_pair_done(cpu, in, mode, va, v);
}

static __attribute__((noinline)) int store_fp_pair_general(struct cpu *cpu, const struct insn *in,
                                                           enum ldst_mode mode, unsigned bytes)
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t va = ldst_address(cpu, in, mode);
    bool done;
    if (bytes < 16) {
        uint64_t v[2] = { ldst_truncate(cpu->v[in->rd][0], bytes), ldst_truncate(cpu->v[in->ra][0], bytes) };
        done = mem_write_seq(cpu, in, va, bytes, 2, v, FP_FLAGS);
    } else {
        uint64_t v[4] = { cpu->v[in->rd][0], cpu->v[in->rd][1], cpu->v[in->ra][0], cpu->v[in->ra][1] };
        done = q_aligned(cpu, in, va, true) && mem_write_seq(cpu, in, va, 8, 4, v, FP_FLAGS);
    }
    if (!done)
        return EXEC_LEAVE;
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

/* The common case in front of the general functions above: SIMD&FP enabled, no SP alignment
 * fault, both elements in a page the fast TLB holds (pairs of Q registers: 16-byte aligned, so
 * that no alignment check applies; they are read as four 8-byte elements). A leaf function,
 * no stack frame. */
static inline int load_fp_pair(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes)
{
    if (fp_access_enabled(cpu) && !ldst_sp_misaligned(cpu, in)) {
        uint64_t va = ldst_address(cpu, in, mode);
        unsigned size = bytes < 16 ? bytes : 8;
        const uint8_t *p = bytes < 16 || !(va & 15) ? mem_fast_read_ptr(cpu, va, size, 2 * bytes) : NULL;
        if (p && bytes < 16) {
            uint64_t v[4] = { load_host(p, bytes), 0, load_host(p + bytes, bytes), 0 };
            return load_pair_done(cpu, in, mode, va, v);
        }
        if (p) {
            uint64_t v[4] = { load_host(p, 8), load_host(p + 8, 8), load_host(p + 16, 8), load_host(p + 24, 8) };
            return load_pair_done(cpu, in, mode, va, v);
        }
    }
    return load_fp_pair_general(cpu, in, mode, bytes);
}

static inline int store_fp_pair(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes)
{
    if (fp_access_enabled(cpu) && !ldst_sp_misaligned(cpu, in)) {
        uint64_t va = ldst_address(cpu, in, mode);
        unsigned size = bytes < 16 ? bytes : 8;
        uint8_t *p = bytes < 16 || !(va & 15) ? mem_fast_write_ptr(cpu, va, size, 2 * bytes) : NULL;
        if (p && bytes < 16) {
            store_host(p, bytes, cpu->v[in->rd][0]);
            store_host(p + bytes, bytes, cpu->v[in->ra][0]);
            ldst_writeback(cpu, in, mode, va);
            return EXEC_NEXT;
        }
        if (p) {
            store_host(p, 8, cpu->v[in->rd][0]);
            store_host(p + 8, 8, cpu->v[in->rd][1]);
            store_host(p + 16, 8, cpu->v[in->ra][0]);
            store_host(p + 24, 8, cpu->v[in->ra][1]);
            ldst_writeback(cpu, in, mode, va);
            return EXEC_NEXT;
        }
    }
    return store_fp_pair_general(cpu, in, mode, bytes);
}

static inline int load_fp_literal(struct cpu *cpu, const struct insn *in, unsigned bytes)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint64_t v[2];
    if (!read_v(cpu, in, insn_pc(cpu, in) + (uint64_t)ldst_offset(in), bytes, v))
        return EXEC_LEAVE;
    cpu->v[in->rd][0] = v[0];
    cpu->v[in->rd][1] = v[1];
    return EXEC_NEXT;
}

#define DEFINE_MODE(name, mode, body)                                                             \
    static int exec_##name##_##mode(struct cpu *cpu, const struct insn *in) { return body; }
#define DEFINE_SINGLE(name, fn, bytes)                                                            \
    DEFINE_MODE(name, off, fn(cpu, in, AM_OFFSET, bytes))                                         \
    DEFINE_MODE(name, pre, fn(cpu, in, AM_PRE, bytes))                                            \
    DEFINE_MODE(name, post, fn(cpu, in, AM_POST, bytes))                                          \
    DEFINE_MODE(name, reg, fn(cpu, in, AM_REG, bytes))
#define DEFINE_PAIR(name, fn, bytes)                                                              \
    DEFINE_MODE(name, off, fn(cpu, in, AM_OFFSET, bytes))                                         \
    DEFINE_MODE(name, pre, fn(cpu, in, AM_PRE, bytes))                                            \
    DEFINE_MODE(name, post, fn(cpu, in, AM_POST, bytes))
#define MODES(name)                                                                               \
    { [AM_OFFSET] = exec_##name##_off, [AM_PRE] = exec_##name##_pre, [AM_POST] = exec_##name##_post,  \
      [AM_REG] = exec_##name##_reg }
#define PAIR_MODES(name)                                                                          \
    { [AM_OFFSET] = exec_##name##_off, [AM_PRE] = exec_##name##_pre, [AM_POST] = exec_##name##_post }

DEFINE_SINGLE(str_b, store_fp, 1)
DEFINE_SINGLE(str_h, store_fp, 2)
DEFINE_SINGLE(str_s, store_fp, 4)
DEFINE_SINGLE(str_d, store_fp, 8)
DEFINE_SINGLE(str_q, store_fp, 16)
DEFINE_SINGLE(ldr_b, load_fp, 1)
DEFINE_SINGLE(ldr_h, load_fp, 2)
DEFINE_SINGLE(ldr_s, load_fp, 4)
DEFINE_SINGLE(ldr_d, load_fp, 8)
DEFINE_SINGLE(ldr_q, load_fp, 16)
DEFINE_PAIR(stp_s, store_fp_pair, 4)
DEFINE_PAIR(stp_d, store_fp_pair, 8)
DEFINE_PAIR(stp_q, store_fp_pair, 16)
DEFINE_PAIR(ldp_s, load_fp_pair, 4)
DEFINE_PAIR(ldp_d, load_fp_pair, 8)
DEFINE_PAIR(ldp_q, load_fp_pair, 16)

/* By [L][log2 bytes] (0-4: B, H, S, D, Q). */
static exec_fn *const single_fns[2][5][AM_COUNT] = {
    { MODES(str_b), MODES(str_h), MODES(str_s), MODES(str_d), MODES(str_q) },
    { MODES(ldr_b), MODES(ldr_h), MODES(ldr_s), MODES(ldr_d), MODES(ldr_q) },
};

/* The access size of the single-register classes: opc<1>:size, where opc<1> = 1 is only
 * allocated with size = 00 (Q). Returns log2 bytes, or -1 if unallocated. */
static int fp_scale(unsigned size, unsigned opc)
{
    if (opc & 2)
        return size == 0 ? 4 : -1;
    return (int)size;
}

/* scale: log2 of the access size (fp_scale), l: opc<0>. */
static bool trans_fp_single(struct insn *out, int scale, unsigned l, unsigned rt, unsigned rn, enum ldst_mode mode,
                            int64_t offset)
{
    if (scale < 0)
        return false;
    out->fn = single_fns[l][scale][mode];
    out->rd = (uint8_t)rt;
    out->rn = reg_sp(rn);
    out->imm = ldst_imm(offset, 0);
    out->flags = FP_FLAGS;
    return true;
}

bool trans_LDST_UIMM_FP(struct insn *out, const struct arg_LDST_UIMM_FP *a)
{
    int scale = fp_scale(a->size, a->opc);
    return trans_fp_single(out, scale, a->opc & 1, a->rt, a->rn, AM_OFFSET, (int64_t)a->imm12 << (scale & 7));
}

/* idx: 00 unscaled, 01 post-index, 11 pre-index; 10 (unprivileged) has no SIMD&FP form. */
bool trans_LDST_IMM9_FP(struct insn *out, const struct arg_LDST_IMM9_FP *a)
{
    static const enum ldst_mode modes[4] = { AM_OFFSET, AM_POST, AM_OFFSET, AM_PRE };
    if (a->idx == 2)
        return false;
    return trans_fp_single(out, fp_scale(a->size, a->opc), a->opc & 1, a->rt, a->rn, modes[a->idx], a->imm9);
}

bool trans_LDST_REG_FP(struct insn *out, const struct arg_LDST_REG_FP *a)
{
    int scale = fp_scale(a->size, a->opc);
    if (!(a->option & 2))
        return false;
    out->cond = ldst_extend(a->option);
    out->rm = reg_src(a->rm);
    out->shift = (uint8_t)(a->s ? scale : 0);
    return trans_fp_single(out, scale, a->opc & 1, a->rt, a->rn, AM_REG, 0);
}

static int exec_ldr_lit_s(struct cpu *cpu, const struct insn *in) { return load_fp_literal(cpu, in, 4); }
static int exec_ldr_lit_d(struct cpu *cpu, const struct insn *in) { return load_fp_literal(cpu, in, 8); }
static int exec_ldr_lit_q(struct cpu *cpu, const struct insn *in) { return load_fp_literal(cpu, in, 16); }

/* opc: 00 S, 01 D, 10 Q, 11 unallocated. */
bool trans_LDR_LIT_FP(struct insn *out, const struct arg_LDR_LIT_FP *a)
{
    static exec_fn *const fns[3] = { exec_ldr_lit_s, exec_ldr_lit_d, exec_ldr_lit_q };
    if (a->opc == 3)
        return false;
    out->fn = fns[a->opc];
    out->rd = (uint8_t)a->rt;
    out->imm = ldst_imm((int64_t)a->imm19 * 4, 0);
    out->flags = FP_FLAGS;
    return true;
}

/* By [L][opc] (S, D, Q; opc = 11 unallocated). */
static exec_fn *const pair_fns[2][3][AM_COUNT] = {
    { PAIR_MODES(stp_s), PAIR_MODES(stp_d), PAIR_MODES(stp_q) },
    { PAIR_MODES(ldp_s), PAIR_MODES(ldp_d), PAIR_MODES(ldp_q) },
};

/* idx: 00 no-allocate offset (LDNP/STNP), 01 post-index, 10 offset, 11 pre-index. */
bool trans_LDST_PAIR_FP(struct insn *out, const struct arg_LDST_PAIR_FP *a)
{
    static const enum ldst_mode modes[4] = { AM_OFFSET, AM_POST, AM_OFFSET, AM_PRE };
    if (a->opc == 3)
        return false;
    out->fn = pair_fns[a->l][a->opc][modes[a->idx]];
    out->rd = (uint8_t)a->rt;
    out->ra = (uint8_t)a->rt2;
    out->rn = reg_sp(a->rn);
    out->imm = ldst_imm((int64_t)a->imm7 * (4 << a->opc), 0);
    out->flags = FP_FLAGS;
    return true;
}

/* What the load/store executors (core/exec_ldst*.c) share: how a predecoded load/store holds its
 * operands, address generation with writeback, CheckSPAlignment, the alignment faults the
 * memory system cannot see by itself, and the instruction syndrome of data aborts.
 *
 * Operands of a predecoded load/store:
 *   rd   Rt: a destination slot (reg_dst) for GP loads, a source slot (reg_src) for GP stores,
 *        the V register number for SIMD&FP transfers
 *   ra   Rt2 of pairs, Rs (status) of store exclusives
 *   rn   base register (reg_sp: 31 is SP); rm index register of the register-offset forms
 *   imm  bits 31:0 the signed byte offset (immediate forms and literals);
 *        bits 63:32 the ISS a stage-2 data abort reports for this instruction (ISV, SAS, SSE,
 *        SRT, SF, AR in their ESR positions), or 0 when it cannot give one (pairs, SIMD&FP,
 *        writeback forms, exclusives); such instructions also pass MEM_NO_SYNDROME
 *   cond extend of the register-offset index (enum ldst_extend), or Rs of store exclusive
 *        pairs; shift the shift amount of the index
 *   flags the MEM_* flags of the accesses */
#ifndef ELSIM_CORE_EXEC_LDST_H
#define ELSIM_CORE_EXEC_LDST_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "fp.h"

/* Addressing modes: base + offset (also unscaled, unprivileged and literal-free ordered forms),
 * pre-index and post-index with writeback, base + extended register. */
enum ldst_mode { AM_OFFSET, AM_PRE, AM_POST, AM_REG, AM_COUNT };

/* Extend of the register-offset index: option = x11 (LSL/SXTX), 010 (UXTW), 110 (SXTW). */
enum ldst_extend { EXT_X, EXT_UXTW, EXT_SXTW };

/* The extend for an option field whose bit 1 is set (option<1> = 0 is unallocated). */
static inline uint8_t ldst_extend(unsigned option)
{
    return option == 2 ? EXT_UXTW : option == 6 ? EXT_SXTW : EXT_X;
}

/* ISS bits of a data abort with a valid instruction syndrome (ARM ARM D17.2.37, ISS encoding
 * for an exception from a Data Abort). */
enum {
    ISS_ISV = 1u << 24,
    ISS_SAS_SHIFT = 22,
    ISS_SSE = 1u << 21,
    ISS_SRT_SHIFT = 16,
    ISS_SF = 1u << 15,
    ISS_AR = 1u << 14,
};

static inline uint32_t ldst_iss(unsigned size_log2, bool sign_extend, unsigned rt, bool sf, bool acq_rel)
{
    return ISS_ISV | size_log2 << ISS_SAS_SHIFT | (sign_extend ? ISS_SSE : 0) | rt << ISS_SRT_SHIFT |
           (sf ? ISS_SF : 0) | (acq_rel ? ISS_AR : 0);
}

/* in->imm from a byte offset and a syndrome (see above). */
static inline uint64_t ldst_imm(int64_t offset, uint32_t iss)
{
    return (uint64_t)iss << 32 | (uint32_t)offset;
}

static inline int64_t ldst_offset(const struct insn *in)
{
    return (int32_t)(uint32_t)in->imm;
}

/* ExtendReg() of the register-offset forms. */
static inline uint64_t ldst_index(const struct cpu *cpu, const struct insn *in)
{
    uint64_t x = cpu->r[in->rm];
    if (in->cond == EXT_UXTW)
        x = (uint32_t)x;
    else if (in->cond == EXT_SXTW)
        x = (uint64_t)(int64_t)(int32_t)x;
    return x << in->shift;
}

/* The address accessed (post-index accesses the base itself). */
static inline uint64_t ldst_address(const struct cpu *cpu, const struct insn *in, enum ldst_mode mode)
{
    uint64_t base = cpu->r[in->rn];
    switch (mode) {
    case AM_POST: return base;
    case AM_REG: return base + ldst_index(cpu, in);
    default: return base + (uint64_t)ldst_offset(in);
    }
}

/* Base register writeback after the access. It comes after the register writes of a load, so a
 * load with writeback into its own base (CONSTRAINED UNPREDICTABLE, Constraint_UNKNOWN for the
 * loaded register) leaves the written-back address in it, as QEMU does. */
static inline void ldst_writeback(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, uint64_t va)
{
    if (mode == AM_PRE)
        cpu->r[in->rn] = va;
    else if (mode == AM_POST)
        cpu->r[in->rn] = va + (uint64_t)ldst_offset(in);
}

/* The low `bytes` bytes of a value to store: devices see exactly the bytes written. */
static inline uint64_t ldst_truncate(uint64_t v, unsigned bytes)
{
    return bytes >= 8 ? v : v & ((1ull << (8 * bytes)) - 1);
}

/* CheckSPAlignment(), out of line: is the SP alignment check enabled (SCTLR_ELx.SA, or
 * SCTLR_EL1.SA0 at EL0)? */
bool ldst_sp_check_enabled(const struct cpu *cpu);
/* AArch64.SPAlignmentFault(): EC 0x26 to the EL synchronous exceptions go to. */
int ldst_sp_alignment_fault(struct cpu *cpu, const struct insn *in);

/* Does an access based on SP fault for SP alignment? Cheap when SP is 16-byte aligned. */
static inline bool ldst_sp_misaligned(const struct cpu *cpu, const struct insn *in)
{
    if (__builtin_expect(in->rn != REG_SP || !(cpu->r[REG_SP] & 15), 1))
        return false;
    return ldst_sp_check_enabled(cpu);
}

/* What every SIMD&FP load/store checks first: CheckFPAdvSIMDEnabled64(), then CheckSPAlignment()
 * for Rn = SP. EXEC_NEXT when the access may go ahead. */
static inline int ldst_fp_checks(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    return EXEC_NEXT;
}

/* SCTLR_ELx.A of the current translation regime. */
bool ldst_strict_alignment(const struct cpu *cpu);

#endif

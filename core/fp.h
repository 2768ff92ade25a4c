/* SIMD&FP state shared by the executors of FP/SIMD instructions: the access check every one of
 * them makes first, and writes of scalar results to the V registers. */
#ifndef ELSIM_CORE_FP_H
#define ELSIM_CORE_FP_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

#define CPACR_FPEN_SHIFT 20
#define CPTR_EL2_TFP (1ull << 10)

/* The full AArch64.CheckFPAdvSIMDEnabled(): returns EXEC_NEXT when the access is allowed,
 * otherwise takes the trap and returns EXEC_LEAVE. */
int fp_access_trap(struct cpu *cpu, const struct insn *in);

/* CheckFPAdvSIMDEnabled64() at the start of every SIMD&FP instruction: EXEC_NEXT if allowed,
 * or the result of raise_sync after taking the trap (the handler returns it). The inline part
 * only recognises the common fully-enabled case (CPACR_EL1.FPEN = 11 below EL2, CPTR_EL2.TFP = 0). */
static inline bool fp_access_enabled(const struct cpu *cpu)
{
    uint64_t fpen = (cpu->sr[SR_CPACR_EL1] >> CPACR_FPEN_SHIFT) & 3;
    return (cpu->el == 2 || fpen == 3) && !(cpu->sr[SR_CPTR_EL2] & CPTR_EL2_TFP);
}

static inline int fp_access_check(struct cpu *cpu, const struct insn *in)
{
    if (__builtin_expect(fp_access_enabled(cpu), 1))
        return EXEC_NEXT;
    return fp_access_trap(cpu, in);
}

/* Write a scalar of up to 64 bits to V[n]: the rest of the 128-bit register is zeroed. */
static inline void fp_write_scalar(struct cpu *cpu, unsigned n, uint64_t value)
{
    cpu->v[n][0] = value;
    cpu->v[n][1] = 0;
}

/* A scalar FP handler on elements of type T (uint16_t, uint32_t, uint64_t) that computes `expr`
 * from a = V[n], b = V[m] and the context c (FPCR), writes it to V[d] (zeroing the rest) and ORs
 * c's exceptions into FPSR -- after the SIMD&FP access check. */
#define FP_SCALAR_HANDLER(name, T, expr)                                              \
    static int exec_##name(struct cpu *cpu, const struct insn *in)                    \
    {                                                                                 \
        int r = fp_access_check(cpu, in);                                             \
        if (r != EXEC_NEXT)                                                           \
            return r;                                                                 \
        struct fp_ctx c = fp_ctx_make(cpu->fpcr);                                     \
        T a = (T)cpu->v[in->rn][0], b = (T)cpu->v[in->rm][0];                         \
        (void)b;                                                                      \
        fp_write_scalar(cpu, in->rd, (expr));                                         \
        cpu->fpsr |= c.fpsr;                                                          \
        return EXEC_NEXT;                                                             \
    }

#endif

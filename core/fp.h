/* SIMD&FP state shared by the executors of FP/SIMD instructions: the access check every one of
 * them makes first, and writes of scalar results to the V registers. */
#ifndef ELSIM_CORE_FP_H
#define ELSIM_CORE_FP_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "fp_host.h"

#define CPACR_FPEN_SHIFT 20
#define CPTR_EL2_TFP (1ull << 10)

/* The full AArch64.CheckFPAdvSIMDEnabled(): returns EXEC_NEXT when the access is allowed,
 * otherwise takes the trap and returns EXEC_LEAVE. */
int fp_access_trap(struct cpu *cpu, const struct insn *in);

/* Recompute cpu->fp_enabled and cpu->fp_host from what they depend on: PSTATE.EL, CPACR_EL1,
 * CPTR_EL2, FPCR, FPSR and the host's FP environment. Called on entry to cpu_run() and
 * cpu_step() (so that debugger and API writes between runs count), on every EL change, and by
 * MSR of those four registers; a write of FPSR that only sets flags (an FP instruction) may
 * leave fp_host clear for a while, which costs speed, never correctness. */
void fp_state_changed(struct cpu *cpu);

/* CheckFPAdvSIMDEnabled64() at the start of every SIMD&FP instruction: EXEC_NEXT if allowed,
 * or the result of raise_sync after taking the trap (the handler returns it). The inline part
 * only recognises the common fully-enabled case (CPACR_EL1.FPEN = 11 below EL2, CPTR_EL2.TFP = 0),
 * cached in cpu->fp_enabled. */
static inline bool fp_access_enabled(const struct cpu *cpu)
{
    return cpu->fp_enabled;
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
 * c's exceptions into FPSR -- after the SIMD&FP access check. FPSR.IXC may be set now: the
 * host-FPU gate is refreshed (core/fp_host.h). Never inlined: core/exec_fp_scalar.c's fast
 * handlers tail-call it. */
#define FP_SCALAR_HANDLER(name, T, expr)                                              \
    static __attribute__((noinline)) int exec_##name(struct cpu *cpu, const struct insn *in) \
    {                                                                                 \
        int r = fp_access_check(cpu, in);                                             \
        if (r != EXEC_NEXT)                                                           \
            return r;                                                                 \
        struct fp_ctx c = fp_ctx_make(cpu->fpcr);                                     \
        T a = (T)cpu->v[in->rn][0], b = (T)cpu->v[in->rm][0];                         \
        (void)b;                                                                      \
        fp_write_scalar(cpu, in->rd, (expr));                                         \
        cpu->fpsr |= c.fpsr;                                                          \
        fp_host_refresh(cpu);                                                         \
        return EXEC_NEXT;                                                             \
    }

#endif

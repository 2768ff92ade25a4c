/* The SIMD&FP access trap (AArch64.CheckFPAdvSIMDEnabled) and the FMOV moves between general
 * and SIMD&FP registers (ARM ARM C6.2 FMOV (general); pseudocode
 * aarch64/instrs/float/convert/int, FPConvOp_MOV_FtoI / MOV_ItoF). */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exception.h"
#include "fp.h"
#include "fp_host.h"
#include "insn.h"

#define HCR_TGE (1ull << 27)

/* AArch64.AdvSIMDFPAccessTrap(target_el). EL2 is always enabled in this model (no Secure
 * state): a trap to EL1 with HCR_EL2.TGE = 1 goes to EL2 as an Uncategorized exception. From
 * AArch64 the ISS holds ConditionSyndrome(): CV = 1, COND = 0b1110. */
static int adv_simd_fp_access_trap(struct cpu *cpu, const struct insn *in, unsigned target_el)
{
    enum { ISS_CV = 1u << 24, ISS_COND_AL = 0xeu << 20 };
    if (target_el == 1 && (cpu->sr[SR_HCR_EL2] & HCR_TGE))
        return raise_sync(cpu, in, 2, esr_make(EC_UNKNOWN, true, 0));
    return raise_sync(cpu, in, target_el, esr_make(EC_FP_ACCESS, true, ISS_CV | ISS_COND_AL));
}

/* AArch64.CheckFPAdvSIMDEnabled then AArch64.CheckFPAdvSIMDTrap, for ARMv8.0 without VHE or
 * EL3: CPACR_EL1.FPEN at EL0/EL1 (x0: trap both, 01: trap EL0, 11: no trap), then
 * CPTR_EL2.TFP at EL0, EL1 and EL2. */
void fp_state_changed(struct cpu *cpu)
{
    uint64_t fpen = (cpu->sr[SR_CPACR_EL1] >> CPACR_FPEN_SHIFT) & 3;
    cpu->fp_enabled = (cpu->el == 2 || fpen == 3) && !(cpu->sr[SR_CPTR_EL2] & CPTR_EL2_TFP);
    cpu->fp_host = cpu->fp_enabled && fp_host_usable_now(cpu);
}

int fp_access_trap(struct cpu *cpu, const struct insn *in)
{
    if (cpu->el < 2) {
        unsigned fpen = (cpu->sr[SR_CPACR_EL1] >> CPACR_FPEN_SHIFT) & 3;
        if (!(fpen & 1) || (fpen == 1 && cpu->el == 0))
            return adv_simd_fp_access_trap(cpu, in, 1);
    }
    if (cpu->sr[SR_CPTR_EL2] & CPTR_EL2_TFP)
        return adv_simd_fp_access_trap(cpu, in, 2);
    return EXEC_NEXT;
}

/* --- FMOV (general) --- */

static int exec_fmov_w_s(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        cpu->r[in->rd] = (uint32_t)cpu->v[in->rn][0];
    return r;
}

static int exec_fmov_s_w(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        fp_write_scalar(cpu, in->rd, (uint32_t)cpu->r[in->rn]);
    return r;
}

static int exec_fmov_x_d(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        cpu->r[in->rd] = cpu->v[in->rn][0];
    return r;
}

static int exec_fmov_d_x(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        fp_write_scalar(cpu, in->rd, cpu->r[in->rn]);
    return r;
}

static int exec_fmov_x_d1(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        cpu->r[in->rd] = cpu->v[in->rn][1];
    return r;
}

/* Writes the upper doubleword only: Vd.D[0] is kept. */
static int exec_fmov_d1_x(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT)
        cpu->v[in->rd][1] = cpu->r[in->rn];
    return r;
}

/* to_fp: opcode<0> (111 = general to FP, 110 = FP to general). */
static bool trans_fmov(struct insn *out, unsigned to_fp, unsigned rn, unsigned rd, exec_fn *to_gp_fn,
                       exec_fn *to_fp_fn)
{
    out->fn = to_fp ? to_fp_fn : to_gp_fn;
    out->rn = to_fp ? reg_src(rn) : (uint8_t)rn;
    out->rd = to_fp ? (uint8_t)rd : reg_dst(rd);
    return true;
}

bool trans_FMOV_WS(struct insn *out, const struct arg_FMOV_WS *a)
{
    return trans_fmov(out, a->to_fp, a->rn, a->rd, exec_fmov_w_s, exec_fmov_s_w);
}

bool trans_FMOV_XD(struct insn *out, const struct arg_FMOV_XD *a)
{
    return trans_fmov(out, a->to_fp, a->rn, a->rd, exec_fmov_x_d, exec_fmov_d_x);
}

bool trans_FMOV_XD1(struct insn *out, const struct arg_FMOV_XD1 *a)
{
    return trans_fmov(out, a->to_fp, a->rn, a->rd, exec_fmov_x_d1, exec_fmov_d1_x);
}

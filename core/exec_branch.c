/* Branches: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET and ERET (ARM ARM C4.1.3, C6.2).
 * Targets are PC-relative offsets precomputed into in->imm at decode time; a taken branch sets
 * cpu->pc and leaves the block, a branch not taken falls through (EXEC_NEXT). */
#include <stdbool.h>
#include <stdint.h>

#include "cond.h"
#include "cpu.h"
#include "decode_gen.h"
#include "exception.h"
#include "insn.h"

/* A taken PC-relative branch (BranchTo(PC + offset)). */
static inline int branch_rel(struct cpu *cpu, const struct insn *in)
{
    cpu->pc = insn_pc(cpu, in) + in->imm;
    return EXEC_LEAVE;
}

/* --- B, BL (branch_unconditional_immediate) --- */

static int exec_b(struct cpu *cpu, const struct insn *in)
{
    return branch_rel(cpu, in);
}

static int exec_bl(struct cpu *cpu, const struct insn *in)
{
    cpu->r[30] = insn_pc(cpu, in) + 4;
    return branch_rel(cpu, in);
}

bool trans_B(struct insn *out, const struct arg_B *a)
{
    out->imm = (uint64_t)((int64_t)a->imm * 4);
    out->fn = exec_b;
    out->ends_block = 1;
    return true;
}

bool trans_BL(struct insn *out, const struct arg_BL *a)
{
    out->imm = (uint64_t)((int64_t)a->imm * 4);
    out->fn = exec_bl;
    out->ends_block = 1;
    return true;
}

/* --- B.cond (branch_conditional_cond) --- */

static int exec_b_cond(struct cpu *cpu, const struct insn *in)
{
    return cond_holds(cpu->nzcv, in->cond) ? branch_rel(cpu, in) : EXEC_NEXT;
}

bool trans_B_cond(struct insn *out, const struct arg_B_cond *a)
{
    out->imm = (uint64_t)((int64_t)a->imm * 4);
    out->cond = (uint8_t)a->cond;
    /* AL and NV always branch: no flags to look at. */
    out->fn = a->cond >= 14 ? exec_b : exec_b_cond;
    out->ends_block = a->cond >= 14;
    return true;
}

/* --- CBZ, CBNZ (branch_conditional_compare) --- */

static int exec_cbz_w(struct cpu *cpu, const struct insn *in)
{
    return (uint32_t)cpu->r[in->rn] == 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

static int exec_cbnz_w(struct cpu *cpu, const struct insn *in)
{
    return (uint32_t)cpu->r[in->rn] != 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

static int exec_cbz_x(struct cpu *cpu, const struct insn *in)
{
    return cpu->r[in->rn] == 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

static int exec_cbnz_x(struct cpu *cpu, const struct insn *in)
{
    return cpu->r[in->rn] != 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

bool trans_CB(struct insn *out, const struct arg_CB *a)
{
    static exec_fn *const fns[2][2] = { { exec_cbz_w, exec_cbnz_w }, { exec_cbz_x, exec_cbnz_x } };
    out->imm = (uint64_t)((int64_t)a->imm * 4);
    out->rn = reg_src(a->rt);
    out->fn = fns[a->sf][a->nz];
    return true;
}

/* --- TBZ, TBNZ (branch_conditional_test); the tested bit is b5:b40 --- */

static int exec_tbz(struct cpu *cpu, const struct insn *in)
{
    return ((cpu->r[in->rn] >> in->shift) & 1) == 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

static int exec_tbnz(struct cpu *cpu, const struct insn *in)
{
    return ((cpu->r[in->rn] >> in->shift) & 1) != 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

bool trans_TB(struct insn *out, const struct arg_TB *a)
{
    out->imm = (uint64_t)((int64_t)a->imm * 4);
    out->rn = reg_src(a->rt);
    out->shift = (uint8_t)(a->b5 << 5 | a->b40);
    out->fn = a->nz ? exec_tbnz : exec_tbz;
    return true;
}

/* --- BR, BLR, RET (branch_unconditional_register). Rn = 31 is XZR. --- */

#define TCR_EL1_TBI0 (1ull << 37)
#define TCR_EL1_TBI1 (1ull << 38)
#define TCR_EL2_TBI (1ull << 20)

/* AArch64.BranchAddr (ARMv8.0: no VHE, no PAuth): with top-byte-ignore enabled for the target
 * address, its tag byte is dropped: replaced by copies of bit 55 at EL0/EL1, zeroed at EL2.
 * An address whose top byte is already canonical is returned as is without looking at TCR. */
static inline uint64_t branch_addr(const struct cpu *cpu, uint64_t target)
{
    if (cpu->el < 2) {
        uint64_t canonical = (uint64_t)((int64_t)(target << 8) >> 8);
        if (canonical == target)
            return target;
        uint64_t tbi = (target >> 55) & 1 ? TCR_EL1_TBI1 : TCR_EL1_TBI0;
        return (cpu->sr[SR_TCR_EL1] & tbi) ? canonical : target;
    }
    if ((target >> 56) == 0 || !(cpu->sr[SR_TCR_EL2] & TCR_EL2_TBI))
        return target;
    return target & 0x00ffffffffffffffull;
}

static int exec_br(struct cpu *cpu, const struct insn *in)
{
    cpu->pc = branch_addr(cpu, cpu->r[in->rn]);
    return EXEC_LEAVE;
}

static int exec_blr(struct cpu *cpu, const struct insn *in)
{
    uint64_t target = cpu->r[in->rn]; /* read before X30 is written: BLR X30 */
    cpu->r[30] = insn_pc(cpu, in) + 4;
    cpu->pc = branch_addr(cpu, target);
    return EXEC_LEAVE;
}

bool trans_BR(struct insn *out, const struct arg_BR *a)
{
    out->rn = reg_src(a->rn);
    out->fn = exec_br;
    out->ends_block = 1;
    return true;
}

bool trans_BLR(struct insn *out, const struct arg_BLR *a)
{
    out->rn = reg_src(a->rn);
    out->fn = exec_blr;
    out->ends_block = 1;
    return true;
}

/* RET differs from BR only in its branch-prediction hint. */
bool trans_RET(struct insn *out, const struct arg_RET *a)
{
    out->rn = reg_src(a->rn);
    out->fn = exec_br;
    out->ends_block = 1;
    return true;
}

/* --- ERET (branch_unconditional_eret): UNDEFINED at EL0. The new PSTATE may change the EL,
 * the masks and the translation regime, so the block always ends here. --- */

static int exec_eret(struct cpu *cpu, const struct insn *in)
{
    if (cpu->el == 0)
        return raise_undefined(cpu, in);
    exception_return(cpu);
    return EXEC_LEAVE;
}

bool trans_ERET(struct insn *out, const struct arg_ERET *a)
{
    (void)a;
    out->fn = exec_eret;
    out->ends_block = 1;
    return true;
}

/* DRPS is UNDEFINED outside Debug state, and halting debug is not implemented. */
bool trans_DRPS(struct insn *out, const struct arg_DRPS *a)
{
    (void)out;
    (void)a;
    return false;
}

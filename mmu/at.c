/* Address translation instructions AT S1E0R ... S12E1W (AArch64.AT_S1Ex, AArch64.AT_S12Ex) and
 * the PAR_EL1 they write (AArch64.EncodePAR). They walk the tables of the regime they name,
 * whatever the current EL, without using or filling the TLB. */
#include <stdio.h>

#include "cpu.h"
#include "exception.h"
#include "interrupt.h"
#include "mmu_internal.h"
#include "sysreg.h"

#define PAR_F (1ull << 0)
#define PAR_PTW (1ull << 8)
#define PAR_S (1ull << 9)
#define PAR_NS (1ull << 9)
#define PAR_RES1 (1ull << 11)

struct at_row {
    enum tlb_regime regime;
    unsigned perm_el;
    bool write;
    bool two_stage;
};

static const struct at_row rows[AT_OP_COUNT] = {
    [AT_S1E1R] = { TLB_EL10, 1, false, false }, [AT_S1E1W] = { TLB_EL10, 1, true, false },
    [AT_S1E0R] = { TLB_EL10, 0, false, false }, [AT_S1E0W] = { TLB_EL10, 0, true, false },
    [AT_S1E2R] = { TLB_EL2, 2, false, false },  [AT_S1E2W] = { TLB_EL2, 2, true, false },
    [AT_S12E1R] = { TLB_EL10, 1, false, true }, [AT_S12E1W] = { TLB_EL10, 1, true, true },
    [AT_S12E0R] = { TLB_EL10, 0, false, true }, [AT_S12E0W] = { TLB_EL10, 0, true, true },
};

/* AArch64.Abort for an AT: a data abort with CM = 1 and WnR = 1 (cache maintenance class). */
static void at_abort(struct cpu *cpu, const struct insn *in, uint64_t va, const struct mmu_fault *f)
{
    unsigned target = f->stage2 ? 2 : exception_sync_target_el(cpu);
    enum exception_class ec = target == cpu->el ? EC_DATA_ABORT_SAME : EC_DATA_ABORT_LOWER;
    uint32_t iss = f->fsc | 1u << 8 | 1u << 6 | (f->s1ptw ? 1u << 7 : 0);
    raise_sync_far(cpu, in, target, esr_make(ec, true, iss), va);
    if (f->stage2 && (f->fsc & 0x30) == 0) /* IPA valid for translation/AF/address size/permission */
        cpu->sr[SR_HPFAR_EL2] = (f->ipa >> 12) << 4;
}

bool mmu_at(struct cpu *cpu, const struct insn *in, enum at_op op, uint64_t va)
{
    const struct at_row *row = &rows[op];
    struct mmu_regime r;
    if (row->regime == TLB_EL2)
        mmu_regime_el2(cpu, &r);
    else
        mmu_regime_el10(cpu, row->perm_el, va, &r);
    /* AT S1Ex gives the stage 1 output (an IPA); stage 2 still translates its table walk. */
    r.stage1_only = !row->two_stage;
    struct mmu_result res;
    struct mmu_fault f;
    if (mmu_translate_regime(cpu, &r, va, row->write ? MMU_WRITE : MMU_READ, 1, false, &res, &f)) {
        cpu->sr[SR_PAR_EL1] = (uint64_t)res.attr << 56 | (res.pa & 0xfffffffff000ull) | PAR_RES1 | PAR_NS |
                              (uint64_t)res.sh << 7;
        return true;
    }
    bool external = (f.fsc & 0x3c) == 0x10 || (f.fsc & 0x3c) == 0x14;
    if (external || (cpu->el == 1 && f.s1ptw)) {
        at_abort(cpu, in, va, &f);
        return false;
    }
    cpu->sr[SR_PAR_EL1] = PAR_RES1 | PAR_F | (uint64_t)(f.fsc & 0x3f) << 1 | (f.s1ptw ? PAR_PTW : 0) |
                          (f.stage2 ? PAR_S : 0);
    return true;
}

/* Creating and resetting a CPU, and the PSTATE changes that swap banked state. */
#include "cpu.h"

#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "fp.h"
#include "interrupt.h"
#include "memory.h"
#include "mmu.h"
#include "sysreg.h"
#include "tlb.h"

bool cpu_init(struct cpu *cpu, unsigned index, const struct platform *platform, void *machine,
              struct block_cache *blocks)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->index = index;
    cpu->affinity = index; /* one cluster unless the board says otherwise */
    cpu->cycle_limit = UINT64_MAX;
    cpu->platform = platform;
    cpu->machine = machine;
    cpu->blocks = blocks;
    cpu->tlb = calloc(1, sizeof *cpu->tlb);
    if (!cpu->tlb)
        return false;
    block_cache_attach_cpu(blocks, cpu);
    return true;
}

void cpu_destroy(struct cpu *cpu)
{
    free(cpu->tlb);
    cpu->tlb = NULL;
}

/* Reset into EL2h with the MMU off and DAIF masked (DESIGN.md section 3). */
void cpu_reset(struct cpu *cpu, uint64_t entry)
{
    memset(cpu->r, 0, sizeof cpu->r);
    memset(cpu->sp_el, 0, sizeof cpu->sp_el);
    memset(cpu->v, 0, sizeof cpu->v);
    cpu->fpcr = cpu->fpsr = 0;
    cpu->nzcv = 0;
    cpu->el = 2;
    cpu->sp_sel = 1;
    cpu->il = cpu->ss = 0;
    cpu->daif = DAIF_D | DAIF_A | DAIF_I | DAIF_F;
    cpu->exclusive_valid = false;
    cpu->stop_reason = STOP_NONE;
    cpu->pending = 0;
    sysreg_reset(cpu);
    tlb_flush(cpu->tlb);
    cpu->pc = entry;
    mmu_translation_changed(cpu);
    interrupt_update(cpu);
    fp_state_changed(cpu);
    if (cpu_event_wanted(cpu, ELSIM_EV_RESET)) {
        struct elsim_event ev = { .kind = ELSIM_EV_RESET, .pc = entry };
        cpu_emit(cpu, &ev);
    }
}

void cpu_emit(struct cpu *cpu, struct elsim_event *event)
{
    event->cpu = cpu->index;
    /* Exceptions, returns, instructions and blocks give the EL they started at themselves. */
    static const uint32_t own_el = ELSIM_EV_BIT(ELSIM_EV_EXCEPTION) | ELSIM_EV_BIT(ELSIM_EV_ERET) |
                                   ELSIM_EV_BIT(ELSIM_EV_INSN) | ELSIM_EV_BIT(ELSIM_EV_BLOCK);
    if (!(own_el & ELSIM_EV_BIT(event->kind)))
        event->el = cpu->el;
    event->vmid = (unsigned)(cpu->sr[SR_VTTBR_EL2] >> 48) & 0xff;
    event->cycle = cpu->cycles;
    if (!event->pc && event->kind != ELSIM_EV_RESET)
        event->pc = cpu->block_pc;
    cpu->event_fn(cpu->event_ctx, event);
}

void cpu_set_el_sp(struct cpu *cpu, unsigned el, unsigned sp_sel)
{
    unsigned old_bank = cpu->sp_sel ? cpu->el : 0;
    unsigned new_bank = sp_sel ? el : 0;
    cpu->sp_el[old_bank] = cpu->r[REG_SP];
    cpu->r[REG_SP] = cpu->sp_el[new_bank];
    bool el_changed = cpu->el != el;
    cpu->el = (uint8_t)el;
    cpu->sp_sel = (uint8_t)sp_sel;
    if (el_changed) {
        mem_select_fast_tlb(cpu);
        cpu->xlat_ctx = mmu_context_tag(cpu);
        fp_state_changed(cpu);
    }
}

uint64_t cpu_get_sp_el(const struct cpu *cpu, unsigned el)
{
    unsigned active = cpu->sp_sel ? cpu->el : 0;
    return el == active ? cpu->r[REG_SP] : cpu->sp_el[el];
}

void cpu_set_sp_el(struct cpu *cpu, unsigned el, uint64_t value)
{
    unsigned active = cpu->sp_sel ? cpu->el : 0;
    if (el == active)
        cpu->r[REG_SP] = value;
    else
        cpu->sp_el[el] = value;
}

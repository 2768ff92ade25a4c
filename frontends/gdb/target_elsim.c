/* The gdb target of an elsim machine: registers from struct cpu, memory and breakpoints through
 * the embedding API (include/elsim.h). */
#include <stdio.h>
#include <string.h>

#include "gdb_elsim.h"
#include "insn.h"
#include "sysreg.h"

static unsigned cpu_count(void *target)
{
    struct gdb_elsim_target *t = target;
    return elsim_cpu_count(t->sim);
}

static void put_le(uint8_t *out, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *in, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

/* PSTATE in the layout of SPSR_ELx (ARM ARM C5.2.18). */
static uint64_t pstate(const struct cpu *cpu)
{
    return cpu->nzcv | cpu->daif | (uint64_t)cpu->ss << 21 | (uint64_t)cpu->il << 20 | (uint64_t)cpu->el << 2 |
           cpu->sp_sel;
}

static bool read_reg(void *target, unsigned index, unsigned regno, uint8_t *value)
{
    struct gdb_elsim_target *t = target;
    if (index >= elsim_cpu_count(t->sim) || regno >= gdb_reg_count)
        return false;
    struct cpu *cpu = elsim_cpu(t->sim, index);
    const struct gdb_reg *r = &gdb_regs[regno];
    switch (r->cls) {
    case GDB_REG_X: put_le(value, cpu->r[r->index], 8); return true;
    case GDB_REG_SP: put_le(value, cpu->r[REG_SP], 8); return true;
    case GDB_REG_PC: put_le(value, cpu->pc, 8); return true;
    case GDB_REG_CPSR: put_le(value, pstate(cpu), 4); return true;
    case GDB_REG_V:
        put_le(value, cpu->v[r->index][0], 8);
        put_le(value + 8, cpu->v[r->index][1], 8);
        return true;
    case GDB_REG_FPSR: put_le(value, cpu->fpsr, 4); return true;
    case GDB_REG_FPCR: put_le(value, cpu->fpcr, 4); return true;
    case GDB_REG_SP_EL: put_le(value, cpu_get_sp_el(cpu, r->index), 8); return true;
    case GDB_REG_SYSREG:
        if (t->sysreg_id[regno] < 0)
            return false;
        put_le(value, sysreg_peek(cpu, (unsigned)t->sysreg_id[regno]), 8);
        return true;
    }
    return false;
}

static bool write_reg(void *target, unsigned index, unsigned regno, const uint8_t *value)
{
    struct gdb_elsim_target *t = target;
    if (index >= elsim_cpu_count(t->sim) || regno >= gdb_reg_count || !gdb_regs[regno].writable)
        return false;
    struct cpu *cpu = elsim_cpu(t->sim, index);
    const struct gdb_reg *r = &gdb_regs[regno];
    uint64_t v = get_le(value, r->bits == 32 ? 4 : 8);
    switch (r->cls) {
    case GDB_REG_X: cpu->r[r->index] = v; return true;
    case GDB_REG_SP: cpu->r[REG_SP] = v; return true;
    case GDB_REG_PC: cpu->pc = v; return true;
    case GDB_REG_CPSR:
        /* NZCV and DAIF; EL, SP selection, IL and SS change by exceptions and returns only. */
        cpu->nzcv = (uint32_t)v & (FLAG_N | FLAG_Z | FLAG_C | FLAG_V);
        cpu->daif = (uint32_t)v & (DAIF_D | DAIF_A | DAIF_I | DAIF_F);
        return true;
    case GDB_REG_V:
        cpu->v[r->index][0] = v;
        cpu->v[r->index][1] = get_le(value + 8, 8);
        return true;
    case GDB_REG_FPSR: cpu->fpsr = (uint32_t)v; return true;
    case GDB_REG_FPCR: cpu->fpcr = (uint32_t)v; return true;
    case GDB_REG_SP_EL: cpu_set_sp_el(cpu, r->index, v); return true;
    case GDB_REG_SYSREG:
        return t->sysreg_id[regno] >= 0 && elsim_write_sysreg(t->sim, index, (unsigned)t->sysreg_id[regno], v);
    }
    return false;
}

static bool read_mem(void *target, unsigned cpu, uint64_t addr, void *buf, size_t len)
{
    struct gdb_elsim_target *t = target;
    return elsim_read_virt(t->sim, cpu, addr, buf, len);
}

static bool write_mem(void *target, unsigned cpu, uint64_t addr, const void *buf, size_t len)
{
    struct gdb_elsim_target *t = target;
    return elsim_write_virt(t->sim, cpu, addr, buf, len);
}

static int point_add(void *target, enum gdb_point_type type, uint64_t addr, uint64_t len)
{
    struct gdb_elsim_target *t = target;
    static const enum elsim_point_kind kinds[] = {
        [GDB_SW_BREAK] = ELSIM_BREAK_VA,       [GDB_HW_BREAK] = ELSIM_BREAK_VA,
        [GDB_WATCH_WRITE] = ELSIM_WATCH_WRITE, [GDB_WATCH_READ] = ELSIM_WATCH_READ,
        [GDB_WATCH_ACCESS] = ELSIM_WATCH_ACCESS,
    };
    return elsim_point_add(t->sim, kinds[type], addr, len, -1);
}

static void point_remove(void *target, int id)
{
    struct gdb_elsim_target *t = target;
    elsim_point_remove(t->sim, id);
}

static void thread_info(void *target, unsigned index, char *buf, size_t len)
{
    struct gdb_elsim_target *t = target;
    const struct cpu *cpu = elsim_cpu(t->sim, index);
    const char *state = cpu->stop_reason == STOP_OFF  ? " (off)"
                        : cpu->stop_reason == STOP_WFI ? " (WFI)"
                                                       : "";
    snprintf(buf, len, "cpu%u EL%u%c%s", index, cpu->el, cpu->sp_sel ? 'h' : 't', state);
}

const struct gdb_target_ops gdb_elsim_ops = {
    .cpu_count = cpu_count,
    .read_reg = read_reg,
    .write_reg = write_reg,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .point_add = point_add,
    .point_remove = point_remove,
    .thread_info = thread_info,
    .monitor = gdb_elsim_monitor,
};

void gdb_elsim_target_init(struct gdb_elsim_target *t, struct elsim *sim)
{
    memset(t, 0, sizeof *t);
    t->sim = sim;
    for (unsigned i = 0; i < gdb_reg_count && i < GDB_ELSIM_MAX_REGS; i++) {
        t->sysreg_id[i] = -1;
        if (gdb_regs[i].cls != GDB_REG_SYSREG)
            continue;
        for (unsigned id = 0; id < SR_COUNT; id++)
            if (strcmp(sysreg_name(id), gdb_regs[i].name) == 0)
                t->sysreg_id[i] = (int)id;
    }
}

void gdb_elsim_target_reset(struct gdb_elsim_target *t)
{
    memset(&t->break_on, 0, sizeof t->break_on);
    elsim_set_break_on(t->sim, -1, &t->break_on);
}

/* `monitor` commands of the gdb stub (qRcmd): views of the machine that gdb has no command for,
 * and the engine's break-on conditions. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "exception.h"
#include "gdb_elsim.h"
#include "interrupt.h"
#include "sysreg.h"

static const char help_text[] =
    "elsim monitor commands:\n"
    "  el                          each CPU's exception level, SP selection and PC\n"
    "  break-on exception [EC...]  stop after taking a synchronous exception (of these ECs, e.g.\n"
    "                              0x16 for HVC; none given: any EC)\n"
    "  break-on interrupt          stop after taking an IRQ, FIQ or SError\n"
    "  break-on eret               stop after an exception return\n"
    "  break-on el-change          stop after any change of exception level\n"
    "  break-on none               clear the break-on conditions\n"
    "  break-on                    show them\n"
    "  translate VA                translate VA as a read by the selected CPU: stage 1 and stage 2\n"
    "  phys ADDR LEN               hex dump of physical memory (LEN up to 4096)\n"
    "  tlb                         TLB and table-walk statistics\n"
    "  gic                         interrupt inputs of each CPU (and GICv3 list registers)\n"
    "  stats                       instructions and exceptions so far\n";

enum { MAX_WORDS = 32 };

static unsigned split(char *line, char **words)
{
    unsigned n = 0;
    for (char *p = strtok(line, " \t\n"); p && n < MAX_WORDS; p = strtok(NULL, " \t\n"))
        words[n++] = p;
    return n;
}

static bool number(const char *text, uint64_t *value)
{
    char *end;
    if (!*text || *text == '-')
        return false;
    *value = strtoull(text, &end, 0);
    return *end == 0;
}

static void show_el(struct gdb_elsim_target *t, FILE *out)
{
    for (unsigned i = 0; i < elsim_cpu_count(t->sim); i++) {
        const struct cpu *cpu = elsim_cpu(t->sim, i);
        fprintf(out, "cpu%u: EL%u%c (SP_EL%u)  pc 0x%016" PRIx64 "%s\n", i, cpu->el, cpu->sp_sel ? 'h' : 't',
                cpu->sp_sel ? cpu->el : 0, cpu->pc,
                cpu->stop_reason == STOP_OFF ? "  powered off" : cpu->stop_reason == STOP_WFI ? "  in WFI" : "");
    }
}

static void show_break_on(const struct elsim_break_on *b, FILE *out)
{
    if (!b->exception_classes && !b->interrupts && !b->eret && !b->el_change) {
        fprintf(out, "break-on: none\n");
        return;
    }
    fprintf(out, "break-on:");
    if (b->exception_classes == UINT64_MAX)
        fprintf(out, " exception (any EC)");
    else if (b->exception_classes)
        for (unsigned ec = 0; ec < 64; ec++)
            if (b->exception_classes >> ec & 1)
                fprintf(out, " exception EC 0x%02x (%s)", ec, exception_class_name(ec));
    if (b->interrupts)
        fprintf(out, " interrupt");
    if (b->eret)
        fprintf(out, " eret");
    if (b->el_change)
        fprintf(out, " el-change");
    fprintf(out, "\n");
}

static void break_on(struct gdb_elsim_target *t, char **w, unsigned n, FILE *out)
{
    struct elsim_break_on *b = &t->break_on;
    if (n == 1) {
        show_break_on(b, out);
        return;
    }
    if (strcmp(w[1], "none") == 0 && n == 2) {
        memset(b, 0, sizeof *b);
    } else if (strcmp(w[1], "exception") == 0) {
        uint64_t classes = 0;
        for (unsigned i = 2; i < n; i++) {
            uint64_t ec;
            if (!number(w[i], &ec) || ec > 63) {
                fprintf(out, "error: '%s' is not an exception class (0 to 0x3f)\n", w[i]);
                return;
            }
            classes |= 1ull << ec;
        }
        b->exception_classes = n == 2 ? UINT64_MAX : b->exception_classes == UINT64_MAX ? classes
                                                                                          : b->exception_classes | classes;
    } else if (strcmp(w[1], "interrupt") == 0 && n == 2) {
        b->interrupts = true;
    } else if (strcmp(w[1], "eret") == 0 && n == 2) {
        b->eret = true;
    } else if (strcmp(w[1], "el-change") == 0 && n == 2) {
        b->el_change = true;
    } else {
        fprintf(out, "error: break-on exception [EC...] | interrupt | eret | el-change | none\n");
        return;
    }
    elsim_set_break_on(t->sim, -1, b);
    show_break_on(b, out);
}

static void translate(struct gdb_elsim_target *t, unsigned cpu, char **w, unsigned n, FILE *out)
{
    uint64_t va;
    if (n != 2 || !number(w[1], &va)) {
        fprintf(out, "error: translate VA\n");
        return;
    }
    const struct cpu *c = elsim_cpu(t->sim, cpu);
    fprintf(out, "cpu%u at EL%u: translating 0x%" PRIx64 " (data read)\n", cpu, c->el, va);
    fflush(out);
    elsim_translate(t->sim, cpu, va, out); /* a fault is part of what it prints */
}

static void phys(struct gdb_elsim_target *t, char **w, unsigned n, FILE *out)
{
    uint64_t addr, len;
    if (n != 3 || !number(w[1], &addr) || !number(w[2], &len) || len == 0 || len > 4096) {
        fprintf(out, "error: phys ADDR LEN (LEN 1 to 4096)\n");
        return;
    }
    for (uint64_t off = 0; off < len; off += 16) {
        uint8_t line[16];
        unsigned count = (unsigned)(len - off < 16 ? len - off : 16);
        if (!elsim_read_phys(t->sim, addr + off, line, count)) {
            fprintf(out, "0x%016" PRIx64 ": not memory\n", addr + off);
            return;
        }
        fprintf(out, "0x%016" PRIx64 ":", addr + off);
        for (unsigned i = 0; i < count; i++)
            fprintf(out, "%s%02x", i == 8 ? "  " : " ", line[i]);
        fprintf(out, "\n");
    }
}

static void tlb(struct gdb_elsim_target *t, FILE *out)
{
    for (unsigned i = 0; i < elsim_cpu_count(t->sim); i++) {
        const struct mmu_counters *m = &elsim_cpu(t->sim, i)->mmu;
        fprintf(out,
                "cpu%u: TLB %" PRIu64 " hits, %" PRIu64 " misses; walks: stage 1 %" PRIu64 " (%" PRIu64
                " descriptor reads), stage 2 %" PRIu64 " (%" PRIu64 " descriptor reads)\n",
                i, m->tlb_hits, m->tlb_misses, m->walks[0], m->walk_reads[0], m->walks[1], m->walk_reads[1]);
    }
}

/* One interrupt's state, on one line: what is set, then the configuration. */
static void gic_irq_line(FILE *out, const char *indent, unsigned intid, const struct elsim_gic_irq *q,
                         unsigned version)
{
    fprintf(out, "%sINTID %3u:%s%s%s%s group %u, priority 0x%02x, %s", indent, intid, q->enabled ? " enabled" : "",
            q->pending ? " pending" : "", q->active ? " active" : "", q->level ? " line-high" : "",
            q->group1, q->priority, q->edge ? "edge" : "level");
    if (intid >= 32 && version == 2)
        fprintf(out, ", targets 0x%02x", q->targets);
    else if (intid >= 32)
        fprintf(out, ", route 0x%" PRIx64, q->route);
    fprintf(out, "\n");
}

static bool gic_irq_interesting(const struct elsim_gic_irq *q)
{
    return q->enabled || q->pending || q->active || q->level;
}

/* The GIC through the embedding API (elsim_gic_cpu, elsim_gic_irq), for both versions: the
 * distributor, each CPU's inputs, CPU interface, virtual interface and valid list registers,
 * its banked SGIs and PPIs, then the SPIs: every interrupt that is enabled, pending, active or
 * has its line high. */
static void gic(struct gdb_elsim_target *t, FILE *out)
{
    static const char *const states[] = { "invalid", "pending", "active", "pending+active" };
    struct elsim_gic_cpu g;
    if (!elsim_gic_cpu(t->sim, 0, &g))
        return;
    unsigned version = g.version;
    fprintf(out, "GICv%u distributor: GICD_CTLR 0x%x (EnableGrp0 %u, EnableGrp1 %u)\n", version, g.dist_ctlr,
            g.dist_ctlr & 1, g.dist_ctlr >> 1 & 1);
    for (unsigned i = 0; i < elsim_cpu_count(t->sim) && elsim_gic_cpu(t->sim, i, &g); i++) {
        struct cpu *cpu = elsim_cpu(t->sim, i);
        uint32_t l = cpu->irq_lines;
        fprintf(out, "cpu%u: inputs IRQ %u FIQ %u SError %u vIRQ %u vFIQ %u; DAIF %c%c%c%c\n", i,
                !!(l & IRQ_LINE_IRQ), !!(l & IRQ_LINE_FIQ), !!(l & IRQ_LINE_SERROR), !!(l & IRQ_LINE_VIRQ),
                !!(l & IRQ_LINE_VFIQ), cpu->daif & DAIF_D ? 'D' : '-', cpu->daif & DAIF_A ? 'A' : '-',
                cpu->daif & DAIF_I ? 'I' : '-', cpu->daif & DAIF_F ? 'F' : '-');
        fprintf(out, "  CPU interface: group enables %u %u, PMR 0x%02x, running priority 0x%02x\n", g.ctlr & 1,
                g.ctlr >> 1 & 1, g.pmr, g.running_priority);
        fprintf(out, "  virtual interface: HCR 0x%x (En %u), VMCR 0x%x, MISR 0x%x\n", g.hcr, g.hcr & 1, g.vmcr,
                g.misr);
        for (unsigned n = 0; n < g.lr_count; n++) {
            const struct elsim_gic_lr *lr = &g.lr[n];
            if (!lr->state)
                continue;
            fprintf(out, "  LR%u: vINTID %u %s, group %u, priority 0x%02x", n, lr->vintid, states[lr->state & 3],
                    lr->group1, lr->priority);
            if (lr->hw)
                fprintf(out, ", hardware pINTID %u", lr->pintid);
            fprintf(out, "\n");
        }
        for (unsigned intid = 0; intid < 32; intid++) {
            struct elsim_gic_irq q;
            if (elsim_gic_irq(t->sim, i, intid, &q) && gic_irq_interesting(&q))
                gic_irq_line(out, "  ", intid, &q, version);
        }
    }
    for (unsigned intid = 32; intid < ELSIM_GIC_INTIDS; intid++) {
        struct elsim_gic_irq q;
        if (elsim_gic_irq(t->sim, 0, intid, &q) && gic_irq_interesting(&q))
            gic_irq_line(out, "SPI ", intid, &q, version);
    }
}

static void stats(struct gdb_elsim_target *t, FILE *out)
{
    for (unsigned i = 0; i < elsim_cpu_count(t->sim); i++) {
        const struct cpu *c = elsim_cpu(t->sim, i);
        fprintf(out, "cpu%u: %" PRIu64 " instructions (EL0 %" PRIu64 ", EL1 %" PRIu64 ", EL2 %" PRIu64 "), %" PRIu64
                     " exception returns\n",
                i, c->insns, c->insns_at_el[0], c->insns_at_el[1], c->insns_at_el[2], c->erets);
        for (unsigned el = 1; el < 3; el++) {
            for (unsigned ec = 0; ec < 64; ec++)
                if (c->sync_taken[el][ec])
                    fprintf(out, "  to EL%u  EC 0x%02x %-40s %" PRIu64 "\n", el, ec, exception_class_name(ec),
                            c->sync_taken[el][ec]);
            static const char *const kinds[] = { "", "IRQ", "FIQ", "SError" };
            for (unsigned k = 1; k < 4; k++)
                if (c->async_taken[el][k])
                    fprintf(out, "  to EL%u  %-48s %" PRIu64 "\n", el, kinds[k], c->async_taken[el][k]);
        }
    }
}

void gdb_elsim_monitor(void *target, unsigned cpu, const char *command, FILE *out)
{
    struct gdb_elsim_target *t = target;
    char line[1024];
    snprintf(line, sizeof line, "%s", command);
    char *w[MAX_WORDS];
    unsigned n = split(line, w);
    if (n == 0 || strcmp(w[0], "help") == 0)
        fputs(help_text, out);
    else if (strcmp(w[0], "el") == 0)
        show_el(t, out);
    else if (strcmp(w[0], "break-on") == 0)
        break_on(t, w, n, out);
    else if (strcmp(w[0], "translate") == 0)
        translate(t, cpu, w, n, out);
    else if (strcmp(w[0], "phys") == 0)
        phys(t, w, n, out);
    else if (strcmp(w[0], "tlb") == 0)
        tlb(t, out);
    else if (strcmp(w[0], "gic") == 0)
        gic(t, out);
    else if (strcmp(w[0], "stats") == 0)
        stats(t, out);
    else
        fprintf(out, "unknown monitor command '%s' (monitor help lists them)\n", w[0]);
}

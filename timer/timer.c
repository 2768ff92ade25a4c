/* The generic timer of a CPU: the counts, the three timers and the event streams (ARM ARM D11.2
 * "The AArch64 view of the Generic Timer"; CNTP_CTL_EL0 and friends in D13.8). */
#include "timer.h"

#include "platform.h"
#include "sysreg.h"

/* CNTP_CTL_EL0, CNTV_CTL_EL0, CNTHP_CTL_EL2. */
#define CTL_ENABLE 1ull
#define CTL_IMASK 2ull
#define CTL_ISTATUS 4ull
/* The event-stream fields of CNTKCTL_EL1 and CNTHCTL_EL2. */
#define EVNTEN (1ull << 2)
#define EVNTDIR (1ull << 3)
#define EVNTI(ctl) ((unsigned)((ctl) >> 4) & 15u)

/* The timers of a CPU: their registers, their PPI, and whether they compare the virtual count
 * (CNTPCT_EL0 - CNTVOFF_EL2) or the physical one. Bit i of cpu->timer.outputs is timers[i]. */
struct timer_desc {
    enum sysreg_id ctl, cval, tval;
    unsigned ppi;
    bool virtual_count;
};

static const struct timer_desc timers[] = {
    { SR_CNTP_CTL_EL0, SR_CNTP_CVAL_EL0, SR_CNTP_TVAL_EL0, TIMER_PPI_EL1_PHYS, false },
    { SR_CNTV_CTL_EL0, SR_CNTV_CVAL_EL0, SR_CNTV_TVAL_EL0, TIMER_PPI_EL1_VIRT, true },
    { SR_CNTHP_CTL_EL2, SR_CNTHP_CVAL_EL2, SR_CNTHP_TVAL_EL2, TIMER_PPI_EL2_PHYS, false },
};
enum { TIMER_COUNT = sizeof timers / sizeof timers[0] };

/* The event streams: EL1's (CNTKCTL_EL1) watches a bit of CNTVCT_EL0, EL2's (CNTHCTL_EL2) a bit
 * of CNTPCT_EL0 (ARM ARM D11.2.3 "Event streams"). */
static const struct stream_desc {
    enum sysreg_id ctl;
    bool virtual_count;
} streams[] = {
    { SR_CNTKCTL_EL1, true },
    { SR_CNTHCTL_EL2, false },
};

static uint64_t offset(const struct cpu *cpu, bool virtual_count)
{
    return virtual_count ? cpu->sr[SR_CNTVOFF_EL2] : 0;
}

/* What timer t shows when the physical count is pct: ISTATUS, the output level, and the
 * physical count at which its output next changes (UINT64_MAX: never). */
struct timer_eval {
    bool istatus, output;
    uint64_t next;
};

/* The timer condition is the unsigned 64-bit compare count >= CVAL (ARM ARM D11.2.4 "Timers":
 * met when CVAL - count <= 0 with both as unbounded unsigned integers), so it holds from the
 * count reaching CVAL until the count wraps to zero: only a virtual count wraps, when the
 * physical count reaches CNTVOFF_EL2. All arithmetic is modulo 2^64. */
static struct timer_eval timer_recalc(const struct cpu *cpu, const struct timer_desc *t,
                                      uint64_t pct)
{
    uint64_t ctl = cpu->sr[t->ctl], cval = cpu->sr[t->cval];
    uint64_t count = pct - offset(cpu, t->virtual_count);
    bool met = count >= cval;
    struct timer_eval e = { .istatus = (ctl & CTL_ENABLE) && met, .next = UINT64_MAX };
    e.output = e.istatus && !(ctl & CTL_IMASK);
    if ((ctl & (CTL_ENABLE | CTL_IMASK)) == CTL_ENABLE && !(met && cval == 0)) {
        uint64_t ticks = met ? -count : cval - count; /* met: count != 0 since cval != 0 */
        if (ticks <= UINT64_MAX - pct) /* else beyond the physical counter's range */
            e.next = pct + ticks;
    }
    return e;
}

/* Ticks (1 to 2^(EVNTI+1)) from counter value `count` until the stream's trigger bit EVNTI next
 * makes its transition: 0 to 1 (EVNTDIR = 0) at values = 2^EVNTI, 1 to 0 (EVNTDIR = 1) at values
 * = 0, modulo 2^(EVNTI+1). */
static uint64_t stream_ticks(uint64_t ctl, uint64_t count)
{
    unsigned n = EVNTI(ctl);
    uint64_t period = 2ull << n;
    uint64_t at = ctl & EVNTDIR ? 0 : 1ull << n;
    return ((at - count - 1) & (period - 1)) + 1;
}

void timer_update(struct cpu *cpu)
{
    uint64_t now = sysreg_physical_count(cpu), last = cpu->timer.count;
    for (unsigned s = 0; s < sizeof streams / sizeof streams[0]; s++) {
        uint64_t ctl = cpu->sr[streams[s].ctl];
        uint64_t from = last - offset(cpu, streams[s].virtual_count);
        if ((ctl & EVNTEN) && now - last >= stream_ticks(ctl, from))
            cpu->event_register = true;
    }
    cpu->timer.count = now;

    unsigned outputs = 0;
    for (unsigned i = 0; i < TIMER_COUNT; i++)
        outputs |= (unsigned)timer_recalc(cpu, &timers[i], now).output << i;
    unsigned changed = outputs ^ cpu->timer.outputs;
    cpu->timer.outputs = (uint8_t)outputs;
    for (unsigned i = 0; i < TIMER_COUNT; i++)
        if ((changed >> i & 1) && cpu->platform->set_ppi)
            cpu->platform->set_ppi(cpu->machine, cpu, timers[i].ppi, outputs >> i & 1);
}

/* A value at or below the current count means a change is due (cpu_reset() cleared an enabled
 * timer whose output is still high, or time advanced without timer_update()). */
uint64_t timer_next_event(const struct cpu *cpu)
{
    uint64_t last = cpu->timer.count, next = UINT64_MAX;
    for (unsigned i = 0; i < TIMER_COUNT; i++) {
        struct timer_eval e = timer_recalc(cpu, &timers[i], last);
        uint64_t at = e.output != (cpu->timer.outputs >> i & 1) ? last : e.next;
        next = at < next ? at : next;
    }
    for (unsigned s = 0; s < sizeof streams / sizeof streams[0]; s++) {
        uint64_t ctl = cpu->sr[streams[s].ctl];
        if (!(ctl & EVNTEN))
            continue;
        uint64_t ticks = stream_ticks(ctl, last - offset(cpu, streams[s].virtual_count));
        if (ticks <= UINT64_MAX - last && last + ticks < next)
            next = last + ticks;
    }
    return next;
}

static const struct timer_desc *timer_of(unsigned id)
{
    for (unsigned i = 0; i < TIMER_COUNT; i++)
        if (id == timers[i].ctl || id == timers[i].cval || id == timers[i].tval)
            return &timers[i];
    return NULL;
}

uint64_t timer_read(struct cpu *cpu, unsigned id)
{
    uint64_t pct = sysreg_physical_count(cpu);
    if (id == SR_CNTPCT_EL0)
        return pct;
    if (id == SR_CNTVCT_EL0)
        return pct - cpu->sr[SR_CNTVOFF_EL2];
    const struct timer_desc *t = timer_of(id);
    if (id == t->ctl)
        return cpu->sr[id] | (timer_recalc(cpu, t, pct).istatus ? CTL_ISTATUS : 0);
    if (id == t->tval) /* TimerValue: CVAL - count in bits 31:0, bits 63:32 RES0 */
        return (uint32_t)(cpu->sr[t->cval] - (pct - offset(cpu, t->virtual_count)));
    return cpu->sr[id];
}

bool timer_write(struct cpu *cpu, unsigned id, uint64_t value)
{
    unsigned before = cpu->timer.outputs;
    /* Event-stream transitions up to now happened under the old controls and CNTVOFF_EL2. */
    timer_update(cpu);
    const struct timer_desc *t = timer_of(id);
    if (t && id == t->tval) /* CVAL = count + SignExtend(TimerValue) */
        cpu->sr[t->cval] = cpu->timer.count - offset(cpu, t->virtual_count) +
                           (uint64_t)(int64_t)(int32_t)(uint32_t)value;
    else
        cpu->sr[id] = value;
    timer_update(cpu);
    return cpu->timer.outputs != before;
}

/* Running the machine in time (DESIGN.md section 4): the CPUs run round-robin in fixed quanta
 * on one host thread; a quantum never runs past the next timer event, so timers fire on time;
 * when every CPU waits, model time jumps to the next event.
 *
 * Model time is the cycles of the cost model (core/cost_model.h) at a 1 GHz model clock, one
 * cycle per ns, summed over the CPUs (a CPU that shares the machine with others runs at 1/N of
 * the nominal rate, as on one core), plus the time skipped while every CPU waited; with
 * --realtime it is the host's monotonic clock instead. The system counter (CNTPCT_EL0) runs at
 * CNTFRQ_EL0 = 62.5 MHz: one tick every 16 ns. */
#include <poll.h>
#include <time.h>

#include "block.h"
#include "elsim.h"
#include "interrupt.h"
#include "pl011.h"
#include "pl031.h"
#include "pmu.h"
#include "timer.h"
#include "virt.h"

enum { QUANTUM = 100000, SMP_QUANTUM = 10000 };
enum { NS_PER_COUNTER_TICK = 16 }; /* 1 GHz model clock, CNTFRQ_EL0 = 62.5 MHz */
#define NO_EVENT UINT64_MAX

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Instructions retired, plus exceptions taken on fetch: what budgets and model time count. */
static uint64_t total_insns(const struct elsim *m)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < m->cpu_count; i++)
        total += m->cpus[i]->insns + m->cpus[i]->fetch_faults;
    return total;
}

static uint64_t total_cycles(const struct elsim *m)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < m->cpu_count; i++)
        total += m->cpus[i]->cycles;
    return total;
}


void virt_start_clock(struct elsim *m)
{
    m->host_start_ns = host_ns();
}

uint64_t virt_model_ns(void *machine)
{
    const struct elsim *m = machine;
    if (m->realtime)
        return host_ns() - m->host_start_ns;
    return total_cycles(m) + m->idle_ns;
}

uint64_t virt_system_counter(void *machine, const struct cpu *cpu)
{
    (void)cpu;
    return virt_model_ns(machine) / NS_PER_COUNTER_TICK;
}

/* Model time of the next change of any powered CPU's timer outputs or event stream. */
static uint64_t next_event_ns(const struct elsim *m)
{
    uint64_t next = NO_EVENT;
    for (unsigned i = 0; i < m->cpu_count; i++) {
        if (m->power[i] != CPU_POWER_ON)
            continue;
        uint64_t counter = timer_next_event(m->cpus[i]);
        if (counter != NO_EVENT && counter < next / NS_PER_COUNTER_TICK)
            next = counter * NS_PER_COUNTER_TICK;
    }
    uint64_t rtc = m->rtc ? pl031_next_event_ns(m->rtc) : NO_EVENT;
    return rtc < next ? rtc : next;
}

/* Time moved: every CPU's timers look at the counter again (and drive their PPIs), and its
 * PMU at its counters (overflow interrupt); the RTC at its match register. */
static void update_timers(struct elsim *m)
{
    for (unsigned i = 0; i < m->cpu_count; i++) {
        timer_update(m->cpus[i]);
        pmu_update(m->cpus[i]);
    }
    if (m->rtc)
        pl031_update(m->rtc);
}

/* Feed console input to the UART, waiting up to timeout_ms for it. False at end of input. */
static bool poll_console(struct elsim *m, int timeout_ms)
{
    if (m->console_input_fd < 0)
        return false;
    if (timeout_ms > 0)
        pl011_flush(m->uart);   /* the prompt the guest waits behind (a shell's "# ") */
    struct pollfd p = { .fd = m->console_input_fd, .events = POLLIN };
    if (poll(&p, 1, timeout_ms) <= 0)
        return true;
    if (p.revents & (POLLHUP | POLLERR | POLLNVAL) && !(p.revents & POLLIN)) {
        m->console_input_fd = -1;
        return false;
    }
    if (pl011_poll_fd(m->uart, m->console_input_fd) < 0)
        m->console_input_fd = -1;
    return m->console_input_fd >= 0;
}

/* Would a wake-up event end the wait of CPU i? WFI wakes on an interrupt, WFE also on an event. */
static bool cpu_wakes(const struct elsim *m, unsigned i)
{
    const struct cpu *cpu = m->cpus[i];
    return interrupt_wakes_wfi(cpu) || (m->waiting[i] == STOP_WFE && cpu->event_register);
}

/* One instruction of CPU i (or the interrupt it takes): false when that ends the run. */
static bool elsim_step_result(struct elsim *m, unsigned i, enum elsim_result *result)
{
    struct cpu *cpu = m->cpus[i];
    m->waiting[i] = STOP_NONE;
    enum stop_reason r = cpu_step(cpu);
    update_timers(m);
    switch (r) {
    case STOP_EXIT:
        *result = ELSIM_EXIT;
        return false;
    case STOP_DEBUG:
        virt_record_debug_stop(m, i);
        *result = ELSIM_DEBUG_STOP;
        return false;
    case STOP_WFI:
    case STOP_WFE:
        m->waiting[i] = r;
        return true;
    case STOP_OFF:
        m->power[i] = CPU_POWER_OFF;
        return true;
    default:
        return true;
    }
}

/* One quantum of one CPU. Returns false when the run must end (result in *result). */
static bool run_cpu(struct elsim *m, unsigned i, uint64_t quantum, enum elsim_result *result)
{
    struct cpu *cpu = m->cpus[i];
    /* The global exclusive monitor, at quantum granularity: other CPUs may have written the
     * granule of a reservation since this CPU last ran, so it is cleared (a STXR then fails,
     * a permitted spurious failure; quanta are long enough for LDXR/STXR loops to succeed),
     * and clearing a global monitor is a WFE wake-up event (how a spin_unlock by store wakes
     * the CPUs waiting in WFE on the lock). */
    if (m->cpu_count > 1 && cpu->exclusive_valid) {
        cpu->exclusive_valid = false;
        cpu->event_register = true;
    }
    if (m->waiting[i] != STOP_NONE) {
        if (!cpu_wakes(m, i))
            return true;
        if (m->waiting[i] == STOP_WFE)
            cpu->event_register = false; /* the event that woke the WFE is consumed by it */
        m->waiting[i] = STOP_NONE;
    }
    switch (cpu_run(cpu, quantum)) {
    case STOP_EXIT:
        *result = ELSIM_EXIT;
        return false;
    case STOP_WFI:
    case STOP_WFE:
        m->waiting[i] = cpu->stop_reason;
        return true;
    case STOP_OFF:
        m->power[i] = CPU_POWER_OFF;
        return true;
    case STOP_DEBUG:
        virt_record_debug_stop(m, i);
        *result = ELSIM_DEBUG_STOP;
        return false;
    default:
        return true;
    }
}

/* A CPU that stopped on a breakpoint executes that instruction before running on (the probe
 * would stop it again): one step, which bypasses decoded blocks and their probes. */
static bool step_over_breakpoints(struct elsim *m, enum elsim_result *result)
{
    for (unsigned i = 0; i < m->cpu_count; i++) {
        if (!m->step_over[i])
            continue;
        m->step_over[i] = false;
        if (!elsim_step_result(m, i, result))
            return false;
    }
    return true;
}

enum elsim_result elsim_step(struct elsim *m, unsigned i)
{
    enum elsim_result result = ELSIM_STEPPED;
    if (i >= m->cpu_count || m->power[i] != CPU_POWER_ON)
        return ELSIM_STEPPED;
    virt_capture_boot_images(m);
    m->step_over[i] = false;
    elsim_step_result(m, i, &result);
    pl011_flush(m->uart);
    return result;
}

/* PSCI SYSTEM_RESET (board/reset.c): the boot images loaded again, devices and CPUs reset;
 * every CPU but the boot one off, the boot one at the image's entry. */
static void virt_reset(struct elsim *m)
{
    m->reset_requested = false;
    virt_reset_machine(m);
    for (unsigned i = 0; i < m->cpu_count; i++) {
        m->power[i] = i == 0 ? CPU_POWER_ON : CPU_POWER_OFF;
        m->waiting[i] = STOP_NONE;
    }
    update_timers(m); /* outputs that were high go low */
}

/* Every CPU waits. Advance to the next event (a jump of model time, or a sleep in real time)
 * or read console input; false when nothing can ever wake a CPU. */
static bool wait_for_event(struct elsim *m)
{
    bool any_on = false;
    for (unsigned i = 0; i < m->cpu_count; i++) {
        any_on |= m->power[i] == CPU_POWER_ON;
        if (m->power[i] == CPU_POWER_ON && cpu_wakes(m, i))
            return true;
    }
    if (!any_on) {
        snprintf(m->stop_message, sizeof m->stop_message, "every CPU is powered off");
        return false;
    }
    uint64_t now = virt_model_ns(m), next = next_event_ns(m);
    if (next != NO_EVENT && next > now) {
        if (m->realtime) {
            uint64_t wait_ms = (next - now) / 1000000;
            if (!poll_console(m, wait_ms > 100 ? 100 : (int)wait_ms))
                poll_console(m, 0);
        } else {
            m->idle_ns += next - now;
        }
        update_timers(m);
        return true;
    }
    if (poll_console(m, 100))
        return true;
    snprintf(m->stop_message, sizeof m->stop_message, "every CPU is waiting for an interrupt and nothing can raise one");
    return false;
}

enum elsim_result elsim_run(struct elsim *m, const struct elsim_limits *limits)
{
    uint64_t deadline_ns = limits && limits->timeout_s > 0 ? host_ns() + (uint64_t)(limits->timeout_s * 1e9) : 0;
    /* The budget counts the instructions of this call (a run may follow a debug stop). */
    uint64_t max = limits && limits->max_insns ? total_insns(m) + limits->max_insns : UINT64_MAX;
    uint64_t quantum = m->cpu_count > 1 ? SMP_QUANTUM : QUANTUM;
    enum elsim_result result = ELSIM_EXIT;
    virt_capture_boot_images(m);
    if (!step_over_breakpoints(m, &result)) {
        pl011_flush(m->uart);
        return result;
    }
    for (;;) {
        if (m->stop_requested) {
            m->stop_requested = 0;
            pl011_flush(m->uart);
            return ELSIM_STOPPED;
        }
        bool any_running = false;
        for (unsigned i = 0; i < m->cpu_count; i++) {
            if (m->power[i] != CPU_POWER_ON)
                continue;
            uint64_t done = total_insns(m);
            if (done >= max) {
                pl011_flush(m->uart);
                return ELSIM_INSN_LIMIT;
            }
            uint64_t q = max - done < quantum ? max - done : quantum;
            /* End the quantum exactly at the next timer event and at the next PMU overflow
             * with its interrupt enabled: while this CPU runs, model time advances by its own
             * cycles, so both are cycle limits of this CPU. */
            struct cpu *cpu = m->cpus[i];
            uint64_t cycles_left = UINT64_MAX;
            if (!m->realtime) {
                uint64_t now = virt_model_ns(m), next = next_event_ns(m);
                if (next != NO_EVENT)
                    cycles_left = next > now ? next - now : 1;
            }
            uint64_t overflow = pmu_cycles_to_overflow(cpu);
            if (overflow < cycles_left)
                cycles_left = overflow ? overflow : 1;
            cpu->cycle_limit = cycles_left == UINT64_MAX ? UINT64_MAX : cpu->cycles + cycles_left;
            bool running = run_cpu(m, i, q, &result);
            cpu->cycle_limit = UINT64_MAX;
            if (!running) {
                pl011_flush(m->uart);
                return result;
            }
            update_timers(m);
            if (m->reset_requested)
                virt_reset(m);
            any_running |= m->power[i] == CPU_POWER_ON && m->waiting[i] == STOP_NONE;
        }
        if (deadline_ns && host_ns() > deadline_ns) {
            pl011_flush(m->uart);
            return ELSIM_TIMEOUT;
        }
        if (any_running) {
            poll_console(m, 0);
        } else if (!wait_for_event(m)) {
            pl011_flush(m->uart);
            return ELSIM_DEADLOCK;
        }
    }
}

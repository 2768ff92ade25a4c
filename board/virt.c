/* The `virt` machine: memory map, devices, CPUs, and the loop that runs them round-robin in
 * fixed quanta on one host thread (DESIGN.md sections 2-4). */
#include "virt.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "block.h"
#include "elsim.h"
#include "interrupt.h"
#include "loader.h"
#include "memory.h"
#include "pl011.h"
#include "semihosting.h"

enum { QUANTUM = 100000, SMP_QUANTUM = 10000 };
#define MODEL_HZ 1000000000ull /* model time: one instruction per nanosecond until the cycle model */

static uint8_t *virt_memory_page(void *machine, uint64_t pa, bool *writable)
{
    struct elsim *m = machine;
    if (pa >= VIRT_RAM_BASE && pa - VIRT_RAM_BASE < m->ram_size) {
        *writable = true;
        return m->ram + (pa - VIRT_RAM_BASE);
    }
    if (pa < VIRT_FLASH_BASE + VIRT_FLASH_SIZE) {
        *writable = false;
        return m->flash + (pa - VIRT_FLASH_BASE);
    }
    return NULL;
}

static const struct virt_device *find_device(const struct elsim *m, uint64_t pa, unsigned size)
{
    for (unsigned i = 0; i < m->device_count; i++) {
        const struct virt_device *d = &m->devices[i];
        if (pa >= d->base && pa - d->base + size <= d->size)
            return d;
    }
    return NULL;
}

static bool virt_mmio_read(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t *value)
{
    const struct virt_device *d = find_device(machine, pa, size);
    return d && d->ops->read(d->opaque, cpu->index, pa - d->base, size, value);
}

static bool virt_mmio_write(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t value)
{
    const struct virt_device *d = find_device(machine, pa, size);
    return d && d->ops->write(d->opaque, cpu->index, pa - d->base, size, value);
}

static void virt_firmware_call(void *machine, struct cpu *cpu)
{
    psci_call(machine, cpu);
}

static bool semihost_read(void *ctx, uint64_t va, void *buf, size_t len) { return mem_debug_read(ctx, va, buf, len); }
static bool semihost_write(void *ctx, uint64_t va, const void *buf, size_t len) { return mem_debug_write(ctx, va, buf, len); }

static void virt_semihosting_call(void *machine, struct cpu *cpu)
{
    struct elsim *m = machine;
    struct semihost_mem mem = { .ctx = cpu, .read = semihost_read, .write = semihost_write };
    cpu->r[0] = semihost_call(m->semihost, &mem, (uint32_t)cpu->r[0], cpu->r[1]);
    int status;
    if (semihost_exited(m->semihost, &status))
        virt_request_exit(m, cpu, status);
}

static void virt_send_event(void *machine)
{
    struct elsim *m = machine;
    for (unsigned i = 0; i < m->cpu_count; i++)
        m->cpus[i]->event_register = true;
}

static void virt_for_each_cpu(void *machine, void (*fn)(struct cpu *cpu, void *arg), void *arg)
{
    struct elsim *m = machine;
    for (unsigned i = 0; i < m->cpu_count; i++)
        fn(m->cpus[i], arg);
}

static uint64_t model_ticks(void *ctx)
{
    struct elsim *m = ctx;
    uint64_t total = 0;
    for (unsigned i = 0; i < m->cpu_count; i++)
        total += m->cpus[i]->insns;
    return total;
}

/* Model time is 1 ns per retired instruction (until the cycle model); the generic counter runs
 * at CNTFRQ_EL0 = 62.5 MHz, one tick every 16 ns. */
static uint64_t virt_system_counter(void *machine, const struct cpu *cpu)
{
    (void)cpu;
    return model_ticks(machine) / (MODEL_HZ / 62500000ull);
}

static const struct platform virt_platform = {
    .memory_page = virt_memory_page,
    .mmio_read = virt_mmio_read,
    .mmio_write = virt_mmio_write,
    .firmware_call = virt_firmware_call,
    .semihosting_call = virt_semihosting_call,
    .send_event = virt_send_event,
    .for_each_cpu = virt_for_each_cpu,
    .system_counter = virt_system_counter,
};

void virt_request_exit(struct elsim *m, struct cpu *cpu, int status)
{
    m->exit_requested = true;
    m->exit_status = status;
    cpu->stop_reason = STOP_EXIT;
    cpu->pending |= PENDING_STOP;
}

void virt_attach_device(struct elsim *m, const char *name, uint64_t base, uint64_t size, const struct mmio_ops *ops,
                        void *opaque)
{
    if (m->device_count == VIRT_MAX_DEVICES)
        abort(); /* a board construction bug, not a guest action */
    m->devices[m->device_count++] = (struct virt_device){ name, base, size, ops, opaque };
}


static void *map_lazily(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

struct elsim *elsim_create(const struct elsim_options *options, char *err, size_t errlen)
{
    struct elsim *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->ram_size = options->ram_size ? options->ram_size : VIRT_DEFAULT_RAM;
    m->cpu_count = options->cpus ? options->cpus : 1;
    m->console = options->console ? options->console : stdout;
    m->console_input_fd = options->console_input_fd;
    if (m->cpu_count > VIRT_MAX_CPUS) {
        snprintf(err, errlen, "at most %d CPUs are supported", VIRT_MAX_CPUS);
        free(m);
        return NULL;
    }
    m->ram = map_lazily(m->ram_size);
    m->flash = map_lazily(VIRT_FLASH_SIZE);
    m->blocks = block_cache_create();
    struct semihost_config sh = {
        .console_out = m->console,
        .console_in = stdin,
        .root_dir = options->semihosting_root,
        .ticks = model_ticks,
        .ticks_ctx = m,
        .tick_frequency = MODEL_HZ,
    };
    if (!m->ram || !m->flash || !m->blocks) {
        snprintf(err, errlen, "cannot reserve %llu bytes of guest RAM", (unsigned long long)m->ram_size);
        elsim_destroy(m);
        return NULL;
    }
    m->semihost = semihost_create(&sh, err, errlen);
    if (!m->semihost) {
        elsim_destroy(m);
        return NULL;
    }
    m->uart = pl011_create(m->console, (struct irq_line){0});
    virt_attach_device(m, "pl011", VIRT_UART_BASE, PL011_MMIO_SIZE, &pl011_ops, m->uart);
    for (unsigned i = 0; i < m->cpu_count; i++) {
        m->cpus[i] = calloc(1, sizeof(struct cpu));
        if (!m->cpus[i] || !cpu_init(m->cpus[i], i, &virt_platform, m, m->blocks)) {
            snprintf(err, errlen, "out of memory");
            elsim_destroy(m);
            return NULL;
        }
        cpu_reset(m->cpus[i], VIRT_RAM_BASE);
        m->power[i] = i == 0 ? CPU_POWER_ON : CPU_POWER_OFF;
    }
    m->boot_entry = VIRT_RAM_BASE;
    return m;
}

void elsim_destroy(struct elsim *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < m->cpu_count; i++) {
        if (m->cpus[i])
            cpu_destroy(m->cpus[i]);
        free(m->cpus[i]);
    }
    if (m->uart)
        pl011_destroy(m->uart);
    if (m->semihost)
        semihost_destroy(m->semihost);
    block_cache_destroy(m->blocks);
    if (m->ram)
        munmap(m->ram, m->ram_size);
    if (m->flash)
        munmap(m->flash, VIRT_FLASH_SIZE);
    free(m);
}

/* Loadable memory for the loaders: a range entirely inside RAM or flash. */
static uint8_t *load_host_ptr(void *ctx, uint64_t pa, uint64_t len)
{
    struct elsim *m = ctx;
    if (pa >= VIRT_RAM_BASE && pa - VIRT_RAM_BASE <= m->ram_size && len <= m->ram_size - (pa - VIRT_RAM_BASE))
        return m->ram + (pa - VIRT_RAM_BASE);
    if (pa < VIRT_FLASH_SIZE && len <= VIRT_FLASH_SIZE - pa)
        return m->flash + pa;
    return NULL;
}

static void set_boot_entry(struct elsim *m, uint64_t entry, bool boot_protocol)
{
    m->boot_entry = entry;
    struct cpu *boot = m->cpus[0];
    cpu_reset(boot, entry);
    /* The arm64 boot protocol: x0 = DTB address, x1-x3 = 0. The device tree arrives with the
     * device-tree issue; until then x0 = 0 tells the guest there is none. */
    if (boot_protocol)
        boot->r[0] = 0;
    block_cache_invalidate_all(m->blocks);
}

bool elsim_load_image(struct elsim *m, const char *path, bool has_load_addr, uint64_t load_addr, char *err,
                      size_t errlen)
{
    struct load_target target = { .ctx = m, .host_ptr = load_host_ptr };
    struct loaded_image image;
    if (!loader_load_file(path, has_load_addr ? load_addr : VIRT_RAM_BASE, VIRT_RAM_BASE, &target, &image, err,
                          errlen))
        return false;
    set_boot_entry(m, image.entry, image.kind != IMAGE_ELF);
    return true;
}

bool elsim_load_bios(struct elsim *m, const char *path, char *err, size_t errlen)
{
    struct load_target target = { .ctx = m, .host_ptr = load_host_ptr };
    struct loaded_image image;
    if (!loader_load_file(path, VIRT_FLASH_BASE, VIRT_RAM_BASE, &target, &image, err, errlen))
        return false;
    set_boot_entry(m, image.kind == IMAGE_ELF ? image.entry : VIRT_FLASH_BASE, image.kind != IMAGE_ELF);
    return true;
}

static double host_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t total_insns(const struct elsim *m)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < m->cpu_count; i++)
        total += m->cpus[i]->insns;
    return total;
}

/* Feed console input to the UART, waiting up to timeout_ms for it. False at end of input. */
static bool poll_console(struct elsim *m, int timeout_ms)
{
    if (m->console_input_fd < 0)
        return false;
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
    case STOP_UNIMPLEMENTED:
        snprintf(m->stop_message, sizeof m->stop_message, "cpu%u: %s", i, cpu->stop_message);
        *result = ELSIM_UNIMPLEMENTED;
        return false;
    case STOP_WFI:
    case STOP_WFE:
        m->waiting[i] = cpu->stop_reason;
        return true;
    case STOP_OFF:
        m->power[i] = CPU_POWER_OFF;
        return true;
    default:
        return true;
    }
}

/* PSCI SYSTEM_RESET: every CPU but the boot one off, the boot one back at the image's entry.
 * RAM keeps its contents (the loaded image is still there, as after a warm reset). */
static void virt_reset(struct elsim *m)
{
    m->reset_requested = false;
    for (unsigned i = 0; i < m->cpu_count; i++) {
        cpu_reset(m->cpus[i], m->boot_entry);
        m->power[i] = i == 0 ? CPU_POWER_ON : CPU_POWER_OFF;
        m->waiting[i] = STOP_NONE;
    }
    block_cache_invalidate_all(m->blocks);
}

enum elsim_result elsim_run(struct elsim *m, const struct elsim_limits *limits)
{
    double deadline = limits && limits->timeout_s > 0 ? host_seconds() + limits->timeout_s : 0;
    uint64_t max = limits && limits->max_insns ? limits->max_insns : UINT64_MAX;
    uint64_t quantum = m->cpu_count > 1 ? SMP_QUANTUM : QUANTUM;
    enum elsim_result result = ELSIM_EXIT;
    for (;;) {
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
            if (!run_cpu(m, i, q, &result)) {
                pl011_flush(m->uart);
                return result;
            }
            if (m->reset_requested)
                virt_reset(m);
            any_running |= m->power[i] == CPU_POWER_ON && m->waiting[i] == STOP_NONE;
        }
        if (deadline && host_seconds() > deadline) {
            pl011_flush(m->uart);
            return ELSIM_TIMEOUT;
        }
        /* With every CPU waiting, only console input (later: timers) can wake one. */
        if (!any_running) {
            bool wakeable = false, any_on = false;
            for (unsigned i = 0; i < m->cpu_count; i++) {
                any_on |= m->power[i] == CPU_POWER_ON;
                wakeable |= m->power[i] == CPU_POWER_ON && cpu_wakes(m, i);
            }
            if (!wakeable && (!any_on || !poll_console(m, 100))) {
                snprintf(m->stop_message, sizeof m->stop_message,
                         any_on ? "every CPU is waiting for an interrupt and nothing can raise one"
                                : "every CPU is powered off");
                pl011_flush(m->uart);
                return ELSIM_DEADLOCK;
            }
        } else {
            poll_console(m, 0);
        }
    }
}

int elsim_exit_status(const struct elsim *m) { return m->exit_status; }
const char *elsim_stop_message(const struct elsim *m) { return m->stop_message; }
unsigned elsim_cpu_count(const struct elsim *m) { return m->cpu_count; }
struct cpu *elsim_cpu(struct elsim *m, unsigned index) { return index < m->cpu_count ? m->cpus[index] : NULL; }

void elsim_set_hooks(struct elsim *m, const struct cpu_hooks *hooks, void *ctx)
{
    for (unsigned i = 0; i < m->cpu_count; i++) {
        m->cpus[i]->hooks = hooks;
        m->cpus[i]->hooks_ctx = ctx;
    }
}

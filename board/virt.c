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
#include "cost_model.h"
#include "gic.h"
#include "elsim.h"
#include "interrupt.h"
#include "loader.h"
#include "memory.h"
#include "pl011.h"
#include "semihosting.h"


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

/* An MMIO access costs the device's cycles of the cost model (core/cost_model.h); an access to
 * no device (a bus error) costs the default. */
static const struct virt_device *mmio_device(void *machine, struct cpu *cpu, uint64_t pa, unsigned size)
{
    const struct virt_device *d = find_device(machine, pa, size);
    cost_charge(cpu, d ? cost_model_mmio_cycles(d->name) : cost_model_current.mmio_default);
    return d;
}

static void report_mmio(struct cpu *cpu, const struct virt_device *d, uint64_t pa, unsigned size, bool write,
                        uint64_t value, bool ok)
{
    struct elsim_event ev = { .kind = ELSIM_EV_MMIO,
                              .u.mmio = { d ? d->name : "unassigned", pa, size, write, ok ? value : 0, ok } };
    cpu_emit(cpu, &ev);
}

static bool virt_mmio_read(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t *value)
{
    const struct virt_device *d = mmio_device(machine, cpu, pa, size);
    bool ok = d && d->ops->read(d->opaque, cpu->index, pa - d->base, size, value);
    if (cpu_event_wanted(cpu, ELSIM_EV_MMIO))
        report_mmio(cpu, d, pa, size, false, *value, ok);
    return ok;
}

static bool virt_mmio_write(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t value)
{
    const struct virt_device *d = mmio_device(machine, cpu, pa, size);
    bool ok = d && d->ops->write(d->opaque, cpu->index, pa - d->base, size, value);
    if (cpu_event_wanted(cpu, ELSIM_EV_MMIO))
        report_mmio(cpu, d, pa, size, true, value, ok);
    return ok;
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

/* A timer PPI of a CPU, and the devices' SPIs, go to the interrupt controller. */
static void virt_set_ppi(void *machine, struct cpu *cpu, unsigned intid, bool level)
{
    struct elsim *m = machine;
    gic_set_irq(m->gic, cpu->index, intid, level);
}

static void virt_set_spi(void *machine, unsigned intid, bool level)
{
    struct elsim *m = machine;
    gic_set_irq(m->gic, 0, intid, level);
}

static int virt_gic_sysreg(void *machine, struct cpu *cpu, const struct insn *in, unsigned id, bool read,
                           uint64_t *value)
{
    struct elsim *m = machine;
    return gic_sysreg_access(m->gic, cpu, in, id, read, value);
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
    .set_ppi = virt_set_ppi,
};

/* The GIC's frames at the QEMU virt addresses (DESIGN.md section 2). */
static void attach_gic(struct elsim *m)
{
    if (m->gic_version == 2) {
        virt_attach_device(m, "gicv2-distributor", VIRT_GIC_DIST_BASE, VIRT_GIC_FRAME_SIZE, &gic_v2_distributor_ops, m->gic);
        virt_attach_device(m, "gicv2-cpu", VIRT_GIC_CPU_BASE, VIRT_GIC_FRAME_SIZE, &gic_v2_cpu_interface_ops, m->gic);
        virt_attach_device(m, "gicv2-hyp", VIRT_GIC_HYP_BASE, VIRT_GIC_FRAME_SIZE, &gic_v2_hyp_interface_ops, m->gic);
        virt_attach_device(m, "gicv2-vcpu", VIRT_GIC_VCPU_BASE, VIRT_GIC_FRAME_SIZE,
                           &gic_v2_virtual_cpu_interface_ops, m->gic);
    } else {
        virt_attach_device(m, "gicv3-distributor", VIRT_GIC_DIST_BASE, VIRT_GIC_FRAME_SIZE, &gic_v3_distributor_ops, m->gic);
        virt_attach_device(m, "gicv3-redistributors", VIRT_GIC_REDIST_BASE, VIRT_GIC_REDIST_SIZE * m->cpu_count,
                           &gic_v3_redistributor_ops, m->gic);
    }
}

/* MPIDR affinity as QEMU's virt gives it: clusters of 16 CPUs with a GICv3 (its SGI target
 * lists), of 8 with a GICv2. */
static uint32_t cpu_affinity(const struct elsim *m, unsigned i)
{
    unsigned cluster = m->gic_version == 3 ? 16 : 8;
    return (uint32_t)((i / cluster) << 8 | (i % cluster));
}

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
    m->gic_version = options->gic_version ? options->gic_version : 3;
    m->realtime = options->realtime;
    m->console = options->console ? options->console : stdout;
    m->console_input_fd = options->console_input_fd;
    unsigned max_cpus = m->gic_version == 2 ? VIRT_MAX_CPUS_GICV2 : VIRT_MAX_CPUS;
    if (m->gic_version < 2 || m->gic_version > 3 || m->cpu_count > max_cpus) {
        snprintf(err, errlen, "GICv%u supports at most %u CPUs", m->gic_version, max_cpus);
        free(m);
        return NULL;
    }
    m->platform = virt_platform;
    if (m->gic_version == 3)
        m->platform.gic_sysreg = virt_gic_sysreg;
    m->ram = map_lazily(m->ram_size);
    m->flash = map_lazily(VIRT_FLASH_SIZE);
    m->blocks = block_cache_create();
    struct semihost_config sh = {
        .console_out = m->console,
        .console_in = stdin,
        .root_dir = options->semihosting_root,
        .ticks = virt_model_ns,
        .ticks_ctx = m,
        .tick_frequency = 1000000000ull,
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
    m->uart = pl011_create(m->console, (struct irq_line){ virt_set_spi, m, VIRT_UART_INTID });
    virt_attach_device(m, "pl011", VIRT_UART_BASE, PL011_MMIO_SIZE, &pl011_ops, m->uart);
    for (unsigned i = 0; i < m->cpu_count; i++) {
        m->cpus[i] = calloc(1, sizeof(struct cpu));
        if (!m->cpus[i] || !cpu_init(m->cpus[i], i, &m->platform, m, m->blocks)) {
            snprintf(err, errlen, "out of memory");
            elsim_destroy(m);
            return NULL;
        }
        m->cpus[i]->affinity = cpu_affinity(m, i);
        m->power[i] = i == 0 ? CPU_POWER_ON : CPU_POWER_OFF;
    }
    struct gic_config gc = { .version = m->gic_version, .cpu_count = m->cpu_count, .cpus = m->cpus };
    m->gic = gic_create(&gc, err, errlen);
    if (!m->gic) {
        elsim_destroy(m);
        return NULL;
    }
    attach_gic(m);
    m->options = *options;
    m->images_end = VIRT_RAM_BASE;
    if (!virt_attach_io_devices(m, options, err, errlen)) {
        elsim_destroy(m);
        return NULL;
    }
    block_cache_set_debug(m->blocks, &m->debug);
    for (unsigned i = 0; i < m->cpu_count; i++)
        m->cpus[i]->debug = &m->debug;
    for (unsigned i = 0; i < m->cpu_count; i++)
        cpu_reset(m->cpus[i], VIRT_RAM_BASE);
    m->boot_entry = VIRT_RAM_BASE;
    virt_start_clock(m);
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
    virt_destroy_io_devices(m);
    free(m->dtb);
    virt_free_boot_images(m);
    if (m->gic)
        gic_destroy(m->gic);
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
    if (pa >= VIRT_RAM_BASE && pa - VIRT_RAM_BASE <= m->ram_size && len <= m->ram_size - (pa - VIRT_RAM_BASE)) {
        virt_note_load(m, pa, len);
        return m->ram + (pa - VIRT_RAM_BASE);
    }
    if (pa < VIRT_FLASH_SIZE && len <= VIRT_FLASH_SIZE - pa)
        return m->flash + pa;
    return NULL;
}

static void set_boot_entry(struct elsim *m, uint64_t entry, bool boot_protocol)
{
    m->boot_entry = entry;
    m->boot_protocol = boot_protocol;
    struct cpu *boot = m->cpus[0];
    cpu_reset(boot, entry);
    /* The arm64 boot protocol: x0 = DTB address, x1-x3 = 0 (virt_prepare_boot placed it). */
    if (boot_protocol)
        boot->r[0] = m->dtb_addr;
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
    if (image.low >= VIRT_RAM_BASE && image.high > m->images_end)
        m->images_end = image.high; /* boot files and the DTB go after it */
    if (image.kind != IMAGE_ELF && !virt_prepare_boot(m, err, errlen))
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
    if (image.kind != IMAGE_ELF && !virt_prepare_boot(m, err, errlen))
        return false;
    set_boot_entry(m, image.kind == IMAGE_ELF ? image.entry : VIRT_FLASH_BASE, image.kind != IMAGE_ELF);
    return true;
}

int elsim_exit_status(const struct elsim *m) { return m->exit_status; }
const char *elsim_stop_message(const struct elsim *m) { return m->stop_message; }
unsigned elsim_cpu_count(const struct elsim *m) { return m->cpu_count; }
struct cpu *elsim_cpu(struct elsim *m, unsigned index) { return index < m->cpu_count ? m->cpus[index] : NULL; }

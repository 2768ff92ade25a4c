/* The board's device tree (board/dtb.h), written with libfdt's sequential-write API in the node
 * layout of QEMU's `virt` machine (hw/arm/virt.c's create_fdt and friends, as the reference trees
 * in docs/devices.md show), minus the devices elsim does not model (PCIe, fw-cfg, PL061 and
 * gpio-keys, CFI flash, GICv3 ITS / GICv2m, the platform bus). Bindings: the Linux kernel's
 * Documentation/devicetree/bindings (arm/psci, arm/cpus, interrupt-controller/arm,gic*,
 * timer/arm,arch_timer, rtc/arm,pl031, serial/pl011, virtio/mmio, chosen). */
#include "dtb.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virt.h"
#include "virtio_mmio.h"
#include "pl031.h"

/* Phandles as QEMU numbers them: the clock first, then the CPUs (last CPU first), then the GIC. */
#define PHANDLE_CLOCK 0x8000u
#define PHANDLE_CPU(cpus, i) (0x8000u + (cpus) - (i))
#define PHANDLE_GIC(cpus) (0x8000u + (cpus) + 1)

/* Interrupt specifier cells (bindings/interrupt-controller/arm,gic.yaml). */
enum { GIC_FDT_SPI = 0, GIC_FDT_PPI = 1 };
enum { IRQ_EDGE_RISING = 1, IRQ_LEVEL_HIGH = 4 };
enum { PPI_MAINTENANCE = 9, PPI_PMU = 7, PPI_TIMER_SECURE = 13, PPI_TIMER_PHYS = 14, PPI_TIMER_VIRT = 11,
       PPI_TIMER_HYP = 10 };

#define UART_CLOCK_HZ 24000000u /* QEMU's apb-pclk "clk24mhz" */

/* Sequential writer that remembers the first libfdt error, so that the tree reads as a list. */
struct writer {
    void *fdt;
    int err;
};

static void begin(struct writer *w, const char *name)
{
    if (!w->err)
        w->err = fdt_begin_node(w->fdt, name);
}

static void end(struct writer *w)
{
    if (!w->err)
        w->err = fdt_end_node(w->fdt);
}

static void prop(struct writer *w, const char *name, const void *value, size_t len)
{
    if (!w->err)
        w->err = fdt_property(w->fdt, name, value, (int)len);
}

static void prop_str(struct writer *w, const char *name, const char *value) { prop(w, name, value, strlen(value) + 1); }

/* A string list: the strings of `list` are separated by '\0'; len counts the final '\0'. */
#define prop_strings(w, name, list) prop(w, name, list, sizeof list)

static void prop_empty(struct writer *w, const char *name) { prop(w, name, NULL, 0); }

static void prop_cells(struct writer *w, const char *name, const uint32_t *cells, size_t n)
{
    fdt32_t be[32];
    for (size_t i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    prop(w, name, be, n * sizeof be[0]);
}

static void prop_u32(struct writer *w, const char *name, uint32_t v) { prop_cells(w, name, &v, 1); }

/* reg = <base size ...> for n regions, with two address and two size cells (the root's). */
static void prop_reg64(struct writer *w, const uint64_t *pairs, size_t n)
{
    uint32_t cells[16];
    for (size_t i = 0; i < 2 * n; i++) {
        cells[2 * i] = (uint32_t)(pairs[i] >> 32);
        cells[2 * i + 1] = (uint32_t)pairs[i];
    }
    prop_cells(w, "reg", cells, 4 * n);
}

static void node_name(char *buf, size_t len, const char *base, uint64_t addr)
{
    snprintf(buf, len, "%s@%llx", base, (unsigned long long)addr);
}

static void write_cpus(struct writer *w, const struct dtb_config *c)
{
    begin(w, "cpus");
    prop_u32(w, "#address-cells", 1);
    prop_u32(w, "#size-cells", 0);
    /* QEMU names a CPU node by its index (decimal) and gives its MPIDR affinity as reg:
     * clusters of 16 CPUs with a GICv3, of 8 with a GICv2 (virt.c) */
    unsigned cluster = c->gic_version == 3 ? 16 : 8;
    for (unsigned i = 0; i < c->cpus; i++) {
        char name[32];
        snprintf(name, sizeof name, "cpu@%u", i);
        begin(w, name);
        prop_str(w, "device_type", "cpu");
        prop_str(w, "compatible", "arm,cortex-a57");
        if (c->cpus > 1) /* as QEMU: a lone CPU needs no way to start */
            prop_str(w, "enable-method", "psci");
        prop_u32(w, "reg", (i / cluster) << 8 | i % cluster);
        prop_u32(w, "phandle", PHANDLE_CPU(c->cpus, i));
        end(w);
    }
    /* The topology QEMU 7.2 describes: one socket, one cluster of every core. */
    begin(w, "cpu-map");
    begin(w, "socket0");
    begin(w, "cluster0");
    for (unsigned i = 0; i < c->cpus; i++) {
        char name[32];
        snprintf(name, sizeof name, "core%u", i);
        begin(w, name);
        prop_u32(w, "cpu", PHANDLE_CPU(c->cpus, i));
        end(w);
    }
    end(w);
    end(w);
    end(w);
    end(w);
}

/* The PPI flags of a GICv2 name the CPUs the interrupt goes to (bits 15:8); a GICv3's do not. */
static uint32_t ppi_flags(const struct dtb_config *c)
{
    uint32_t mask = c->gic_version == 2 ? ((1u << c->cpus) - 1) << 8 : 0;
    return mask | IRQ_LEVEL_HIGH;
}

static void write_gic(struct writer *w, const struct dtb_config *c)
{
    char name[32];
    node_name(name, sizeof name, "intc", VIRT_GIC_DIST_BASE);
    begin(w, name);
    prop_u32(w, "phandle", PHANDLE_GIC(c->cpus));
    prop_u32(w, "#interrupt-cells", 3);
    prop_empty(w, "interrupt-controller");
    prop_u32(w, "#address-cells", 2);
    prop_u32(w, "#size-cells", 2);
    prop_empty(w, "ranges");
    if (c->gic_version == 2) {
        prop_str(w, "compatible", "arm,cortex-a15-gic");
        const uint64_t reg[] = { VIRT_GIC_DIST_BASE, VIRT_GIC_FRAME_SIZE, VIRT_GIC_CPU_BASE, VIRT_GIC_FRAME_SIZE,
                                 VIRT_GIC_HYP_BASE,  VIRT_GIC_FRAME_SIZE, VIRT_GIC_VCPU_BASE, VIRT_GIC_FRAME_SIZE };
        prop_reg64(w, reg, 4);
    } else {
        prop_str(w, "compatible", "arm,gic-v3");
        prop_u32(w, "#redistributor-regions", 1);
        /* The redistributors elsim attaches, one 128 KiB frame per CPU (QEMU describes its whole
         * 123-CPU region; a guest stops at the frame whose GICR_TYPER.Last is set either way). */
        const uint64_t reg[] = { VIRT_GIC_DIST_BASE, VIRT_GIC_FRAME_SIZE, VIRT_GIC_REDIST_BASE,
                                 VIRT_GIC_REDIST_SIZE * c->cpus };
        prop_reg64(w, reg, 2);
    }
    /* QEMU gives the maintenance interrupt no CPU mask, even with a GICv2 */
    const uint32_t maintenance[] = { GIC_FDT_PPI, PPI_MAINTENANCE, IRQ_LEVEL_HIGH };
    prop_cells(w, "interrupts", maintenance, 3);
    end(w);
}

static void write_devices(struct writer *w, const struct dtb_config *c)
{
    char name[32];
    begin(w, "apb-pclk");
    prop_str(w, "compatible", "fixed-clock");
    prop_u32(w, "#clock-cells", 0);
    prop_u32(w, "clock-frequency", UART_CLOCK_HZ);
    prop_str(w, "clock-output-names", "clk24mhz");
    prop_u32(w, "phandle", PHANDLE_CLOCK);
    end(w);

    begin(w, "timer");
    prop_strings(w, "compatible", "arm,armv8-timer\0arm,armv7-timer");
    prop_empty(w, "always-on");
    /* secure physical, non-secure physical, virtual, hypervisor physical (arm,arch_timer.yaml) */
    const uint32_t timer[] = { GIC_FDT_PPI, PPI_TIMER_SECURE, ppi_flags(c), GIC_FDT_PPI, PPI_TIMER_PHYS, ppi_flags(c),
                               GIC_FDT_PPI, PPI_TIMER_VIRT,   ppi_flags(c), GIC_FDT_PPI, PPI_TIMER_HYP,  ppi_flags(c) };
    prop_cells(w, "interrupts", timer, 12);
    end(w);

    begin(w, "pmu");
    prop_str(w, "compatible", "arm,armv8-pmuv3");
    const uint32_t pmu[] = { GIC_FDT_PPI, PPI_PMU, ppi_flags(c) };
    prop_cells(w, "interrupts", pmu, 3);
    end(w);

    node_name(name, sizeof name, "pl011", VIRT_UART_BASE);
    begin(w, name);
    prop_strings(w, "compatible", "arm,pl011\0arm,primecell");
    const uint64_t uart_reg[] = { VIRT_UART_BASE, 0x1000 };
    prop_reg64(w, uart_reg, 1);
    const uint32_t uart_irq[] = { GIC_FDT_SPI, VIRT_UART_INTID - 32, IRQ_LEVEL_HIGH };
    prop_cells(w, "interrupts", uart_irq, 3);
    const uint32_t uart_clocks[] = { PHANDLE_CLOCK, PHANDLE_CLOCK };
    prop_cells(w, "clocks", uart_clocks, 2);
    prop_strings(w, "clock-names", "uartclk\0apb_pclk");
    end(w);

    node_name(name, sizeof name, "pl031", VIRT_RTC_BASE);
    begin(w, name);
    prop_strings(w, "compatible", "arm,pl031\0arm,primecell");
    const uint64_t rtc_reg[] = { VIRT_RTC_BASE, PL031_MMIO_SIZE };
    prop_reg64(w, rtc_reg, 1);
    const uint32_t rtc_irq[] = { GIC_FDT_SPI, VIRT_RTC_INTID - 32, IRQ_LEVEL_HIGH };
    prop_cells(w, "interrupts", rtc_irq, 3);
    prop_u32(w, "clocks", PHANDLE_CLOCK);
    prop_str(w, "clock-names", "apb_pclk");
    end(w);

    for (unsigned i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
        uint64_t base = VIRT_VIRTIO_BASE + (uint64_t)i * VIRTIO_MMIO_SLOT_SIZE;
        node_name(name, sizeof name, "virtio_mmio", base);
        begin(w, name);
        prop_str(w, "compatible", "virtio,mmio");
        const uint64_t reg[] = { base, VIRTIO_MMIO_SLOT_SIZE };
        prop_reg64(w, reg, 1);
        const uint32_t irq[] = { GIC_FDT_SPI, VIRT_VIRTIO_INTID - 32 + i, IRQ_EDGE_RISING };
        prop_cells(w, "interrupts", irq, 3);
        prop_empty(w, "dma-coherent");
        end(w);
    }
}

void *dtb_build(const struct dtb_config *c, size_t *size, char *err, size_t errlen)
{
    void *buf = malloc(DTB_MAX_SIZE);
    if (!buf) {
        snprintf(err, errlen, "out of memory for the device tree");
        return NULL;
    }
    struct writer w = { buf, fdt_create(buf, DTB_MAX_SIZE) };
    if (!w.err)
        w.err = fdt_finish_reservemap(buf);
    begin(&w, "");
    prop_str(&w, "compatible", "linux,dummy-virt");
    prop_str(&w, "model", "linux,dummy-virt");
    prop_u32(&w, "#address-cells", 2);
    prop_u32(&w, "#size-cells", 2);
    prop_u32(&w, "interrupt-parent", PHANDLE_GIC(c->cpus));

    begin(&w, "psci");
    prop_strings(&w, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
    prop_str(&w, "method", "smc");
    /* PSCI 0.1 function IDs, as QEMU gives them for old guests (SMC64 where it exists) */
    prop_u32(&w, "cpu_suspend", 0xC4000001);
    prop_u32(&w, "cpu_off", 0x84000002);
    prop_u32(&w, "cpu_on", 0xC4000003);
    prop_u32(&w, "migrate", 0xC4000005);
    end(&w);

    char name[32];
    node_name(name, sizeof name, "memory", c->ram_base);
    begin(&w, name);
    prop_str(&w, "device_type", "memory");
    const uint64_t mem[] = { c->ram_base, c->ram_size };
    prop_reg64(&w, mem, 1);
    end(&w);

    write_cpus(&w, c);
    write_gic(&w, c);
    write_devices(&w, c);
    begin(&w, "chosen");
    end(&w);
    end(&w);
    if (!w.err)
        w.err = fdt_finish(buf);
    if (w.err) {
        snprintf(err, errlen, "cannot build the device tree: %s", fdt_strerror(w.err));
        free(buf);
        return NULL;
    }
    void *out = dtb_patch(buf, fdt_totalsize(buf), "the generated device tree", c, size, err, errlen);
    free(buf);
    return out;
}

static int set_u64(void *fdt, int node, const char *name, uint64_t v) { return fdt_setprop_u64(fdt, node, name, v); }

/* The boot modules under /chosen, as Xen reads them (docs/misc/arm/device-tree/booting.txt): a
 * node per module with "multiboot,kernel" or "multiboot,ramdisk" before the generic
 * "multiboot,module", reg in /chosen's cells (2 + 2 here), and the module's bootargs. */
static int add_modules(void *fdt, int chosen, const struct dtb_config *c)
{
    static const char kernel[] = "multiboot,kernel\0multiboot,module";
    static const char ramdisk[] = "multiboot,ramdisk\0multiboot,module";
    static const char module[] = "multiboot,module";
    int e = fdt_setprop_u32(fdt, chosen, "#address-cells", 2);
    if (!e)
        e = fdt_setprop_u32(fdt, chosen, "#size-cells", 2);
    for (unsigned i = 0; i < c->module_count && !e; i++) {
        const struct dtb_module *m = &c->modules[i];
        char name[32];
        node_name(name, sizeof name, "module", m->addr);
        int node = fdt_add_subnode(fdt, chosen, name);
        if (node < 0)
            return node;
        if (i == 0)
            e = fdt_setprop(fdt, node, "compatible", kernel, sizeof kernel);
        else if (i == 1)
            e = fdt_setprop(fdt, node, "compatible", ramdisk, sizeof ramdisk);
        else
            e = fdt_setprop(fdt, node, "compatible", module, sizeof module);
        fdt64_t reg[2] = { cpu_to_fdt64(m->addr), cpu_to_fdt64(m->size) };
        if (!e)
            e = fdt_setprop(fdt, node, "reg", reg, sizeof reg);
        if (!e && m->bootargs)
            e = fdt_setprop_string(fdt, node, "bootargs", m->bootargs);
    }
    return e;
}

static int patch_chosen(void *fdt, const struct dtb_config *c)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen == -FDT_ERR_NOTFOUND)
        chosen = fdt_add_subnode(fdt, 0, "chosen");
    if (chosen < 0)
        return chosen;
    char uart[32];
    node_name(uart, sizeof uart, "/pl011", VIRT_UART_BASE);
    int e = 0;
    if (!fdt_getprop(fdt, chosen, "stdout-path", NULL))
        e = fdt_setprop_string(fdt, chosen, "stdout-path", uart);
    if (!e && c->bootargs)
        e = fdt_setprop_string(fdt, chosen, "bootargs", c->bootargs);
    if (!e && c->has_initrd)
        e = set_u64(fdt, chosen, "linux,initrd-start", c->initrd_start);
    if (!e && c->has_initrd)
        e = set_u64(fdt, chosen, "linux,initrd-end", c->initrd_end);
    if (!e && c->rng_seed)
        e = fdt_setprop(fdt, chosen, "rng-seed", c->rng_seed, 32);
    if (!e && c->kaslr_seed)
        e = fdt_setprop(fdt, chosen, "kaslr-seed", c->kaslr_seed, 8);
    if (!e && c->module_count)
        e = add_modules(fdt, chosen, c);
    return e;
}

void *dtb_patch(const void *blob, size_t len, const char *name, const struct dtb_config *c, size_t *size,
                char *err, size_t errlen)
{
    int e = len < sizeof(struct fdt_header) || len > DTB_MAX_SIZE ? -FDT_ERR_TRUNCATED : fdt_check_full(blob, len);
    if (e) {
        snprintf(err, errlen, "%s is not a usable device tree blob: %s", name, fdt_strerror(e));
        return NULL;
    }
    void *out = malloc(DTB_MAX_SIZE);
    if (!out) {
        snprintf(err, errlen, "out of memory for the device tree");
        return NULL;
    }
    e = fdt_open_into(blob, out, DTB_MAX_SIZE);
    if (!e)
        e = patch_chosen(out, c);
    if (!e)
        e = fdt_pack(out);
    if (e) {
        snprintf(err, errlen, "cannot set /chosen in %s: %s", name, fdt_strerror(e));
        free(out);
        return NULL;
    }
    *size = fdt_totalsize(out);
    return out;
}

/* The unit-test platform: RAM, one recording device page, and a CPU that runs instruction words
 * one at a time. */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "cpu.h"
#include "gic.h"
#include "memory.h"
#include "mmu.h"
#include "platform.h"
#include "sysreg.h"

struct fixture_mmio_log fixture_mmio;
uint64_t fixture_mmio_read_value;

static uint8_t *ram;
static struct cpu *current;
static struct block_cache *blocks;

static uint8_t *fixture_memory_page(void *machine, uint64_t pa, bool *writable)
{
    (void)machine;
    *writable = true;
    if (pa >= FIXTURE_RAM_BASE && pa - FIXTURE_RAM_BASE < FIXTURE_RAM_SIZE)
        return ram + (pa - FIXTURE_RAM_BASE);
    return NULL;
}

static bool fixture_mmio_access(int is_write, uint64_t pa, unsigned size, uint64_t value)
{
    if (pa < FIXTURE_MMIO_BASE || pa >= FIXTURE_MMIO_BASE + 0x1000)
        return false;
    fixture_mmio.count++;
    fixture_mmio.is_write = is_write;
    fixture_mmio.pa = pa;
    fixture_mmio.size = size;
    fixture_mmio.value = value;
    return true;
}

static bool fixture_mmio_read(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t *value)
{
    (void)machine;
    (void)cpu;
    *value = fixture_mmio_read_value;
    return fixture_mmio_access(0, pa, size, 0);
}

static bool fixture_mmio_write(void *machine, struct cpu *cpu, uint64_t pa, unsigned size, uint64_t value)
{
    (void)machine;
    (void)cpu;
    return fixture_mmio_access(1, pa, size, value);
}

/* Firmware and semihosting calls answer X0 = 0x600DCA11 so tests can see that they happened. */
static void fixture_call(void *machine, struct cpu *cpu)
{
    (void)machine;
    cpu->r[0] = 0x600DCA11;
}

/* The system counter of the fixture: the only CPU's retired instructions. */
static uint64_t fixture_system_counter(void *machine, const struct cpu *cpu)
{
    (void)machine;
    return cpu->insns;
}

/* PPI outputs go to the hook a test installed with fixture_on_ppi(). */
static fixture_ppi_fn *ppi_hook;

static void fixture_set_ppi(void *machine, struct cpu *cpu, unsigned intid, bool level)
{
    (void)machine;
    if (ppi_hook)
        ppi_hook(cpu, intid, level);
}

void fixture_on_ppi(fixture_ppi_fn *fn)
{
    ppi_hook = fn;
}

/* The GICv3 system registers go to the GIC a test installed with fixture_set_gic(); without
 * one, gic_sysreg is NULL (no GICv3: the registers are UNDEFINED). */
static struct gic *fixture_gic;

static int fixture_gic_sysreg(void *machine, struct cpu *cpu, const struct insn *in, unsigned id,
                              bool read, uint64_t *value)
{
    (void)machine;
    return gic_sysreg_access(fixture_gic, cpu, in, id, read, value);
}

static struct platform fixture_platform = {
    .memory_page = fixture_memory_page,
    .mmio_read = fixture_mmio_read,
    .mmio_write = fixture_mmio_write,
    .firmware_call = fixture_call,
    .semihosting_call = fixture_call,
    .system_counter = fixture_system_counter,
    .set_ppi = fixture_set_ppi,
};

static void destroy_cpu(void)
{
    if (current)
        cpu_destroy(current);
    free(current);
    current = NULL;
}

static void fixture_teardown(void)
{
    destroy_cpu();
    block_cache_destroy(blocks);
    free(ram);
}

struct cpu *fixture_cpu(unsigned el)
{
    static bool registered;
    if (!registered) {
        atexit(fixture_teardown);
        registered = true;
    }
    destroy_cpu();
    block_cache_destroy(blocks);
    free(ram);
    ram = calloc(1, FIXTURE_RAM_SIZE);
    blocks = block_cache_create();
    current = calloc(1, sizeof *current);
    if (!ram || !blocks || !current)
        abort();
    memset(&fixture_mmio, 0, sizeof fixture_mmio);
    fixture_mmio_read_value = 0;
    ppi_hook = NULL;
    fixture_set_gic(NULL);

    if (!cpu_init(current, 0, &fixture_platform, NULL, blocks))
        abort();
    cpu_reset(current, FIXTURE_CODE);
    current->sr[SR_HCR_EL2] = 1ull << 31; /* HCR_EL2.RW: EL1 is AArch64 */
    for (unsigned i = 0; i < 3; i++)
        cpu_set_sp_el(current, i, FIXTURE_STACK);
    cpu_set_el_sp(current, el, el != 0);
    return current;
}

void fixture_normal_memory(struct cpu *cpu)
{
    /* 4K granule, 32-bit IPA (T0SZ = 32), start at level 1 (SL0 = 1): four 1 GiB blocks. */
    enum { AF = 1 << 10, SH_INNER = 3 << 8, S2AP_RW = 3 << 6, NORMAL_WB = 0xf << 2, BLOCK = 1 };
    uint64_t device = 0x00000000ull | AF | S2AP_RW | BLOCK;
    uint64_t ram = 0x40000000ull | AF | SH_INNER | S2AP_RW | NORMAL_WB | BLOCK;
    memcpy(fixture_ram(FIXTURE_S2_TABLE), &device, 8);
    memcpy(fixture_ram(FIXTURE_S2_TABLE + 8), &ram, 8);
    cpu->sr[SR_VTCR_EL2] = 32 | 1 << 6;
    cpu->sr[SR_VTTBR_EL2] = FIXTURE_S2_TABLE;
    cpu->sr[SR_HCR_EL2] |= HCR_DC;
    mmu_translation_changed(cpu);
}

uint8_t *fixture_ram(uint64_t pa)
{
    if (pa < FIXTURE_RAM_BASE || pa - FIXTURE_RAM_BASE >= FIXTURE_RAM_SIZE)
        abort();
    return ram + (pa - FIXTURE_RAM_BASE);
}

unsigned fixture_run_max(struct cpu *cpu, const uint32_t *code, size_t n, unsigned max_steps)
{
    memcpy(fixture_ram(FIXTURE_CODE), code, 4 * n);
    block_cache_invalidate_all(blocks);
    cpu->pc = FIXTURE_CODE;
    unsigned steps = 0;
    while (steps < max_steps && cpu->pc >= FIXTURE_CODE && cpu->pc < FIXTURE_CODE + 4 * n) {
        cpu_step(cpu);
        steps++;
    }
    return steps;
}

unsigned fixture_run(struct cpu *cpu, const uint32_t *code, size_t n)
{
    return fixture_run_max(cpu, code, n, 10000);
}

void fixture_exec(struct cpu *cpu, uint32_t insn)
{
    memcpy(fixture_ram(cpu->pc), &insn, 4);
    block_cache_invalidate_all(blocks);
    cpu_step(cpu);
}

void fixture_set_gic(struct gic *gic)
{
    fixture_gic = gic;
    fixture_platform.gic_sysreg = gic ? fixture_gic_sysreg : NULL;
}

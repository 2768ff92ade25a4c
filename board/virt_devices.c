/* The board's I/O devices beyond the UART: the PL031 RTC at 0x09010000 (SPI 2) and the 32
 * virtio-mmio slots at 0x0A000000 (SPI 16..47) holding the --drive disks (the highest slots
 * first, as QEMU fills them) and one virtio-rng (docs/devices.md). */
#include "virt.h"

#include <time.h>

#include "block.h"
#include "gic.h"
#include "pl031.h"
#include "virtio_blk.h"
#include "virtio_mmio.h"
#include "virtio_rng.h"

static void set_spi(void *machine, unsigned intid, bool level)
{
    struct elsim *m = machine;
    gic_set_irq(m->gic, 0, intid, level);
}

/* A device wrote guest RAM: decoded code on those pages is stale. */
static void dma_written(void *machine, uint64_t pa, uint64_t len)
{
    struct elsim *m = machine;
    for (uint64_t page = pa & ~0xFFFull; page < pa + len; page += 0x1000)
        if (block_cache_page_has_code(m->blocks, page))
            block_cache_invalidate_page(m->blocks, page);
}

/* The RTC's epoch: fixed in deterministic mode, the host's date at start with --realtime. */
static uint64_t rtc_epoch(const struct elsim *m)
{
    if (!m->realtime)
        return PL031_DETERMINISTIC_EPOCH;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec;
}

bool virt_attach_io_devices(struct elsim *m, const struct elsim_options *options, char *err, size_t errlen)
{
    if (options->drive_count > VIRT_MAX_DRIVES) {
        snprintf(err, errlen, "at most %u drives", VIRT_MAX_DRIVES);
        return false;
    }
    m->rtc = pl031_create(virt_model_ns, m, rtc_epoch(m), (struct irq_line){ set_spi, m, VIRT_RTC_INTID });
    struct guest_ram ram = { m->ram, VIRT_RAM_BASE, m->ram_size, dma_written, m };
    m->virtio = virtio_mmio_create(&ram, set_spi, m, VIRT_VIRTIO_INTID);
    m->rng = virtio_rng_create(m->realtime);
    if (!m->rtc || !m->virtio || !m->rng) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    virt_attach_device(m, "pl031", VIRT_RTC_BASE, PL031_MMIO_SIZE, &pl031_ops, m->rtc);
    virt_attach_device(m, "virtio-mmio", VIRT_VIRTIO_BASE, VIRTIO_MMIO_SLOTS * VIRTIO_MMIO_SLOT_SIZE, &virtio_mmio_ops,
                       m->virtio);
    for (unsigned i = 0; i < options->drive_count; i++) {
        m->drives[i] = virtio_blk_open(options->drives[i].path, options->drives[i].read_only, err, errlen);
        if (!m->drives[i])
            return false;
        m->drive_count++;
        virtio_mmio_plug(m->virtio, virtio_blk_device(m->drives[i]));
    }
    virtio_mmio_plug(m->virtio, virtio_rng_device(m->rng));
    return true;
}

void virt_destroy_io_devices(struct elsim *m)
{
    for (unsigned i = 0; i < m->drive_count; i++)
        virtio_blk_close(m->drives[i]);
    virtio_mmio_destroy(m->virtio);
    virtio_rng_destroy(m->rng);
    pl031_destroy(m->rtc);
}

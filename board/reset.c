/* System reset of the virt machine (PSCI SYSTEM_RESET): the machine as at power-on with the
 * boot images loaded again, as QEMU's system reset does. The loaders note every RAM range they
 * write (virt_note_load); the first run or step copies those ranges (the images, initrd,
 * modules and device tree exactly as loaded); a reset writes them back, returns the GIC, the
 * UART, the RTC's registers and the virtio devices to their reset state and restarts the boot
 * CPU at the image's entry with the boot protocol's registers. The rest of RAM keeps its
 * contents, and time (the system counter, the RTC) goes on. */
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "gic.h"
#include "pl011.h"
#include "pl031.h"
#include "virt.h"
#include "virtio_mmio.h"

void virt_note_load(struct elsim *m, uint64_t pa, uint64_t len)
{
    if (m->blobs_captured || len == 0 || pa < VIRT_RAM_BASE)
        return;
    for (unsigned i = 0; i < m->blob_count; i++)
        if (m->blobs[i].pa == pa && m->blobs[i].len == len)
            return;
    if (m->blob_count % 16 == 0) {
        struct boot_blob *b = realloc(m->blobs, (m->blob_count + 16) * sizeof *b);
        if (!b)
            return;     /* out of memory: that range is not restored by a reset */
        m->blobs = b;
    }
    m->blobs[m->blob_count++] = (struct boot_blob){ .pa = pa, .len = len };
}

void virt_capture_boot_images(struct elsim *m)
{
    if (m->blobs_captured)
        return;
    m->blobs_captured = true;
    for (unsigned i = 0; i < m->blob_count; i++) {
        struct boot_blob *b = &m->blobs[i];
        b->data = malloc(b->len);
        if (b->data)
            memcpy(b->data, m->ram + (b->pa - VIRT_RAM_BASE), b->len);
    }
}

void virt_free_boot_images(struct elsim *m)
{
    for (unsigned i = 0; i < m->blob_count; i++)
        free(m->blobs[i].data);
    free(m->blobs);
    m->blobs = NULL;
    m->blob_count = 0;
}

void virt_reset_machine(struct elsim *m)
{
    for (unsigned i = 0; i < m->blob_count; i++)
        if (m->blobs[i].data)
            memcpy(m->ram + (m->blobs[i].pa - VIRT_RAM_BASE), m->blobs[i].data, m->blobs[i].len);
    for (unsigned i = 0; i < m->cpu_count; i++)
        cpu_reset(m->cpus[i], m->boot_entry);
    if (m->boot_protocol)
        m->cpus[0]->r[0] = m->dtb_addr;     /* the arm64 boot protocol: x0 = DTB, x1-x3 = 0 */
    gic_reset(m->gic);
    pl011_reset(m->uart);
    if (m->rtc)
        pl031_reset(m->rtc);
    if (m->virtio)
        virtio_mmio_reset(m->virtio);
    block_cache_invalidate_all(m->blocks);
}

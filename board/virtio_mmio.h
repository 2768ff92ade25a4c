/* virtio-mmio transport, version 2 (VIRTIO 1.1 section 4.2.2): the board's 32 slots at
 * 0x0A000000, 0x200 apart, slot n on SPI 16+n (INTID 48+n), as on QEMU's `virt`. A slot without
 * a device answers MagicValue, Version and VendorID, and DeviceID 0 ("no device"), like QEMU's.
 * Requests complete synchronously when the driver notifies a queue. A queue the driver breaks
 * (board/virtqueue.h) sets DEVICE_NEEDS_RESET and raises the configuration-change interrupt;
 * the device then ignores that queue until the driver resets it. */
#ifndef ELSIM_BOARD_VIRTIO_MMIO_H
#define ELSIM_BOARD_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "device.h"
#include "virtqueue.h"

#define VIRTIO_MMIO_SLOTS 32u
#define VIRTIO_MMIO_SLOT_SIZE 0x200u
#define VIRTIO_MMIO_MAGIC 0x74726976u  /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x554D4551u /* "QEMU", as QEMU's transports say */

/* Register offsets (4.2.2, table "MMIO Device Register Layout"). */
enum virtio_mmio_register {
    VIRTIO_MMIO_MAGIC_VALUE = 0x000,
    VIRTIO_MMIO_VERSION = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008,
    VIRTIO_MMIO_VENDOR_ID = 0x00C,
    VIRTIO_MMIO_DEVICE_FEATURES = 0x010,
    VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_DRIVER_FEATURES = 0x020,
    VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_QUEUE_SEL = 0x030,
    VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_QUEUE_NUM = 0x038,
    VIRTIO_MMIO_QUEUE_READY = 0x044,
    VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
    VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
    VIRTIO_MMIO_STATUS = 0x070,
    VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,
    VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090,
    VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094,
    VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0A0,
    VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0A4,
    VIRTIO_MMIO_CONFIG_GENERATION = 0x0FC,
    VIRTIO_MMIO_CONFIG = 0x100,
};

/* Device status bits (2.1) and interrupt status bits (4.2.2). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 0x40u
#define VIRTIO_STATUS_FAILED 0x80u
#define VIRTIO_INT_USED_BUFFER 1u
#define VIRTIO_INT_CONFIG_CHANGE 2u

/* Transport feature bits (6): offered by every device here. */
#define VIRTIO_F_RING_INDIRECT_DESC (1ull << 28)
#define VIRTIO_F_VERSION_1 (1ull << 32)

/* A device type behind a transport. */
struct virtio_device {
    uint32_t device_id;          /* 2 block, 4 entropy (5) */
    uint64_t features;           /* device-specific feature bits offered */
    unsigned queues;
    const uint8_t *config;       /* device configuration space (read-only to the driver) */
    unsigned config_size;
    /* Serves one request of queue `queue`; returns the bytes written into its writable buffers,
     * or -1 if the request is malformed beyond what the device can report (the transport then
     * sets DEVICE_NEEDS_RESET). */
    int64_t (*request)(void *ctx, unsigned queue, const struct virtq_req *req, const struct guest_ram *ram);
    void *ctx;
};

struct virtio_mmio;

/* The 32 empty slots; slot n drives SPI intid0 + n through set_irq. NULL if out of memory. */
struct virtio_mmio *virtio_mmio_create(const struct guest_ram *ram, void (*set_irq)(void *ctx, unsigned intid, bool level),
                                       void *irq_ctx, unsigned intid0);
void virtio_mmio_destroy(struct virtio_mmio *t);
/* A system reset: every slot as after the driver wrote 0 to Status. */
void virtio_mmio_reset(struct virtio_mmio *t);

/* Puts a device in a free slot, the highest first (as QEMU fills its transports); returns the
 * slot, or -1 if all are taken. The device must outlive the transport. */
int virtio_mmio_plug(struct virtio_mmio *t, const struct virtio_device *dev);

/* The bus interface for the 32 slots together (32 x 0x200 bytes); opaque is the transport. Any
 * offset and size is answered: registers want aligned 32-bit accesses (others read as zero and
 * are ignored), the configuration space takes 1, 2, 4 and 8-byte accesses inside it. */
extern const struct mmio_ops virtio_mmio_ops;

#endif

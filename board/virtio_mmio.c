/* virtio-mmio version 2 (board/virtio_mmio.h): VIRTIO 1.1 sections 4.2.2 (registers),
 * 4.2.3 (driver and device initialization), 2.1 (device status), 2.6 (split virtqueues). */
#include "virtio_mmio.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_QUEUES = 2 };

struct slot {
    const struct virtio_device *dev; /* NULL: empty slot */
    uint32_t status, int_status;
    uint32_t device_features_sel, driver_features_sel, queue_sel;
    uint64_t driver_features;
    struct virtq queues[MAX_QUEUES];
    bool irq_level;
};

struct virtio_mmio {
    struct guest_ram ram;
    void (*set_irq)(void *ctx, unsigned intid, bool level);
    void *irq_ctx;
    unsigned intid0;
    struct slot slots[VIRTIO_MMIO_SLOTS];
    struct virtq_req req; /* the request being served (big: not on the stack) */
};

static uint64_t offered(const struct slot *s) { return s->dev->features | VIRTIO_F_VERSION_1 | VIRTIO_F_RING_INDIRECT_DESC; }

static void update_irq(struct virtio_mmio *t, struct slot *s)
{
    bool level = s->int_status != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        t->set_irq(t->irq_ctx, t->intid0 + (unsigned)(s - t->slots), level);
    }
}

/* Writing 0 to Status resets the device (4.2.2.1): everything the driver set goes. */
static void reset_slot(struct virtio_mmio *t, struct slot *s)
{
    const struct virtio_device *dev = s->dev;
    bool level = s->irq_level;
    memset(s, 0, sizeof *s);
    s->dev = dev;
    s->irq_level = level;
    update_irq(t, s);
}

void virtio_mmio_reset(struct virtio_mmio *t)
{
    for (unsigned i = 0; i < VIRTIO_MMIO_SLOTS; i++)
        reset_slot(t, &t->slots[i]);
}

/* The driver broke a queue: DEVICE_NEEDS_RESET, and a configuration change notification once
 * the driver is running (2.1.2). */
static void needs_reset(struct virtio_mmio *t, struct slot *s)
{
    s->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
    if (s->status & VIRTIO_STATUS_DRIVER_OK)
        s->int_status |= VIRTIO_INT_CONFIG_CHANGE;
    update_irq(t, s);
}

static bool usable(const struct slot *s) { return !(s->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET); }

/* QueueNotify: serve every available request of the queue, then interrupt unless suppressed. */
static void notify(struct virtio_mmio *t, struct slot *s, uint32_t index)
{
    if (index >= s->dev->queues || !(s->status & VIRTIO_STATUS_DRIVER_OK) || !usable(s))
        return;
    struct virtq *q = &s->queues[index];
    if (!q->ready)
        return;
    bool used = false;
    for (;;) {
        enum virtq_pop_result r = virtq_pop(q, &t->ram, &t->req);
        if (r == VIRTQ_EMPTY)
            break;
        int64_t written = r == VIRTQ_REQUEST ? s->dev->request(s->dev->ctx, index, &t->req, &t->ram) : -1;
        if (written < 0 || written > UINT32_MAX || !virtq_push(q, &t->ram, t->req.head, (uint32_t)written)) {
            needs_reset(t, s);
            return;
        }
        used = true;
    }
    if (used && virtq_wants_interrupt(q, &t->ram)) {
        s->int_status |= VIRTIO_INT_USED_BUFFER;
        update_irq(t, s);
    }
}

/* FEATURES_OK stays set only if the driver took a subset of the offer including VERSION_1
 * (2.2.1, 6.1): a legacy driver cannot use a version 2 transport. */
static void write_status(struct virtio_mmio *t, struct slot *s, uint32_t value)
{
    if (value == 0) {
        reset_slot(t, s);
        return;
    }
    value &= 0xFF & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET;
    if ((value & VIRTIO_STATUS_FEATURES_OK) && !(s->status & VIRTIO_STATUS_FEATURES_OK) &&
        ((s->driver_features & ~offered(s)) || !(s->driver_features & VIRTIO_F_VERSION_1)))
        value &= ~VIRTIO_STATUS_FEATURES_OK;
    s->status = value | (s->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

/* QueueReady = 1 with a size the device cannot use (not a power of 2 up to QueueNumMax) breaks
 * the queue rather than letting a zero size reach the ring arithmetic. */
static void write_ready(struct virtio_mmio *t, struct slot *s, struct virtq *q, uint32_t value)
{
    if (!(value & 1)) {
        q->ready = false;
        return;
    }
    if (q->num == 0 || q->num > VIRTQ_MAX_SIZE || (q->num & (q->num - 1))) {
        needs_reset(t, s);
        return;
    }
    q->ready = true;
}

static void set_half(uint64_t *v, bool high, uint32_t value)
{
    *v = high ? (*v & 0xFFFFFFFFu) | (uint64_t)value << 32 : (*v & ~0xFFFFFFFFull) | value;
}

static uint32_t read_register(const struct slot *s, uint64_t offset)
{
    if (!s->dev) {
        switch (offset) {
        case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
        case VIRTIO_MMIO_VERSION: return 2;
        case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
        default: return 0;
        }
    }
    const struct virtq *q = s->queue_sel < s->dev->queues ? &s->queues[s->queue_sel] : NULL;
    switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION: return 2;
    case VIRTIO_MMIO_DEVICE_ID: return s->dev->device_id;
    case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return s->device_features_sel < 2 ? (uint32_t)(offered(s) >> (32 * s->device_features_sel)) : 0;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: return q ? VIRTQ_MAX_SIZE : 0;
    case VIRTIO_MMIO_QUEUE_READY: return q && q->ready;
    case VIRTIO_MMIO_INTERRUPT_STATUS: return s->int_status;
    case VIRTIO_MMIO_STATUS: return s->status;
    case VIRTIO_MMIO_CONFIG_GENERATION: return 0;
    default: return 0; /* write-only and reserved registers */
    }
}

static void write_register(struct virtio_mmio *t, struct slot *s, uint64_t offset, uint32_t value)
{
    if (!s->dev)
        return;
    struct virtq *q = s->queue_sel < s->dev->queues ? &s->queues[s->queue_sel] : NULL;
    /* The driver sets a queue up while it is not ready (4.2.3.2). */
    struct virtq *setup = q && !q->ready ? q : NULL;
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: s->device_features_sel = value; break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (s->driver_features_sel < 2 && !(s->status & VIRTIO_STATUS_FEATURES_OK))
            set_half(&s->driver_features, s->driver_features_sel == 1, value);
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: s->driver_features_sel = value; break;
    case VIRTIO_MMIO_QUEUE_SEL: s->queue_sel = value; break;
    case VIRTIO_MMIO_QUEUE_NUM:
        if (setup)
            setup->num = value > VIRTQ_MAX_SIZE ? 0 : (uint16_t)value;
        break;
    case VIRTIO_MMIO_QUEUE_READY:
        if (q)
            write_ready(t, s, q, value);
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY: notify(t, s, value); break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        s->int_status &= ~value;
        update_irq(t, s);
        break;
    case VIRTIO_MMIO_STATUS: write_status(t, s, value); break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW: case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        if (setup)
            set_half(&setup->desc, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH, value);
        break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
        if (setup)
            set_half(&setup->avail, offset == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, value);
        break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        if (setup)
            set_half(&setup->used, offset == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, value);
        break;
    default: break; /* read-only and reserved registers */
    }
}

static bool virtio_mmio_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    (void)cpu;
    struct virtio_mmio *t = opaque;
    const struct slot *s = &t->slots[offset / VIRTIO_MMIO_SLOT_SIZE % VIRTIO_MMIO_SLOTS];
    uint64_t reg = offset % VIRTIO_MMIO_SLOT_SIZE;
    *value = 0;
    if (reg >= VIRTIO_MMIO_CONFIG) {
        uint64_t at = reg - VIRTIO_MMIO_CONFIG;
        if (s->dev && at < s->dev->config_size && size <= s->dev->config_size - at)
            for (unsigned i = 0; i < size; i++)
                *value |= (uint64_t)s->dev->config[at + i] << (8 * i);
    } else if (size == 4 && !(reg & 3)) {
        *value = read_register(s, reg);
    }
    return true;
}

static bool virtio_mmio_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    (void)cpu;
    struct virtio_mmio *t = opaque;
    struct slot *s = &t->slots[offset / VIRTIO_MMIO_SLOT_SIZE % VIRTIO_MMIO_SLOTS];
    uint64_t reg = offset % VIRTIO_MMIO_SLOT_SIZE;
    if (reg < VIRTIO_MMIO_CONFIG && size == 4 && !(reg & 3))
        write_register(t, s, reg, (uint32_t)value);
    return true; /* the configuration spaces here are read-only */
}

const struct mmio_ops virtio_mmio_ops = { "virtio-mmio", virtio_mmio_read, virtio_mmio_write };

struct virtio_mmio *virtio_mmio_create(const struct guest_ram *ram, void (*set_irq)(void *ctx, unsigned intid, bool level),
                                       void *irq_ctx, unsigned intid0)
{
    struct virtio_mmio *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ram = *ram;
    t->set_irq = set_irq;
    t->irq_ctx = irq_ctx;
    t->intid0 = intid0;
    return t;
}

void virtio_mmio_destroy(struct virtio_mmio *t) { free(t); }

int virtio_mmio_plug(struct virtio_mmio *t, const struct virtio_device *dev)
{
    if (dev->queues > MAX_QUEUES)
        return -1;
    for (int i = VIRTIO_MMIO_SLOTS - 1; i >= 0; i--) {
        if (!t->slots[i].dev) {
            t->slots[i].dev = dev;
            return i;
        }
    }
    return -1;
}

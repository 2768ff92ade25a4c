/* A memory-mapped device as the board's physical bus sees it. Every device has the same read/write
 * signature and is attached to the bus with one call (board/bus.h). */
#ifndef ELSIM_BOARD_DEVICE_H
#define ELSIM_BOARD_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

struct mmio_ops {
    const char *name;
    /* offset is relative to the device's base; size is 1, 2, 4 or 8 bytes; cpu is the index of
     * the CPU making the access (banked registers, e.g. a GICv2 CPU interface). Returning false
     * makes the access a bus error, which the CPU takes as a synchronous external abort. */
    bool (*read)(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value);
    bool (*write)(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value);
};

/* An interrupt output line of a device (e.g. the PL011's SPI). The board connects it to the GIC;
 * until then it may be left unconnected (fn == NULL). */
struct irq_line {
    void (*fn)(void *ctx, unsigned intid, bool level);
    void *ctx;
    unsigned intid;
};

static inline void irq_line_set(const struct irq_line *line, bool level)
{
    if (line->fn)
        line->fn(line->ctx, line->intid, level);
}

#endif

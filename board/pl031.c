/* PL031 RTC (board/pl031.h), after the PL031 TRM (Arm DDI 0224B) chapter 3. */
#include "pl031.h"

#include <stdlib.h>

struct pl031 {
    uint64_t (*now_ns)(void *ctx);
    void *ctx;
    uint64_t epoch_s;
    /* The count is offset + seconds of the time source: a write to RTCLR changes the offset. */
    uint32_t offset;
    uint32_t match;
    uint32_t last_count;  /* the count when the match was last evaluated */
    bool mask, raw, level;
    struct irq_line irq;
};

/* PrimeCell identification (TRM 3.3.9, 3.3.10): part 0x031, designer 0x41, revision 1 (the
 * values QEMU's model gives), and the PrimeCell ID 0xB105F00D, a byte per register. */
static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };

static uint32_t seconds(const struct pl031 *rtc)
{
    return (uint32_t)(rtc->epoch_s + rtc->now_ns(rtc->ctx) / 1000000000u);
}

static uint32_t count(const struct pl031 *rtc) { return rtc->offset + seconds(rtc); }

/* RTCINTR = RTCMIS, driven when it changes. */
static void drive_irq(struct pl031 *rtc)
{
    bool level = rtc->raw && rtc->mask;
    if (level != rtc->level) {
        rtc->level = level;
        irq_line_set(&rtc->irq, level);
    }
}

struct pl031 *pl031_create(uint64_t (*now_ns)(void *ctx), void *ctx, uint64_t epoch_s, struct irq_line irq)
{
    struct pl031 *rtc = calloc(1, sizeof *rtc);
    if (!rtc)
        return NULL;
    *rtc = (struct pl031){ .now_ns = now_ns, .ctx = ctx, .epoch_s = epoch_s, .irq = irq };
    rtc->last_count = count(rtc);
    return rtc;
}

void pl031_destroy(struct pl031 *rtc) { free(rtc); }

uint64_t pl031_next_event_ns(const struct pl031 *rtc)
{
    if (!rtc->mask || rtc->raw)
        return UINT64_MAX;          /* nothing the line would do */
    uint32_t to_match = rtc->match - count(rtc);
    if (to_match == 0)
        return UINT64_MAX;          /* matched now: pl031_update raises it */
    /* The count steps at each whole second of the time source. */
    return (rtc->now_ns(rtc->ctx) / 1000000000u + to_match) * 1000000000u;
}

void pl031_reset(struct pl031 *rtc)
{
    rtc->match = 0;
    rtc->mask = rtc->raw = false;
    rtc->last_count = count(rtc);
    drive_irq(rtc);
}

/* The interrupt is raised when the counter reaches the match value (TRM 2.2.2): a match passed
 * since the last evaluation counts, however late this runs. */
void pl031_update(struct pl031 *rtc)
{
    uint32_t now = count(rtc), to_match = rtc->match - rtc->last_count;
    if (to_match != 0 && to_match <= now - rtc->last_count)
        rtc->raw = true;
    rtc->last_count = now;
    drive_irq(rtc);
}

/* The device for a register access, brought up to date; NULL for an access other than an aligned
 * word, which reads as 0 and writes nothing. */
static struct pl031 *word_access(void *opaque, uint64_t offset, unsigned size)
{
    if (size != 4 || (offset & 3))
        return NULL;
    struct pl031 *rtc = opaque;
    pl031_update(rtc);
    return rtc;
}

static bool pl031_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    (void)cpu;
    *value = 0;
    struct pl031 *rtc = word_access(opaque, offset, size);
    if (!rtc)
        return true;
    switch (offset) {
    case PL031_DR: *value = count(rtc); break;
    case PL031_MR: *value = rtc->match; break;
    case PL031_LR: *value = count(rtc); break;
    case PL031_CR: *value = 1; break;
    case PL031_IMSC: *value = rtc->mask; break;
    case PL031_RIS: *value = rtc->raw; break;
    case PL031_MIS: *value = rtc->raw && rtc->mask; break;
    default:
        if (offset >= PL031_PERIPH_ID0)
            *value = pl031_id[(offset - PL031_PERIPH_ID0) / 4];
        break;
    }
    return true;
}

static bool pl031_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    (void)cpu;
    struct pl031 *rtc = word_access(opaque, offset, size);
    if (!rtc)
        return true;
    switch (offset) {
    case PL031_MR:
        rtc->match = (uint32_t)value;
        rtc->raw |= rtc->match == count(rtc); /* a match with the current count fires at once */
        break;
    case PL031_LR:
        rtc->offset = (uint32_t)value - seconds(rtc);
        rtc->last_count = (uint32_t)value;
        break;
    case PL031_IMSC: rtc->mask = value & 1; break;
    case PL031_ICR:
        if (value & 1)
            rtc->raw = false;
        break;
    default: break; /* RTCCR: the counter always runs; read-only registers */
    }
    pl031_update(rtc);
    return true;
}

const struct mmio_ops pl031_ops = { "pl031", pl031_read, pl031_write };

/* Arm PrimeCell Real Time Clock (PL031), Technical Reference Manual Arm DDI 0224. A 32-bit
 * seconds counter with a match register and one interrupt. The count follows a time source
 * given by the board: in elsim's deterministic mode, model time from a fixed epoch, so every
 * run reads the same dates; with --realtime, the host's clock (docs/devices.md). */
#ifndef ELSIM_BOARD_PL031_H
#define ELSIM_BOARD_PL031_H

#include <stdint.h>

#include "device.h"

/* Register offsets (TRM section 3.2, "Summary of RTC registers"). */
enum pl031_register {
    PL031_DR = 0x000,   /* data: the current count */
    PL031_MR = 0x004,   /* match */
    PL031_LR = 0x008,   /* load: sets the count */
    PL031_CR = 0x00C,   /* control: bit 0 starts the counter (always started here, as on QEMU) */
    PL031_IMSC = 0x010, /* interrupt mask set/clear */
    PL031_RIS = 0x014,  /* raw interrupt status */
    PL031_MIS = 0x018,  /* masked interrupt status */
    PL031_ICR = 0x01C,  /* interrupt clear */
    PL031_PERIPH_ID0 = 0xFE0,
    PL031_PCELL_ID0 = 0xFF0,
};

#define PL031_MMIO_SIZE 0x1000

/* The deterministic mode's epoch: 2024-01-01T00:00:00Z, in seconds since 1970. */
#define PL031_DETERMINISTIC_EPOCH 1704067200u

struct pl031;

/* A clock whose count at time now_ns(ctx) = 0 is epoch_s (seconds since 1970); irq is RTCINTR.
 * NULL if out of memory. */
struct pl031 *pl031_create(uint64_t (*now_ns)(void *ctx), void *ctx, uint64_t epoch_s, struct irq_line irq);
void pl031_destroy(struct pl031 *rtc);
/* A system reset: RTCMR, RTCIMSC and the raw interrupt cleared; the count (the time) goes on. */
void pl031_reset(struct pl031 *rtc);

/* Re-evaluates the match interrupt at the current time (the board calls it as time passes; a
 * register access does it too). */
void pl031_update(struct pl031 *rtc);
/* The time source's ns at which the count reaches the match value with the interrupt unmasked
 * and not yet raised (the scheduler's next event), or UINT64_MAX. */
uint64_t pl031_next_event_ns(const struct pl031 *rtc);

/* The bus interface; opaque is the struct pl031 *. 32-bit accesses; other sizes and unmapped
 * offsets read as zero and ignore writes, never a bus error (as QEMU's model). */
extern const struct mmio_ops pl031_ops;

#endif

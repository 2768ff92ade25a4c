/* Unit tests of the PL031 RTC model (board/pl031.c) against the PL031 TRM (Arm DDI 0224B),
 * with a hand-driven time source. */
#include <stdbool.h>

#include "harness.h"
#include "pl031.h"

#define RTC_INTID 34
#define NS 1000000000ull

struct clock {
    uint64_t ns;
    unsigned irq_calls;
    bool level;
};

static uint64_t now(void *ctx) { return ((struct clock *)ctx)->ns; }

static void record_irq(void *ctx, unsigned intid, bool level)
{
    struct clock *c = ctx;
    CHECK_EQ_U64(intid, RTC_INTID);
    c->irq_calls++;
    c->level = level;
}

static uint64_t rd(struct pl031 *rtc, uint64_t offset, unsigned size)
{
    uint64_t v = 0xDEAD;
    CU_ASSERT(pl031_ops.read(rtc, 0, offset, size, &v));
    return v;
}

static void wr(struct pl031 *rtc, uint64_t offset, uint64_t v) { CU_ASSERT(pl031_ops.write(rtc, 0, offset, 4, v)); }

static void test_counts_seconds_from_the_epoch(void)
{
    struct clock c = { 0, 0, false };
    struct pl031 *rtc = pl031_create(now, &c, PL031_DETERMINISTIC_EPOCH, (struct irq_line){ record_irq, &c, RTC_INTID });
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 1704067200);
    c.ns = 2 * NS - 1;
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 1704067201);
    c.ns = 2 * NS;
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 1704067202);
    CHECK_EQ_U64(rd(rtc, PL031_CR, 4), 1);
    /* RTCLR sets the count, which goes on from there */
    wr(rtc, PL031_LR, 1000);
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 1000);
    c.ns += 5 * NS;
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 1005);
    /* the count wraps at 32 bits */
    wr(rtc, PL031_LR, 0xFFFFFFFF);
    c.ns += NS;
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 0);
    CHECK_EQ_U64(c.irq_calls, 0);
    pl031_destroy(rtc);
}

static void test_match_interrupt(void)
{
    struct clock c = { 0, 0, false };
    struct pl031 *rtc = pl031_create(now, &c, 100, (struct irq_line){ record_irq, &c, RTC_INTID });
    wr(rtc, PL031_MR, 103);
    CHECK_EQ_U64(rd(rtc, PL031_MR, 4), 103);
    c.ns = 2 * NS;
    CHECK_EQ_U64(rd(rtc, PL031_RIS, 4), 0);
    c.ns = 4 * NS; /* passed 103 while nobody looked */
    CHECK_EQ_U64(rd(rtc, PL031_RIS, 4), 1);
    CHECK_EQ_U64(rd(rtc, PL031_MIS, 4), 0);
    CHECK_EQ_U64(c.level, false);
    wr(rtc, PL031_IMSC, 1);
    CHECK_EQ_U64(rd(rtc, PL031_IMSC, 4), 1);
    CHECK_EQ_U64(rd(rtc, PL031_MIS, 4), 1);
    CHECK_EQ_U64(c.level, true);
    wr(rtc, PL031_ICR, 1);
    CHECK_EQ_U64(rd(rtc, PL031_RIS, 4), 0);
    CHECK_EQ_U64(c.level, false);
    /* it does not fire again until the count comes round to the match */
    c.ns = 100 * NS;
    CHECK_EQ_U64(rd(rtc, PL031_RIS, 4), 0);
    /* a match equal to the current count fires at once */
    wr(rtc, PL031_MR, 200);
    CHECK_EQ_U64(rd(rtc, PL031_RIS, 4), 1);
    CHECK_EQ_U64(c.level, true);
    pl031_destroy(rtc);
}

/* The board asks for the time of the next match (pl031_next_event_ns) to end a quantum or an
 * idle wait there, and calls pl031_update when time has passed: the alarm fires with no
 * register access. A system reset (pl031_reset) clears the match and interrupt registers and
 * keeps the count. */
static void test_match_as_time_passes(void)
{
    struct clock c = { NS / 2, 0, false };
    struct pl031 *rtc = pl031_create(now, &c, 100, (struct irq_line){ record_irq, &c, RTC_INTID });
    wr(rtc, PL031_MR, 103);
    CHECK_EQ_U64(pl031_next_event_ns(rtc), UINT64_MAX);   /* masked: nothing to wake */
    wr(rtc, PL031_IMSC, 1);
    CHECK_EQ_U64(pl031_next_event_ns(rtc), 3 * NS);        /* 103 is reached at 3 s */
    c.ns = 3 * NS - 1;
    pl031_update(rtc);
    CHECK_EQ_U64(c.level, false);
    c.ns = 3 * NS;
    pl031_update(rtc);
    CHECK_EQ_U64(c.level, true);
    CHECK_EQ_U64(pl031_next_event_ns(rtc), UINT64_MAX);   /* raised until cleared */
    pl031_reset(rtc);
    CHECK_EQ_U64(c.level, false);
    CHECK_EQ_U64(rd(rtc, PL031_MR, 4), 0);
    CHECK_EQ_U64(rd(rtc, PL031_IMSC, 4), 0);
    CHECK_EQ_U64(rd(rtc, PL031_RIS, 4), 0);
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 103);
    pl031_destroy(rtc);
}

static void test_identification_and_odd_accesses(void)
{
    struct clock c = { 0, 0, false };
    struct pl031 *rtc = pl031_create(now, &c, 7, (struct irq_line){ NULL, NULL, 0 });
    static const uint8_t id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };
    for (unsigned i = 0; i < 8; i++)
        CHECK_EQ_U64(rd(rtc, PL031_PERIPH_ID0 + 4 * i, 4), id[i]);
    CHECK_EQ_U64(rd(rtc, PL031_DR, 1), 0);
    CHECK_EQ_U64(rd(rtc, PL031_DR + 2, 4), 0);
    CHECK_EQ_U64(rd(rtc, 0x800, 4), 0);
    CU_ASSERT(pl031_ops.write(rtc, 0, PL031_LR, 2, 55));
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 7);
    wr(rtc, PL031_DR, 99); /* read-only */
    CHECK_EQ_U64(rd(rtc, PL031_DR, 4), 7);
    pl031_destroy(rtc);
}

UNIT_SUITE(pl031,
           UNIT_TEST(test_counts_seconds_from_the_epoch),
           UNIT_TEST(test_match_interrupt),
           UNIT_TEST(test_match_as_time_passes),
           UNIT_TEST(test_identification_and_odd_accesses))

/* Unit tests of the virtio-mmio transport (board/virtio_mmio.c), split virtqueues
 * (board/virtqueue.c), virtio-blk and virtio-rng, against VIRTIO 1.1. The driver side is
 * written here by hand into a host buffer standing for guest RAM. Malformed rings must leave
 * every byte of RAM as it was and set DEVICE_NEEDS_RESET with the configuration-change
 * interrupt. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "virtio_blk.h"
#include "virtio_mmio.h"
#include "virtio_rng.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x100000ull
#define INTID0 48
/* Where the driver here puts a queue: descriptors, available ring, used ring, data. */
#define DESC_PA (RAM_BASE + 0x1000)
#define AVAIL_PA (RAM_BASE + 0x2000)
#define USED_PA (RAM_BASE + 0x3000)
#define DATA_PA (RAM_BASE + 0x10000)
#define QSIZE 8

struct bench {
    uint8_t *ram;
    struct guest_ram gram;
    struct virtio_mmio *t;
    unsigned irq_calls, irq_intid;
    bool irq_level;
    uint16_t avail_idx;
    struct virtio_blk *blk;
    struct virtio_rng *rng;
    char path[64];
};

static void record_irq(void *ctx, unsigned intid, bool level)
{
    struct bench *b = ctx;
    b->irq_calls++;
    b->irq_intid = intid;
    b->irq_level = level;
}

static uint8_t *at(struct bench *b, uint64_t pa) { return b->ram + (pa - RAM_BASE); }

static void put16(struct bench *b, uint64_t pa, uint16_t v) { memcpy(at(b, pa), &v, 2); }
static uint16_t get16(struct bench *b, uint64_t pa) { uint16_t v; memcpy(&v, at(b, pa), 2); return v; }
static uint32_t get32(struct bench *b, uint64_t pa) { uint32_t v; memcpy(&v, at(b, pa), 4); return v; }

static uint64_t rd(struct bench *b, unsigned slot, uint64_t reg, unsigned size)
{
    uint64_t v = 0xDEAD;
    CU_ASSERT(virtio_mmio_ops.read(b->t, 0, slot * VIRTIO_MMIO_SLOT_SIZE + reg, size, &v));
    return v;
}

static void wr(struct bench *b, unsigned slot, uint64_t reg, uint64_t v)
{
    CU_ASSERT(virtio_mmio_ops.write(b->t, 0, slot * VIRTIO_MMIO_SLOT_SIZE + reg, 4, v));
}

/* A bench with a 1 MiB "guest RAM", a 16-sector disk whose sector n is filled with byte n
 * (read_only as asked) in slot 31, and the rng in slot 30. */
static void bench_open(struct bench *b, bool read_only)
{
    memset(b, 0, sizeof *b);
    b->ram = calloc(1, RAM_SIZE);
    b->gram = (struct guest_ram){ b->ram, RAM_BASE, RAM_SIZE, NULL, NULL };
    b->t = virtio_mmio_create(&b->gram, record_irq, b, INTID0);
    strcpy(b->path, "/tmp/elsim-test-virtio-XXXXXX");
    int fd = mkstemp(b->path);
    CU_ASSERT_FATAL(fd >= 0);
    for (unsigned s = 0; s < 16; s++) {
        uint8_t sector[VIRTIO_BLK_SECTOR];
        memset(sector, (int)s, sizeof sector);
        CU_ASSERT_FATAL(write(fd, sector, sizeof sector) == (ssize_t)sizeof sector);
    }
    close(fd);
    char err[256];
    b->blk = virtio_blk_open(b->path, read_only, err, sizeof err);
    CU_ASSERT_FATAL(b->blk != NULL);
    b->rng = virtio_rng_create(false);
    CHECK_EQ_U64(virtio_mmio_plug(b->t, virtio_blk_device(b->blk)), 31);
    CHECK_EQ_U64(virtio_mmio_plug(b->t, virtio_rng_device(b->rng)), 30);
}

static void bench_close(struct bench *b)
{
    virtio_mmio_destroy(b->t);
    virtio_blk_close(b->blk);
    virtio_rng_destroy(b->rng);
    unlink(b->path);
    free(b->ram);
}

/* The driver initialization of 3.1.1 and queue 0 set up at the addresses above (4.2.3.2). */
static void driver_init(struct bench *b, unsigned slot)
{
    wr(b, slot, VIRTIO_MMIO_STATUS, 0);
    wr(b, slot, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(b, slot, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint64_t features = rd(b, slot, VIRTIO_MMIO_DEVICE_FEATURES, 4) << 32;
    wr(b, slot, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    features |= rd(b, slot, VIRTIO_MMIO_DEVICE_FEATURES, 4);
    wr(b, slot, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(b, slot, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
    wr(b, slot, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(b, slot, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
    wr(b, slot, VIRTIO_MMIO_STATUS, 0xB);
    CHECK_EQ_U64(rd(b, slot, VIRTIO_MMIO_STATUS, 4), 0xB);
    wr(b, slot, VIRTIO_MMIO_QUEUE_SEL, 0);
    CHECK_EQ_U64(rd(b, slot, VIRTIO_MMIO_QUEUE_NUM_MAX, 4), 256);
    wr(b, slot, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    wr(b, slot, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC_PA);
    wr(b, slot, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
    wr(b, slot, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)AVAIL_PA);
    wr(b, slot, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
    wr(b, slot, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)USED_PA);
    wr(b, slot, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
    wr(b, slot, VIRTIO_MMIO_QUEUE_READY, 1);
    CHECK_EQ_U64(rd(b, slot, VIRTIO_MMIO_QUEUE_READY, 4), 1);
    wr(b, slot, VIRTIO_MMIO_STATUS, 0xF);
}

static void set_desc(struct bench *b, uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint8_t *d = at(b, table + 16u * i);
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
}

/* Offers the chain at `head` and notifies queue 0. */
static void submit(struct bench *b, unsigned slot, uint16_t head)
{
    put16(b, AVAIL_PA + 4 + 2u * (b->avail_idx % QSIZE), head);
    b->avail_idx++;
    put16(b, AVAIL_PA + 2, b->avail_idx);
    wr(b, slot, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* A block request: header at DATA_PA, `len` data bytes at DATA_PA + 0x100, status at DATA_PA + 0x80. */
static void blk_request(struct bench *b, uint32_t type, uint64_t sector, uint32_t len)
{
    uint8_t *h = at(b, DATA_PA);
    memset(h, 0, 16);
    memcpy(h, &type, 4);
    memcpy(h + 8, &sector, 8);
    *at(b, DATA_PA + 0x80) = 0xEE;
    bool to_guest = type != VIRTIO_BLK_T_OUT;
    set_desc(b, DESC_PA, 0, DATA_PA, 16, VIRTQ_DESC_F_NEXT, 1);
    set_desc(b, DESC_PA, 1, DATA_PA + 0x100, len, VIRTQ_DESC_F_NEXT | (to_guest ? VIRTQ_DESC_F_WRITE : 0), 2);
    set_desc(b, DESC_PA, 2, DATA_PA + 0x80, 1, VIRTQ_DESC_F_WRITE, 0);
    submit(b, 31, 0);
}

static void test_empty_slot_answers_device_id_0(void)
{
    struct bench b;
    bench_open(&b, false);
    CHECK_EQ_U64(rd(&b, 0, VIRTIO_MMIO_MAGIC_VALUE, 4), 0x74726976);
    CHECK_EQ_U64(rd(&b, 0, VIRTIO_MMIO_VERSION, 4), 2);
    CHECK_EQ_U64(rd(&b, 0, VIRTIO_MMIO_DEVICE_ID, 4), 0);
    CHECK_EQ_U64(rd(&b, 0, VIRTIO_MMIO_VENDOR_ID, 4), 0x554D4551);
    CHECK_EQ_U64(rd(&b, 0, VIRTIO_MMIO_QUEUE_NUM_MAX, 4), 0);
    wr(&b, 0, VIRTIO_MMIO_STATUS, 0xF);
    CHECK_EQ_U64(rd(&b, 0, VIRTIO_MMIO_STATUS, 4), 0);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_DEVICE_ID, 4), 2);
    CHECK_EQ_U64(rd(&b, 30, VIRTIO_MMIO_DEVICE_ID, 4), 4);
    /* a register wants an aligned 32-bit access: a byte read is zero */
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_MAGIC_VALUE, 1), 0);
    bench_close(&b);
}

static void test_features_and_config(void)
{
    struct bench b;
    bench_open(&b, true);
    wr(&b, 31, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    /* SEG_MAX | RO | FLUSH | RING_INDIRECT_DESC */
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_DEVICE_FEATURES, 4), 0x10000224);
    wr(&b, 31, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_DEVICE_FEATURES, 4), 1); /* VERSION_1 */
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_CONFIG, 8), 16);           /* capacity in sectors */
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_CONFIG + 4, 4), 0);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_CONFIG + 12, 4), 254);     /* seg_max */
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_CONFIG + 0x100 - 2, 4), 0);  /* past the config space */
    /* a driver without VERSION_1 does not get FEATURES_OK (a legacy driver) */
    wr(&b, 31, VIRTIO_MMIO_STATUS, 3);
    wr(&b, 31, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(&b, 31, VIRTIO_MMIO_DRIVER_FEATURES, 0x200);
    wr(&b, 31, VIRTIO_MMIO_STATUS, 0xB);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_STATUS, 4), 3);
    /* nor one asking for a feature not offered (VIRTIO_BLK_F_MQ, bit 12) */
    wr(&b, 31, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(&b, 31, VIRTIO_MMIO_DRIVER_FEATURES, 1);
    wr(&b, 31, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(&b, 31, VIRTIO_MMIO_DRIVER_FEATURES, 0x1000);
    wr(&b, 31, VIRTIO_MMIO_STATUS, 0xB);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_STATUS, 4), 3);
    wr(&b, 31, VIRTIO_MMIO_DRIVER_FEATURES, 0x224);
    wr(&b, 31, VIRTIO_MMIO_STATUS, 0xB);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_STATUS, 4), 0xB);
    wr(&b, 31, VIRTIO_MMIO_STATUS, 0);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_STATUS, 4), 0);
    bench_close(&b);
}

static void test_blk_read_write_flush(void)
{
    struct bench b;
    bench_open(&b, false);
    driver_init(&b, 31);
    blk_request(&b, VIRTIO_BLK_T_IN, 3, 1024); /* sectors 3 and 4 */
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_OK);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x100), 3);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x100 + 511), 3);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x100 + 512), 4);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x100 + 1023), 4);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x100 + 1024), 0);
    CHECK_EQ_U64(get16(&b, USED_PA + 2), 1);           /* used idx */
    CHECK_EQ_U64(get32(&b, USED_PA + 4), 0);           /* id: the head */
    CHECK_EQ_U64(get32(&b, USED_PA + 8), 1025);        /* data + status */
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_INT_USED_BUFFER);
    CHECK_EQ_U64(b.irq_intid, INTID0 + 31);
    CHECK_EQ_U64(b.irq_level, true);
    wr(&b, 31, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED_BUFFER);
    CHECK_EQ_U64(b.irq_level, false);

    memset(at(&b, DATA_PA + 0x100), 0xA5, 512);
    blk_request(&b, VIRTIO_BLK_T_OUT, 15, 512);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_OK);
    CHECK_EQ_U64(get32(&b, USED_PA + 4 + 8 + 4), 1);
    blk_request(&b, VIRTIO_BLK_T_FLUSH, 0, 0);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_OK);
    FILE *f = fopen(b.path, "rb");
    uint8_t sector[512];
    CU_ASSERT_FATAL(f && fseek(f, 15 * 512, SEEK_SET) == 0 && fread(sector, 1, 512, f) == 512);
    fclose(f);
    CHECK_EQ_U64(sector[0], 0xA5);
    CHECK_EQ_U64(sector[511], 0xA5);

    /* beyond the end, not whole sectors, unknown type */
    blk_request(&b, VIRTIO_BLK_T_IN, 15, 1024);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_IOERR);
    CHECK_EQ_U64(get32(&b, USED_PA + 4 + 3 * 8 + 4), 1);
    blk_request(&b, VIRTIO_BLK_T_IN, 0, 100);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_IOERR);
    blk_request(&b, VIRTIO_BLK_T_IN, UINT64_MAX, 512);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_IOERR);
    blk_request(&b, 11, 0, 512);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_UNSUPP);
    blk_request(&b, VIRTIO_BLK_T_GET_ID, 0, 20);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_OK);
    CHECK_EQ_U64(get32(&b, USED_PA + 4 + 7 * 8 + 4), 21);
    CHECK_EQ_U64(get16(&b, USED_PA + 2), 8);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_STATUS, 4), 0xF);
    bench_close(&b);
}

static void test_blk_read_only_rejects_writes(void)
{
    struct bench b;
    bench_open(&b, true);
    driver_init(&b, 31);
    memset(at(&b, DATA_PA + 0x100), 0xA5, 512);
    blk_request(&b, VIRTIO_BLK_T_OUT, 2, 512);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_IOERR);
    CHECK_EQ_U64(get32(&b, USED_PA + 8), 1);
    FILE *f = fopen(b.path, "rb");
    uint8_t sector[512];
    CU_ASSERT_FATAL(f && fseek(f, 2 * 512, SEEK_SET) == 0 && fread(sector, 1, 512, f) == 512);
    fclose(f);
    CHECK_EQ_U64(sector[0], 2);
    blk_request(&b, VIRTIO_BLK_T_IN, 2, 512);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_OK);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x100), 2);
    bench_close(&b);
}

/* Indirect descriptors (2.6.5.3): the request in a table, one queue descriptor. */
static void test_blk_indirect(void)
{
    struct bench b;
    bench_open(&b, false);
    driver_init(&b, 31);
    uint64_t table = RAM_BASE + 0x4000;
    uint32_t type = VIRTIO_BLK_T_IN;
    uint64_t sector = 7;
    memset(at(&b, DATA_PA), 0, 16);
    memcpy(at(&b, DATA_PA), &type, 4);
    memcpy(at(&b, DATA_PA + 8), &sector, 8);
    set_desc(&b, table, 0, DATA_PA, 16, VIRTQ_DESC_F_NEXT, 2);
    set_desc(&b, table, 2, DATA_PA + 0x100, 256, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    set_desc(&b, table, 1, DATA_PA + 0x300, 257, VIRTQ_DESC_F_WRITE, 0);
    set_desc(&b, DESC_PA, 5, table, 48, VIRTQ_DESC_F_INDIRECT, 0);
    submit(&b, 31, 5);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x100), 7);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x300 + 255), 7);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x300 + 256), VIRTIO_BLK_S_OK);
    CHECK_EQ_U64(get32(&b, USED_PA + 4), 5);
    CHECK_EQ_U64(get32(&b, USED_PA + 8), 513);
    bench_close(&b);
}

/* The rng fills its buffers from splitmix64 seeded with "elsimrng"; the expected bytes were
 * computed with an independent Python splitmix64 (which gives the published first output
 * 0xe220a8397b1dcdaf for seed 0). Notification suppression: no interrupt while the driver sets
 * VIRTQ_AVAIL_F_NO_INTERRUPT. */
static void test_rng_deterministic(void)
{
    struct bench b;
    bench_open(&b, false);
    driver_init(&b, 30);
    put16(&b, AVAIL_PA, VIRTQ_AVAIL_F_NO_INTERRUPT);
    set_desc(&b, DESC_PA, 0, DATA_PA, 3, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    set_desc(&b, DESC_PA, 1, DATA_PA + 0x40, 13, VIRTQ_DESC_F_WRITE, 0);
    submit(&b, 30, 0);
    static const uint8_t want[16] = { 0xfe, 0xd6, 0x9c, 0x7a, 0xf4, 0x13, 0x91, 0xc9,
                                      0x78, 0x83, 0xbc, 0xb1, 0xf0, 0xcf, 0x4a, 0xfa };
    for (unsigned i = 0; i < 3; i++)
        CHECK_EQ_U64(*at(&b, DATA_PA + i), want[i]);
    for (unsigned i = 0; i < 13; i++)
        CHECK_EQ_U64(*at(&b, DATA_PA + 0x40 + i), want[3 + i]);
    CHECK_EQ_U64(*at(&b, DATA_PA + 0x40 + 13), 0);
    CHECK_EQ_U64(get32(&b, USED_PA + 8), 16);
    CHECK_EQ_U64(rd(&b, 30, VIRTIO_MMIO_INTERRUPT_STATUS, 4), 0);
    CHECK_EQ_U64(b.irq_calls, 0);
    bench_close(&b);
}

/* A malformed queue: DEVICE_NEEDS_RESET (0x40) on top of the driver's 0xF, the configuration
 * change interrupt, and guest RAM exactly as before. Returns after a reset brings it back. */
static void expect_broken(struct bench *b, const uint8_t *before)
{
    CHECK_EQ_U64(rd(b, 31, VIRTIO_MMIO_STATUS, 4), 0x4F);
    CHECK_EQ_U64(rd(b, 31, VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_INT_CONFIG_CHANGE);
    CHECK_EQ_U64(b->irq_level, true);
    CU_ASSERT(memcmp(b->ram, before, RAM_SIZE) == 0);
    /* further notifications are ignored until the driver resets the device */
    wr(b, 31, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CU_ASSERT(memcmp(b->ram, before, RAM_SIZE) == 0);
    wr(b, 31, VIRTIO_MMIO_STATUS, 0);
    CHECK_EQ_U64(rd(b, 31, VIRTIO_MMIO_STATUS, 4), 0);
    CHECK_EQ_U64(rd(b, 31, VIRTIO_MMIO_INTERRUPT_STATUS, 4), 0);
    CHECK_EQ_U64(b->irq_level, false);
}

enum malformation { LOOP, OUT_OF_RAM, LENGTH_OVERFLOW, AVAIL_JUMP, BAD_HEAD, BAD_NEXT, INDIRECT_NEXT,
                    INDIRECT_NESTED, INDIRECT_PARTIAL, READ_AFTER_WRITE, NO_STATUS, RING_OUT_OF_RAM };

static void malformed(enum malformation what)
{
    struct bench b;
    bench_open(&b, false);
    driver_init(&b, 31);
    uint64_t table = RAM_BASE + 0x4000;
    uint16_t head = 0;
    uint32_t type = VIRTIO_BLK_T_IN;
    memcpy(at(&b, DATA_PA), &type, 4);
    set_desc(&b, DESC_PA, 0, DATA_PA, 16, VIRTQ_DESC_F_NEXT, 1);
    set_desc(&b, DESC_PA, 1, DATA_PA + 0x100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    set_desc(&b, DESC_PA, 2, DATA_PA + 0x80, 1, VIRTQ_DESC_F_WRITE, 0);
    switch (what) {
    case LOOP: set_desc(&b, DESC_PA, 2, DATA_PA + 0x80, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1); break;
    case OUT_OF_RAM: set_desc(&b, DESC_PA, 1, RAM_BASE + RAM_SIZE, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2); break;
    case LENGTH_OVERFLOW:
        set_desc(&b, DESC_PA, 1, RAM_BASE + RAM_SIZE - 256, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
        break;
    case AVAIL_JUMP: break;
    case BAD_HEAD: head = QSIZE; break;
    case BAD_NEXT: set_desc(&b, DESC_PA, 1, DATA_PA + 0x100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 200); break;
    case INDIRECT_NEXT: set_desc(&b, DESC_PA, 0, table, 48, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1); break;
    case INDIRECT_NESTED:
        set_desc(&b, table, 0, table, 16, VIRTQ_DESC_F_INDIRECT, 0);
        set_desc(&b, DESC_PA, 0, table, 16, VIRTQ_DESC_F_INDIRECT, 0);
        break;
    case INDIRECT_PARTIAL: set_desc(&b, DESC_PA, 0, table, 40, VIRTQ_DESC_F_INDIRECT, 0); break;
    case READ_AFTER_WRITE: set_desc(&b, DESC_PA, 2, DATA_PA + 0x80, 1, 0, 0); break;
    case NO_STATUS: set_desc(&b, DESC_PA, 0, DATA_PA, 16, 0, 0); break;
    case RING_OUT_OF_RAM: wr(&b, 31, VIRTIO_MMIO_QUEUE_READY, 0);
        wr(&b, 31, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(RAM_BASE + RAM_SIZE - 8));
        wr(&b, 31, VIRTIO_MMIO_QUEUE_READY, 1);
        break;
    }
    put16(&b, AVAIL_PA + 4, head);
    put16(&b, AVAIL_PA + 2, what == AVAIL_JUMP ? QSIZE + 1 : 1);
    uint8_t *before = malloc(RAM_SIZE);
    memcpy(before, b.ram, RAM_SIZE);
    wr(&b, 31, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    if (what == RING_OUT_OF_RAM) {
        /* the request was served (the data and status are written) but cannot be returned */
        CHECK_EQ_U64(*at(&b, DATA_PA + 0x80), VIRTIO_BLK_S_OK);
        memcpy(before, b.ram, RAM_SIZE);
    }
    expect_broken(&b, before);
    free(before);
    bench_close(&b);
}

static void test_malformed_loop(void) { malformed(LOOP); }
static void test_malformed_out_of_ram(void) { malformed(OUT_OF_RAM); }
static void test_malformed_length_overflow(void) { malformed(LENGTH_OVERFLOW); }
static void test_malformed_avail_jump(void) { malformed(AVAIL_JUMP); }
static void test_malformed_bad_head(void) { malformed(BAD_HEAD); }
static void test_malformed_bad_next(void) { malformed(BAD_NEXT); }
static void test_malformed_indirect_next(void) { malformed(INDIRECT_NEXT); }
static void test_malformed_indirect_nested(void) { malformed(INDIRECT_NESTED); }
static void test_malformed_indirect_partial(void) { malformed(INDIRECT_PARTIAL); }
static void test_malformed_read_after_write(void) { malformed(READ_AFTER_WRITE); }
static void test_malformed_no_status(void) { malformed(NO_STATUS); }
static void test_malformed_used_ring_out_of_ram(void) { malformed(RING_OUT_OF_RAM); }

/* A chain longer than the queue through an indirect table of 256 + 1 entries, and a queue size
 * that is not a power of two. */
static void test_malformed_sizes(void)
{
    struct bench b;
    bench_open(&b, false);
    driver_init(&b, 31);
    set_desc(&b, DESC_PA, 0, RAM_BASE + 0x8000, 257 * 16, VIRTQ_DESC_F_INDIRECT, 0);
    put16(&b, AVAIL_PA + 2, 1);
    uint8_t *before = malloc(RAM_SIZE);
    memcpy(before, b.ram, RAM_SIZE);
    wr(&b, 31, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    expect_broken(&b, before);

    driver_init(&b, 31);
    wr(&b, 31, VIRTIO_MMIO_QUEUE_READY, 0);
    wr(&b, 31, VIRTIO_MMIO_QUEUE_NUM, 6);
    wr(&b, 31, VIRTIO_MMIO_QUEUE_READY, 1);
    CHECK_EQ_U64(rd(&b, 31, VIRTIO_MMIO_QUEUE_READY, 4), 0);
    memcpy(before, b.ram, RAM_SIZE);
    expect_broken(&b, before);
    free(before);
    bench_close(&b);
}

/* Random rings (a fixed-seed xorshift64, so the test is the same every run): random
 * descriptors with addresses around RAM's edges, lengths up to 4 GiB, any flags and next
 * indexes, random heads and available index. The device ends either working (0xF) or in
 * DEVICE_NEEDS_RESET with the configuration-change interrupt; AddressSanitizer checks that no
 * access leaves the RAM buffer; the disk keeps its size. */
static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_random_rings(void)
{
    struct bench b;
    bench_open(&b, false);
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    unsigned broken = 0;
    for (unsigned round = 0; round < 400; round++) {
        driver_init(&b, 31);
        b.avail_idx = 0;
        for (unsigned i = 0; i < QSIZE; i++) {
            uint64_t r = xorshift(&seed);
            uint64_t addr = RAM_BASE - 0x1000 + r % (RAM_SIZE + 0x2000);
            uint32_t len = (r >> 40) & 1 ? (uint32_t)(r >> 32) : (uint32_t)(r >> 44) % 0x800;
            set_desc(&b, DESC_PA, i, i == 0 ? DATA_PA : addr, i == 0 ? 16 : len, (uint16_t)(r >> 20) & 7,
                     (uint16_t)((r >> 24) % (QSIZE + 2)));
            put16(&b, AVAIL_PA + 4 + 2 * i, (uint16_t)((r >> 28) % (QSIZE + 1)));
        }
        uint64_t r = xorshift(&seed);
        uint32_t type = (uint32_t)r % 9;
        uint64_t sector = (r >> 8) % 20;
        memcpy(at(&b, DATA_PA), &type, 4);
        memcpy(at(&b, DATA_PA + 8), &sector, 8);
        put16(&b, AVAIL_PA + 2, (uint16_t)((r >> 32) % (QSIZE + 3)));
        wr(&b, 31, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
        uint64_t status = rd(&b, 31, VIRTIO_MMIO_STATUS, 4);
        CU_ASSERT(status == 0xF || status == 0x4F);
        if (status == 0x4F) {
            broken++;
            CU_ASSERT(rd(&b, 31, VIRTIO_MMIO_INTERRUPT_STATUS, 4) & VIRTIO_INT_CONFIG_CHANGE);
        }
    }
    CU_ASSERT(broken > 100 && broken < 400); /* both outcomes were exercised */
    FILE *f = fopen(b.path, "rb");
    CU_ASSERT_FATAL(f && fseek(f, 0, SEEK_END) == 0);
    CHECK_EQ_U64(ftell(f), 16 * 512);
    fclose(f);
    bench_close(&b);
}

UNIT_SUITE(virtio,
           UNIT_TEST(test_random_rings),
           UNIT_TEST(test_empty_slot_answers_device_id_0),
           UNIT_TEST(test_features_and_config),
           UNIT_TEST(test_blk_read_write_flush),
           UNIT_TEST(test_blk_read_only_rejects_writes),
           UNIT_TEST(test_blk_indirect),
           UNIT_TEST(test_rng_deterministic),
           UNIT_TEST(test_malformed_loop),
           UNIT_TEST(test_malformed_out_of_ram),
           UNIT_TEST(test_malformed_length_overflow),
           UNIT_TEST(test_malformed_avail_jump),
           UNIT_TEST(test_malformed_bad_head),
           UNIT_TEST(test_malformed_bad_next),
           UNIT_TEST(test_malformed_indirect_next),
           UNIT_TEST(test_malformed_indirect_nested),
           UNIT_TEST(test_malformed_indirect_partial),
           UNIT_TEST(test_malformed_read_after_write),
           UNIT_TEST(test_malformed_no_status),
           UNIT_TEST(test_malformed_used_ring_out_of_ram),
           UNIT_TEST(test_malformed_sizes))

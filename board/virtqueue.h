/* Split virtqueues (Virtual I/O Device (VIRTIO) Version 1.1, section 2.6): the descriptor table,
 * the available ring the driver fills and the used ring the device fills, all in guest RAM.
 * The guest is untrusted: every index, address, length and flag is checked before use, and
 * nothing outside guest RAM is ever read or written. */
#ifndef ELSIM_BOARD_VIRTQUEUE_H
#define ELSIM_BOARD_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

/* Guest RAM as a device doing DMA sees it. */
struct guest_ram {
    uint8_t *host;
    uint64_t base, size;
    /* Called after the device wrote [pa, pa+len) (decoded code on those pages must go). */
    void (*written)(void *ctx, uint64_t pa, uint64_t len);
    void *ctx;
};

/* Host pointer to guest physical [pa, pa+len) if all of it is RAM, else NULL. */
uint8_t *guest_ram_ptr(const struct guest_ram *ram, uint64_t pa, uint64_t len);

/* Descriptor flags (2.6.5). */
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
/* Available ring flag (2.6.7): the driver does not want used-buffer interrupts. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

/* The largest queue (QueueNumMax) and the longest chain, indirect tables included. */
#define VIRTQ_MAX_SIZE 256u

struct virtq {
    uint16_t num;            /* QueueNum: a power of 2, 1..VIRTQ_MAX_SIZE */
    bool ready;
    uint64_t desc, avail, used; /* guest physical addresses of the three areas */
    uint16_t last_avail;     /* the next available-ring entry the device takes */
    uint16_t used_idx;       /* the device's used->idx */
};

/* One buffer of a chain: guest RAM [pa, pa+len), device-writable or device-readable. */
struct virtq_buf {
    uint64_t pa;
    uint32_t len;
    bool write;
};

/* A request: the chain starting at descriptor `head`, readable buffers first (2.6.4.2). */
struct virtq_req {
    uint16_t head;
    unsigned count;
    struct virtq_buf bufs[VIRTQ_MAX_SIZE];
    uint64_t readable, writable; /* total bytes of each kind */
};

enum virtq_pop_result {
    VIRTQ_EMPTY,   /* nothing available */
    VIRTQ_REQUEST, /* *req holds the next request */
    VIRTQ_BROKEN,  /* the driver broke the queue: the device must set DEVICE_NEEDS_RESET */
};

/* Takes the next available chain. Broken: a ring or table outside RAM, an available index more
 * than num ahead, a head or next index >= num, a loop or a chain longer than the queue (or
 * VIRTQ_MAX_SIZE), an indirect descriptor with NEXT, inside an indirect table, or whose table is
 * not whole descriptors, a buffer outside RAM, or a readable buffer after a writable one. */
enum virtq_pop_result virtq_pop(struct virtq *q, const struct guest_ram *ram, struct virtq_req *req);

/* Puts the chain `head` in the used ring with `written` bytes written. false if the used ring is
 * not in RAM (the queue is then broken). */
bool virtq_push(struct virtq *q, const struct guest_ram *ram, uint16_t head, uint32_t written);

/* Does the driver want an interrupt for used buffers (no VIRTQ_AVAIL_F_NO_INTERRUPT)? */
bool virtq_wants_interrupt(const struct virtq *q, const struct guest_ram *ram);

/* Copies between a request's buffers (of one kind, from byte `offset` of their concatenation) and
 * host memory; returns the bytes copied (fewer when the buffers end). */
uint64_t virtq_req_read(const struct virtq_req *req, const struct guest_ram *ram, uint64_t offset, void *dst,
                        uint64_t len);
uint64_t virtq_req_write(const struct virtq_req *req, const struct guest_ram *ram, uint64_t offset, const void *src,
                         uint64_t len);

#endif

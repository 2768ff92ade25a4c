/* Split virtqueues (board/virtqueue.h), VIRTIO 1.1 section 2.6. Ring layouts (2.6.5-2.6.8),
 * little-endian: descriptor {le64 addr; le32 len; le16 flags; le16 next}, available ring
 * {le16 flags; le16 idx; le16 ring[num]; ...}, used ring {le16 flags; le16 idx;
 * {le32 id; le32 len} ring[num]; ...}. */
#include "virtqueue.h"

#include <string.h>

enum { DESC_SIZE = 16, AVAIL_RING_AT = 4, USED_RING_AT = 4, USED_ELEM_SIZE = 8 };

uint8_t *guest_ram_ptr(const struct guest_ram *ram, uint64_t pa, uint64_t len)
{
    if (pa < ram->base || pa - ram->base > ram->size || len > ram->size - (pa - ram->base))
        return NULL;
    return ram->host + (pa - ram->base);
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    put_le16(p, (uint16_t)v);
    put_le16(p + 2, (uint16_t)(v >> 16));
}

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

static bool read_desc(const struct guest_ram *ram, uint64_t table, unsigned index, struct desc *d)
{
    const uint8_t *p = guest_ram_ptr(ram, table + (uint64_t)index * DESC_SIZE, DESC_SIZE);
    if (!p)
        return false;
    *d = (struct desc){ le64(p), le32(p + 8), le16(p + 12), le16(p + 14) };
    return true;
}

/* Appends one buffer, keeping readable before writable (2.6.4.2). */
static bool add_buf(struct virtq_req *req, const struct guest_ram *ram, const struct desc *d)
{
    bool write = d->flags & VIRTQ_DESC_F_WRITE;
    if (req->count == VIRTQ_MAX_SIZE || !guest_ram_ptr(ram, d->addr, d->len) || (!write && req->writable))
        return false;
    req->bufs[req->count++] = (struct virtq_buf){ d->addr, d->len, write };
    if (write)
        req->writable += d->len;
    else
        req->readable += d->len;
    return true;
}

/* The descriptors of an indirect table (2.6.5.3): no NEXT on the indirect descriptor itself, no
 * INDIRECT inside the table, at most VIRTQ_MAX_SIZE entries, each visited at most once. */
static bool walk_indirect(struct virtq_req *req, const struct guest_ram *ram, const struct desc *ind)
{
    if ((ind->flags & VIRTQ_DESC_F_NEXT) || ind->len == 0 || ind->len % DESC_SIZE ||
        ind->len / DESC_SIZE > VIRTQ_MAX_SIZE || !guest_ram_ptr(ram, ind->addr, ind->len))
        return false;
    unsigned n = ind->len / DESC_SIZE, index = 0;
    for (unsigned steps = 0; steps < n; steps++) {
        struct desc d;
        if (!read_desc(ram, ind->addr, index, &d) || (d.flags & VIRTQ_DESC_F_INDIRECT) || !add_buf(req, ram, &d))
            return false;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return true;
        if (d.next >= n)
            return false;
        index = d.next;
    }
    return false; /* more links than entries: a loop */
}

/* The chain from `head` in the queue's own table: at most num descriptors, so a loop ends. */
static bool walk_chain(const struct virtq *q, struct virtq_req *req, const struct guest_ram *ram, uint16_t head)
{
    unsigned index = head;
    for (unsigned steps = 0; steps < q->num; steps++) {
        struct desc d;
        if (!read_desc(ram, q->desc, index, &d))
            return false;
        if (d.flags & VIRTQ_DESC_F_INDIRECT)
            return walk_indirect(req, ram, &d);
        if (!add_buf(req, ram, &d))
            return false;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return true;
        if (d.next >= q->num)
            return false;
        index = d.next;
    }
    return false;
}

enum virtq_pop_result virtq_pop(struct virtq *q, const struct guest_ram *ram, struct virtq_req *req)
{
    const uint8_t *avail = guest_ram_ptr(ram, q->avail, AVAIL_RING_AT + 2u * q->num);
    if (!avail || !guest_ram_ptr(ram, q->desc, (uint64_t)DESC_SIZE * q->num))
        return VIRTQ_BROKEN;
    uint16_t pending = (uint16_t)(le16(avail + 2) - q->last_avail);
    if (pending == 0)
        return VIRTQ_EMPTY;
    if (pending > q->num)
        return VIRTQ_BROKEN;
    uint16_t head = le16(avail + AVAIL_RING_AT + 2u * (q->last_avail % q->num));
    if (head >= q->num)
        return VIRTQ_BROKEN;
    req->head = head;
    req->count = 0;
    req->readable = req->writable = 0;
    if (!walk_chain(q, req, ram, head))
        return VIRTQ_BROKEN;
    q->last_avail++;
    return VIRTQ_REQUEST;
}

bool virtq_push(struct virtq *q, const struct guest_ram *ram, uint16_t head, uint32_t written)
{
    uint8_t *used = guest_ram_ptr(ram, q->used, USED_RING_AT + (uint64_t)USED_ELEM_SIZE * q->num);
    if (!used)
        return false;
    uint8_t *elem = used + USED_RING_AT + USED_ELEM_SIZE * (q->used_idx % q->num);
    put_le32(elem, head);
    put_le32(elem + 4, written);
    q->used_idx++;
    put_le16(used + 2, q->used_idx);
    if (ram->written)
        ram->written(ram->ctx, q->used, USED_RING_AT + (uint64_t)USED_ELEM_SIZE * q->num);
    return true;
}

bool virtq_wants_interrupt(const struct virtq *q, const struct guest_ram *ram)
{
    const uint8_t *avail = guest_ram_ptr(ram, q->avail, 2);
    return !avail || !(le16(avail) & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

/* Walks the buffers of one kind from `offset`, calling copy on each piece. */
static uint64_t copy_bufs(const struct virtq_req *req, const struct guest_ram *ram, bool write, uint64_t offset,
                          uint8_t *host, uint64_t len, bool to_guest)
{
    uint64_t done = 0;
    for (unsigned i = 0; i < req->count && done < len; i++) {
        const struct virtq_buf *b = &req->bufs[i];
        if (b->write != write)
            continue;
        if (offset >= b->len) {
            offset -= b->len;
            continue;
        }
        uint64_t n = b->len - offset;
        if (n > len - done)
            n = len - done;
        uint8_t *g = guest_ram_ptr(ram, b->pa + offset, n); /* inside a checked buffer */
        if (to_guest) {
            memcpy(g, host + done, n);
            if (ram->written)
                ram->written(ram->ctx, b->pa + offset, n);
        } else {
            memcpy(host + done, g, n);
        }
        done += n;
        offset = 0;
    }
    return done;
}

uint64_t virtq_req_read(const struct virtq_req *req, const struct guest_ram *ram, uint64_t offset, void *dst,
                        uint64_t len)
{
    return copy_bufs(req, ram, false, offset, dst, len, false);
}

uint64_t virtq_req_write(const struct virtq_req *req, const struct guest_ram *ram, uint64_t offset, const void *src,
                         uint64_t len)
{
    return copy_bufs(req, ram, true, offset, (uint8_t *)src, len, true);
}

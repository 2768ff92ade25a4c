/* virtio-blk (board/virtio_blk.h), VIRTIO 1.1 section 5.2. A request (5.2.6) is a 16-byte
 * device-readable header {le32 type; le32 reserved; le64 sector}, the data (device-readable
 * for writes, device-writable for reads), and a final device-writable status byte. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include "virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { HEADER_SIZE = 16, ID_BYTES = 20, CONFIG_SIZE = 24 };

struct virtio_blk {
    struct virtio_device dev;
    int fd;
    bool read_only;
    uint64_t sectors;
    uint8_t config[CONFIG_SIZE]; /* virtio_blk_config up to blk_size (5.2.4) */
};

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Moves `len` bytes between the file at `pos` and the request's buffers of one kind, from byte
 * `skip` of their concatenation: directly into or out of guest RAM. */
static bool transfer(struct virtio_blk *blk, const struct virtq_req *req, const struct guest_ram *ram, bool to_guest,
                     uint64_t skip, uint64_t pos, uint64_t len)
{
    for (unsigned i = 0; i < req->count && len; i++) {
        const struct virtq_buf *b = &req->bufs[i];
        if (b->write != to_guest)
            continue;
        if (skip >= b->len) {
            skip -= b->len;
            continue;
        }
        uint64_t n = b->len - skip < len ? b->len - skip : len;
        uint8_t *host = guest_ram_ptr(ram, b->pa + skip, n); /* inside a checked buffer */
        ssize_t done = to_guest ? pread(blk->fd, host, n, (off_t)pos) : pwrite(blk->fd, host, n, (off_t)pos);
        if (done < 0 || (uint64_t)done != n)
            return false;
        if (to_guest && ram->written)
            ram->written(ram->ctx, b->pa + skip, n);
        pos += n;
        len -= n;
        skip = 0;
    }
    return len == 0;
}

/* Data of whole sectors inside the disk? */
static bool in_disk(const struct virtio_blk *blk, uint64_t sector, uint64_t len)
{
    return len % VIRTIO_BLK_SECTOR == 0 && sector <= blk->sectors && len / VIRTIO_BLK_SECTOR <= blk->sectors - sector;
}

/* Serves one request and returns its status (5.2.6.1); *data = bytes written to the driver
 * before the status byte. */
static uint8_t serve(struct virtio_blk *blk, const struct virtq_req *req, const struct guest_ram *ram, uint64_t *data)
{
    uint8_t header[HEADER_SIZE];
    *data = 0;
    if (virtq_req_read(req, ram, 0, header, HEADER_SIZE) != HEADER_SIZE)
        return VIRTIO_BLK_S_IOERR;
    uint32_t type = (uint32_t)header[0] | (uint32_t)header[1] << 8 | (uint32_t)header[2] << 16 | (uint32_t)header[3] << 24;
    uint64_t sector = 0;
    for (unsigned i = 0; i < 8; i++)
        sector |= (uint64_t)header[8 + i] << (8 * i);
    uint64_t in_len = req->writable - 1, out_len = req->readable - HEADER_SIZE;
    switch (type) {
    case VIRTIO_BLK_T_IN:
        if (!in_disk(blk, sector, in_len) || !transfer(blk, req, ram, true, 0, sector * VIRTIO_BLK_SECTOR, in_len))
            return VIRTIO_BLK_S_IOERR;
        *data = in_len;
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_OUT:
        if (blk->read_only || !in_disk(blk, sector, out_len) ||
            !transfer(blk, req, ram, false, HEADER_SIZE, sector * VIRTIO_BLK_SECTOR, out_len))
            return VIRTIO_BLK_S_IOERR;
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_FLUSH:
        return blk->read_only || fsync(blk->fd) == 0 ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
    case VIRTIO_BLK_T_GET_ID: {
        /* No serial number: the 20 bytes are zero, as QEMU answers for a drive without serial= */
        static const uint8_t id[ID_BYTES];
        *data = virtq_req_write(req, ram, 0, id, in_len < ID_BYTES ? in_len : ID_BYTES);
        return VIRTIO_BLK_S_OK;
    }
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static int64_t blk_request(void *ctx, unsigned queue, const struct virtq_req *req, const struct guest_ram *ram)
{
    (void)queue;
    if (req->writable == 0)
        return -1; /* nowhere to put the status */
    uint64_t data;
    uint8_t status = req->readable >= HEADER_SIZE ? serve(ctx, req, ram, &data) : VIRTIO_BLK_S_IOERR;
    if (status != VIRTIO_BLK_S_OK)
        data = 0;
    virtq_req_write(req, ram, req->writable - 1, &status, 1);
    return (int64_t)(data + 1);
}

struct virtio_blk *virtio_blk_open(const char *path, bool read_only, char *err, size_t errlen)
{
    int fd = open(path, read_only ? O_RDONLY : O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot use drive '%s': %s", path, fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    struct virtio_blk *blk = calloc(1, sizeof *blk);
    if (!blk) {
        close(fd);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    blk->fd = fd;
    blk->read_only = read_only;
    blk->sectors = (uint64_t)st.st_size / VIRTIO_BLK_SECTOR;
    put_le(blk->config, blk->sectors, 8);             /* capacity, in 512-byte sectors */
    put_le(blk->config + 12, VIRTQ_MAX_SIZE - 2, 4);  /* seg_max: a chain also holds header and status */
    blk->dev = (struct virtio_device){
        .device_id = VIRTIO_ID_BLOCK,
        .features = VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_FLUSH | (read_only ? VIRTIO_BLK_F_RO : 0),
        .queues = 1,
        .config = blk->config,
        .config_size = CONFIG_SIZE,
        .request = blk_request,
        .ctx = blk,
    };
    return blk;
}

void virtio_blk_close(struct virtio_blk *blk)
{
    if (!blk)
        return;
    close(blk->fd);
    free(blk);
}

const struct virtio_device *virtio_blk_device(const struct virtio_blk *blk) { return &blk->dev; }

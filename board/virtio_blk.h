/* virtio block device (VIRTIO 1.1 section 5.2) over a raw image file (--drive FILE[,ro]):
 * reads, writes (straight to the file, so they are there when elsim exits), flush, and GET_ID.
 * A read-only drive offers VIRTIO_BLK_F_RO and fails every write request with
 * VIRTIO_BLK_S_IOERR. A request the device can still answer but not serve (short header, data
 * not a whole number of sectors, beyond the disk's end) completes with VIRTIO_BLK_S_IOERR; one
 * without room for the status byte breaks the queue (DEVICE_NEEDS_RESET). */
#ifndef ELSIM_BOARD_VIRTIO_BLK_H
#define ELSIM_BOARD_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>

#include "virtio_mmio.h"

#define VIRTIO_ID_BLOCK 2u

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)

/* Request types and status values (5.2.6). */
enum { VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4, VIRTIO_BLK_T_GET_ID = 8 };
enum { VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2 };

#define VIRTIO_BLK_SECTOR 512u

struct virtio_blk;

/* Opens the image (read-write unless read_only). NULL with a one-line message naming the file. */
struct virtio_blk *virtio_blk_open(const char *path, bool read_only, char *err, size_t errlen);
void virtio_blk_close(struct virtio_blk *blk);
const struct virtio_device *virtio_blk_device(const struct virtio_blk *blk);

#endif

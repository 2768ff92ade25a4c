/* virtio entropy device (VIRTIO 1.1 section 5.4): one request queue whose device-writable
 * buffers the device fills with random bytes. In elsim's deterministic mode the bytes come from
 * a fixed-seed generator (splitmix64, seed VIRTIO_RNG_SEED), so every run sees the same
 * "entropy"; with --realtime they come from the host's getrandom(). */
#ifndef ELSIM_BOARD_VIRTIO_RNG_H
#define ELSIM_BOARD_VIRTIO_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio_mmio.h"

#define VIRTIO_ID_ENTROPY 4u
#define VIRTIO_RNG_SEED 0x656C73696D726E67ull /* "elsimrng" */

/* Random bytes: from the host (host_entropy), else the next outputs of the splitmix64
 * generator whose state is *state (Steele, Lea, Flood: "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), little-endian. */
void entropy_fill(uint64_t *state, bool host_entropy, void *buf, size_t len);

struct virtio_rng;

struct virtio_rng *virtio_rng_create(bool host_entropy);
void virtio_rng_destroy(struct virtio_rng *rng);
const struct virtio_device *virtio_rng_device(const struct virtio_rng *rng);

#endif

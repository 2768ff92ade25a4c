/* virtio-rng (board/virtio_rng.h), VIRTIO 1.1 section 5.4. */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* getrandom */
#endif
#include "virtio_rng.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* The largest request served at once; a bigger buffer is filled only this far (5.4.6.1: the
 * device may fill less than the whole buffer). */
#define RNG_MAX_REQUEST 65536u

struct virtio_rng {
    struct virtio_device dev;
    uint64_t state;
    bool host_entropy;
    uint8_t buf[RNG_MAX_REQUEST];
};

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void entropy_fill(uint64_t *state, bool host_entropy, void *buf, size_t len)
{
    uint8_t *p = buf;
    if (host_entropy) {
        while (len) {
            ssize_t n = getrandom(p, len, 0);
            if (n <= 0)
                break; /* interrupted or unavailable: finish from the generator */
            p += n;
            len -= (size_t)n;
        }
    }
    while (len) {
        uint64_t v = splitmix64(state);
        for (unsigned i = 0; i < 8 && len; i++, len--)
            *p++ = (uint8_t)(v >> (8 * i));
    }
}

static int64_t rng_request(void *ctx, unsigned queue, const struct virtq_req *req, const struct guest_ram *ram)
{
    (void)queue;
    struct virtio_rng *rng = ctx;
    uint64_t len = req->writable < RNG_MAX_REQUEST ? req->writable : RNG_MAX_REQUEST;
    entropy_fill(&rng->state, rng->host_entropy, rng->buf, len);
    return (int64_t)virtq_req_write(req, ram, 0, rng->buf, len);
}

struct virtio_rng *virtio_rng_create(bool host_entropy)
{
    struct virtio_rng *rng = calloc(1, sizeof *rng);
    if (!rng)
        return NULL;
    rng->dev = (struct virtio_device){ .device_id = VIRTIO_ID_ENTROPY, .queues = 1, .request = rng_request, .ctx = rng };
    rng->state = VIRTIO_RNG_SEED;
    rng->host_entropy = host_entropy;
    return rng;
}

void virtio_rng_destroy(struct virtio_rng *rng) { free(rng); }
const struct virtio_device *virtio_rng_device(const struct virtio_rng *rng) { return &rng->dev; }

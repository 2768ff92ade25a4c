/* What the guest finds in RAM at boot besides its image (DESIGN.md section 3, docs/devices.md):
 * the --initrd file at the first 2 MiB boundary after the image, the --module files at their
 * addresses, and the device tree at the first 2 MiB boundary after all of them (Linux's
 * Documentation/arm64/booting.rst: 8-byte aligned, at most 2 MiB, and alone in its 2 MiB
 * region). With nothing in RAM (firmware in flash) the tree is at the RAM base, where QEMU puts
 * it and U-Boot's qemu-arm board looks for it. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include "virt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "block.h"
#include "dtb.h"
#include "virtio_rng.h"

#define BOOT_ALIGN (2ull << 20)
/* Seed of the deterministic /chosen rng-seed (a stream apart from virtio-rng's). */
#define DTB_SEED 0x656C73696D647462ull /* "elsimdtb" */

static uint64_t align_up(uint64_t v) { return (v + BOOT_ALIGN - 1) & ~(BOOT_ALIGN - 1); }

/* Host pointer for [pa, pa+len) in RAM, or NULL. */
static uint8_t *ram_ptr(struct elsim *m, uint64_t pa, uint64_t len)
{
    if (pa < VIRT_RAM_BASE || pa - VIRT_RAM_BASE > m->ram_size || len > m->ram_size - (pa - VIRT_RAM_BASE))
        return NULL;
    virt_note_load(m, pa, len);
    return m->ram + (pa - VIRT_RAM_BASE);
}

/* Reads a whole file of at most max bytes; NULL with a message naming what it is for. */
static uint8_t *read_file(const char *path, const char *what, uint64_t max, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot read %s '%s': %s", what, path, f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return NULL;
    }
    if ((uint64_t)st.st_size > max) {
        snprintf(err, errlen, "%s '%s' is too large (%llu bytes)", what, path, (unsigned long long)st.st_size);
        fclose(f);
        return NULL;
    }
    uint8_t *data = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!data || fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        snprintf(err, errlen, "cannot read %s '%s'", what, path);
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = (size_t)st.st_size;
    return data;
}

/* Loads a file into RAM at pa; false with a message if it does not fit. */
static bool load_file(struct elsim *m, const char *path, const char *what, uint64_t pa, uint64_t *size, char *err,
                      size_t errlen)
{
    size_t len;
    uint8_t *data = read_file(path, what, m->ram_size, &len, err, errlen);
    if (!data)
        return false;
    uint8_t *dst = ram_ptr(m, pa, len);
    if (dst)
        memcpy(dst, data, len);
    else
        snprintf(err, errlen, "%s '%s' (%zu bytes) does not fit in RAM at 0x%llx", what, path, len,
                 (unsigned long long)pa);
    free(data);
    *size = len;
    return dst != NULL;
}

static void *build_dtb(struct elsim *m, struct dtb_config *c, size_t *size, char *err, size_t errlen)
{
    if (!m->options.dtb)
        return dtb_build(c, size, err, errlen);
    size_t len;
    uint8_t *blob = read_file(m->options.dtb, "device tree", DTB_MAX_SIZE, &len, err, errlen);
    if (!blob)
        return NULL;
    char name[300];
    snprintf(name, sizeof name, "'%s'", m->options.dtb);
    void *out = dtb_patch(blob, len, name, c, size, err, errlen);
    free(blob);
    return out;
}

bool virt_prepare_boot(struct elsim *m, char *err, size_t errlen)
{
    const struct elsim_options *o = &m->options;
    uint64_t end = m->images_end;
    struct dtb_config c = { .cpus = m->cpu_count, .gic_version = m->gic_version, .ram_base = VIRT_RAM_BASE,
                            .ram_size = m->ram_size, .bootargs = o->append };
    if (o->initrd) {
        uint64_t size;
        c.initrd_start = align_up(end);
        if (!load_file(m, o->initrd, "initrd", c.initrd_start, &size, err, errlen))
            return false;
        c.has_initrd = true;
        c.initrd_end = c.initrd_start + size;
        end = c.initrd_end;
    }
    struct dtb_module modules[16];
    if (o->module_count > sizeof modules / sizeof modules[0]) {
        snprintf(err, errlen, "at most %zu modules", sizeof modules / sizeof modules[0]);
        return false;
    }
    for (unsigned i = 0; i < o->module_count; i++) {
        modules[i] = (struct dtb_module){ .addr = o->modules[i].addr, .bootargs = o->modules[i].bootargs };
        if (!load_file(m, o->modules[i].path, "module", modules[i].addr, &modules[i].size, err, errlen))
            return false;
        if (modules[i].addr + modules[i].size > end)
            end = modules[i].addr + modules[i].size;
    }
    c.modules = modules;
    c.module_count = o->module_count;
    /* Deterministic mode: a fixed rng-seed and no kaslr-seed, so the kernel's layout is the same
     * every run; --realtime: host entropy for both. */
    uint8_t rng_seed[32], kaslr_seed[8];
    uint64_t state = DTB_SEED;
    entropy_fill(&state, m->realtime, rng_seed, sizeof rng_seed);
    c.rng_seed = rng_seed;
    if (m->realtime) {
        entropy_fill(&state, true, kaslr_seed, sizeof kaslr_seed);
        c.kaslr_seed = kaslr_seed;
    }
    size_t size;
    void *dtb = build_dtb(m, &c, &size, err, errlen);
    if (!dtb)
        return false;
    uint64_t addr = align_up(end);
    uint8_t *dst = ram_ptr(m, addr, size);
    if (!dst) {
        snprintf(err, errlen, "no room in RAM for the device tree after 0x%llx", (unsigned long long)end);
        free(dtb);
        return false;
    }
    memcpy(dst, dtb, size);
    free(m->dtb);
    m->dtb = dtb;
    m->dtb_size = size;
    m->dtb_addr = addr;
    block_cache_invalidate_all(m->blocks);
    return true;
}

const void *elsim_dtb(struct elsim *m, size_t *size, char *err, size_t errlen)
{
    if (!m->dtb && !virt_prepare_boot(m, err, errlen))
        return NULL;
    *size = m->dtb_size;
    return m->dtb;
}

/* The flattened device tree (DTB) the `virt` board hands its guest: generated with libfdt to be
 * equivalent to QEMU's `virt,virtualization=on` tree for the same options (DESIGN.md section 2,
 * docs/devices.md), or a user's tree with its /chosen node patched. */
#ifndef ELSIM_BOARD_DTB_H
#define ELSIM_BOARD_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A boot module for a hypervisor (--module): Xen's docs/misc/arm/device-tree/booting.txt. */
struct dtb_module {
    uint64_t addr, size;
    const char *bootargs;         /* NULL = none */
};

/* What the tree describes. */
struct dtb_config {
    unsigned cpus;
    unsigned gic_version;         /* 2 or 3 */
    uint64_t ram_base, ram_size;
    /* /chosen */
    const char *bootargs;         /* NULL = none */
    bool has_initrd;
    uint64_t initrd_start, initrd_end;
    const struct dtb_module *modules; /* the first is dom0's kernel, the second its ramdisk */
    unsigned module_count;
    const uint8_t *rng_seed;      /* 32 bytes for /chosen rng-seed, or NULL */
    const uint8_t *kaslr_seed;    /* 8 bytes for /chosen kaslr-seed, or NULL */
};

/* The largest tree accepted or built: Linux's limit (Documentation/arm64/booting.rst). */
#define DTB_MAX_SIZE (2u << 20)

/* Builds the board's tree. Returns a malloc'ed blob (its size in *size), or NULL with a one-line
 * message. */
void *dtb_build(const struct dtb_config *config, size_t *size, char *err, size_t errlen);

/* Copies a user's tree (checked with fdt_check_full) and sets in /chosen what the config gives
 * (bootargs, initrd, modules, seeds) plus stdout-path if the tree has none. Returns a malloc'ed
 * blob, or NULL with a one-line message naming `name`. */
void *dtb_patch(const void *blob, size_t len, const char *name, const struct dtb_config *config, size_t *size,
                char *err, size_t errlen);

#endif

/* Guest image loaders: AArch64 ELF executables (ELF-64 Object File Format and the AArch64 ELF
 * ABI), Linux arm64 Image files (Linux Documentation/arm64/booting.rst) and raw binaries.
 * Images are untrusted input: every field is checked, and a bad image is refused with a one-line
 * message naming the file and the problem, before any guest memory is written. */
#ifndef ELSIM_BOARD_LOADER_H
#define ELSIM_BOARD_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct load_target {
    void *ctx;
    /* Host pointer for guest physical [pa, pa+len) if that whole range is loadable memory (RAM or
     * flash), else NULL. */
    uint8_t *(*host_ptr)(void *ctx, uint64_t pa, uint64_t len);
};

enum image_kind { IMAGE_ELF, IMAGE_LINUX, IMAGE_RAW };

struct loaded_image {
    enum image_kind kind;
    uint64_t entry;
    uint64_t low, high; /* physical extent [low, high) */
};

/* Files larger than this are refused rather than read into memory. */
#define LOADER_MAX_FILE_SIZE (4ull << 30)

/* Detects the kind: ELF by magic, Linux arm64 Image by the "ARM\x64" magic at offset 56, else raw.
 * raw_addr: where a raw binary goes (--load-addr, default RAM base); ram_base: for Linux Image
 * placement (ram_base + text_offset). On failure returns false with a one-line message in err. */
bool loader_load_file(const char *path, uint64_t raw_addr, uint64_t ram_base,
                      const struct load_target *t, struct loaded_image *out, char *err,
                      size_t errlen);

/* The same for an image already in memory; name is used in error messages. */
bool loader_load_buffer(const uint8_t *data, size_t len, const char *name, uint64_t raw_addr,
                        uint64_t ram_base, const struct load_target *t, struct loaded_image *out,
                        char *err, size_t errlen);

/* "ELF", "Linux Image" or "raw binary". */
const char *loader_kind_name(enum image_kind kind);

#endif

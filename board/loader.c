/* Guest image loaders. Every image is validated completely before the first byte of guest memory
 * is written, so a refused image leaves memory untouched.
 *
 * ELF (System V gABI "ELF-64 Object File Format", AArch64 ELF ABI): ELFCLASS64, ELFDATA2LSB,
 * EM_AARCH64, and e_type ET_EXEC or ET_DYN. ET_DYN images are accepted for position-independent
 * bare-metal programs that relocate themselves: like ET_EXEC they are loaded without relocation,
 * each PT_LOAD at its p_paddr, and started at e_entry unchanged. Program header indexes in
 * messages count from 0, as readelf prints them.
 *
 * Linux arm64 Image (Documentation/arm64/booting.rst): 64-byte header with text_offset at 8,
 * image_size at 16, flags at 24 and the magic "ARM\x64" at 56; loaded at ram_base + text_offset
 * (ram_base must be 2 MiB aligned, as the protocol requires of the base). */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ELF identification and header constants (gABI, "ELF Header"). */
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_AARCH64 183
#define PT_LOAD 1
#define PN_XNUM 0xFFFF
#define ELF64_EHDR_SIZE 64
#define ELF64_PHDR_SIZE 56

/* Linux arm64 Image header (booting.rst, "Call the kernel image"). */
#define LINUX_HEADER_SIZE 64
#define LINUX_TEXT_OFFSET_AT 8
#define LINUX_IMAGE_SIZE_AT 16
#define LINUX_FLAGS_AT 24
#define LINUX_MAGIC_AT 56
#define LINUX_FLAG_BIG_ENDIAN 1u
/* Kernels before v3.17 have image_size 0 and an unspecified-endianness text_offset, which the
 * protocol says to take as 0x80000. */
#define LINUX_LEGACY_TEXT_OFFSET 0x80000u

static const uint8_t elf_magic[4] = {0x7F, 'E', 'L', 'F'};
static const uint8_t linux_magic[4] = {'A', 'R', 'M', 0x64};

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static bool
fail(char *err, size_t errlen, const char *name, const char *format, ...)
{
    va_list args;
    int used;

    if (!err || errlen == 0)
        return false;
    used = snprintf(err, errlen, "%s: ", name);
    if (used >= 0 && (size_t)used < errlen) {
        va_start(args, format);
        vsnprintf(err + used, errlen - (size_t)used, format, args);
        va_end(args);
    }
    return false;
}

const char *loader_kind_name(enum image_kind kind)
{
    switch (kind) {
    case IMAGE_ELF:
        return "ELF";
    case IMAGE_LINUX:
        return "Linux Image";
    case IMAGE_RAW:
        return "raw binary";
    }
    return "unknown";
}

/* ---- ELF ---- */

struct elf_segment {
    unsigned index; /* in the program header table */
    uint64_t offset, filesz, paddr, memsz;
    uint8_t *host;
};

static int compare_segment_address(const void *a, const void *b)
{
    const struct elf_segment *left = a, *right = b;

    if (left->paddr != right->paddr)
        return left->paddr < right->paddr ? -1 : 1;
    return left->index < right->index ? -1 : (left->index > right->index);
}

/* Validates the ELF header; on success *phoff, *phentsize and *phnum describe the program header
 * table, which lies inside the file. */
static bool check_elf_header(const uint8_t *data, size_t len, const char *name, uint64_t *phoff,
                             unsigned *phentsize, unsigned *phnum, char *err, size_t errlen)
{
    unsigned type, machine, ehsize;
    uint64_t table_size;

    if (len < ELF64_EHDR_SIZE)
        return fail(err, errlen, name, "ELF header truncated (file is %zu bytes, needs %d)", len,
                    ELF64_EHDR_SIZE);
    if (data[EI_CLASS] != ELFCLASS64)
        return fail(err, errlen, name, "not a 64-bit ELF file (EI_CLASS %u)", data[EI_CLASS]);
    if (data[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, name, "not a little-endian ELF file (EI_DATA %u)", data[EI_DATA]);
    if (data[EI_VERSION] != EV_CURRENT || le32(data + 20) != EV_CURRENT)
        return fail(err, errlen, name, "unsupported ELF version %u", data[EI_VERSION]);
    machine = le16(data + 18);
    if (machine != EM_AARCH64)
        return fail(err, errlen, name, "ELF machine %u is not AArch64 (%u)", machine, EM_AARCH64);
    type = le16(data + 16);
    if (type != ET_EXEC && type != ET_DYN)
        return fail(err, errlen, name, "ELF type %u is not an executable (ET_EXEC or ET_DYN)",
                    type);
    ehsize = le16(data + 52);
    if (ehsize < ELF64_EHDR_SIZE)
        return fail(err, errlen, name, "ELF header size %u is smaller than %d", ehsize,
                    ELF64_EHDR_SIZE);
    *phoff = le64(data + 32);
    *phentsize = le16(data + 54);
    *phnum = le16(data + 56);
    if (*phnum == 0)
        return fail(err, errlen, name, "ELF file has no program headers");
    if (*phnum == PN_XNUM)
        return fail(err, errlen, name, "ELF extended program header numbering is not supported");
    if (*phentsize < ELF64_PHDR_SIZE)
        return fail(err, errlen, name, "ELF program header size %u is smaller than %d",
                    *phentsize, ELF64_PHDR_SIZE);
    table_size = (uint64_t)*phentsize * *phnum;
    if (*phoff > len || table_size > len - *phoff)
        return fail(err, errlen, name,
                    "ELF program header table at 0x%" PRIx64 " (0x%" PRIx64
                    " bytes) is outside the file (%zu bytes)",
                    *phoff, table_size, len);
    return true;
}

/* Reads and checks the PT_LOAD program header number index (at header) into *segment; len is the
 * file size. */
static bool check_elf_segment(const uint8_t *header, size_t len, const char *name, unsigned index,
                              const struct load_target *t, struct elf_segment *segment, char *err,
                              size_t errlen)
{
    segment->index = index;
    segment->offset = le64(header + 8);
    segment->paddr = le64(header + 24);
    segment->filesz = le64(header + 32);
    segment->memsz = le64(header + 40);
    segment->host = NULL;

    if (segment->filesz > segment->memsz)
        return fail(err, errlen, name,
                    "ELF segment %u file size 0x%" PRIx64 " exceeds its memory size 0x%" PRIx64,
                    index, segment->filesz, segment->memsz);
    if (segment->offset > len || segment->filesz > len - segment->offset)
        return fail(err, errlen, name,
                    "ELF segment %u data at offset 0x%" PRIx64 " (0x%" PRIx64
                    " bytes) is outside the file (%zu bytes)",
                    index, segment->offset, segment->filesz, len);
    if (segment->memsz == 0)
        return true;
    if (segment->paddr + segment->memsz < segment->paddr || segment->paddr + segment->memsz == 0)
        return fail(err, errlen, name,
                    "ELF segment %u at 0x%" PRIx64 " (0x%" PRIx64
                    " bytes) wraps around the address space",
                    index, segment->paddr, segment->memsz);
    segment->host = t->host_ptr(t->ctx, segment->paddr, segment->memsz);
    if (!segment->host)
        return fail(err, errlen, name,
                    "ELF segment %u [0x%" PRIx64 ",0x%" PRIx64 ") is not in RAM or flash", index,
                    segment->paddr, segment->paddr + segment->memsz);
    return true;
}

static bool load_elf(const uint8_t *data, size_t len, const char *name,
                     const struct load_target *t, struct loaded_image *out, char *err,
                     size_t errlen)
{
    uint64_t phoff = 0;
    unsigned phentsize = 0, phnum = 0, count = 0;
    struct elf_segment *segments;
    bool ok = true;

    if (!check_elf_header(data, len, name, &phoff, &phentsize, &phnum, err, errlen))
        return false;
    segments = calloc(phnum, sizeof(*segments));
    if (!segments)
        return fail(err, errlen, name, "out of memory");

    for (unsigned i = 0; i < phnum && ok; i++) {
        const uint8_t *header = data + phoff + (uint64_t)i * phentsize;

        if (le32(header) != PT_LOAD)
            continue;
        ok = check_elf_segment(header, len, name, i, t, &segments[count], err, errlen);
        if (ok && segments[count].memsz > 0)
            count++;
    }
    if (ok && count == 0)
        ok = fail(err, errlen, name, "ELF file has no loadable (PT_LOAD) segments");
    if (ok) {
        qsort(segments, count, sizeof(*segments), compare_segment_address);
        for (unsigned i = 1; i < count && ok; i++) {
            const struct elf_segment *a = &segments[i - 1], *b = &segments[i];
            const struct elf_segment *first = a->index < b->index ? a : b;
            const struct elf_segment *second = a->index < b->index ? b : a;

            if (b->paddr < a->paddr + a->memsz)
                ok = fail(err, errlen, name,
                          "ELF segments %u [0x%" PRIx64 ",0x%" PRIx64 ") and %u [0x%" PRIx64
                          ",0x%" PRIx64 ") overlap",
                          first->index, first->paddr, first->paddr + first->memsz, second->index,
                          second->paddr, second->paddr + second->memsz);
        }
    }
    if (ok) {
        out->kind = IMAGE_ELF;
        out->entry = le64(data + 24);
        out->low = segments[0].paddr;
        out->high = 0;
        for (unsigned i = 0; i < count; i++) {
            const struct elf_segment *s = &segments[i];

            memcpy(s->host, data + s->offset, (size_t)s->filesz);
            memset(s->host + s->filesz, 0, (size_t)(s->memsz - s->filesz));
            if (s->paddr + s->memsz > out->high)
                out->high = s->paddr + s->memsz;
        }
    }
    free(segments);
    return ok;
}

/* ---- Linux arm64 Image and raw binaries ---- */

static bool is_linux_image(const uint8_t *data, size_t len)
{
    return len >= LINUX_HEADER_SIZE && memcmp(data + LINUX_MAGIC_AT, linux_magic, 4) == 0;
}

/* Copies data to [address, address + extent), zeroing past the file; extent >= len. */
static bool place_blob(const uint8_t *data, size_t len, const char *name, const char *what,
                       uint64_t address, uint64_t extent, const struct load_target *t,
                       char *err, size_t errlen)
{
    uint8_t *host;

    if (address + extent < address || address + extent == 0)
        return fail(err, errlen, name,
                    "%s at 0x%" PRIx64 " (0x%" PRIx64 " bytes) wraps around the address space",
                    what, address, extent);
    host = t->host_ptr(t->ctx, address, extent);
    if (!host)
        return fail(err, errlen, name, "%s [0x%" PRIx64 ",0x%" PRIx64 ") is not in RAM or flash",
                    what, address, address + extent);
    memcpy(host, data, len);
    memset(host + len, 0, (size_t)(extent - len));
    return true;
}

static bool load_linux_image(const uint8_t *data, size_t len, const char *name, uint64_t ram_base,
                             const struct load_target *t, struct loaded_image *out, char *err,
                             size_t errlen)
{
    uint64_t text_offset = le64(data + LINUX_TEXT_OFFSET_AT);
    uint64_t image_size = le64(data + LINUX_IMAGE_SIZE_AT);
    uint64_t flags = le64(data + LINUX_FLAGS_AT);
    uint64_t address, extent;

    if (flags & LINUX_FLAG_BIG_ENDIAN)
        return fail(err, errlen, name, "big-endian Linux Image is not supported");
    if (image_size == 0)
        text_offset = LINUX_LEGACY_TEXT_OFFSET;
    address = ram_base + text_offset;
    if (address < ram_base)
        return fail(err, errlen, name,
                    "Linux Image text_offset 0x%" PRIx64 " wraps around the address space",
                    text_offset);
    extent = image_size > len ? image_size : len;
    if (!place_blob(data, len, name, "Linux Image", address, extent, t, err, errlen))
        return false;
    out->kind = IMAGE_LINUX;
    out->entry = address;
    out->low = address;
    out->high = address + extent;
    return true;
}

static bool load_raw(const uint8_t *data, size_t len, const char *name, uint64_t raw_addr,
                     const struct load_target *t, struct loaded_image *out, char *err,
                     size_t errlen)
{
    if (!place_blob(data, len, name, "raw image", raw_addr, len, t, err, errlen))
        return false;
    out->kind = IMAGE_RAW;
    out->entry = raw_addr;
    out->low = raw_addr;
    out->high = raw_addr + len;
    return true;
}

bool loader_load_buffer(const uint8_t *data, size_t len, const char *name, uint64_t raw_addr,
                        uint64_t ram_base, const struct load_target *t, struct loaded_image *out,
                        char *err, size_t errlen)
{
    if (!name)
        name = "image";
    if (!data || len == 0)
        return fail(err, errlen, name, "file is empty");
    if (len >= sizeof(elf_magic) && memcmp(data, elf_magic, sizeof(elf_magic)) == 0)
        return load_elf(data, len, name, t, out, err, errlen);
    if (is_linux_image(data, len))
        return load_linux_image(data, len, name, ram_base, t, out, err, errlen);
    return load_raw(data, len, name, raw_addr, t, out, err, errlen);
}

bool loader_load_file(const char *path, uint64_t raw_addr, uint64_t ram_base,
                      const struct load_target *t, struct loaded_image *out, char *err,
                      size_t errlen)
{
    struct stat status;
    uint8_t *data;
    size_t size, got = 0;
    bool ok;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return fail(err, errlen, path, "cannot open: %s", strerror(errno));
    if (fstat(fd, &status) != 0) {
        int error = errno;
        close(fd);
        return fail(err, errlen, path, "cannot stat: %s", strerror(error));
    }
    if (!S_ISREG(status.st_mode)) {
        close(fd);
        return fail(err, errlen, path, "not a regular file");
    }
    if (status.st_size == 0) {
        close(fd);
        return fail(err, errlen, path, "file is empty");
    }
    if ((uint64_t)status.st_size > LOADER_MAX_FILE_SIZE || (uint64_t)status.st_size > SIZE_MAX) {
        close(fd);
        return fail(err, errlen, path, "file is too large (%jd bytes)", (intmax_t)status.st_size);
    }
    size = (size_t)status.st_size;
    data = malloc(size);
    if (!data) {
        close(fd);
        return fail(err, errlen, path, "out of memory reading %zu bytes", size);
    }
    while (got < size) {
        ssize_t n = read(fd, data + got, size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int error = errno;
            free(data);
            close(fd);
            return fail(err, errlen, path, "read error: %s", strerror(error));
        }
        if (n == 0) /* the file shrank since fstat: load what is there */
            break;
        got += (size_t)n;
    }
    close(fd);
    ok = loader_load_buffer(data, got, path, raw_addr, ram_base, t, out, err, errlen);
    free(data);
    return ok;
}

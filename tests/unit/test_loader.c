/* Unit tests of the image loaders (board/loader.c): ELF64, Linux arm64 Image, raw binaries. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board_suites.h"
#include "loader.h"

/* A small machine: 64 KiB of flash at 0 and 1 MiB of RAM at 0x4000_0000. */
#define FLASH_BASE 0x0u
#define FLASH_SIZE 0x10000u
#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x100000u
#define FILL 0xAA

static uint8_t flash[FLASH_SIZE];
static uint8_t ram[RAM_SIZE];

static uint8_t *host_ptr(void *ctx, uint64_t pa, uint64_t len)
{
    (void)ctx;
    if (pa <= FLASH_SIZE && len <= FLASH_SIZE - pa) /* flash starts at 0 */
        return flash + (pa - FLASH_BASE);
    if (pa >= RAM_BASE && pa - RAM_BASE <= RAM_SIZE && len <= RAM_SIZE - (pa - RAM_BASE))
        return ram + (pa - RAM_BASE);
    return NULL;
}

static const struct load_target target = {NULL, host_ptr};

static void fill_memory(void)
{
    memset(flash, FILL, sizeof(flash));
    memset(ram, FILL, sizeof(ram));
}

static bool all_bytes_are(const uint8_t *p, size_t len, uint8_t value)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] != value)
            return false;
    }
    return true;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/* ---- building ELF images in memory ---- */

struct segment_spec {
    uint32_t type;
    uint64_t offset, paddr, filesz, memsz;
};

#define ELF_BUFFER_SIZE 0x4000
#define PHOFF 64

/* An AArch64 ET_EXEC with the given program headers right after the ELF header; segment data is
 * a byte pattern (offset & 0xFF) ^ 0x5C over the whole file. Returns the file size used. */
static size_t build_elf(uint8_t *buf, const struct segment_spec *segments, unsigned count,
                        uint64_t entry)
{
    memset(buf, 0, ELF_BUFFER_SIZE);
    for (size_t i = PHOFF + 56u * count; i < ELF_BUFFER_SIZE; i++)
        buf[i] = (uint8_t)((i & 0xFF) ^ 0x5C);
    memcpy(buf, "\x7F" "ELF", 4);
    buf[4] = 2; /* ELFCLASS64 */
    buf[5] = 1; /* ELFDATA2LSB */
    buf[6] = 1; /* EV_CURRENT */
    put16(buf + 16, 2);   /* ET_EXEC */
    put16(buf + 18, 183); /* EM_AARCH64 */
    put32(buf + 20, 1);
    put64(buf + 24, entry);
    put64(buf + 32, PHOFF);
    put16(buf + 52, 64);
    put16(buf + 54, 56);
    put16(buf + 56, (uint16_t)count);
    for (unsigned i = 0; i < count; i++) {
        uint8_t *ph = buf + PHOFF + 56u * i;

        put32(ph, segments[i].type);
        put32(ph + 4, 5); /* R+X */
        put64(ph + 8, segments[i].offset);
        put64(ph + 16, segments[i].paddr + 0xFFFF000000000000ull); /* vaddr differs */
        put64(ph + 24, segments[i].paddr);
        put64(ph + 32, segments[i].filesz);
        put64(ph + 40, segments[i].memsz);
        put64(ph + 48, 0x1000);
    }
    return 0x2000;
}

static uint8_t elf[ELF_BUFFER_SIZE];
static char err[256];
static struct loaded_image image;

static bool load(const uint8_t *data, size_t len, const char *name)
{
    memset(&image, 0x77, sizeof(image));
    err[0] = '\0';
    return loader_load_buffer(data, len, name, RAM_BASE, RAM_BASE, &target, &image, err,
                              sizeof(err));
}

static void test_elf_valid(void)
{
    const struct segment_spec segments[] = {
        {1, 0x1000, 0x40001000, 0x10, 0x10},
        {4, 0x0, 0x0, 0x20, 0x20},             /* PT_NOTE: ignored */
        {1, 0x1800, 0x40002000, 0x8, 0x100},   /* with bss */
        {1, 0x1900, 0x40003000, 0x0, 0x0},     /* empty: ignored */
        {1, 0x100, 0x00000040, 0x4, 0x4},      /* into flash */
    };
    size_t len = build_elf(elf, segments, 5, 0x40001000);

    fill_memory();
    CU_ASSERT_TRUE_FATAL(load(elf, len, "kernel.elf"));
    CU_ASSERT_STRING_EQUAL(err, "");
    CU_ASSERT_EQUAL(image.kind, IMAGE_ELF);
    CU_ASSERT_EQUAL(image.entry, 0x40001000);
    CU_ASSERT_EQUAL(image.low, 0x40);
    CU_ASSERT_EQUAL(image.high, 0x40002100);
    CU_ASSERT_EQUAL(memcmp(ram + 0x1000, elf + 0x1000, 0x10), 0);
    CU_ASSERT_EQUAL(ram[0x1000], (0x00 ^ 0x5C));
    CU_ASSERT_EQUAL(ram[0x100F], (0x0F ^ 0x5C));
    CU_ASSERT_EQUAL(ram[0x0FFF], FILL);
    CU_ASSERT_EQUAL(ram[0x1010], FILL);
    CU_ASSERT_EQUAL(memcmp(ram + 0x2000, elf + 0x1800, 0x8), 0);
    CU_ASSERT_TRUE(all_bytes_are(ram + 0x2008, 0xF8, 0)); /* bss zeroed */
    CU_ASSERT_EQUAL(ram[0x2100], FILL);
    CU_ASSERT_EQUAL(ram[0x3000], FILL);
    CU_ASSERT_EQUAL(memcmp(flash + 0x40, elf + 0x100, 4), 0);
    CU_ASSERT_EQUAL(flash[0x44], FILL);
    CU_ASSERT_EQUAL(flash[0], FILL); /* PT_NOTE not loaded */
    CU_ASSERT_STRING_EQUAL(loader_kind_name(image.kind), "ELF");
}

static void test_elf_dyn_and_touching_segments(void)
{
    const struct segment_spec segments[] = {
        {1, 0x1000, 0x40010000, 0x100, 0x100},
        {1, 0x1100, 0x40010100, 0x100, 0x200}, /* starts where the first ends */
    };
    size_t len = build_elf(elf, segments, 2, 0x40010080);

    put16(elf + 16, 3); /* ET_DYN: loaded as is */
    fill_memory();
    CU_ASSERT_TRUE(load(elf, len, "pie.elf"));
    CU_ASSERT_EQUAL(image.entry, 0x40010080);
    CU_ASSERT_EQUAL(image.low, 0x40010000);
    CU_ASSERT_EQUAL(image.high, 0x40010300);
    CU_ASSERT_EQUAL(memcmp(ram + 0x10000, elf + 0x1000, 0x200), 0);
    CU_ASSERT_TRUE(all_bytes_are(ram + 0x10200, 0x100, 0));
}

/* Loads the image expecting failure with exactly message, and guest memory untouched. */
static void expect_failure(const uint8_t *data, size_t len, const char *name, const char *message)
{
    fill_memory();
    CU_ASSERT_FALSE(load(data, len, name));
    CU_ASSERT_STRING_EQUAL(err, message);
    CU_ASSERT_TRUE(all_bytes_are(ram, sizeof(ram), FILL));
    CU_ASSERT_TRUE(all_bytes_are(flash, sizeof(flash), FILL));
}

static const struct segment_spec one_segment[] = {{1, 0x1000, 0x40001000, 0x10, 0x20}};

static void test_elf_header_errors(void)
{
    size_t len = build_elf(elf, one_segment, 1, 0x40001000);

    elf[4] = 1;
    expect_failure(elf, len, "a.elf", "a.elf: not a 64-bit ELF file (EI_CLASS 1)");
    elf[4] = 2;
    elf[5] = 2;
    expect_failure(elf, len, "a.elf", "a.elf: not a little-endian ELF file (EI_DATA 2)");
    elf[5] = 1;
    elf[6] = 0;
    expect_failure(elf, len, "a.elf", "a.elf: unsupported ELF version 0");
    elf[6] = 1;
    put16(elf + 18, 62);
    expect_failure(elf, len, "a.elf", "a.elf: ELF machine 62 is not AArch64 (183)");
    put16(elf + 18, 183);
    put16(elf + 16, 1);
    expect_failure(elf, len, "a.elf",
                   "a.elf: ELF type 1 is not an executable (ET_EXEC or ET_DYN)");
    put16(elf + 16, 2);
    put16(elf + 52, 52);
    expect_failure(elf, len, "a.elf", "a.elf: ELF header size 52 is smaller than 64");
    put16(elf + 52, 64);
    put16(elf + 54, 32);
    expect_failure(elf, len, "a.elf", "a.elf: ELF program header size 32 is smaller than 56");
    put16(elf + 54, 56);
    put16(elf + 56, 0);
    expect_failure(elf, len, "a.elf", "a.elf: ELF file has no program headers");
    put16(elf + 56, 0xFFFF);
    expect_failure(elf, len, "a.elf",
                   "a.elf: ELF extended program header numbering is not supported");
    put16(elf + 56, 1);
    expect_failure(elf, 40, "a.elf", "a.elf: ELF header truncated (file is 40 bytes, needs 64)");
    expect_failure(elf, 100, "a.elf",
                   "a.elf: ELF program header table at 0x40 (0x38 bytes) is outside the file "
                   "(100 bytes)");
    put64(elf + 32, UINT64_MAX - 8); /* e_phoff + table size wraps */
    expect_failure(elf, len, "a.elf",
                   "a.elf: ELF program header table at 0xfffffffffffffff7 (0x38 bytes) is "
                   "outside the file (8192 bytes)");
    put64(elf + 32, PHOFF);
    CU_ASSERT_TRUE(load(elf, len, "a.elf")); /* every field restored */
}

static void test_elf_segment_errors(void)
{
    struct segment_spec segments[3] = {
        {1, 0x1000, 0x40001000, 0x10, 0x20},
        {1, 0x1000, 0x40001000, 0x10, 0x20},
        {1, 0x1000, 0x40001000, 0x10, 0x20},
    };
    size_t len;

    segments[1].paddr = 0x80000000;
    len = build_elf(elf, segments, 2, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segment 1 [0x80000000,0x80000020) is not in RAM or flash");

    segments[1].paddr = 0x400FFFF0; /* straddles the end of RAM */
    len = build_elf(elf, segments, 2, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segment 1 [0x400ffff0,0x40100010) is not in RAM or flash");

    segments[1].paddr = 0x40001010; /* overlaps segment 0's bss */
    segments[2].paddr = 0x40005000;
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segments 0 [0x40001000,0x40001020) and 1 "
                   "[0x40001010,0x40001030) overlap");

    segments[1].paddr = 0x40005000;
    segments[2].paddr = 0x40000ff0; /* later header, lower address */
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segments 0 [0x40001000,0x40001020) and 2 "
                   "[0x40000ff0,0x40001010) overlap");

    segments[2].paddr = 0x40009000;
    segments[1].filesz = 0x40;
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segment 1 file size 0x40 exceeds its memory size 0x20");

    segments[1].filesz = 0x10;
    segments[1].offset = 0x1FF8; /* runs past the end of the 0x2000-byte file */
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segment 1 data at offset 0x1ff8 (0x10 bytes) is outside the "
                   "file (8192 bytes)");

    segments[1].offset = UINT64_MAX - 0x7; /* offset + filesz wraps to a small number */
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segment 1 data at offset 0xfffffffffffffff8 (0x10 bytes) is "
                   "outside the file (8192 bytes)");

    segments[1].offset = 0x1000;
    segments[1].paddr = UINT64_MAX - 0xF; /* paddr + memsz wraps */
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segment 1 at 0xfffffffffffffff0 (0x20 bytes) wraps around the "
                   "address space");

    segments[1].paddr = 0x40002000;
    segments[1].filesz = 0;
    segments[1].memsz = UINT64_MAX; /* an absurd bss */
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux",
                   "vmlinux: ELF segment 1 at 0x40002000 (0xffffffffffffffff bytes) wraps "
                   "around the address space");

    segments[0].type = 6; /* PT_PHDR */
    segments[1].type = 4;
    segments[2].type = 0x6474E551; /* PT_GNU_STACK */
    len = build_elf(elf, segments, 3, 0x40001000);
    expect_failure(elf, len, "vmlinux", "vmlinux: ELF file has no loadable (PT_LOAD) segments");
}

static void test_elf_many_segments(void)
{
    /* The largest program header table the 16-bit count allows, all within the file. */
    size_t count = 0xFFFE, len = PHOFF + 56 * count;
    uint8_t *big = calloc(1, len);
    const struct segment_spec one = {1, 0, 0x40000000, 0x10, 0x10};

    if (!big) {
        CU_FAIL_FATAL("out of memory");
        return;
    }
    build_elf(elf, &one, 1, 0x40000000);
    memcpy(big, elf, PHOFF + 56);
    put16(big + 56, (uint16_t)count);
    for (size_t i = 1; i < count; i++) { /* every segment one 16-byte slot further */
        uint8_t *ph = big + PHOFF + 56 * i;
        memcpy(ph, big + PHOFF, 56);
        put64(ph + 24, 0x40000000 + 16 * i);
    }
    fill_memory();
    CU_ASSERT_TRUE(load(big, len, "many.elf"));
    CU_ASSERT_EQUAL(image.low, 0x40000000);
    CU_ASSERT_EQUAL(image.high, 0x40000000 + 16 * count);
    CU_ASSERT_EQUAL(memcmp(ram + 16 * 5, big, 16), 0);
    put64(big + PHOFF + 56 * 0x8000 + 24, 0x40000000 + 16 * 0x1234 + 8);
    expect_failure(big, len, "many.elf",
                   "many.elf: ELF segments 4660 [0x40012340,0x40012350) and 32768 "
                   "[0x40012348,0x40012358) overlap");
    free(big);
}

/* ---- Linux arm64 Image ---- */

static uint8_t linux_image[0x400];

static void build_linux_image(uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
    for (size_t i = 0; i < sizeof(linux_image); i++)
        linux_image[i] = (uint8_t)(i * 7 + 1);
    put32(linux_image, 0x91005A4D);      /* code0: "MZ" add (EFI stub style) */
    put32(linux_image + 4, 0x14000000);  /* code1: b */
    put64(linux_image + 8, text_offset);
    put64(linux_image + 16, image_size);
    put64(linux_image + 24, flags);
    memcpy(linux_image + 56, "ARM\x64", 4);
}

static void test_linux_image(void)
{
    build_linux_image(0x80000, 0x2000, 0xA); /* 4K pages, anywhere placement */
    fill_memory();
    CU_ASSERT_TRUE_FATAL(load(linux_image, sizeof(linux_image), "Image"));
    CU_ASSERT_EQUAL(image.kind, IMAGE_LINUX);
    CU_ASSERT_EQUAL(image.entry, 0x40080000);
    CU_ASSERT_EQUAL(image.low, 0x40080000);
    CU_ASSERT_EQUAL(image.high, 0x40082000);
    CU_ASSERT_EQUAL(memcmp(ram + 0x80000, linux_image, sizeof(linux_image)), 0);
    CU_ASSERT_TRUE(all_bytes_are(ram + 0x80400, 0x2000 - 0x400, 0));
    CU_ASSERT_EQUAL(ram[0x82000], FILL);
    CU_ASSERT_EQUAL(ram[0x7FFFF], FILL);

    /* text_offset 0 (kernels since 5.8) and image_size smaller than the file. */
    build_linux_image(0, 0x100, 0);
    fill_memory();
    CU_ASSERT_TRUE(load(linux_image, sizeof(linux_image), "Image"));
    CU_ASSERT_EQUAL(image.entry, 0x40000000);
    CU_ASSERT_EQUAL(image.high, 0x40000400);

    /* image_size 0: a pre-3.17 kernel, text_offset taken as 0x80000 whatever it says. */
    build_linux_image(0x1000, 0, 0);
    fill_memory();
    CU_ASSERT_TRUE(load(linux_image, sizeof(linux_image), "Image"));
    CU_ASSERT_EQUAL(image.entry, 0x40080000);
    CU_ASSERT_EQUAL(image.low, 0x40080000);
    CU_ASSERT_EQUAL(image.high, 0x40080400);
}

static void test_linux_image_errors(void)
{
    build_linux_image(0x80000, 0x2000, 1);
    expect_failure(linux_image, sizeof(linux_image), "Image",
                   "Image: big-endian Linux Image is not supported");
    build_linux_image(0x80000, 0x200000, 0);
    expect_failure(linux_image, sizeof(linux_image), "Image",
                   "Image: Linux Image [0x40080000,0x40280000) is not in RAM or flash");
    build_linux_image(UINT64_MAX - 0x1000, 0x2000, 0);
    expect_failure(linux_image, sizeof(linux_image), "Image",
                   "Image: Linux Image text_offset 0xffffffffffffefff wraps around the address "
                   "space");
    build_linux_image(0xBFFFF000, 0x2000, 0);
    expect_failure(linux_image, sizeof(linux_image), "Image",
                   "Image: Linux Image [0xfffff000,0x100001000) is not in RAM or flash");
    build_linux_image(0x80000, UINT64_MAX, 0);
    expect_failure(linux_image, sizeof(linux_image), "Image",
                   "Image: Linux Image at 0x40080000 (0xffffffffffffffff bytes) wraps around the "
                   "address space");
}

/* ---- raw binaries and detection ---- */

static void test_raw_binary(void)
{
    uint8_t blob[100];

    for (size_t i = 0; i < sizeof(blob); i++)
        blob[i] = (uint8_t)(0x80 + i);
    fill_memory();
    CU_ASSERT_TRUE(load(blob, sizeof(blob), "blob.bin"));
    CU_ASSERT_EQUAL(image.kind, IMAGE_RAW);
    CU_ASSERT_EQUAL(image.entry, RAM_BASE);
    CU_ASSERT_EQUAL(image.low, RAM_BASE);
    CU_ASSERT_EQUAL(image.high, RAM_BASE + 100);
    CU_ASSERT_EQUAL(memcmp(ram, blob, 100), 0);
    CU_ASSERT_EQUAL(ram[100], FILL);

    fill_memory();
    CU_ASSERT_TRUE(loader_load_buffer(blob, sizeof(blob), "bios.bin", 0x0, RAM_BASE, &target,
                                      &image, err, sizeof(err)));
    CU_ASSERT_EQUAL(image.entry, 0);
    CU_ASSERT_EQUAL(image.high, 100);
    CU_ASSERT_EQUAL(memcmp(flash, blob, 100), 0);

    fill_memory();
    CU_ASSERT_FALSE(loader_load_buffer(blob, sizeof(blob), "blob.bin", 0x400FFFC0, RAM_BASE,
                                       &target, &image, err, sizeof(err)));
    CU_ASSERT_STRING_EQUAL(err, "blob.bin: raw image [0x400fffc0,0x40100024) is not in RAM or "
                                "flash");
    CU_ASSERT_FALSE(loader_load_buffer(blob, sizeof(blob), "blob.bin", UINT64_MAX - 10, RAM_BASE,
                                       &target, &image, err, sizeof(err)));
    CU_ASSERT_STRING_EQUAL(err, "blob.bin: raw image at 0xfffffffffffffff5 (0x64 bytes) wraps "
                                "around the address space");
    CU_ASSERT_TRUE(all_bytes_are(ram, sizeof(ram), FILL));

    /* Near misses of the magics are raw binaries. */
    build_linux_image(0, 0x100, 0);
    linux_image[59] = 0x65;
    CU_ASSERT_TRUE(load(linux_image, sizeof(linux_image), "notimage"));
    CU_ASSERT_EQUAL(image.kind, IMAGE_RAW);
    CU_ASSERT_TRUE(load((const uint8_t *)"\x7F" "EL", 3, "tiny"));
    CU_ASSERT_EQUAL(image.kind, IMAGE_RAW);
    CU_ASSERT_EQUAL(image.high, RAM_BASE + 3);
    /* "ARM\x64" in a file shorter than the 64-byte header. */
    memset(blob, 0, sizeof(blob));
    memcpy(blob + 56, "ARM\x64", 4);
    CU_ASSERT_TRUE(load(blob, 60, "short"));
    CU_ASSERT_EQUAL(image.kind, IMAGE_RAW);
}

static void test_empty_and_messages(void)
{
    char small[16];

    expect_failure((const uint8_t *)"", 0, "empty.bin", "empty.bin: file is empty");
    expect_failure(NULL, 0, NULL, "image: file is empty");
    /* A short error buffer is truncated, never overrun. */
    CU_ASSERT_FALSE(loader_load_buffer((const uint8_t *)"", 0, "a-long-file-name.bin", 0, 0,
                                       &target, &image, small, sizeof(small)));
    CU_ASSERT_STRING_EQUAL(small, "a-long-file-nam");
    CU_ASSERT_FALSE(loader_load_buffer((const uint8_t *)"", 0, "x", 0, 0, &target, &image, NULL,
                                       0));
    CU_ASSERT_STRING_EQUAL(loader_kind_name(IMAGE_LINUX), "Linux Image");
    CU_ASSERT_STRING_EQUAL(loader_kind_name(IMAGE_RAW), "raw binary");
}

static void test_load_file(void)
{
    char directory[] = "/tmp/elsim-loader-XXXXXX";
    char path[64];
    FILE *file;
    size_t len;

    CU_ASSERT_FATAL(mkdtemp(directory) != NULL);
    snprintf(path, sizeof(path), "%s/kernel.elf", directory);
    len = build_elf(elf, one_segment, 1, 0x40001004);
    file = fopen(path, "wb");
    CU_ASSERT_FATAL(file != NULL);
    CU_ASSERT_EQUAL(fwrite(elf, 1, len, file), len);
    fclose(file);
    fill_memory();
    CU_ASSERT_TRUE(loader_load_file(path, RAM_BASE, RAM_BASE, &target, &image, err, sizeof(err)));
    CU_ASSERT_EQUAL(image.kind, IMAGE_ELF);
    CU_ASSERT_EQUAL(image.entry, 0x40001004);
    CU_ASSERT_EQUAL(image.low, 0x40001000);
    CU_ASSERT_EQUAL(image.high, 0x40001020);
    CU_ASSERT_EQUAL(memcmp(ram + 0x1000, elf + 0x1000, 0x10), 0);
    CU_ASSERT_TRUE(all_bytes_are(ram + 0x1010, 0x10, 0));

    /* Truncated on disk: the segment data is gone. */
    CU_ASSERT_EQUAL(truncate(path, 0x1008), 0);
    CU_ASSERT_FALSE(loader_load_file(path, RAM_BASE, RAM_BASE, &target, &image, err, sizeof(err)));
    {
        char expected[200];
        snprintf(expected, sizeof(expected),
                 "%s: ELF segment 0 data at offset 0x1000 (0x10 bytes) is outside the file (4104 "
                 "bytes)",
                 path);
        CU_ASSERT_STRING_EQUAL(err, expected);

        CU_ASSERT_EQUAL(truncate(path, 0), 0);
        CU_ASSERT_FALSE(
            loader_load_file(path, RAM_BASE, RAM_BASE, &target, &image, err, sizeof(err)));
        snprintf(expected, sizeof(expected), "%s: file is empty", path);
        CU_ASSERT_STRING_EQUAL(err, expected);

        CU_ASSERT_FALSE(
            loader_load_file(directory, RAM_BASE, RAM_BASE, &target, &image, err, sizeof(err)));
        snprintf(expected, sizeof(expected), "%s: not a regular file", directory);
        CU_ASSERT_STRING_EQUAL(err, expected);

        CU_ASSERT_EQUAL(unlink(path), 0);
        CU_ASSERT_FALSE(
            loader_load_file(path, RAM_BASE, RAM_BASE, &target, &image, err, sizeof(err)));
        snprintf(expected, sizeof(expected), "%s: cannot open: No such file or directory", path);
        CU_ASSERT_STRING_EQUAL(err, expected);
    }
    CU_ASSERT_EQUAL(rmdir(directory), 0);
}

void register_loader_tests(void)
{
    CU_pSuite suite = CU_add_suite("board/loader", NULL, NULL);

    CU_add_test(suite, "ELF: valid image, bss, flash, ignored headers", test_elf_valid);
    CU_add_test(suite, "ELF: ET_DYN and touching segments", test_elf_dyn_and_touching_segments);
    CU_add_test(suite, "ELF: header errors", test_elf_header_errors);
    CU_add_test(suite, "ELF: segment errors", test_elf_segment_errors);
    CU_add_test(suite, "ELF: 65534 program headers", test_elf_many_segments);
    CU_add_test(suite, "Linux Image placement", test_linux_image);
    CU_add_test(suite, "Linux Image errors", test_linux_image_errors);
    CU_add_test(suite, "raw binaries and kind detection", test_raw_binary);
    CU_add_test(suite, "empty images and messages", test_empty_and_messages);
    CU_add_test(suite, "loading from files", test_load_file);
}

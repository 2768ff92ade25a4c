/* ELF symbol tables (board/symbols.c, elsim_symbols_*): code symbols of a small ELF are found
 * by address with the right offsets (a function within its size, a label up to the next
 * symbol; data and mapping symbols are not code), and missing, foreign, truncated or corrupted
 * files (command-line input) give an error naming the file, never a crash. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elsim.h"
#include "harness.h"

static uint8_t *read_self(size_t *size)
{
    FILE *f = fopen("/proc/self/exe", "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = malloc(*size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    CHECK_EQ_U64(fread(data, 1, *size, f), *size);
    fclose(f);
    return data;
}

/* A minimal ELF64: section 1 .text (executable), 2 .symtab, 3 .strtab, 4 .data. */
static size_t build_elf(uint8_t *buf)
{
    static const char strtab[] = "\0alpha\0beta\0gamma\0$x\0delta";
    enum { STR_ALPHA = 1, STR_BETA = 7, STR_GAMMA = 12, STR_X = 18, STR_DELTA = 21 };
    const Elf64_Sym syms[] = {
        { 0 },
        { STR_ALPHA, ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), 0, 1, 0x1000, 0x20 },
        { STR_BETA, ELF64_ST_INFO(STB_LOCAL, STT_NOTYPE), 0, 1, 0x1040, 0 },
        { STR_GAMMA, ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT), 0, 4, 0x1800, 8 },
        { STR_X, ELF64_ST_INFO(STB_LOCAL, STT_NOTYPE), 0, 1, 0x1044, 0 },
        { STR_DELTA, ELF64_ST_INFO(STB_LOCAL, STT_NOTYPE), 0, 4, 0x1900, 0 },   /* a data label */
    };
    size_t sym_off = sizeof(Elf64_Ehdr), str_off = sym_off + sizeof syms, sh_off = (str_off + sizeof strtab + 7) & ~7ul;
    Elf64_Shdr sh[5] = { { 0 } };
    sh[1] = (Elf64_Shdr){ .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR, .sh_addr = 0x1000, .sh_size = 0x100 };
    sh[2] = (Elf64_Shdr){ .sh_type = SHT_SYMTAB, .sh_offset = sym_off, .sh_size = sizeof syms, .sh_link = 3,
                          .sh_entsize = sizeof(Elf64_Sym) };
    sh[3] = (Elf64_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = str_off, .sh_size = sizeof strtab };
    sh[4] = (Elf64_Shdr){ .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_WRITE, .sh_addr = 0x1800, .sh_size = 0x200 };
    Elf64_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_AARCH64, .e_version = EV_CURRENT, .e_shoff = sh_off,
                      .e_ehsize = sizeof eh, .e_shentsize = sizeof(Elf64_Shdr), .e_shnum = 5 };
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    memset(buf, 0, sh_off + sizeof sh);
    memcpy(buf, &eh, sizeof eh);
    memcpy(buf + sym_off, syms, sizeof syms);
    memcpy(buf + str_off, strtab, sizeof strtab);
    memcpy(buf + sh_off, sh, sizeof sh);
    return sh_off + sizeof sh;
}

static void write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CHECK_EQ_U64(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_lookup(void)
{
    static uint8_t elf[4096];
    char path[] = "/tmp/elsim-symbols-XXXXXX", err[256];
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    write_file(path, elf, build_elf(elf));
    struct elsim_symbols *t = elsim_symbols_load(path, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CHECK_EQ_U64(elsim_symbols_count(t), 2);   /* alpha and beta: not data, not $x, not a data label */
    static const struct { uint64_t addr; const char *name; uint64_t offset; } cases[] = {
        { 0x0fff, NULL, 0 }, { 0x1000, "alpha", 0 }, { 0x101f, "alpha", 0x1f },
        { 0x1020, NULL, 0 },                     /* past alpha's size, before beta */
        { 0x1040, "beta", 0 }, { 0x1044, "beta", 4 }, { 0x9000, "beta", 0x7fc0 },  /* a label runs on */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t offset = 99;
        const struct elsim_symbol *s = elsim_symbols_find(t, cases[i].addr, &offset);
        if (!cases[i].name) {
            CU_ASSERT_PTR_NULL(s);
            continue;
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT_STRING_EQUAL(s->name, cases[i].name);
        CHECK_EQ_U64(offset, cases[i].offset);
    }
    elsim_symbols_free(t);
    remove(path);
}

static void test_missing_and_not_elf(void)
{
    char err[256];
    CU_ASSERT_PTR_NULL(elsim_symbols_load("/nonexistent/file.elf", err, sizeof err));
    CU_ASSERT_STRING_EQUAL(err, "/nonexistent/file.elf: cannot open");
    char path[] = "/tmp/elsim-symbols-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs("not an ELF file at all, just text", f);
    fclose(f);
    CU_ASSERT_PTR_NULL(elsim_symbols_load(path, err, sizeof err));
    char want[300];
    snprintf(want, sizeof want, "%s: not an ELF64 file", path);
    CU_ASSERT_STRING_EQUAL(err, want);
    remove(path);
}

/* Every truncation, and corrupted section-header fields, of a real ELF: loads or fails cleanly. */
static void test_truncated_and_corrupted(void)
{
    size_t size;
    uint8_t *self = read_self(&size);
    char path[] = "/tmp/elsim-symbols-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    unsigned failures = 0, loads = 0;
    for (unsigned i = 0; i < 64; i++) {
        size_t len = size;
        uint8_t *copy = malloc(size);
        memcpy(copy, self, size);
        if (i < 32) {
            len = size * i / 32;            /* truncated */
        } else {
            srand(i);
            for (unsigned k = 0; k < 8; k++)  /* corrupted header / section table bytes */
                copy[(size_t)rand() % (k < 4 ? 64 : size)] ^= (uint8_t)(1u << (rand() % 8));
        }
        FILE *f = fopen(path, "wb");
        fwrite(copy, 1, len, f);
        fclose(f);
        char err[256] = "";
        struct elsim_symbols *t = elsim_symbols_load(path, err, sizeof err);
        if (t) {
            loads++;
            elsim_symbols_find(t, 0x1000, NULL);
            elsim_symbols_free(t);
        } else {
            failures++;
            CU_ASSERT(strncmp(err, path, strlen(path)) == 0);
        }
        free(copy);
    }
    CU_ASSERT(failures > 0);
    CU_ASSERT(loads > 0);
    remove(path);
    free(self);
}

UNIT_SUITE(symbols,
    UNIT_TEST(test_lookup),
    UNIT_TEST(test_missing_and_not_elf),
    UNIT_TEST(test_truncated_and_corrupted))

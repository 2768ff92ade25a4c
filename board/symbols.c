/* ELF symbol tables for --profile, the debugger UI and tools: the code symbols (functions,
 * and the untyped labels of assembly files) of an ELF64 file, sorted by address. A file
 * without a symbol table has no symbols; a malformed table is an error naming the file. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elsim.h"

struct elsim_symbols {
    struct elsim_symbol *syms;   /* sorted by address */
    size_t count;
    char *names;                 /* the string table, copied */
};

static int by_address(const void *a, const void *b)
{
    const struct elsim_symbol *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    /* at one address a function before a label, then by name: a stable, meaningful choice */
    if ((x->size != 0) != (y->size != 0))
        return x->size ? -1 : 1;
    return strcmp(x->name, y->name);
}

static bool within(uint64_t file_size, uint64_t offset, uint64_t len)
{
    return offset <= file_size && len <= file_size - offset;
}

static bool read_file(const char *path, uint8_t **data, size_t *size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return false;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *data = n > 0 ? malloc((size_t)n) : NULL;
    bool ok = *data && fread(*data, 1, (size_t)n, f) == (size_t)n;
    fclose(f);
    if (!ok) {
        free(*data);
        snprintf(err, errlen, "%s: cannot read", path);
        return false;
    }
    *size = (size_t)n;
    return true;
}

/* A symbol worth attributing code to: a function, or an untyped label in an executable
 * section (assembly routines and vector tables); not section, file or data symbols, nor the
 * $x / $d mapping symbols. */
static bool is_code_symbol(const Elf64_Sym *s, const Elf64_Shdr *sh, unsigned shnum, const char *name)
{
    unsigned type = ELF64_ST_TYPE(s->st_info);
    if (!name[0] || name[0] == '$' || s->st_shndx == SHN_UNDEF || s->st_shndx >= shnum)
        return false;
    if (type == STT_FUNC)
        return true;
    return type == STT_NOTYPE && (sh[s->st_shndx].sh_flags & SHF_EXECINSTR);
}

struct elsim_symbols *elsim_symbols_load(const char *path, char *err, size_t errlen)
{
    uint8_t *elf;
    size_t size;
    if (!read_file(path, &elf, &size, err, errlen))
        return NULL;
    struct elsim_symbols *t = calloc(1, sizeof *t);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
    if (!t || size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64) {
        snprintf(err, errlen, "%s: not an ELF64 file", path);
        goto fail;
    }
    if (eh->e_shnum == 0) {
        free(elf);
        return t;
    }
    if (eh->e_shentsize != sizeof(Elf64_Shdr) || !within(size, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
        goto malformed;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(elf + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB)
            continue;
        if (sh[i].sh_link >= eh->e_shnum || sh[i].sh_entsize != sizeof(Elf64_Sym) ||
            !within(size, sh[i].sh_offset, sh[i].sh_size))
            goto malformed;
        const Elf64_Shdr *str = &sh[sh[i].sh_link];
        if (!within(size, str->sh_offset, str->sh_size) || str->sh_size == 0)
            goto malformed;
        t->names = malloc(str->sh_size + 1);
        size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
        t->syms = calloc(n ? n : 1, sizeof *t->syms);
        if (!t->names || !t->syms) {
            snprintf(err, errlen, "%s: out of memory for its symbols", path);
            goto fail;
        }
        memcpy(t->names, elf + str->sh_offset, str->sh_size);
        t->names[str->sh_size] = '\0';
        const Elf64_Sym *syms = (const Elf64_Sym *)(elf + sh[i].sh_offset);
        for (size_t k = 0; k < n; k++) {
            if (syms[k].st_name >= str->sh_size)
                goto malformed;
            const char *name = t->names + syms[k].st_name;
            if (is_code_symbol(&syms[k], sh, eh->e_shnum, name))
                t->syms[t->count++] = (struct elsim_symbol){ syms[k].st_value, syms[k].st_size, name };
        }
        break;
    }
    if (t->count)
        qsort(t->syms, t->count, sizeof *t->syms, by_address);
    free(elf);
    return t;
malformed:
    snprintf(err, errlen, "%s: malformed ELF symbol table", path);
fail:
    elsim_symbols_free(t);
    free(elf);
    return NULL;
}

void elsim_symbols_free(struct elsim_symbols *t)
{
    if (!t)
        return;
    free(t->syms);
    free(t->names);
    free(t);
}

size_t elsim_symbols_count(const struct elsim_symbols *t)
{
    return t ? t->count : 0;
}

/* The last symbol at or below addr; one with a size must contain addr, a label (size 0) covers
 * everything up to the next symbol. */
const struct elsim_symbol *elsim_symbols_find(const struct elsim_symbols *t, uint64_t addr, uint64_t *offset)
{
    if (!t || !t->count || addr < t->syms[0].addr)
        return NULL;
    size_t lo = 0, hi = t->count;   /* invariant: syms[lo].addr <= addr, answer in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->syms[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    /* among equal addresses prefer the first (the function, by the sort order) */
    while (lo > 0 && t->syms[lo - 1].addr == t->syms[lo].addr)
        lo--;
    const struct elsim_symbol *s = &t->syms[lo];
    if (s->size && addr - s->addr >= s->size)
        return NULL;
    if (offset)
        *offset = addr - s->addr;
    return s;
}

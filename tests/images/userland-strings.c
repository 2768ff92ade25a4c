/* glibc's string and memory functions against plain byte loops, for tests/images/run-userland-tests
 * (docs/userland.md). On arm64 glibc runs its AdvSIMD routines (sysdeps/aarch64: LD1/ST1, CMEQ,
 * UMAXP, ADDP, SHRN, ... on 16-byte vectors): every alignment of source and destination,
 * lengths around the vector sizes, overlapping moves, and strings that end at the last byte
 * before an unmapped page (the routines read whole aligned vectors and must never touch it).
 * Prints one line `UL-RESULT glibc-NAME ok` per function, or the first mismatch. Built with
 * -fno-builtin -fno-tree-loop-distribute-patterns so that both sides stay what they say.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { ALIGNS = 64, MAXLEN = 300 };

static unsigned char *buf_a, *buf_b, *buf_c;
static size_t bufsize;

static struct result {
    const char *name;
    char detail[80];    /* the first mismatch, or empty */
} results[] = {
    {"memcpy", ""}, {"memset", ""}, {"memmove", ""}, {"memcmp", ""}, {"strcmp", ""},
    {"strncmp", ""}, {"strlen", ""}, {"strnlen", ""}, {"stpcpy", ""}, {"memchr", ""},
    {"memrchr", ""}, {"strchr", ""}, {"strrchr", ""}, {"strchrnul", ""}, {"rawmemchr", ""},
    {"page-end", ""},
};

static void fail(const char *name, size_t a1, size_t a2, size_t len)
{
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++)
        if (!strcmp(results[i].name, name) && !results[i].detail[0])
            snprintf(results[i].detail, sizeof results[i].detail,
                     "mismatch align %zu/%zu len %zu", a1, a2, len);
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(seed >> 16) | 1;    /* no NUL */
    }
}

static int ref_cmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

static int sign(int v) { return (v > 0) - (v < 0); }

static size_t lengths(size_t i)
{
    return i < MAXLEN ? i : (size_t[]){1000, 4095, 4096, 4097, 65537}[i - MAXLEN];
}
#define NLENGTHS (MAXLEN + 5)

static void check_copies(void)
{
    for (size_t n = 0; n < NLENGTHS; n++) {
        size_t len = lengths(n);
        for (size_t s = 0; s < (len < 4095 ? ALIGNS : 4); s++)
            for (size_t d = 0; d < (len < 4095 ? 16 : 2); d++) {
                size_t span = len + 2 * ALIGNS;    /* what the moves below touch */
                fill(buf_a, span, (unsigned)(len * 131 + s));
                memset(buf_b, 0x5a, span);
                memcpy(buf_b + d, buf_a + s, len);
                if (ref_cmp(buf_b + d, buf_a + s, len) || buf_b[d + len] != 0x5a ||
                    (d && buf_b[d - 1] != 0x5a))
                    fail("memcpy", s, d, len);
                memset(buf_b + d, s, len);
                for (size_t i = 0; i < len; i++)
                    if (buf_b[d + i] != (unsigned char)s)
                        fail("memset", s, d, len);
                if (buf_b[d + len] != 0x5a || (d && buf_b[d - 1] != 0x5a))
                    fail("memset", s, d, len);
                /* Overlapping moves both ways, the reference from a copy. */
                for (int dir = 0; dir < 2; dir++) {
                    size_t from = dir ? s + d : s, to = dir ? s : s + d;
                    memcpy(buf_c, buf_a, span);
                    memmove(buf_a + to, buf_a + from, len);
                    if (ref_cmp(buf_a + to, buf_c + from, len))
                        fail("memmove", from, to, len);
                }
            }
    }
}

static void check_compares(void)
{
    for (size_t n = 0; n < NLENGTHS; n++) {
        size_t len = lengths(n);
        for (size_t s = 0; s < (len < 4095 ? ALIGNS : 4); s++)
            for (size_t d = 0; d < (len < 4095 ? 16 : 2); d++) {
                fill(buf_a + s, len + 1, (unsigned)len);
                memcpy(buf_b + d, buf_a + s, len + 1);
                buf_a[s + len] = buf_b[d + len] = 0;
                if (len)    /* one byte differs, somewhere depending on the alignments */
                    buf_b[d + len - 1 - (len * 7 + s) % len] ^= s & 1 ? 0x80 : 0x01;
                int want = ref_cmp(buf_a + s, buf_b + d, len);
                if (sign(memcmp(buf_a + s, buf_b + d, len)) != want)
                    fail("memcmp", s, d, len);
                if (sign(strcmp((char *)buf_a + s, (char *)buf_b + d)) != want)
                    fail("strcmp", s, d, len);
                if (sign(strncmp((char *)buf_a + s, (char *)buf_b + d, len / 2 + 1)) !=
                    ref_cmp(buf_a + s, buf_b + d, len ? len / 2 + 1 : 0))
                    fail("strncmp", s, d, len);
                if (strlen((char *)buf_a + s) != len)
                    fail("strlen", s, d, len);
                size_t max = len / 3 + d;
                if (strnlen((char *)buf_a + s, max) != (len < max ? len : max))
                    fail("strnlen", s, d, len);
                char *end = stpcpy((char *)buf_c + d, (char *)buf_a + s);
                if (end != (char *)buf_c + d + len || ref_cmp(buf_c + d, buf_a + s, len + 1))
                    fail("stpcpy", s, d, len);
                /* The character searched: at a position that depends on the alignments. */
                size_t at = len ? (s * 3 + d) % len : 0;
                unsigned char c = 0;
                if (len) {
                    c = buf_a[s + at];
                    for (size_t i = 0; i < at; i++)
                        if (buf_a[s + i] == c)
                            buf_a[s + i] ^= 0x02;
                }
                size_t last = 0;
                for (size_t i = 0; i < len; i++)
                    if (buf_a[s + i] == c)
                        last = i;
                void *want_mem = len ? buf_a + s + at : NULL;
                if (memchr(buf_a + s, c, len) != want_mem)
                    fail("memchr", s, d, len);
                if (memrchr(buf_a + s, c, len) != (len ? buf_a + s + last : NULL))
                    fail("memrchr", s, d, len);
                if (strchr((char *)buf_a + s, c) != (char *)buf_a + s + at)
                    fail("strchr", s, d, len);
                if (strrchr((char *)buf_a + s, c) != (char *)buf_a + s + last)
                    fail("strrchr", s, d, len);
                if (strchrnul((char *)buf_a + s, 0) != (char *)buf_a + s + len)
                    fail("strchrnul", s, d, len);
                if (rawmemchr(buf_a + s, 0) != buf_a + s + len)
                    fail("rawmemchr", s, d, len);
            }
    }
}

/* Strings and blocks that end at the last byte of a page followed by an unmapped one. */
static void check_page_end(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE)) {
        fail("page-end", 0, 0, 0);
        return;
    }
    for (size_t len = 0; len < 200; len++) {
        unsigned char *s = p + page - len - 1;
        fill(s, len, (unsigned)len);
        s[len] = 0;
        if (strlen((char *)s) != len || memchr(s, 0, len + 1) != s + len ||
            strchr((char *)s, 0) != (char *)s + len || rawmemchr(s, 0) != s + len ||
            strcmp((char *)s, (char *)s) != 0 || strrchr((char *)s, 0) != (char *)s + len ||
            memcmp(s, s, len + 1) != 0 || strnlen((char *)s, 4096) != len ||
            memcpy(buf_b, s, len + 1) != buf_b || ref_cmp(buf_b, s, len + 1))
            fail("page-end", len, 0, len);
    }
    munmap(p, 2 * page);
}

int main(void)
{
    bufsize = 65537 + 2 * ALIGNS + 64;
    buf_a = malloc(bufsize), buf_b = malloc(bufsize), buf_c = malloc(bufsize);
    if (!buf_a || !buf_b || !buf_c)
        return 1;
    check_copies();
    check_compares();
    check_page_end();
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++)
        printf("UL-RESULT glibc-%s %s\n", results[i].name,
               results[i].detail[0] ? results[i].detail : "ok");
    return 0;
}

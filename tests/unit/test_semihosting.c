/* Unit tests of Arm semihosting (board/semihosting.c), per "Semihosting for AArch32 and AArch64". */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <CUnit/CUnit.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board_suites.h"
#include "semihosting.h"

/* Guest memory: GUEST_SIZE bytes at virtual address GUEST_BASE; anything else faults. */
#define GUEST_BASE 0x10000u
#define GUEST_SIZE 0x10000u
#define BLOCK (GUEST_BASE + 0x100)  /* a parameter block */
#define DATA (GUEST_BASE + 0x1000)  /* a data buffer */
#define NAME (GUEST_BASE + 0x3000)  /* a file name */
#define FAIL UINT64_MAX

static uint8_t guest[GUEST_SIZE];

static bool guest_read(void *ctx, uint64_t va, void *buf, size_t len)
{
    (void)ctx;
    if (va < GUEST_BASE || va - GUEST_BASE > GUEST_SIZE || len > GUEST_SIZE - (va - GUEST_BASE))
        return false;
    memcpy(buf, guest + (va - GUEST_BASE), len);
    return true;
}

static bool guest_write(void *ctx, uint64_t va, const void *buf, size_t len)
{
    (void)ctx;
    if (va < GUEST_BASE || va - GUEST_BASE > GUEST_SIZE || len > GUEST_SIZE - (va - GUEST_BASE))
        return false;
    memcpy(guest + (va - GUEST_BASE), buf, len);
    return true;
}

static const struct semihost_mem mem = {NULL, guest_read, guest_write};

static uint64_t fake_ticks_value;

static uint64_t fake_ticks(void *ctx)
{
    (void)ctx;
    return fake_ticks_value;
}

static void put_u64(uint64_t va, uint64_t value)
{
    for (unsigned i = 0; i < 8; i++)
        guest[va - GUEST_BASE + i] = (uint8_t)(value >> (8 * i));
}

static uint64_t get_u64(uint64_t va)
{
    uint64_t value = 0;

    for (unsigned i = 0; i < 8; i++)
        value |= (uint64_t)guest[va - GUEST_BASE + i] << (8 * i);
    return value;
}

static void put_bytes(uint64_t va, const void *bytes, size_t len)
{
    memcpy(guest + (va - GUEST_BASE), bytes, len);
}

static void put_block3(uint64_t a, uint64_t b, uint64_t c)
{
    put_u64(BLOCK, a);
    put_u64(BLOCK + 8, b);
    put_u64(BLOCK + 16, c);
}

/* A semihosting instance with captured console streams and optional root directory. */
struct fixture {
    struct semihost *sh;
    FILE *out, *err, *in;
    char *out_text, *err_text;
    size_t out_len, err_len;
    char root[64];
};

static void fixture_open(struct fixture *f, bool with_root, const char *input)
{
    struct semihost_config cfg;
    static char input_copy[256];
    char message[256] = "";

    memset(f, 0, sizeof(*f));
    memset(guest, 0, sizeof(guest));
    fake_ticks_value = 0;
    f->out = open_memstream(&f->out_text, &f->out_len);
    f->err = open_memstream(&f->err_text, &f->err_len);
    CU_ASSERT_FATAL(f->out && f->err);
    if (input) {
        snprintf(input_copy, sizeof(input_copy), "%s", input);
        f->in = fmemopen(input_copy, strlen(input_copy), "r");
        CU_ASSERT_FATAL(f->in != NULL);
    }
    if (with_root) {
        snprintf(f->root, sizeof(f->root), "/tmp/elsim-semihost-XXXXXX");
        CU_ASSERT_FATAL(mkdtemp(f->root) != NULL);
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.console_out = f->out;
    cfg.console_err = f->err;
    cfg.console_in = f->in;
    cfg.root_dir = with_root ? f->root : NULL;
    cfg.ticks = fake_ticks;
    cfg.tick_frequency = 1000;
    cfg.heap_base = 0x40100000;
    cfg.heap_limit = 0x40200000;
    cfg.stack_base = 0x40300000;
    cfg.stack_limit = 0x40280000;
    f->sh = semihost_create(&cfg, message, sizeof(message));
    CU_ASSERT_FATAL(f->sh != NULL);
    CU_ASSERT_STRING_EQUAL(message, "");
}

static void remove_tree(const char *root)
{
    char command[128];

    snprintf(command, sizeof(command), "rm -rf '%s'", root);
    CU_ASSERT_EQUAL(system(command), 0);
}

static void fixture_close(struct fixture *f)
{
    semihost_destroy(f->sh);
    fclose(f->out);
    fclose(f->err);
    if (f->in)
        fclose(f->in);
    free(f->out_text);
    free(f->err_text);
    if (f->root[0])
        remove_tree(f->root);
}

static const char *out_text(struct fixture *f)
{
    fflush(f->out);
    return f->out_text;
}

static const char *err_text(struct fixture *f)
{
    fflush(f->err);
    return f->err_text;
}

static uint64_t call(struct fixture *f, uint64_t op, uint64_t param)
{
    return semihost_call(f->sh, &mem, op, param);
}

static uint64_t last_errno(struct fixture *f)
{
    return call(f, SYS_ERRNO, 0);
}

/* SYS_OPEN of name in mode. */
static uint64_t open_name(struct fixture *f, const char *name, uint64_t mode)
{
    put_bytes(NAME, name, strlen(name) + 1);
    put_block3(NAME, mode, strlen(name));
    return call(f, SYS_OPEN, BLOCK);
}

static uint64_t write_handle(struct fixture *f, uint64_t handle, const char *text)
{
    put_bytes(DATA, text, strlen(text));
    put_block3(handle, DATA, strlen(text));
    return call(f, SYS_WRITE, BLOCK);
}

static uint64_t read_handle(struct fixture *f, uint64_t handle, uint64_t len)
{
    memset(guest + (DATA - GUEST_BASE), 0, 0x1000);
    put_block3(handle, DATA, len);
    return call(f, SYS_READ, BLOCK);
}

static uint64_t one_field_call(struct fixture *f, uint64_t op, uint64_t field)
{
    put_u64(BLOCK, field);
    return call(f, op, BLOCK);
}

static uint64_t remove_name(struct fixture *f, const char *name)
{
    put_bytes(NAME, name, strlen(name) + 1);
    put_u64(BLOCK, NAME);
    put_u64(BLOCK + 8, strlen(name));
    return call(f, SYS_REMOVE, BLOCK);
}

static void test_console_output(void)
{
    struct fixture f;

    fixture_open(&f, false, NULL);
    guest[DATA - GUEST_BASE] = 'A';
    CU_ASSERT_EQUAL(call(&f, SYS_WRITEC, DATA), 0);
    put_bytes(DATA, "hello\n", 7);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE0, DATA), 0);
    CU_ASSERT_EQUAL(write_handle(&f, SEMIHOST_HANDLE_STDOUT, "out"), 0);
    CU_ASSERT_EQUAL(write_handle(&f, SEMIHOST_HANDLE_STDERR, "err"), 0);
    CU_ASSERT_STRING_EQUAL(out_text(&f), "Ahello\nout");
    CU_ASSERT_STRING_EQUAL(err_text(&f), "err");
    fixture_close(&f);
}

static void test_write0_long_string_across_chunks(void)
{
    char text[1000];
    struct fixture f;

    memset(text, 'x', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    fixture_open(&f, false, NULL);
    put_bytes(DATA + 3, text, sizeof(text));
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE0, DATA + 3), 0);
    CU_ASSERT_STRING_EQUAL(out_text(&f), text);
    /* A string ending exactly at the end of guest memory is printed whole. */
    memset(guest + GUEST_SIZE - 4, 'y', 3);
    guest[GUEST_SIZE - 1] = '\0';
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE0, GUEST_BASE + GUEST_SIZE - 4), 0);
    CU_ASSERT_EQUAL(f.out_len, sizeof(text) - 1 + 3);
    fixture_close(&f);
}

static void test_tt_handles(void)
{
    struct fixture f;
    uint64_t out_handle, err_handle, in_handle;

    fixture_open(&f, false, "line1\nline2");
    out_handle = open_name(&f, ":tt", 4);
    err_handle = open_name(&f, ":tt", 8);
    in_handle = open_name(&f, ":tt", 0);
    CU_ASSERT_EQUAL(out_handle, 3); /* 1 and 2 are preassigned to the console */
    CU_ASSERT_EQUAL(err_handle, 4);
    CU_ASSERT_EQUAL(in_handle, 5);
    CU_ASSERT_EQUAL(write_handle(&f, out_handle, "to out"), 0);
    CU_ASSERT_EQUAL(write_handle(&f, err_handle, "to err"), 0);
    CU_ASSERT_STRING_EQUAL(out_text(&f), "to out");
    CU_ASSERT_STRING_EQUAL(err_text(&f), "to err");
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, out_handle), 1);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, in_handle), 1);

    /* Console reads stop after a newline; the result is the number of bytes not read. */
    CU_ASSERT_EQUAL(read_handle(&f, in_handle, 10), 4);
    CU_ASSERT_EQUAL(memcmp(guest + (DATA - GUEST_BASE), "line1\n", 7), 0);
    CU_ASSERT_EQUAL(call(&f, SYS_READC, 0), 'l');
    CU_ASSERT_EQUAL(read_handle(&f, in_handle, 3), 0);
    CU_ASSERT_EQUAL(memcmp(guest + (DATA - GUEST_BASE), "ine", 4), 0);
    CU_ASSERT_EQUAL(read_handle(&f, in_handle, 10), 9);
    CU_ASSERT_EQUAL(read_handle(&f, in_handle, 10), 10); /* end of file */
    CU_ASSERT_EQUAL(call(&f, SYS_READC, 0), FAIL);

    /* Wrong directions. */
    CU_ASSERT_EQUAL(write_handle(&f, in_handle, "x"), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EBADF);
    CU_ASSERT_EQUAL(read_handle(&f, out_handle, 1), FAIL);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_FLEN, out_handle), FAIL);

    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, out_handle), 0);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, out_handle), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EBADF);
    CU_ASSERT_EQUAL(write_handle(&f, out_handle, "gone"), FAIL);
    CU_ASSERT_EQUAL(open_name(&f, ":tt", 5), 3); /* lowest free handle is reused */
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, 0), FAIL);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, 63), FAIL);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, 64), FAIL);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, UINT64_MAX), FAIL);
    fixture_close(&f);
}

static void test_handle_table_is_bounded(void)
{
    struct fixture f;
    unsigned opened = 0;

    fixture_open(&f, false, NULL);
    for (unsigned i = 0; i < 100; i++) {
        if (open_name(&f, ":tt", 4) != FAIL)
            opened++;
    }
    CU_ASSERT_EQUAL(opened, 61); /* handles 3..63 */
    CU_ASSERT_EQUAL(last_errno(&f), EMFILE);
    fixture_close(&f);
}

static void test_exit(void)
{
    struct fixture f;
    int status = -7;

    fixture_open(&f, false, NULL);
    CU_ASSERT_FALSE(semihost_exited(f.sh, &status));
    CU_ASSERT_EQUAL(status, -7);
    put_u64(BLOCK, ADP_STOPPED_APPLICATION_EXIT);
    put_u64(BLOCK + 8, 3);
    CU_ASSERT_EQUAL(call(&f, SYS_EXIT, BLOCK), 0);
    CU_ASSERT_TRUE(semihost_exited(f.sh, &status));
    CU_ASSERT_EQUAL(status, 3);
    fixture_close(&f);

    fixture_open(&f, false, NULL);
    put_u64(BLOCK, 0x20023); /* ADP_Stopped_RunTimeErrorUnknown */
    put_u64(BLOCK + 8, 0);
    CU_ASSERT_EQUAL(call(&f, SYS_EXIT, BLOCK), 0);
    CU_ASSERT_TRUE(semihost_exited(f.sh, &status));
    CU_ASSERT_EQUAL(status, 1);
    fixture_close(&f);

    fixture_open(&f, false, NULL);
    put_u64(BLOCK, ADP_STOPPED_APPLICATION_EXIT);
    put_u64(BLOCK + 8, 0x12A);
    CU_ASSERT_EQUAL(call(&f, SYS_EXIT_EXTENDED | 0xABCD00000000ull, BLOCK), 0); /* W0 only */
    CU_ASSERT_TRUE(semihost_exited(f.sh, &status));
    CU_ASSERT_EQUAL(status, 0x2A);
    fixture_close(&f);

    fixture_open(&f, false, NULL);
    put_u64(BLOCK, ADP_STOPPED_APPLICATION_EXIT);
    put_u64(BLOCK + 8, 0);
    CU_ASSERT_EQUAL(call(&f, SYS_EXIT_EXTENDED, BLOCK), 0);
    CU_ASSERT_TRUE(semihost_exited(f.sh, NULL));
    CU_ASSERT_TRUE(semihost_exited(f.sh, &status));
    CU_ASSERT_EQUAL(status, 0);
    /* An unreadable block is a failed call, not an exit. */
    fixture_close(&f);
    fixture_open(&f, false, NULL);
    CU_ASSERT_EQUAL(call(&f, SYS_EXIT, GUEST_BASE + GUEST_SIZE - 8), FAIL);
    CU_ASSERT_FALSE(semihost_exited(f.sh, &status));
    fixture_close(&f);
}

static void test_time(void)
{
    struct fixture f;

    fixture_open(&f, false, NULL);
    fake_ticks_value = 12345; /* 12.345 s at 1 kHz */
    CU_ASSERT_EQUAL(call(&f, SYS_CLOCK, 0), 1234);
    CU_ASSERT_EQUAL(call(&f, SYS_TICKFREQ, 0), 1000);
    put_u64(DATA, 0);
    CU_ASSERT_EQUAL(call(&f, SYS_ELAPSED, DATA), 0);
    CU_ASSERT_EQUAL(get_u64(DATA), 12345);
    fake_ticks_value = 0x123456789ABCull;
    CU_ASSERT_EQUAL(call(&f, SYS_ELAPSED, DATA), 0);
    CU_ASSERT_EQUAL(get_u64(DATA), 0x123456789ABCull);
    CU_ASSERT_EQUAL(call(&f, SYS_ELAPSED, 0x10), FAIL);

    semihost_set_fixed_time(f.sh, true, 1700000000);
    fake_ticks_value = 12345;
    CU_ASSERT_EQUAL(call(&f, SYS_TIME, 0), 1700000012);
    semihost_set_fixed_time(f.sh, false, 0);
    CU_ASSERT_TRUE(call(&f, SYS_TIME, 0) > 1700000000);
    fixture_close(&f);
}

static void test_clock_does_not_overflow(void)
{
    struct semihost_config cfg;
    struct semihost *sh;

    memset(&cfg, 0, sizeof(cfg));
    cfg.ticks = fake_ticks;
    cfg.tick_frequency = 62500000; /* 62.5 MHz, a common CNTFRQ */
    sh = semihost_create(&cfg, NULL, 0);
    CU_ASSERT_FATAL(sh != NULL);
    fake_ticks_value = UINT64_MAX;
    CU_ASSERT_EQUAL(semihost_call(sh, &mem, SYS_CLOCK, 0), 29514790517935ull);
    fake_ticks_value = 62500000ull * 3 + 31250000; /* 3.5 s */
    CU_ASSERT_EQUAL(semihost_call(sh, &mem, SYS_CLOCK, 0), 350);
    semihost_destroy(sh);

    cfg.tick_frequency = 0;
    {
        char message[128] = "";
        CU_ASSERT_PTR_NULL(semihost_create(&cfg, message, sizeof(message)));
        CU_ASSERT_STRING_EQUAL(message, "semihosting: tick frequency must not be zero");
    }
}

static void test_cmdline_heapinfo_iserror_errno(void)
{
    struct fixture f;

    fixture_open(&f, false, NULL);
    put_u64(BLOCK, DATA);
    put_u64(BLOCK + 8, 64);
    CU_ASSERT_EQUAL(call(&f, SYS_GET_CMDLINE, BLOCK), 0); /* empty by default */
    CU_ASSERT_EQUAL(get_u64(BLOCK + 8), 0);
    CU_ASSERT_EQUAL(guest[DATA - GUEST_BASE], 0);

    CU_ASSERT_TRUE(semihost_set_cmdline(f.sh, "prog -v file"));
    put_u64(BLOCK + 8, 64);
    CU_ASSERT_EQUAL(call(&f, SYS_GET_CMDLINE, BLOCK), 0);
    CU_ASSERT_EQUAL(get_u64(BLOCK + 8), 12);
    CU_ASSERT_STRING_EQUAL((char *)guest + (DATA - GUEST_BASE), "prog -v file");
    put_u64(BLOCK + 8, 12); /* no room for the NUL */
    CU_ASSERT_EQUAL(call(&f, SYS_GET_CMDLINE, BLOCK), FAIL);
    CU_ASSERT_EQUAL(get_u64(BLOCK + 8), 12);
    put_u64(BLOCK, 0x20); /* unmapped buffer */
    put_u64(BLOCK + 8, 64);
    CU_ASSERT_EQUAL(call(&f, SYS_GET_CMDLINE, BLOCK), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EFAULT);

    put_u64(BLOCK, DATA);
    CU_ASSERT_EQUAL(call(&f, SYS_HEAPINFO, BLOCK), 0);
    CU_ASSERT_EQUAL(get_u64(DATA), 0x40100000);
    CU_ASSERT_EQUAL(get_u64(DATA + 8), 0x40200000);
    CU_ASSERT_EQUAL(get_u64(DATA + 16), 0x40300000);
    CU_ASSERT_EQUAL(get_u64(DATA + 24), 0x40280000);
    put_u64(BLOCK, GUEST_BASE + GUEST_SIZE - 16);
    CU_ASSERT_EQUAL(call(&f, SYS_HEAPINFO, BLOCK), FAIL);

    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISERROR, (uint64_t)-1), 1);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISERROR, 5), 0);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISERROR, 0), 0);

    CU_ASSERT_EQUAL(semihost_unknown_calls(f.sh), 0);
    CU_ASSERT_EQUAL(call(&f, 0x99, BLOCK), FAIL);
    CU_ASSERT_EQUAL(call(&f, 0x12, BLOCK), FAIL); /* SYS_SYSTEM is never offered */
    CU_ASSERT_EQUAL(semihost_unknown_calls(f.sh), 2);
    CU_ASSERT_EQUAL(last_errno(&f), ENOSYS);
    fixture_close(&f);
}

static void test_bad_guest_pointers(void)
{
    struct fixture f;

    fixture_open(&f, false, NULL);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITEC, 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EFAULT);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE0, UINT64_MAX), FAIL);
    /* A string running off the end of guest memory. */
    memset(guest + GUEST_SIZE - 300, 'z', 300);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE0, GUEST_BASE + GUEST_SIZE - 300), FAIL);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE, 0x8), FAIL);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE, UINT64_MAX - 7), FAIL);
    CU_ASSERT_EQUAL(call(&f, SYS_OPEN, GUEST_BASE + GUEST_SIZE - 16), FAIL);
    /* Buffer pointers and huge lengths: chunks stop at the first fault. */
    put_block3(SEMIHOST_HANDLE_STDOUT, 0x20, 4);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE, BLOCK), FAIL);
    put_block3(SEMIHOST_HANDLE_STDOUT, DATA, 1ull << 40);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE, BLOCK), FAIL);
    put_block3(SEMIHOST_HANDLE_STDOUT, UINT64_MAX - 2, 16);
    CU_ASSERT_EQUAL(call(&f, SYS_WRITE, BLOCK), FAIL);
    /* The name pointer of SYS_OPEN. */
    put_block3(0x40, 0, 3);
    CU_ASSERT_EQUAL(call(&f, SYS_OPEN, BLOCK), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EFAULT);
    /* No memory interface at all. */
    CU_ASSERT_EQUAL(semihost_call(f.sh, NULL, SYS_WRITEC, DATA), FAIL);
    {
        const struct semihost_mem no_callbacks = {NULL, NULL, NULL};
        CU_ASSERT_EQUAL(semihost_call(f.sh, &no_callbacks, SYS_WRITE0, DATA), FAIL);
    }
    fixture_close(&f);
}

static void test_open_arguments(void)
{
    struct fixture f;
    char long_name[5000];

    fixture_open(&f, false, NULL);
    CU_ASSERT_EQUAL(open_name(&f, ":tt", 12), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EINVAL);
    put_bytes(NAME, ":tt\0x", 5);
    put_block3(NAME, 0, 5); /* embedded NUL */
    CU_ASSERT_EQUAL(call(&f, SYS_OPEN, BLOCK), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EINVAL);
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    CU_ASSERT_EQUAL(open_name(&f, long_name, 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), ENAMETOOLONG);
    put_block3(NAME, 0, UINT64_MAX);
    CU_ASSERT_EQUAL(call(&f, SYS_OPEN, BLOCK), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), ENAMETOOLONG);
    /* Without a root directory, host files are out of reach. */
    CU_ASSERT_EQUAL(open_name(&f, "data.txt", 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    CU_ASSERT_EQUAL(open_name(&f, "/etc/passwd", 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    CU_ASSERT_EQUAL(remove_name(&f, "data.txt"), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    fixture_close(&f);
}

static void test_features_file(void)
{
    struct fixture f;
    uint64_t handle;

    fixture_open(&f, false, NULL);
    CU_ASSERT_EQUAL(open_name(&f, ":semihosting-features", 4), FAIL);
    handle = open_name(&f, ":semihosting-features", 0);
    CU_ASSERT_EQUAL(handle, 3);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_FLEN, handle), 5);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, handle), 0);
    CU_ASSERT_EQUAL(read_handle(&f, handle, 8), 3);
    CU_ASSERT_EQUAL(memcmp(guest + (DATA - GUEST_BASE), "SHFB\x03", 5), 0);
    put_u64(BLOCK, handle);
    put_u64(BLOCK + 8, 4);
    CU_ASSERT_EQUAL(call(&f, SYS_SEEK, BLOCK), 0);
    CU_ASSERT_EQUAL(read_handle(&f, handle, 8), 7);
    CU_ASSERT_EQUAL(guest[DATA - GUEST_BASE], 0x03);
    CU_ASSERT_EQUAL(write_handle(&f, handle, "x"), FAIL);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, handle), 0);
    fixture_close(&f);
}

static char *path_in(const struct fixture *f, const char *name)
{
    static char path[256];

    snprintf(path, sizeof(path), "%s/%s", f->root, name);
    return path;
}

static void test_host_files(void)
{
    struct fixture f;
    uint64_t handle;
    struct stat status;

    fixture_open(&f, true, NULL);
    handle = open_name(&f, "data.txt", 4); /* "w" */
    CU_ASSERT_EQUAL(handle, 3);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_ISTTY, handle), 0);
    CU_ASSERT_EQUAL(write_handle(&f, handle, "hello world"), 0);
    CU_ASSERT_EQUAL(read_handle(&f, handle, 4), FAIL); /* opened write-only */
    CU_ASSERT_EQUAL(last_errno(&f), EBADF);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, handle), 0);
    CU_ASSERT_EQUAL(stat(path_in(&f, "data.txt"), &status), 0);
    CU_ASSERT_EQUAL(status.st_size, 11);

    handle = open_name(&f, "data.txt", 1); /* "rb" */
    CU_ASSERT_EQUAL(handle, 3);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_FLEN, handle), 11);
    put_u64(BLOCK, handle);
    put_u64(BLOCK + 8, 6);
    CU_ASSERT_EQUAL(call(&f, SYS_SEEK, BLOCK), 0);
    CU_ASSERT_EQUAL(read_handle(&f, handle, 5), 0);
    CU_ASSERT_EQUAL(memcmp(guest + (DATA - GUEST_BASE), "world", 6), 0);
    CU_ASSERT_EQUAL(read_handle(&f, handle, 5), 5); /* end of file */
    put_u64(BLOCK + 8, 0);
    CU_ASSERT_EQUAL(call(&f, SYS_SEEK, BLOCK), 0);
    /* A huge length reads what the file has; nothing of that size is allocated. */
    CU_ASSERT_EQUAL(read_handle(&f, handle, 1ull << 40), (1ull << 40) - 11);
    CU_ASSERT_EQUAL(memcmp(guest + (DATA - GUEST_BASE), "hello world", 12), 0);
    put_u64(BLOCK + 8, 1ull << 63);
    CU_ASSERT_EQUAL(call(&f, SYS_SEEK, BLOCK), FAIL);
    /* Opened read-only: the one byte is reported as not written. */
    CU_ASSERT_EQUAL(write_handle(&f, handle, "x"), 1);
    CU_ASSERT_EQUAL(last_errno(&f), EBADF);
    put_u64(BLOCK, 0);
    CU_ASSERT_EQUAL(call(&f, SYS_SEEK, BLOCK), FAIL); /* handle 0 */
    /* Reading into unmapped guest memory. */
    put_u64(BLOCK, handle);
    put_u64(BLOCK + 8, 0);
    CU_ASSERT_EQUAL(call(&f, SYS_SEEK, BLOCK), 0);
    put_block3(handle, 0x30, 4);
    CU_ASSERT_EQUAL(call(&f, SYS_READ, BLOCK), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EFAULT);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, handle), 0);

    /* Append mode, then read-write. */
    handle = open_name(&f, "data.txt", 8);
    CU_ASSERT_EQUAL(write_handle(&f, handle, "!"), 0);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_FLEN, handle), 12);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, handle), 0);
    handle = open_name(&f, "data.txt", 2); /* "r+" */
    CU_ASSERT_EQUAL(write_handle(&f, handle, "J"), 0);
    CU_ASSERT_EQUAL(read_handle(&f, handle, 3), 0);
    CU_ASSERT_EQUAL(memcmp(guest + (DATA - GUEST_BASE), "ell", 3), 0);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, handle), 0);

    /* Missing files, subdirectories, removal. */
    CU_ASSERT_EQUAL(open_name(&f, "missing.txt", 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), ENOENT);
    CU_ASSERT_EQUAL(mkdir(path_in(&f, "sub"), 0755), 0);
    handle = open_name(&f, "./sub//new.bin", 6);
    CU_ASSERT_EQUAL(handle, 3);
    CU_ASSERT_EQUAL(one_field_call(&f, SYS_CLOSE, handle), 0);
    CU_ASSERT_EQUAL(stat(path_in(&f, "sub/new.bin"), &status), 0);
    CU_ASSERT_EQUAL(open_name(&f, "sub", 0), FAIL); /* directories are not files */
    CU_ASSERT_EQUAL(last_errno(&f), EISDIR);
    CU_ASSERT_EQUAL(open_name(&f, "", 0), FAIL);
    CU_ASSERT_EQUAL(remove_name(&f, "sub/new.bin"), 0);
    CU_ASSERT_NOT_EQUAL(stat(path_in(&f, "sub/new.bin"), &status), 0);
    CU_ASSERT_EQUAL(remove_name(&f, "sub/new.bin"), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), ENOENT);
    CU_ASSERT_EQUAL(remove_name(&f, "data.txt"), 0);
    CU_ASSERT_NOT_EQUAL(stat(path_in(&f, "data.txt"), &status), 0);
    fixture_close(&f);
}

static void test_host_file_escapes(void)
{
    struct fixture f;
    char outside[128];
    FILE *victim;
    struct stat status;

    fixture_open(&f, true, NULL);
    /* A file next to the root that the guest must not reach. */
    snprintf(outside, sizeof(outside), "%s-outside", f.root);
    victim = fopen(outside, "w");
    CU_ASSERT_FATAL(victim != NULL);
    fputs("secret", victim);
    fclose(victim);
    CU_ASSERT_EQUAL(mkdir(path_in(&f, "sub"), 0755), 0);
    CU_ASSERT_EQUAL(symlink("/etc", path_in(&f, "etc_link")), 0);
    CU_ASSERT_EQUAL(symlink(outside, path_in(&f, "file_link")), 0);
    CU_ASSERT_EQUAL(symlink("..", path_in(&f, "sub/up")), 0);

    CU_ASSERT_EQUAL(open_name(&f, outside, 0), FAIL); /* absolute */
    CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    CU_ASSERT_EQUAL(open_name(&f, "/etc/passwd", 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    CU_ASSERT_EQUAL(open_name(&f, "..", 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    CU_ASSERT_EQUAL(open_name(&f, strrchr(outside, '/') + 1, 0), FAIL); /* not in the root */
    {
        char name[160];
        snprintf(name, sizeof(name), "../%s", strrchr(outside, '/') + 1);
        CU_ASSERT_EQUAL(open_name(&f, name, 0), FAIL);
        CU_ASSERT_EQUAL(last_errno(&f), EACCES);
        snprintf(name, sizeof(name), "sub/../../%s", strrchr(outside, '/') + 1);
        CU_ASSERT_EQUAL(open_name(&f, name, 0), FAIL);
        CU_ASSERT_EQUAL(last_errno(&f), EACCES);
        snprintf(name, sizeof(name), "sub/up/%s", strrchr(outside, '/') + 1);
        CU_ASSERT_EQUAL(open_name(&f, name, 0), FAIL); /* symlinked directory */
        CU_ASSERT_EQUAL(remove_name(&f, name), FAIL);
        snprintf(name, sizeof(name), "../%s", strrchr(outside, '/') + 1);
        CU_ASSERT_EQUAL(remove_name(&f, name), FAIL);
        CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    }
    CU_ASSERT_EQUAL(open_name(&f, "etc_link/passwd", 0), FAIL);
    CU_ASSERT_EQUAL(open_name(&f, "file_link", 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), ELOOP);
    CU_ASSERT_EQUAL(open_name(&f, "file_link", 4), FAIL); /* no truncation through the link */
    CU_ASSERT_EQUAL(open_name(&f, "file_link", 8), FAIL);
    CU_ASSERT_EQUAL(stat(outside, &status), 0);
    CU_ASSERT_EQUAL(status.st_size, 6);
    /* Removing the link itself is confined and harmless; the target survives. */
    CU_ASSERT_EQUAL(remove_name(&f, "file_link"), 0);
    CU_ASSERT_EQUAL(stat(outside, &status), 0);
    /* A FIFO in the root neither blocks the simulator nor opens. */
    CU_ASSERT_EQUAL(mkfifo(path_in(&f, "fifo"), 0600), 0);
    CU_ASSERT_EQUAL(open_name(&f, "fifo", 0), FAIL);
    CU_ASSERT_EQUAL(last_errno(&f), EACCES);
    CU_ASSERT_EQUAL(unlink(outside), 0);
    fixture_close(&f);
}

static void test_bad_root(void)
{
    struct semihost_config cfg;
    char message[256] = "";

    memset(&cfg, 0, sizeof(cfg));
    cfg.root_dir = "/nonexistent/elsim-root";
    CU_ASSERT_PTR_NULL(semihost_create(&cfg, message, sizeof(message)));
    CU_ASSERT_STRING_EQUAL(message, "/nonexistent/elsim-root: cannot open semihosting root "
                                    "directory: No such file or directory");
}

void register_semihosting_tests(void)
{
    CU_pSuite suite = CU_add_suite("board/semihosting", NULL, NULL);

    CU_add_test(suite, "console output", test_console_output);
    CU_add_test(suite, "SYS_WRITE0 long strings", test_write0_long_string_across_chunks);
    CU_add_test(suite, ":tt handles", test_tt_handles);
    CU_add_test(suite, "handle table is bounded", test_handle_table_is_bounded);
    CU_add_test(suite, "SYS_EXIT and SYS_EXIT_EXTENDED", test_exit);
    CU_add_test(suite, "SYS_CLOCK, SYS_ELAPSED, SYS_TICKFREQ, SYS_TIME", test_time);
    CU_add_test(suite, "SYS_CLOCK does not overflow", test_clock_does_not_overflow);
    CU_add_test(suite, "GET_CMDLINE, HEAPINFO, ISERROR, ERRNO, unknown",
                test_cmdline_heapinfo_iserror_errno);
    CU_add_test(suite, "bad guest pointers", test_bad_guest_pointers);
    CU_add_test(suite, "SYS_OPEN argument checks", test_open_arguments);
    CU_add_test(suite, ":semihosting-features", test_features_file);
    CU_add_test(suite, "host files in the root", test_host_files);
    CU_add_test(suite, "host file escapes refused", test_host_file_escapes);
    CU_add_test(suite, "unusable root directory", test_bad_root);
}

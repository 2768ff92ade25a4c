/* Arm semihosting for A64 guests. Operation semantics follow "Semihosting for AArch32 and AArch64"
 * (Arm, 2.0 and later); on AArch64 every parameter block field is 64 bits wide and little-endian.
 *
 * The guest is untrusted: every pointer and length it passes is checked, guest memory is reached
 * only through the struct semihost_mem callbacks, transfers go through a bounded buffer in
 * chunks, the handle table is bounded, and host files are confined to the configured root. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "semihosting.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Bounds on what the guest can make the simulator hold at once. */
#define MAX_HANDLES 64         /* handle numbers 1..MAX_HANDLES-1; 0 is never a valid handle */
#define MAX_PATH_BYTES 4095    /* longest path accepted from SYS_OPEN / SYS_REMOVE */
#define TRANSFER_CHUNK 65536   /* bytes moved between guest and host per step */
#define STRING_CHUNK_ALIGN 256 /* SYS_WRITE0 reads never cross a 256-byte boundary */

/* SYS_OPEN mode numbers are ISO C fopen modes: 0-3 "r" "rb" "r+" "r+b", 4-7 "w" "wb" "w+" "w+b",
 * 8-11 "a" "ab" "a+" "a+b" (spec, SYS_OPEN). */
#define OPEN_MODE_COUNT 12

/* The semihosting extensions file (spec 2.0, "Semihosting extensions"): magic "SHFB" then one
 * feature byte: bit 0 SH_EXT_EXIT_EXTENDED, bit 1 SH_EXT_STDOUT_STDERR. */
static const uint8_t features_file[] = {'S', 'H', 'F', 'B', 0x03};
static const char features_name[] = ":semihosting-features";
static const char console_name[] = ":tt";

enum handle_kind {
    HANDLE_FREE,
    HANDLE_CONSOLE_IN,
    HANDLE_CONSOLE_OUT,
    HANDLE_CONSOLE_ERR,
    HANDLE_HOST_FILE,
    HANDLE_FEATURES,
};

struct handle {
    enum handle_kind kind;
    int fd;            /* HANDLE_HOST_FILE */
    uint64_t position; /* HANDLE_FEATURES */
};

struct semihost {
    FILE *console_out, *console_err, *console_in;
    int root_fd; /* -1 without --semihosting-root */
    uint64_t (*ticks)(void *ctx);
    void *ticks_ctx;
    uint64_t tick_frequency;
    struct timespec host_clock_start;
    uint64_t heap_info[4];

    char *cmdline;
    bool fixed_time;
    uint64_t fixed_epoch;

    int last_errno;
    bool exited;
    int exit_status;
    uint64_t unknown_calls;

    struct handle handles[MAX_HANDLES];
    uint8_t buffer[TRANSFER_CHUNK];
};

static uint64_t failure(struct semihost *sh, int error)
{
    sh->last_errno = error;
    return SEMIHOST_FAILURE;
}

/* ---- guest memory ---- */

static bool guest_read(const struct semihost_mem *mem, uint64_t va, void *buf, size_t len)
{
    if (len == 0)
        return true;
    if (!mem || !mem->read || va + (len - 1) < va)
        return false;
    return mem->read(mem->ctx, va, buf, len);
}

static bool guest_write(const struct semihost_mem *mem, uint64_t va, const void *buf, size_t len)
{
    if (len == 0)
        return true;
    if (!mem || !mem->write || va + (len - 1) < va)
        return false;
    return mem->write(mem->ctx, va, buf, len);
}

/* Field index of the parameter block at block (64-bit little-endian fields). */
static bool read_field(const struct semihost_mem *mem, uint64_t block, unsigned index,
                       uint64_t *value)
{
    uint8_t bytes[8];
    uint64_t address = block + 8u * index;

    if (address < block || !guest_read(mem, address, bytes, sizeof(bytes)))
        return false;
    *value = 0;
    for (unsigned i = 0; i < 8; i++)
        *value |= (uint64_t)bytes[i] << (8 * i);
    return true;
}

static bool write_u64(const struct semihost_mem *mem, uint64_t address, uint64_t value)
{
    uint8_t bytes[8];

    for (unsigned i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(value >> (8 * i));
    return guest_write(mem, address, bytes, sizeof(bytes));
}

/* ---- time ---- */

static uint64_t current_ticks(const struct semihost *sh)
{
    struct timespec now;
    int64_t seconds, nanoseconds;

    if (sh->ticks)
        return sh->ticks(sh->ticks_ctx);
    clock_gettime(CLOCK_MONOTONIC, &now);
    seconds = (int64_t)now.tv_sec - (int64_t)sh->host_clock_start.tv_sec;
    nanoseconds = (int64_t)now.tv_nsec - (int64_t)sh->host_clock_start.tv_nsec;
    return (uint64_t)(seconds * 1000000000 + nanoseconds);
}

/* ticks * 100 / frequency without overflowing the intermediate product. */
static uint64_t ticks_to_centiseconds(uint64_t ticks, uint64_t frequency)
{
    uint64_t whole = ticks / frequency * 100;
    uint64_t rest = ticks % frequency;

    if (rest <= UINT64_MAX / 100)
        return whole + rest * 100 / frequency;
    return whole + rest / (frequency / 100);
}

/* ---- handles ---- */

static int allocate_handle(struct semihost *sh, enum handle_kind kind, int fd)
{
    for (int h = 1; h < MAX_HANDLES; h++) {
        if (sh->handles[h].kind == HANDLE_FREE) {
            sh->handles[h].kind = kind;
            sh->handles[h].fd = fd;
            sh->handles[h].position = 0;
            return h;
        }
    }
    return -1;
}

static struct handle *lookup_handle(struct semihost *sh, uint64_t number)
{
    if (number == 0 || number >= MAX_HANDLES || sh->handles[number].kind == HANDLE_FREE)
        return NULL;
    return &sh->handles[number];
}

static bool is_console(const struct handle *h)
{
    return h->kind == HANDLE_CONSOLE_IN || h->kind == HANDLE_CONSOLE_OUT ||
           h->kind == HANDLE_CONSOLE_ERR;
}

static FILE *console_stream(const struct semihost *sh, const struct handle *h)
{
    return h->kind == HANDLE_CONSOLE_ERR ? sh->console_err : sh->console_out;
}

/* ---- paths confined to the root directory ---- */

/* Reads the guest path of name_len bytes at name_va into path (NUL-terminated). */
static bool read_guest_path(struct semihost *sh, const struct semihost_mem *mem, uint64_t name_va,
                            uint64_t name_len, char path[MAX_PATH_BYTES + 1])
{
    if (name_len > MAX_PATH_BYTES) {
        sh->last_errno = ENAMETOOLONG;
        return false;
    }
    if (!guest_read(mem, name_va, path, (size_t)name_len)) {
        sh->last_errno = EFAULT;
        return false;
    }
    path[name_len] = '\0';
    if (strlen(path) != name_len) { /* an embedded NUL */
        sh->last_errno = EINVAL;
        return false;
    }
    return true;
}

/* Walks the directories of path from the root without following symbolic links, refusing
 * absolute paths and ".." components. On success *parent_fd is the directory holding the last
 * component (the caller closes it unless it is sh->root_fd) and *leaf points into path. */
static bool resolve_in_root(struct semihost *sh, char *path, int *parent_fd, const char **leaf)
{
    int directory = sh->root_fd;
    char *component = path;

    if (sh->root_fd < 0 || path[0] == '/') {
        sh->last_errno = EACCES;
        return false;
    }
    for (;;) {
        char *slash = strchr(component, '/');
        bool last;

        if (slash)
            *slash = '\0';
        last = slash == NULL || slash[1 + strspn(slash + 1, "/")] == '\0';
        if (strcmp(component, "..") == 0) {
            sh->last_errno = EACCES;
            goto fail;
        }
        if (last) {
            if (component[0] == '\0' || strcmp(component, ".") == 0) {
                sh->last_errno = EISDIR;
                goto fail;
            }
            *parent_fd = directory;
            *leaf = component;
            return true;
        }
        if (component[0] != '\0' && strcmp(component, ".") != 0) {
            int next = openat(directory, component,
                              O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (next < 0) {
                sh->last_errno = errno;
                goto fail;
            }
            if (directory != sh->root_fd)
                close(directory);
            directory = next;
        }
        component = slash + 1;
    }
fail:
    if (directory != sh->root_fd)
        close(directory);
    return false;
}

static int open_flags_for_mode(uint64_t mode)
{
    static const int access_for_mode_pair[6] = {
        O_RDONLY,
        O_RDWR,
        O_WRONLY | O_CREAT | O_TRUNC,
        O_RDWR | O_CREAT | O_TRUNC,
        O_WRONLY | O_CREAT | O_APPEND,
        O_RDWR | O_CREAT | O_APPEND,
    };
    return access_for_mode_pair[mode / 2];
}

/* Opens a regular file under the root; returns the host fd or -1 with sh->last_errno set. */
static int open_host_file(struct semihost *sh, char *path, uint64_t mode)
{
    int parent, fd, flags;
    const char *leaf;
    struct stat status;

    if (!resolve_in_root(sh, path, &parent, &leaf))
        return -1;
    /* O_NONBLOCK keeps a FIFO planted in the root from blocking the simulator; only regular
     * files are accepted, and blocking mode is restored for them. */
    fd = openat(parent, leaf, open_flags_for_mode(mode) | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
                                  O_NONBLOCK, 0644);
    if (fd < 0)
        sh->last_errno = errno;
    if (parent != sh->root_fd)
        close(parent);
    if (fd < 0)
        return -1;
    if (fstat(fd, &status) != 0) {
        sh->last_errno = errno;
        close(fd);
        return -1;
    }
    if (!S_ISREG(status.st_mode)) {
        sh->last_errno = S_ISDIR(status.st_mode) ? EISDIR : EACCES;
        close(fd);
        return -1;
    }
    flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

/* ---- operations ---- */

static uint64_t sys_open(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t name_va, mode, name_len;
    char path[MAX_PATH_BYTES + 1];
    enum handle_kind kind;
    int fd = -1, handle;

    if (!read_field(mem, block, 0, &name_va) || !read_field(mem, block, 1, &mode) ||
        !read_field(mem, block, 2, &name_len))
        return failure(sh, EFAULT);
    if (mode >= OPEN_MODE_COUNT)
        return failure(sh, EINVAL);
    if (!read_guest_path(sh, mem, name_va, name_len, path))
        return SEMIHOST_FAILURE;

    if (strcmp(path, console_name) == 0) {
        kind = mode < 4 ? HANDLE_CONSOLE_IN : mode < 8 ? HANDLE_CONSOLE_OUT : HANDLE_CONSOLE_ERR;
    } else if (strcmp(path, features_name) == 0) {
        if (mode > 1)
            return failure(sh, EACCES);
        kind = HANDLE_FEATURES;
    } else {
        fd = open_host_file(sh, path, mode);
        if (fd < 0)
            return SEMIHOST_FAILURE;
        kind = HANDLE_HOST_FILE;
    }
    handle = allocate_handle(sh, kind, fd);
    if (handle < 0) {
        if (fd >= 0)
            close(fd);
        return failure(sh, EMFILE);
    }
    return (uint64_t)handle;
}

static uint64_t sys_close(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t number;
    struct handle *h;

    if (!read_field(mem, block, 0, &number))
        return failure(sh, EFAULT);
    h = lookup_handle(sh, number);
    if (!h)
        return failure(sh, EBADF);
    if (h->kind == HANDLE_HOST_FILE)
        close(h->fd);
    h->kind = HANDLE_FREE;
    h->fd = -1;
    return 0;
}

static void console_put(FILE *stream, const void *bytes, size_t len)
{
    if (stream && len > 0) {
        fwrite(bytes, 1, len, stream);
        fflush(stream);
    }
}

static uint64_t sys_writec(struct semihost *sh, const struct semihost_mem *mem, uint64_t va)
{
    uint8_t byte;

    if (!guest_read(mem, va, &byte, 1))
        return failure(sh, EFAULT);
    console_put(sh->console_out, &byte, 1);
    return 0;
}

/* The string is read in pieces that never cross a STRING_CHUNK_ALIGN boundary, so that a string
 * ending just before unmapped memory is still printed whole. */
static uint64_t sys_write0(struct semihost *sh, const struct semihost_mem *mem, uint64_t va)
{
    for (;;) {
        size_t piece = STRING_CHUNK_ALIGN - (size_t)(va % STRING_CHUNK_ALIGN);
        uint8_t *nul;

        if (!guest_read(mem, va, sh->buffer, piece))
            return failure(sh, EFAULT);
        nul = memchr(sh->buffer, '\0', piece);
        console_put(sh->console_out, sh->buffer, nul ? (size_t)(nul - sh->buffer) : piece);
        if (nul)
            return 0;
        va += piece;
        if (va == 0) /* wrapped around the address space */
            return failure(sh, EFAULT);
    }
}

static bool write_all(int fd, const uint8_t *bytes, size_t len)
{
    while (len > 0) {
        ssize_t done = write(fd, bytes, len);

        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return false;
        bytes += done;
        len -= (size_t)done;
    }
    return true;
}

/* Returns the number of bytes not written (0 when all were). */
static uint64_t sys_write(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t number, va, len, done = 0;
    struct handle *h;

    if (!read_field(mem, block, 0, &number) || !read_field(mem, block, 1, &va) ||
        !read_field(mem, block, 2, &len))
        return failure(sh, EFAULT);
    h = lookup_handle(sh, number);
    if (!h || h->kind == HANDLE_CONSOLE_IN || h->kind == HANDLE_FEATURES)
        return failure(sh, EBADF);
    while (done < len) {
        size_t piece = len - done < TRANSFER_CHUNK ? (size_t)(len - done) : TRANSFER_CHUNK;

        if (!guest_read(mem, va + done, sh->buffer, piece))
            return failure(sh, EFAULT);
        if (h->kind == HANDLE_HOST_FILE) {
            if (!write_all(h->fd, sh->buffer, piece)) {
                sh->last_errno = errno;
                return len - done;
            }
        } else {
            console_put(console_stream(sh, h), sh->buffer, piece);
        }
        done += piece;
    }
    return 0;
}

/* Reads console input up to len bytes, stopping after a newline (a line-buffered terminal). */
static size_t read_console_line(struct semihost *sh, uint8_t *buf, size_t len)
{
    size_t got = 0;

    if (!sh->console_in)
        return 0;
    while (got < len) {
        int c = fgetc(sh->console_in);

        if (c == EOF)
            break;
        buf[got++] = (uint8_t)c;
        if (c == '\n')
            break;
    }
    return got;
}

/* Returns the number of bytes not read: 0 when the buffer was filled, len at end of file. */
static uint64_t sys_read(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t number, va, len, done = 0;
    struct handle *h;

    if (!read_field(mem, block, 0, &number) || !read_field(mem, block, 1, &va) ||
        !read_field(mem, block, 2, &len))
        return failure(sh, EFAULT);
    h = lookup_handle(sh, number);
    if (!h || h->kind == HANDLE_CONSOLE_OUT || h->kind == HANDLE_CONSOLE_ERR)
        return failure(sh, EBADF);
    while (done < len) {
        size_t piece = len - done < TRANSFER_CHUNK ? (size_t)(len - done) : TRANSFER_CHUNK;
        size_t got;

        if (h->kind == HANDLE_CONSOLE_IN) {
            got = read_console_line(sh, sh->buffer, piece);
        } else if (h->kind == HANDLE_FEATURES) {
            uint64_t left = sizeof(features_file) - h->position;
            got = piece < left ? piece : (size_t)left;
            memcpy(sh->buffer, features_file + h->position, got);
            h->position += got;
        } else {
            ssize_t n;
            do {
                n = read(h->fd, sh->buffer, piece);
            } while (n < 0 && errno == EINTR);
            if (n < 0)
                return failure(sh, errno);
            got = (size_t)n;
        }
        if (!guest_write(mem, va + done, sh->buffer, got))
            return failure(sh, EFAULT);
        done += got;
        if (got == 0 || (h->kind == HANDLE_CONSOLE_IN && sh->buffer[got - 1] == '\n'))
            break;
    }
    return len - done;
}

static uint64_t sys_readc(struct semihost *sh)
{
    int c = sh->console_in ? fgetc(sh->console_in) : EOF;

    if (c == EOF)
        return failure(sh, EIO);
    return (uint64_t)(uint8_t)c;
}

static uint64_t sys_iserror(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t status;

    if (!read_field(mem, block, 0, &status))
        return failure(sh, EFAULT);
    return (int64_t)status < 0 ? 1 : 0;
}

static uint64_t sys_istty(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t number;
    struct handle *h;

    if (!read_field(mem, block, 0, &number))
        return failure(sh, EFAULT);
    h = lookup_handle(sh, number);
    if (!h)
        return failure(sh, EBADF);
    return is_console(h) ? 1 : 0;
}

static uint64_t sys_seek(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t number, position;
    struct handle *h;

    if (!read_field(mem, block, 0, &number) || !read_field(mem, block, 1, &position))
        return failure(sh, EFAULT);
    h = lookup_handle(sh, number);
    if (!h)
        return failure(sh, EBADF);
    if (h->kind == HANDLE_FEATURES) {
        if (position > sizeof(features_file))
            return failure(sh, EINVAL);
        h->position = position;
        return 0;
    }
    if (h->kind != HANDLE_HOST_FILE)
        return failure(sh, ESPIPE);
    if (position > INT64_MAX)
        return failure(sh, EINVAL);
    if (lseek(h->fd, (off_t)position, SEEK_SET) < 0)
        return failure(sh, errno);
    return 0;
}

static uint64_t sys_flen(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t number;
    struct handle *h;
    struct stat status;

    if (!read_field(mem, block, 0, &number))
        return failure(sh, EFAULT);
    h = lookup_handle(sh, number);
    if (!h)
        return failure(sh, EBADF);
    if (h->kind == HANDLE_FEATURES)
        return sizeof(features_file);
    if (h->kind != HANDLE_HOST_FILE)
        return failure(sh, EINVAL);
    if (fstat(h->fd, &status) != 0)
        return failure(sh, errno);
    return (uint64_t)status.st_size;
}

static uint64_t sys_remove(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t name_va, name_len;
    char path[MAX_PATH_BYTES + 1];
    const char *leaf;
    int parent, result;

    if (!read_field(mem, block, 0, &name_va) || !read_field(mem, block, 1, &name_len))
        return failure(sh, EFAULT);
    if (sh->root_fd < 0)
        return failure(sh, EACCES);
    if (!read_guest_path(sh, mem, name_va, name_len, path))
        return SEMIHOST_FAILURE;
    if (!resolve_in_root(sh, path, &parent, &leaf))
        return SEMIHOST_FAILURE;
    result = unlinkat(parent, leaf, 0);
    if (result != 0)
        sh->last_errno = errno;
    if (parent != sh->root_fd)
        close(parent);
    return result == 0 ? 0 : SEMIHOST_FAILURE;
}

static uint64_t sys_time(struct semihost *sh)
{
    if (sh->fixed_time)
        return sh->fixed_epoch + current_ticks(sh) / sh->tick_frequency;
    return (uint64_t)time(NULL);
}

/* Parameter block {buffer address, buffer length}; on success the length field is replaced by
 * the length of the command line, which is written NUL-terminated. */
static uint64_t sys_get_cmdline(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t buffer_va, buffer_len;
    const char *cmdline = sh->cmdline ? sh->cmdline : "";
    size_t len = strlen(cmdline);

    if (!read_field(mem, block, 0, &buffer_va) || !read_field(mem, block, 1, &buffer_len))
        return failure(sh, EFAULT);
    if (buffer_len < (uint64_t)len + 1)
        return failure(sh, E2BIG);
    if (!guest_write(mem, buffer_va, cmdline, len + 1) || !write_u64(mem, block + 8, len))
        return failure(sh, EFAULT);
    return 0;
}

/* X1 holds the address of a pointer to a four-field block {heap base, heap limit, stack base,
 * stack limit}. */
static uint64_t sys_heapinfo(struct semihost *sh, const struct semihost_mem *mem, uint64_t param)
{
    uint64_t block;

    if (!read_field(mem, param, 0, &block))
        return failure(sh, EFAULT);
    for (unsigned i = 0; i < 4; i++) {
        if (block + 8u * i < block || !write_u64(mem, block + 8u * i, sh->heap_info[i]))
            return failure(sh, EFAULT);
    }
    return 0;
}

/* On AArch64 both SYS_EXIT and SYS_EXIT_EXTENDED take a block {reason, subcode}. */
static uint64_t sys_exit(struct semihost *sh, const struct semihost_mem *mem, uint64_t block)
{
    uint64_t reason, subcode;

    if (!read_field(mem, block, 0, &reason) || !read_field(mem, block, 1, &subcode))
        return failure(sh, EFAULT);
    sh->exited = true;
    sh->exit_status = reason == ADP_STOPPED_APPLICATION_EXIT ? (int)(subcode & 0xFF) : 1;
    return 0;
}

uint64_t semihost_call(struct semihost *sh, const struct semihost_mem *mem, uint64_t op,
                       uint64_t param)
{
    switch ((uint32_t)op) {
    case SYS_OPEN:
        return sys_open(sh, mem, param);
    case SYS_CLOSE:
        return sys_close(sh, mem, param);
    case SYS_WRITEC:
        return sys_writec(sh, mem, param);
    case SYS_WRITE0:
        return sys_write0(sh, mem, param);
    case SYS_WRITE:
        return sys_write(sh, mem, param);
    case SYS_READ:
        return sys_read(sh, mem, param);
    case SYS_READC:
        return sys_readc(sh);
    case SYS_ISERROR:
        return sys_iserror(sh, mem, param);
    case SYS_ISTTY:
        return sys_istty(sh, mem, param);
    case SYS_SEEK:
        return sys_seek(sh, mem, param);
    case SYS_FLEN:
        return sys_flen(sh, mem, param);
    case SYS_REMOVE:
        return sys_remove(sh, mem, param);
    case SYS_CLOCK:
        return ticks_to_centiseconds(current_ticks(sh), sh->tick_frequency);
    case SYS_TIME:
        return sys_time(sh);
    case SYS_ERRNO:
        return (uint64_t)(int64_t)sh->last_errno;
    case SYS_GET_CMDLINE:
        return sys_get_cmdline(sh, mem, param);
    case SYS_HEAPINFO:
        return sys_heapinfo(sh, mem, param);
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED:
        return sys_exit(sh, mem, param);
    case SYS_ELAPSED:
        return write_u64(mem, param, current_ticks(sh)) ? 0 : failure(sh, EFAULT);
    case SYS_TICKFREQ:
        return sh->tick_frequency;
    default:
        sh->unknown_calls++;
        return failure(sh, ENOSYS);
    }
}

/* ---- lifetime and settings ---- */

struct semihost *semihost_create(const struct semihost_config *cfg, char *err, size_t errlen)
{
    struct semihost *sh;

    if (cfg->ticks && cfg->tick_frequency == 0) {
        if (err)
            snprintf(err, errlen, "semihosting: tick frequency must not be zero");
        return NULL;
    }
    sh = calloc(1, sizeof(*sh));
    if (!sh) {
        if (err)
            snprintf(err, errlen, "semihosting: out of memory");
        return NULL;
    }
    sh->console_out = cfg->console_out;
    sh->console_err = cfg->console_err ? cfg->console_err : cfg->console_out;
    sh->console_in = cfg->console_in;
    sh->ticks = cfg->ticks;
    sh->ticks_ctx = cfg->ticks_ctx;
    sh->tick_frequency = cfg->ticks ? cfg->tick_frequency : 1000000000u;
    clock_gettime(CLOCK_MONOTONIC, &sh->host_clock_start);
    sh->heap_info[0] = cfg->heap_base;
    sh->heap_info[1] = cfg->heap_limit;
    sh->heap_info[2] = cfg->stack_base;
    sh->heap_info[3] = cfg->stack_limit;
    sh->root_fd = -1;
    for (int h = 0; h < MAX_HANDLES; h++) {
        sh->handles[h].kind = HANDLE_FREE;
        sh->handles[h].fd = -1;
    }
    sh->handles[SEMIHOST_HANDLE_STDOUT].kind = HANDLE_CONSOLE_OUT;
    sh->handles[SEMIHOST_HANDLE_STDERR].kind = HANDLE_CONSOLE_ERR;
    if (cfg->root_dir) {
        sh->root_fd = open(cfg->root_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (sh->root_fd < 0) {
            if (err)
                snprintf(err, errlen, "%s: cannot open semihosting root directory: %s",
                         cfg->root_dir, strerror(errno));
            free(sh);
            return NULL;
        }
    }
    return sh;
}

void semihost_destroy(struct semihost *sh)
{
    if (!sh)
        return;
    for (int h = 0; h < MAX_HANDLES; h++) {
        if (sh->handles[h].kind == HANDLE_HOST_FILE)
            close(sh->handles[h].fd);
    }
    if (sh->root_fd >= 0)
        close(sh->root_fd);
    free(sh->cmdline);
    free(sh);
}

bool semihost_exited(const struct semihost *sh, int *status)
{
    if (sh->exited && status)
        *status = sh->exit_status;
    return sh->exited;
}

bool semihost_set_cmdline(struct semihost *sh, const char *cmdline)
{
    char *copy = NULL;

    if (cmdline) {
        size_t len = strlen(cmdline);
        copy = malloc(len + 1);
        if (!copy)
            return false;
        memcpy(copy, cmdline, len + 1);
    }
    free(sh->cmdline);
    sh->cmdline = copy;
    return true;
}

void semihost_set_fixed_time(struct semihost *sh, bool enabled, uint64_t epoch)
{
    sh->fixed_time = enabled;
    sh->fixed_epoch = epoch;
}

uint64_t semihost_unknown_calls(const struct semihost *sh)
{
    return sh->unknown_calls;
}

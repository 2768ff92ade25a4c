/* libFuzzer harness for the GDB stub's packet layer: the input is a byte stream from "gdb",
 * fed through the framing (frontends/gdb/rsp.c) into the packet interpreter
 * (frontends/gdb/commands.c), which drives a small fake target with 64 KiB of memory. Packets
 * that would run the machine are answered as a one-instruction stop, as the server does.
 * Build and run: tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_session.h"

enum { FAKE_CPUS = 4, FAKE_REGS = 128, FAKE_MEM = 0x10000, FAKE_MEM_BASE = 0x40000000 };

struct fake {
    uint8_t regs[FAKE_CPUS][FAKE_REGS][GDB_MAX_REG_BYTES];
    uint8_t mem[FAKE_MEM];
    int next_id;
    int live;
};

static bool in_mem(uint64_t addr, size_t len)
{
    return addr >= FAKE_MEM_BASE && len <= FAKE_MEM && addr - FAKE_MEM_BASE <= FAKE_MEM - len;
}

static unsigned cpu_count(void *t) { (void)t; return FAKE_CPUS; }

static bool read_reg(void *t, unsigned cpu, unsigned regno, uint8_t *value)
{
    struct fake *f = t;
    if (cpu >= FAKE_CPUS || regno >= gdb_reg_count)
        abort(); /* the interpreter must never ask for these */
    memcpy(value, f->regs[cpu][regno], gdb_regs[regno].bits / 8);
    return true;
}

static bool write_reg(void *t, unsigned cpu, unsigned regno, const uint8_t *value)
{
    struct fake *f = t;
    if (cpu >= FAKE_CPUS || regno >= gdb_reg_count)
        abort();
    memcpy(f->regs[cpu][regno], value, gdb_regs[regno].bits / 8);
    return true;
}

static bool read_mem(void *t, unsigned cpu, uint64_t addr, void *buf, size_t len)
{
    struct fake *f = t;
    if (cpu >= FAKE_CPUS)
        abort();
    if (!in_mem(addr, len))
        return false;
    memcpy(buf, f->mem + (addr - FAKE_MEM_BASE), len);
    return true;
}

static bool write_mem(void *t, unsigned cpu, uint64_t addr, const void *buf, size_t len)
{
    struct fake *f = t;
    if (cpu >= FAKE_CPUS)
        abort();
    if (!in_mem(addr, len))
        return false;
    memcpy(f->mem + (addr - FAKE_MEM_BASE), buf, len);
    return true;
}

static int point_add(void *t, enum gdb_point_type type, uint64_t addr, uint64_t len)
{
    struct fake *f = t;
    (void)addr;
    if (type > GDB_WATCH_ACCESS || len == 0)
        abort();
    if (f->live == 64)
        return -1;
    f->live++;
    return ++f->next_id;
}

static void point_remove(void *t, int id)
{
    struct fake *f = t;
    if (id <= 0 || id > f->next_id || f->live == 0)
        abort();
    f->live--;
}

static void thread_info(void *t, unsigned cpu, char *buf, size_t len)
{
    (void)t;
    snprintf(buf, len, "cpu%u EL2h", cpu);
}

static void monitor(void *t, unsigned cpu, const char *command, FILE *out)
{
    (void)t;
    fprintf(out, "cpu%u: %s\n", cpu, command);
}

static const struct gdb_target_ops fake_ops = {
    cpu_count, read_reg, write_reg, read_mem, write_mem, point_add, point_remove, thread_info, monitor,
};

static void sink(void *ctx, const char *payload, size_t len)
{
    (void)ctx;
    static char framed[2 * RSP_MAX_PAYLOAD + 8];
    if (len > RSP_MAX_PAYLOAD)
        abort();
    rsp_frame(payload, len, framed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fake target;
    static struct gdb_session session;
    static struct rsp_receiver rx;
    memset(&target, 0, sizeof target);
    gdb_session_init(&session, &fake_ops, &target, sink, NULL);
    rsp_receiver_init(&rx);
    for (size_t i = 0; i < size; i++) {
        if (rsp_receive_byte(&rx, data[i]) != RSP_PACKET)
            continue;
        if (rx.len > RSP_MAX_PAYLOAD)
            abort();
        switch (gdb_session_packet(&session, rx.payload, rx.len)) {
        case GDB_RESUME:
            if (session.resume_cpu >= FAKE_CPUS)
                abort();
            gdb_session_set_stop(&session, session.resume_cpu, 5, "");
            break;
        case GDB_DETACH:
        case GDB_KILL: gdb_session_clear_points(&session); break;
        case GDB_REPLY: break;
        }
        if (session.reply.overflow || session.reply.len > RSP_MAX_PAYLOAD)
            abort();
        sink(NULL, session.reply.data, session.reply.len);
        if (target.live < 0 || target.live > 64)
            abort();
    }
    gdb_session_clear_points(&session);
    if (target.live != 0)
        abort(); /* the session lost track of a point it inserted */
    return 0;
}

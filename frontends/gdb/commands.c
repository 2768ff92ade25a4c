/* The packets of the GDB remote protocol that elsim answers (gdb manual, "Packets", "General
 * Query Packets", "Stop Reply Packets"). Every parser here checks every byte it reads against
 * the packet's end and answers anything it does not understand with an error (or, for packets
 * it does not know at all, with the empty reply the protocol asks for). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_session.h"

/* Largest memory read answered at once: its hex fits the reply. */
enum { MAX_MEM_READ = RSP_MAX_PAYLOAD / 2 - 16, MAX_MONITOR_COMMAND = 1024 };

void gdb_session_init(struct gdb_session *s, const struct gdb_target_ops *ops, void *target,
                      void (*send)(void *ctx, const char *payload, size_t len), void *send_ctx)
{
    memset(s, 0, sizeof *s);
    s->ops = ops;
    s->target = target;
    s->cpus = ops->cpu_count(target);
    s->c_cpu = -1;
    s->send = send;
    s->send_ctx = send_ctx;
    rsp_buf_init(&s->reply, s->reply_storage, sizeof s->reply_storage);
    gdb_session_set_stop(s, 0, 5, "");
}

void gdb_session_set_stop(struct gdb_session *s, unsigned cpu, unsigned signal, const char *extra)
{
    if (cpu >= s->cpus)
        cpu = 0;
    snprintf(s->stop_reply, sizeof s->stop_reply, "T%02xthread:%x;%s", signal & 0xff, cpu + 1, extra);
    s->g_cpu = cpu;
}

const struct gdb_point_rec *gdb_session_find_point(const struct gdb_session *s, int id)
{
    for (unsigned i = 0; i < GDB_MAX_POINTS; i++)
        if (s->points[i].used && s->points[i].id == id)
            return &s->points[i];
    return NULL;
}

void gdb_session_clear_points(struct gdb_session *s)
{
    for (unsigned i = 0; i < GDB_MAX_POINTS; i++)
        if (s->points[i].used) {
            s->ops->point_remove(s->target, s->points[i].id);
            s->points[i].used = false;
        }
}

/* --- Parsing helpers: p walks the payload, end bounds it --------------------------------------- */

struct cursor {
    const char *p, *end;
};

static bool at_end(const struct cursor *c) { return c->p == c->end; }

static bool take(struct cursor *c, char ch)
{
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

static bool take_str(struct cursor *c, const char *s)
{
    size_t n = strlen(s);
    if ((size_t)(c->end - c->p) >= n && memcmp(c->p, s, n) == 0) {
        c->p += n;
        return true;
    }
    return false;
}

static bool hex(struct cursor *c, uint64_t *v) { return rsp_parse_hex(&c->p, c->end, v); }

/* A thread id: -1 (all), 0 (any) or a CPU number + 1. */
static bool thread_id(struct cursor *c, int64_t *tid)
{
    if (take_str(c, "-1")) {
        *tid = -1;
        return true;
    }
    uint64_t v;
    if (!hex(c, &v) || v > 0xffff)
        return false;
    *tid = (int64_t)v;
    return true;
}

static bool thread_exists(const struct gdb_session *s, int64_t tid) { return tid >= 1 && tid <= (int64_t)s->cpus; }

/* --- Replies ---------------------------------------------------------------------------------- */

static enum gdb_outcome reply(struct gdb_session *s, const char *text)
{
    rsp_puts(&s->reply, text);
    return GDB_REPLY;
}

/* --- Registers -------------------------------------------------------------------------------- */

static enum gdb_outcome read_all_registers(struct gdb_session *s)
{
    for (unsigned i = 0; i < GDB_G_REG_COUNT; i++) {
        uint8_t value[GDB_MAX_REG_BYTES] = {0};
        unsigned bytes = gdb_regs[i].bits / 8;
        if (!s->ops->read_reg(s->target, s->g_cpu, i, value))
            memset(value, 0, bytes);
        rsp_put_hex(&s->reply, value, bytes);
    }
    return GDB_REPLY;
}

static enum gdb_outcome write_all_registers(struct gdb_session *s, struct cursor *c)
{
    size_t digits = (size_t)(c->end - c->p), offset = 0;
    unsigned count = 0;
    /* Any whole number of the g registers, from the first. */
    while (count < GDB_G_REG_COUNT && offset < digits)
        offset += gdb_regs[count++].bits / 4;
    if (offset != digits || digits == 0)
        return reply(s, GDB_E_MALFORMED);
    uint8_t values[GDB_G_REG_COUNT][GDB_MAX_REG_BYTES];
    offset = 0;
    for (unsigned i = 0; i < count; i++) {
        unsigned bytes = gdb_regs[i].bits / 8;
        if (!rsp_parse_hex_bytes(c->p + offset, bytes * 2, values[i]))
            return reply(s, GDB_E_MALFORMED);
        offset += bytes * 2;
    }
    for (unsigned i = 0; i < count; i++)
        s->ops->write_reg(s->target, s->g_cpu, i, values[i]);
    return reply(s, "OK");
}

static enum gdb_outcome read_register(struct gdb_session *s, struct cursor *c)
{
    uint64_t n;
    if (!hex(c, &n) || !at_end(c))
        return reply(s, GDB_E_MALFORMED);
    uint8_t value[GDB_MAX_REG_BYTES];
    if (n >= gdb_reg_count || !s->ops->read_reg(s->target, s->g_cpu, (unsigned)n, value))
        return reply(s, GDB_E_REGISTER);
    rsp_put_hex(&s->reply, value, gdb_regs[n].bits / 8);
    return GDB_REPLY;
}

static enum gdb_outcome write_register(struct gdb_session *s, struct cursor *c)
{
    uint64_t n;
    if (!hex(c, &n) || !take(c, '='))
        return reply(s, GDB_E_MALFORMED);
    if (n >= gdb_reg_count)
        return reply(s, GDB_E_REGISTER);
    uint8_t value[GDB_MAX_REG_BYTES];
    size_t digits = (size_t)(c->end - c->p);
    if (digits != gdb_regs[n].bits / 4 || !rsp_parse_hex_bytes(c->p, digits, value))
        return reply(s, GDB_E_MALFORMED);
    if (!gdb_regs[n].writable || !s->ops->write_reg(s->target, s->g_cpu, (unsigned)n, value))
        return reply(s, GDB_E_REGISTER);
    return reply(s, "OK");
}

/* --- Memory ----------------------------------------------------------------------------------- */

static enum gdb_outcome read_memory(struct gdb_session *s, struct cursor *c)
{
    uint64_t addr, len;
    if (!hex(c, &addr) || !take(c, ',') || !hex(c, &len) || !at_end(c) || len == 0)
        return reply(s, GDB_E_MALFORMED);
    if (len > MAX_MEM_READ)
        len = MAX_MEM_READ; /* a short answer is allowed: gdb asks again for the rest */
    static uint8_t buf[MAX_MEM_READ];
    if (!s->ops->read_mem(s->target, s->g_cpu, addr, buf, len)) {
        /* Answer the readable prefix, if any: the bytes before the first that is not memory. */
        uint64_t n = 0;
        while (n < len && addr + n >= addr && s->ops->read_mem(s->target, s->g_cpu, addr + n, buf + n, 1))
            n++;
        if (n == 0)
            return reply(s, GDB_E_MEMORY);
        len = n;
    }
    rsp_put_hex(&s->reply, buf, len);
    return GDB_REPLY;
}

/* M addr,len:hex and X addr,len:binary (the framing already removed the escapes). */
static enum gdb_outcome write_memory(struct gdb_session *s, struct cursor *c, bool binary)
{
    uint64_t addr, len;
    if (!hex(c, &addr) || !take(c, ',') || !hex(c, &len) || !take(c, ':'))
        return reply(s, GDB_E_MALFORMED);
    size_t avail = (size_t)(c->end - c->p);
    if (len > RSP_MAX_PAYLOAD || (binary ? avail != len : avail != len * 2))
        return reply(s, GDB_E_MALFORMED);
    if (len == 0)
        return reply(s, "OK"); /* gdb probes X support this way */
    static uint8_t buf[RSP_MAX_PAYLOAD];
    if (binary)
        memcpy(buf, c->p, len);
    else if (!rsp_parse_hex_bytes(c->p, len * 2, buf))
        return reply(s, GDB_E_MALFORMED);
    if (!s->ops->write_mem(s->target, s->g_cpu, addr, buf, len))
        return reply(s, GDB_E_MEMORY);
    return reply(s, "OK");
}

/* --- Breakpoints and watchpoints -------------------------------------------------------------- */

static enum gdb_outcome point(struct gdb_session *s, struct cursor *c, bool insert)
{
    uint64_t type, addr, kind;
    if (!hex(c, &type) || !take(c, ',') || !hex(c, &addr) || !take(c, ',') || !hex(c, &kind))
        return reply(s, GDB_E_MALFORMED);
    /* Conditions and commands evaluated by the target (";X..." after kind) were not offered. */
    if (!at_end(c))
        return reply(s, GDB_E_MALFORMED);
    if (type > GDB_WATCH_ACCESS)
        return GDB_REPLY; /* empty: not supported */
    if (type <= GDB_HW_BREAK ? kind != 4 : kind == 0 || kind > 0x10000 || addr + kind < addr)
        return reply(s, GDB_E_MALFORMED);
    struct gdb_point_rec *free_slot = NULL;
    for (unsigned i = 0; i < GDB_MAX_POINTS; i++) {
        struct gdb_point_rec *p = &s->points[i];
        if (!p->used) {
            if (!free_slot)
                free_slot = p;
            continue;
        }
        if (p->type == type && p->addr == addr && p->len == kind) {
            if (!insert) {
                s->ops->point_remove(s->target, p->id);
                p->used = false;
            }
            return reply(s, "OK"); /* inserting twice is the same as once */
        }
    }
    if (!insert)
        return reply(s, "OK"); /* removing what is not there: idempotent too */
    if (!free_slot)
        return reply(s, GDB_E_POINTS);
    int id = s->ops->point_add(s->target, (enum gdb_point_type)type, addr, kind);
    if (id <= 0)
        return reply(s, GDB_E_POINTS);
    *free_slot = (struct gdb_point_rec){ true, (enum gdb_point_type)type, addr, kind, id };
    return reply(s, "OK");
}

/* --- Running ---------------------------------------------------------------------------------- */

static unsigned resume_cpu(const struct gdb_session *s)
{
    return s->c_cpu >= 0 ? (unsigned)s->c_cpu : s->g_cpu;
}

/* c [addr], s [addr], C sig[;addr], S sig[;addr]. */
static enum gdb_outcome resume_simple(struct gdb_session *s, struct cursor *c, char kind)
{
    uint64_t addr, sig;
    bool has_addr = false;
    if (kind == 'C' || kind == 'S') {
        if (!hex(c, &sig))
            return reply(s, GDB_E_MALFORMED);
        if (take(c, ';')) {
            if (!hex(c, &addr))
                return reply(s, GDB_E_MALFORMED);
            has_addr = true;
        }
    } else if (!at_end(c)) {
        if (!hex(c, &addr))
            return reply(s, GDB_E_MALFORMED);
        has_addr = true;
    }
    if (!at_end(c))
        return reply(s, GDB_E_MALFORMED);
    unsigned cpu = resume_cpu(s);
    if (has_addr) {
        uint8_t value[8];
        for (unsigned i = 0; i < 8; i++)
            value[i] = (uint8_t)(addr >> (8 * i));
        s->ops->write_reg(s->target, cpu, GDB_REGNUM_PC, value);
    }
    s->resume = (kind == 's' || kind == 'S') ? GDB_STEP : GDB_CONTINUE;
    s->resume_cpu = cpu;
    return GDB_RESUME;
}

/* vCont;action[:thread]... In all-stop mode a step of one CPU is done alone (the others wait),
 * as "vCont;s:1;c" asks when scheduler locking is off; a continue runs every CPU. */
static enum gdb_outcome resume_vcont(struct gdb_session *s, struct cursor *c)
{
    bool any_continue = false, any_step = false;
    unsigned step_cpu = s->g_cpu;
    if (at_end(c))
        return reply(s, GDB_E_MALFORMED);
    while (!at_end(c)) {
        if (!take(c, ';'))
            return reply(s, GDB_E_MALFORMED);
        char action = at_end(c) ? 0 : *c->p++;
        uint64_t sig;
        if ((action == 'C' || action == 'S') && !hex(c, &sig))
            return reply(s, GDB_E_MALFORMED);
        if (action != 'c' && action != 's' && action != 'C' && action != 'S')
            return reply(s, GDB_E_MALFORMED); /* t and r were not offered */
        int64_t tid = -1;
        if (take(c, ':')) {
            if (!thread_id(c, &tid))
                return reply(s, GDB_E_MALFORMED);
            if (tid != -1 && !thread_exists(s, tid))
                return reply(s, GDB_E_THREAD);
        }
        if (action == 's' || action == 'S') {
            if (!any_step)
                step_cpu = tid > 0 ? (unsigned)(tid - 1) : resume_cpu(s);
            any_step = true;
        } else {
            any_continue = true;
        }
    }
    s->resume = any_step ? GDB_STEP : GDB_CONTINUE;
    s->resume_cpu = step_cpu;
    (void)any_continue;
    return GDB_RESUME;
}

/* --- Queries ---------------------------------------------------------------------------------- */

static void send_console(struct gdb_session *s, const char *text, size_t len)
{
    /* O packets carry hex text; split so that each fits a packet. */
    enum { CHUNK = (RSP_MAX_PAYLOAD - 2) / 2 };
    static char out[RSP_MAX_PAYLOAD];
    for (size_t off = 0; off < len; off += CHUNK) {
        size_t n = len - off < CHUNK ? len - off : CHUNK;
        struct rsp_buf b;
        rsp_buf_init(&b, out, sizeof out);
        rsp_puts(&b, "O");
        rsp_put_hex(&b, text + off, n);
        if (s->send)
            s->send(s->send_ctx, b.data, b.len);
    }
}

static enum gdb_outcome monitor(struct gdb_session *s, struct cursor *c)
{
    size_t digits = (size_t)(c->end - c->p);
    char command[MAX_MONITOR_COMMAND + 1];
    if (digits % 2 || digits / 2 > MAX_MONITOR_COMMAND ||
        !rsp_parse_hex_bytes(c->p, digits, (uint8_t *)command))
        return reply(s, GDB_E_MALFORMED);
    command[digits / 2] = 0;
    if (strlen(command) != digits / 2)
        return reply(s, GDB_E_MALFORMED); /* a NUL inside the command */
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return reply(s, GDB_E_MALFORMED);
    s->ops->monitor(s->target, s->g_cpu, command, out);
    fclose(out);
    send_console(s, text, len);
    free(text);
    return reply(s, "OK");
}

static enum gdb_outcome xfer_features(struct gdb_session *s, struct cursor *c)
{
    uint64_t offset, length;
    if (!take_str(c, "target.xml:") || !hex(c, &offset) || !take(c, ',') || !hex(c, &length) || !at_end(c))
        return reply(s, GDB_E_MALFORMED);
    size_t xml_len;
    const char *xml = gdb_target_xml(&xml_len);
    if (offset > xml_len)
        return reply(s, GDB_E_MALFORMED);
    /* Escaping may double each byte. */
    uint64_t max = (RSP_MAX_PAYLOAD - 1) / 2;
    if (length > max)
        length = max;
    uint64_t left = xml_len - offset;
    size_t n = (size_t)(length < left ? length : left);
    rsp_puts(&s->reply, n < left ? "m" : "l");
    rsp_put_binary(&s->reply, xml + offset, n);
    return GDB_REPLY;
}

static enum gdb_outcome query(struct gdb_session *s, struct cursor *c)
{
    if (take_str(c, "Supported")) {
        rsp_printf(&s->reply, "PacketSize=%x;qXfer:features:read+;vContSupported+;swbreak+;hwbreak+",
                   RSP_MAX_PAYLOAD);
        return GDB_REPLY;
    }
    if (take_str(c, "Xfer:features:read:"))
        return xfer_features(s, c);
    if (take_str(c, "fThreadInfo")) {
        if (!at_end(c))
            return reply(s, GDB_E_MALFORMED);
        rsp_puts(&s->reply, "m");
        for (unsigned i = 0; i < s->cpus; i++)
            rsp_printf(&s->reply, i ? ",%x" : "%x", i + 1);
        return GDB_REPLY;
    }
    if (take_str(c, "sThreadInfo"))
        return reply(s, at_end(c) ? "l" : GDB_E_MALFORMED);
    if (take_str(c, "ThreadExtraInfo,")) {
        int64_t tid;
        if (!thread_id(c, &tid) || !at_end(c))
            return reply(s, GDB_E_MALFORMED);
        if (!thread_exists(s, tid))
            return reply(s, GDB_E_THREAD);
        char text[128];
        s->ops->thread_info(s->target, (unsigned)(tid - 1), text, sizeof text);
        rsp_put_hex(&s->reply, text, strnlen(text, sizeof text));
        return GDB_REPLY;
    }
    if (take_str(c, "Rcmd,"))
        return monitor(s, c);
    if (take(c, 'C')) {
        if (!at_end(c))
            return reply(s, GDB_E_MALFORMED);
        rsp_printf(&s->reply, "QC%x", s->g_cpu + 1);
        return GDB_REPLY;
    }
    if (take_str(c, "Attached"))
        return reply(s, "1"); /* detaching leaves the machine running; kill ends it */
    if (take_str(c, "Symbol:"))
        return reply(s, "OK");
    return GDB_REPLY; /* unknown query: empty */
}

static enum gdb_outcome v_packet(struct gdb_session *s, struct cursor *c)
{
    if (take_str(c, "Cont?"))
        return reply(s, at_end(c) ? "vCont;c;C;s;S" : GDB_E_MALFORMED);
    if (take_str(c, "Cont"))
        return resume_vcont(s, c);
    if (take_str(c, "Kill"))
        return GDB_KILL;
    return GDB_REPLY; /* vMustReplyEmpty and everything else: empty */
}

static enum gdb_outcome set_thread(struct gdb_session *s, struct cursor *c)
{
    char which = at_end(c) ? 0 : *c->p++;
    int64_t tid;
    if ((which != 'g' && which != 'c') || !thread_id(c, &tid) || !at_end(c))
        return reply(s, GDB_E_MALFORMED);
    if (tid == 0)
        tid = which == 'g' ? (int64_t)s->g_cpu + 1 : -1;
    if (tid == -1 && which == 'g')
        return reply(s, GDB_E_THREAD); /* registers of "all threads" mean nothing */
    if (tid != -1 && !thread_exists(s, tid))
        return reply(s, GDB_E_THREAD);
    if (which == 'g')
        s->g_cpu = (unsigned)(tid - 1);
    else
        s->c_cpu = tid == -1 ? -1 : (int)(tid - 1);
    return reply(s, "OK");
}

enum gdb_outcome gdb_session_packet(struct gdb_session *s, const char *payload, size_t len)
{
    rsp_buf_reset(&s->reply);
    if (len == 0)
        return GDB_REPLY;
    struct cursor c = { payload + 1, payload + len };
    switch (payload[0]) {
    case '?': return reply(s, at_end(&c) ? s->stop_reply : GDB_E_MALFORMED);
    case 'g': return at_end(&c) ? read_all_registers(s) : reply(s, GDB_E_MALFORMED);
    case 'G': return write_all_registers(s, &c);
    case 'p': return read_register(s, &c);
    case 'P': return write_register(s, &c);
    case 'm': return read_memory(s, &c);
    case 'M': return write_memory(s, &c, false);
    case 'X': return write_memory(s, &c, true);
    case 'Z': return point(s, &c, true);
    case 'z': return point(s, &c, false);
    case 'c':
    case 's':
    case 'C':
    case 'S': return resume_simple(s, &c, payload[0]);
    case 'v': return v_packet(s, &c);
    case 'q': return query(s, &c);
    case 'H': return set_thread(s, &c);
    case 'T': {
        int64_t tid;
        if (!thread_id(&c, &tid) || !at_end(&c))
            return reply(s, GDB_E_MALFORMED);
        return reply(s, thread_exists(s, tid) ? "OK" : GDB_E_THREAD);
    }
    case 'D':
        /* D or D;pid */
        if (!at_end(&c) && payload[1] != ';')
            return reply(s, GDB_E_MALFORMED);
        rsp_puts(&s->reply, "OK");
        return GDB_DETACH;
    case 'k': return GDB_KILL;
    default: return GDB_REPLY; /* not supported: empty */
    }
}

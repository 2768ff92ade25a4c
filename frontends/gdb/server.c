/* The stub's connection and run loop: one gdb at a time over TCP, the machine run in bounded
 * slices while it runs (so that Ctrl-C and a new connection are seen between slices), and a
 * blocking poll()/accept() while it is halted (so that a halted guest costs no host CPU). */
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exception.h"
#include "gdb_elsim.h"
#include "gdb_session.h"
#include "gdb_stub.h"

/* Instructions per slice: small enough that Ctrl-C answers within milliseconds. */
enum { SLICE_INSNS = 200000 };
enum { SIG_INT = 2, SIG_ILL = 4, SIG_TRAP = 5 };

struct server {
    struct elsim *sim;
    char where[300];        /* host:port, for messages */
    int listen_fd, fd;
    bool halted;            /* the guest does not run */
    bool gdb_waits;         /* gdb resumed the guest and waits for a stop reply */
    bool dropped, killed;
    /* The engine stops after a watched access, but gdb on AArch64 expects watchpoints to stop
     * before it (as the architecture's do) and steps the CPU over the access itself: that step
     * has already happened, so it is answered without running anything. */
    bool watch_step_done;
    unsigned watch_cpu;
    struct rsp_receiver rx;
    struct gdb_session session;
    struct gdb_elsim_target target;
    char last[2 * RSP_MAX_PAYLOAD + 8]; /* the last packet sent, for a retransmit request */
    size_t last_len;
};

static void send_raw(struct server *srv, const void *data, size_t len)
{
    const char *p = data;
    while (len && srv->fd >= 0 && !srv->dropped) {
        ssize_t n = send(srv->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            srv->dropped = true;
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

static void send_packet(struct server *srv, const char *payload, size_t len)
{
    srv->last_len = rsp_frame(payload, len, srv->last);
    send_raw(srv, srv->last, srv->last_len);
}

static void send_text(struct server *srv, const char *payload) { send_packet(srv, payload, strlen(payload)); }

static void send_session_output(void *ctx, const char *payload, size_t len) { send_packet(ctx, payload, len); }

/* Console text for gdb while it waits for a stop reply (an O packet). */
static void console(struct server *srv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void console(struct server *srv, const char *fmt, ...)
{
    char text[512], packet[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct rsp_buf b;
    rsp_buf_init(&b, packet, sizeof packet);
    rsp_puts(&b, "O");
    rsp_put_hex(&b, text, strlen(text));
    send_packet(srv, b.data, b.len);
}

/* The guest stopped: record why, and tell gdb if it is waiting. */
static void stopped(struct server *srv, unsigned cpu, unsigned signal, const char *extra)
{
    srv->halted = true;
    gdb_session_set_stop(&srv->session, cpu, signal, extra);
    if (srv->fd >= 0 && srv->gdb_waits)
        send_text(srv, srv->session.stop_reply);
    srv->gdb_waits = false;
}

static void debug_stop(struct server *srv)
{
    const struct elsim_stop *st = elsim_last_stop(srv->sim);
    char extra[64] = "";
    bool tell = srv->fd >= 0 && srv->gdb_waits;
    const struct gdb_point_rec *p = gdb_session_find_point(&srv->session, st->point_id);
    switch (st->kind) {
    case ELSIM_STOP_BREAKPOINT:
        if (p)
            snprintf(extra, sizeof extra, "%s", p->type == GDB_HW_BREAK ? "hwbreak:;" : "swbreak:;");
        break;
    case ELSIM_STOP_WATCHPOINT:
        if (p) {
            /* gdb matches the address against its watchpoint's range: an access that only
             * overlaps the range from below is reported at the range's start. */
            uint64_t addr = st->data_addr < p->addr ? p->addr : st->data_addr;
            const char *kind = p->type == GDB_WATCH_WRITE ? "watch" : p->type == GDB_WATCH_READ ? "rwatch" : "awatch";
            snprintf(extra, sizeof extra, "%s:%" PRIx64 ";", kind, addr);
            srv->watch_step_done = true;
            srv->watch_cpu = st->cpu;
        }
        break;
    case ELSIM_STOP_EXCEPTION:
        if (tell)
            console(srv, "elsim: cpu%u took an exception EL%u -> EL%u: ESR 0x%08" PRIx32 " (EC 0x%02x %s)\n", st->cpu,
                    st->from_el, st->to_el, st->esr, (unsigned)(st->esr >> 26), exception_class_name(st->esr >> 26));
        break;
    case ELSIM_STOP_ERET:
        if (tell)
            console(srv, "elsim: cpu%u returned from an exception EL%u -> EL%u\n", st->cpu, st->from_el, st->to_el);
        break;
    case ELSIM_STOP_EL_CHANGE:
        if (tell)
            console(srv, "elsim: cpu%u changed EL%u -> EL%u\n", st->cpu, st->from_el, st->to_el);
        break;
    }
    stopped(srv, st->cpu, SIG_TRAP, extra);
}

/* A run or step ended with r. Returns true if the machine has ended for good. */
static bool handle_result(struct server *srv, enum elsim_result r, unsigned cpu)
{
    switch (r) {
    case ELSIM_INSN_LIMIT: return false;
    case ELSIM_STEPPED: stopped(srv, cpu, SIG_TRAP, ""); return false;
    case ELSIM_STOPPED: stopped(srv, srv->session.g_cpu, SIG_INT, ""); return false;
    case ELSIM_DEBUG_STOP: debug_stop(srv); return false;
    case ELSIM_EXIT:
        if (srv->fd >= 0) {
            char reply[8];
            snprintf(reply, sizeof reply, "W%02x", elsim_exit_status(srv->sim) & 0xff);
            send_text(srv, reply);
        }
        return true;
    case ELSIM_DEADLOCK:
    case ELSIM_TIMEOUT:
        if (srv->fd < 0)
            return true;
        /* gdb can still look at the machine: it stays halted here. */
        if (srv->gdb_waits)
            console(srv, "elsim: %s\n", elsim_stop_message(srv->sim));
        stopped(srv, srv->session.g_cpu, SIG_TRAP, "");
        return false;
    }
    return false;
}

static void close_connection(struct server *srv)
{
    gdb_session_clear_points(&srv->session);
    gdb_elsim_target_reset(&srv->target);
    if (srv->fd >= 0)
        close(srv->fd);
    srv->fd = -1;
    srv->gdb_waits = false;
}

/* One packet or control byte from gdb. Returns true if the machine ended (a step ran it out). */
static bool handle_event(struct server *srv, enum rsp_event ev, enum elsim_result *result)
{
    switch (ev) {
    case RSP_NONE:
    case RSP_ACK: return false;
    case RSP_NAK:
        if (srv->last_len)
            send_raw(srv, srv->last, srv->last_len);
        return false;
    case RSP_BAD_CHECKSUM:
    case RSP_TRUNCATED: send_raw(srv, "-", 1); return false;
    case RSP_OVERSIZED:
        send_raw(srv, "+", 1);
        send_text(srv, GDB_E_TOO_LONG);
        return false;
    case RSP_INTERRUPT:
        if (!srv->halted)
            stopped(srv, srv->session.g_cpu, SIG_INT, "");
        return false;
    case RSP_PACKET: break;
    }
    send_raw(srv, "+", 1);
    if (!srv->halted) {
        send_text(srv, GDB_E_RUNNING); /* all-stop: only Ctrl-C is expected while running */
        return false;
    }
    struct gdb_session *s = &srv->session;
    switch (gdb_session_packet(s, srv->rx.payload, srv->rx.len)) {
    case GDB_REPLY: send_packet(srv, s->reply.data, s->reply.len); return false;
    case GDB_DETACH:
        send_packet(srv, s->reply.data, s->reply.len);
        close_connection(srv);
        srv->halted = false;
        fprintf(stderr, "elsim: gdb detached; the guest runs on\n");
        return false;
    case GDB_KILL:
        close_connection(srv);
        srv->killed = true;
        return false;
    case GDB_RESUME: {
        srv->gdb_waits = true;
        bool step_done = srv->watch_step_done && s->resume == GDB_STEP && s->resume_cpu == srv->watch_cpu;
        srv->watch_step_done = false;
        if (step_done) {
            stopped(srv, s->resume_cpu, SIG_TRAP, "");
            return false;
        }
        if (s->resume == GDB_STEP) {
            enum elsim_result r = elsim_step(srv->sim, s->resume_cpu);
            *result = r;
            return handle_result(srv, r, s->resume_cpu);
        }
        srv->halted = false;
        return false;
    }
    }
    return false;
}

/* Read what gdb sent and act on it. Returns true if the machine ended. */
static bool serve_input(struct server *srv, enum elsim_result *result)
{
    uint8_t buf[4096];
    ssize_t n = recv(srv->fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return false;
    if (n <= 0) {
        srv->dropped = true;
        return false;
    }
    for (ssize_t i = 0; i < n && !srv->dropped && !srv->killed && srv->fd >= 0; i++)
        if (handle_event(srv, rsp_receive_byte(&srv->rx, buf[i]), result))
            return true;
    return false;
}

static void accept_gdb(struct server *srv)
{
    int fd = accept(srv->listen_fd, NULL, NULL);
    if (fd < 0)
        return;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    srv->fd = fd;
    srv->dropped = false;
    srv->watch_step_done = false;
    srv->last_len = 0;
    rsp_receiver_init(&srv->rx);
    unsigned g_cpu = srv->session.g_cpu;
    char stop[sizeof srv->session.stop_reply];
    snprintf(stop, sizeof stop, "%s", srv->session.stop_reply);
    gdb_session_init(&srv->session, &gdb_elsim_ops, &srv->target, send_session_output, srv);
    if (srv->halted) {
        /* Still halted where the last gdb left it (or at reset): the same stop. */
        snprintf(srv->session.stop_reply, sizeof srv->session.stop_reply, "%s", stop);
        srv->session.g_cpu = g_cpu;
    } else {
        stopped(srv, 0, SIG_TRAP, ""); /* attaching stops a running guest */
    }
    fprintf(stderr, "elsim: gdb connected\n");
}

static bool listen_on(struct server *srv, const struct gdb_stub_options *o, char *err, size_t errlen)
{
    const char *host = o->host && *o->host ? o->host : "127.0.0.1";
    char port[16];
    snprintf(port, sizeof port, "%u", o->port ? o->port : 1234);
    snprintf(srv->where, sizeof srv->where, "%s:%s", host, port);
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
    struct addrinfo *list;
    int rc = getaddrinfo(host, port, &hints, &list);
    if (rc) {
        snprintf(err, errlen, "--gdb %s: %s", srv->where, gai_strerror(rc));
        return false;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *a = list; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 1) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(list);
    if (fd < 0) {
        snprintf(err, errlen, "--gdb %s: cannot listen: %s", srv->where, strerror(saved));
        return false;
    }
    srv->listen_fd = fd;
    return true;
}

static bool readable(int fd, int timeout_ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int n;
    do
        n = poll(&p, 1, timeout_ms);
    while (n < 0 && errno == EINTR);
    return n > 0;
}

enum gdb_stub_end gdb_stub_run(struct elsim *sim, const struct gdb_stub_options *options, enum elsim_result *result,
                               char *err, size_t errlen)
{
    static struct server srv; /* large (the retransmit buffer); one stub per process */
    memset(&srv, 0, sizeof srv);
    srv.sim = sim;
    srv.fd = -1;
    if (!listen_on(&srv, options, err, errlen))
        return GDB_STUB_ERROR;
    gdb_elsim_target_init(&srv.target, sim);
    gdb_session_init(&srv.session, &gdb_elsim_ops, &srv.target, send_session_output, &srv);
    srv.halted = options->wait_at_reset;
    fprintf(stderr, "elsim: gdb stub listening on %s%s\n", srv.where,
            srv.halted ? ", the guest halted at reset" : "");
    enum gdb_stub_end end = GDB_STUB_MACHINE_ENDED;
    bool ended = false;
    while (!ended) {
        if (srv.fd < 0 && readable(srv.listen_fd, srv.halted ? -1 : 0))
            accept_gdb(&srv);
        if (srv.fd >= 0 && srv.halted) {
            if (readable(srv.fd, -1))
                ended = serve_input(&srv, result);
        } else if (!srv.halted) {
            struct elsim_limits slice = { .max_insns = SLICE_INSNS };
            enum elsim_result r = elsim_run(sim, &slice);
            *result = r;
            ended = handle_result(&srv, r, srv.session.g_cpu);
            if (!ended && srv.fd >= 0 && readable(srv.fd, 0))
                ended = serve_input(&srv, result);
        }
        if (srv.killed) {
            end = GDB_STUB_KILLED;
            break;
        }
        if (srv.dropped) {
            close_connection(&srv);
            if (!srv.halted) /* gdb went away while the guest ran: as if it had pressed Ctrl-C */
                gdb_session_set_stop(&srv.session, srv.session.g_cpu, SIG_INT, "");
            srv.halted = true;
            fprintf(stderr, "elsim: gdb connection lost; the guest is halted, listening on %s\n", srv.where);
        }
    }
    if (srv.fd >= 0)
        close_connection(&srv);
    close(srv.listen_fd);
    return end;
}

/* One gdb connection's protocol state and the packet interpreter (commands.c). The interpreter
 * answers every packet itself except those that make the machine run, which it hands back to
 * the caller (server.c) as a resume request. It keeps no pointer into the packet it was given
 * and has fixed-size state only, so no sequence of packets can grow or corrupt it. */
#ifndef ELSIM_GDB_SESSION_H
#define ELSIM_GDB_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdb_target.h"
#include "rsp.h"

/* Error replies. gdb only tells "error" from "not"; the numbers tell a human what went wrong. */
#define GDB_E_MALFORMED "E01"  /* the packet does not parse */
#define GDB_E_TOO_LONG "E02"   /* longer than PacketSize */
#define GDB_E_THREAD "E03"     /* no such thread (CPU) */
#define GDB_E_MEMORY "E04"     /* not memory at that address */
#define GDB_E_REGISTER "E05"   /* no such register, or not writable */
#define GDB_E_POINTS "E06"     /* no room for another breakpoint or watchpoint */
#define GDB_E_RUNNING "E07"    /* a packet other than Ctrl-C while the machine runs */

enum { GDB_MAX_POINTS = 64 };

struct gdb_point_rec {
    bool used;
    enum gdb_point_type type;
    uint64_t addr, len;
    int id; /* the target's id */
};

enum gdb_outcome {
    GDB_REPLY,  /* send session->reply */
    GDB_RESUME, /* run: session->resume says how; the reply is the stop reply, later */
    GDB_DETACH, /* send the reply ("OK"), then let the machine run without gdb */
    GDB_KILL,   /* no reply: end the simulation */
};

enum gdb_resume_kind { GDB_CONTINUE, GDB_STEP };

struct gdb_session {
    const struct gdb_target_ops *ops;
    void *target;
    unsigned cpus;
    unsigned g_cpu;         /* registers and memory (Hg) */
    int c_cpu;              /* resume (Hc); -1 = all */
    struct gdb_point_rec points[GDB_MAX_POINTS];
    char stop_reply[160];   /* the last stop, for '?' */
    /* Filled when gdb_session_packet returns GDB_RESUME. */
    enum gdb_resume_kind resume;
    unsigned resume_cpu;    /* GDB_STEP: the CPU to step */
    /* Console output before the reply (O packets of `monitor`): the caller sends each payload. */
    void (*send)(void *ctx, const char *payload, size_t len);
    void *send_ctx;
    struct rsp_buf reply;
    char reply_storage[RSP_MAX_PAYLOAD];
};

void gdb_session_init(struct gdb_session *s, const struct gdb_target_ops *ops, void *target,
                      void (*send)(void *ctx, const char *payload, size_t len), void *send_ctx);
/* Interpret one packet payload (len bytes, may hold NULs). */
enum gdb_outcome gdb_session_packet(struct gdb_session *s, const char *payload, size_t len);
/* Remove every breakpoint and watchpoint gdb inserted (detach, lost connection). */
void gdb_session_clear_points(struct gdb_session *s);
/* The record of a point by the target's id, or NULL. */
const struct gdb_point_rec *gdb_session_find_point(const struct gdb_session *s, int id);
/* Record a stop of cpu with a signal (5 = SIGTRAP, 2 = SIGINT, 4 = SIGILL) and extra stop-reply
 * fields ("watch:40001000;", "swbreak:;", or ""); it becomes '?' 's answer and the g CPU. */
void gdb_session_set_stop(struct gdb_session *s, unsigned cpu, unsigned signal, const char *extra);

#endif

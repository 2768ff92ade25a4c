/* The machine behind the debugger window: building it (and again on Reset), the console, the
 * events it records for the trap log and the EL timeline, and run control in slices so that
 * the window stays responsive while the guest runs. No SDL here. */
#ifndef ELSIM_UI_SESSION_H
#define ELSIM_UI_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ui.h"

/* One exception taken or returned from (the trap log; markers of the timeline). */
struct ui_event {
    unsigned cpu;
    uint64_t cycle;          /* the CPU's model cycles when it happened */
    bool eret;
    unsigned from_el, to_el;
    unsigned type;           /* exception: 0 synchronous, 1 IRQ, 2 FIQ, 3 SError */
    uint32_t esr;            /* exception: the syndrome (synchronous, SError) */
    uint64_t pc;             /* exception: ELR (preferred return address); ERET: the new PC */
    uint64_t vector;         /* exception: the new PC */
};

/* A point where a CPU's EL changed (el 0xff: the CPU is off). */
struct ui_el_point {
    uint64_t cycle;
    uint8_t el;
};

struct ui_el_track {
    struct ui_el_point *points;
    size_t count, cap;
};

/* What the window asked the machine to do. */
enum ui_goal {
    UI_GOAL_NONE,         /* paused */
    UI_GOAL_RUN,          /* run until paused (or until `budget` instructions) */
    UI_GOAL_EXCEPTION,    /* run until an exception is taken (any CPU) */
    UI_GOAL_ERET,         /* run until an exception return */
    UI_GOAL_EL_CHANGE,    /* run until an EL changes */
    UI_GOAL_PC,           /* run until the selected CPU reaches a PC (a breakpoint of the goal) */
};

/* The registers at the start of the last command, to highlight what it changed. */
struct ui_snapshot {
    uint64_t x[31], sp_el[3], pc;
    unsigned el, sp_sel, nzcv, daif;
    uint64_t sr[SR_COUNT];
};

/* An interrupt controller event (the GIC pane shows the newest). */
struct ui_gic_note {
    unsigned cpu;
    uint64_t cycle;
    struct gic_event event;
};

enum { UI_CONSOLE_MAX = 64 * 1024, UI_GIC_NOTES = 8 };

struct ui_session {
    struct ui_machine machine;
    struct elsim *sim;
    int input_pipe[2];               /* keyboard -> guest UART */
    char console[UI_CONSOLE_MAX];    /* the newest console output */
    size_t console_len;
    FILE *console_file;

    struct ui_event *events;
    size_t event_count, event_cap;
    size_t exception_count, eret_count;
    struct ui_gic_note gic_notes[UI_GIC_NOTES]; /* a ring: gic_note_count % UI_GIC_NOTES next */
    uint64_t gic_note_count;
    struct ui_el_track *tracks;      /* one per CPU */
    unsigned cpus;
    unsigned cpu;                    /* the selected vCPU */

    enum ui_goal goal;
    int goal_point;                  /* breakpoint id of UI_GOAL_PC, 0 none */
    uint64_t budget;                 /* instructions the goal may still run */
    bool reached;                    /* the last goal ended at its debug event */
    bool ended;                      /* the guest exited or the machine cannot go on */
    int exit_status;
    struct ui_snapshot before;
    struct { uint64_t va; int id; } breakpoints[64]; /* toggled in the disassembly */
    unsigned breakpoint_count;
    char status[256];                /* what the last command did, in words */
};

/* Build the machine; false with a message in err. */
bool ui_session_open(struct ui_session *s, const struct ui_machine *machine, char *err, size_t errlen);
void ui_session_close(struct ui_session *s);
/* Build the machine again from its images (Reset). Breakpoints are dropped. */
bool ui_session_reset(struct ui_session *s, char *err, size_t errlen);

/* Start running towards a goal (budget 0: no instruction limit); ui_session_slice() runs it.
 * A goal ends at its event (reached), when the budget runs out, or when the machine ends. */
void ui_session_start(struct ui_session *s, enum ui_goal goal, uint64_t pc, uint64_t budget);
/* Run up to `insns` instructions of the current goal. Returns true while the goal goes on. */
bool ui_session_slice(struct ui_session *s, uint64_t insns);
/* Pause a running goal. */
void ui_session_pause(struct ui_session *s);
/* Execute one instruction on the selected CPU. */
void ui_session_step(struct ui_session *s);
/* Take the register snapshot that the panes compare against. */
void ui_session_snapshot(struct ui_session *s);

/* Add or remove a breakpoint at va (all CPUs); false if the table is full. */
bool ui_session_toggle_breakpoint(struct ui_session *s, uint64_t va);
bool ui_session_has_breakpoint(const struct ui_session *s, uint64_t va);
uint64_t ui_session_insns(const struct ui_session *s);

/* Keyboard input for the guest's UART. */
void ui_session_type(struct ui_session *s, const char *text, size_t len);

/* Translate va for the selected CPU; the walk text (NUL-terminated, malloc'd) in *text. */
bool ui_session_translate(struct ui_session *s, uint64_t va, char **text);

#endif

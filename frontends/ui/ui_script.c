/* --ui-script FILE: the window driven by a list of commands, for tests and documentation
 * (docs/ui.md lists them). Each command acts as its button or click would, then the window
 * is rendered, so a screenshot shows what a user would see. `dump` prints the state the
 * panes show as one line of key=value pairs for tests/ui/run-ui-tests. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sysreg.h"
#include "ui_sysregs.h"
#include "ui_window.h"

/* Instructions a run-until or an unbounded run may take (a run-until then fails). */
enum { RUN_CAP = 200 * 1000 * 1000 };

static bool number(const char *text, uint64_t *value)
{
    char *end;
    if (!text || !*text || *text == '-')
        return false;
    errno = 0;
    *value = strtoull(text, &end, 0);
    return !*end && !errno;
}

/* Run a started goal until it ends (the window would run it in slices between frames). A
 * script cannot type while it runs: when every CPU has waited (for console input) through
 * 40 slices, about 2 s, without an instruction, the goal is paused. */
static void finish_goal(struct ui_window *w)
{
    unsigned idle = 0;
    uint64_t before = ui_session_insns(&w->s);
    while (ui_session_slice(&w->s, 1000000)) {
        uint64_t now = ui_session_insns(&w->s);
        idle = now == before ? idle + 1 : 0;
        before = now;
        if (idle == 40) {
            ui_session_pause(&w->s);
            snprintf(w->s.status, sizeof w->s.status, "paused: every CPU waits for console input");
        }
    }
}

/* Run the goal to its end; false (with a message) if the goal was not reached. */
static bool run_goal(struct ui_window *w, enum ui_goal goal, uint64_t pc, uint64_t budget, char *err, size_t errlen)
{
    if (w->s.ended) {
        snprintf(err, errlen, "the machine has ended (%s)", w->s.status);
        return false;
    }
    ui_session_start(&w->s, goal, pc, budget ? budget : RUN_CAP);
    finish_goal(w);
    if (goal == UI_GOAL_RUN || w->s.reached)
        return true; /* a run: the count ran, the guest ended or a breakpoint stopped it */
    if (w->s.ended)
        snprintf(err, errlen, "the machine ended first: %s", w->s.status);
    else
        snprintf(err, errlen, "not reached (%s)", w->s.status);
    return false;
}

static void dump(struct ui_window *w)
{
    struct cpu *c = elsim_cpu(w->s.sim, w->s.cpu);
    printf("dump: cpu=%u el=%u pc=0x%" PRIx64 " insns=%" PRIu64 " exceptions=%zu erets=%zu trap_sel=%ld", w->s.cpu,
           ui_shown_el(w), c->pc, ui_session_insns(&w->s), w->s.exception_count, w->s.eret_count, w->trap_sel);
    const struct ui_event *last = NULL;
    for (size_t i = w->s.event_count; i-- > 0 && !last;)
        if (!w->s.events[i].eret)
            last = &w->s.events[i];
    static const char *const kinds[] = { "sync", "irq", "fiq", "serror" };
    if (last)
        printf(" last_kind=%s last_exception=EL%u->EL%u last_esr=0x%08" PRIx32 " last_elr=0x%" PRIx64
               " last_cycle=%" PRIu64,
               kinds[last->type & 3], last->from_el, last->to_el, last->esr, last->pc, last->cycle);
    if (w->tr_valid)
        printf(" translate_va=0x%" PRIx64 " translate=%s translate_pa=0x%" PRIx64, w->tr_va, w->tr_ok ? "ok" : "fault",
               w->tr_pa);
    else
        printf(" translate=none");
    if ((sysreg_peek(c, SR_ID_AA64PFR0_EL1) >> 24) & 0xf) /* GICv3: the first list register */
        printf(" ich_lr0=0x%" PRIx64, sysreg_peek(c, SR_ICH_LR0_EL2));
    const struct ui_sysreg *r = &ui_sysregs[w->sysreg_sel];
    printf(" sysreg=%s sysreg_value=0x%" PRIx64 " cntv_ctl=0x%" PRIx64 " ended=%d exit=%d status=\"%s\"\n", r->name,
           r->id >= 0 ? sysreg_peek(c, (unsigned)r->id) : 0, sysreg_peek(c, SR_CNTV_CTL_EL0), w->s.ended,
           w->s.exit_status, w->s.status);
    fflush(stdout);
}

/* One command; false with a message in err. */
static bool command(struct ui_window *w, char **a, unsigned n, char *err, size_t errlen)
{
    uint64_t v = 0;
    const char *cmd = a[0];
    if (strcmp(cmd, "step") == 0 && n <= 2) {
        if (n == 2 && (!number(a[1], &v) || v == 0)) {
            snprintf(err, errlen, "step [N]: N >= 1");
            return false;
        }
        for (uint64_t i = 0; i < (n == 2 ? v : 1) && !w->s.ended; i++)
            ui_do(w, UI_STEP);
        return true;
    }
    if (strcmp(cmd, "run") == 0 && n <= 2) {
        if (n == 2 && (!number(a[1], &v) || v == 0)) {
            snprintf(err, errlen, "run [N]: N >= 1 instructions");
            return false;
        }
        return run_goal(w, UI_GOAL_RUN, 0, v, err, errlen);
    }
    if (strcmp(cmd, "run-until") == 0 && n >= 2) {
        static const struct { const char *name; enum ui_goal goal; } goals[] = {
            { "exception", UI_GOAL_EXCEPTION }, { "eret", UI_GOAL_ERET }, { "el-change", UI_GOAL_EL_CHANGE },
        };
        for (size_t i = 0; i < sizeof goals / sizeof goals[0]; i++)
            if (strcmp(a[1], goals[i].name) == 0 && n == 2)
                return run_goal(w, goals[i].goal, 0, 0, err, errlen);
        if (strcmp(a[1], "pc") == 0 && n == 3 && number(a[2], &v))
            return run_goal(w, UI_GOAL_PC, v, 0, err, errlen);
        snprintf(err, errlen, "run-until exception | eret | el-change | pc ADDR");
        return false;
    }
    if (strcmp(cmd, "select-cpu") == 0 && n == 2) {
        if (!number(a[1], &v) || v >= w->s.cpus) {
            snprintf(err, errlen, "select-cpu N: N below %u", w->s.cpus);
            return false;
        }
        w->s.cpu = (unsigned)v;
        ui_session_snapshot(&w->s);
        return true;
    }
    if (strcmp(cmd, "select-trap") == 0 && n == 2) {
        if (strcmp(a[1], "last") == 0)
            v = w->s.event_count ? w->s.event_count - 1 : 0;
        else if (!number(a[1], &v) || v >= w->s.event_count) {
            snprintf(err, errlen, "select-trap N|last: N below %zu", w->s.event_count);
            return false;
        }
        ui_select_trap(w, (long)v);
        return true;
    }
    if (strcmp(cmd, "select-sysreg") == 0 && n == 2) {
        int i = ui_sysreg_find(a[1]);
        if (i < 0) {
            snprintf(err, errlen, "select-sysreg: %s is not in the pane", a[1]);
            return false;
        }
        w->sysreg_sel = i;
        return true;
    }
    if (strcmp(cmd, "translate") == 0 && n == 2 && number(a[1], &v)) {
        ui_translate(w, v);
        return true;
    }
    if (strcmp(cmd, "break") == 0 && n == 2 && number(a[1], &v)) {
        if (!ui_session_toggle_breakpoint(&w->s, v)) {
            snprintf(err, errlen, "no breakpoint left");
            return false;
        }
        return true;
    }
    if (strcmp(cmd, "type") == 0 && n >= 2) {
        for (unsigned i = 1; i < n; i++) {
            ui_session_type(&w->s, a[i], strlen(a[i]));
            ui_session_type(&w->s, i + 1 < n ? " " : "\r", 1);
        }
        return true;
    }
    if (strcmp(cmd, "key") == 0 && n == 2) {
        /* A key as the window gets it: "F7", "Tab", "ctrl+r" (SDL key names). */
        SDL_Event e = { .type = SDL_KEYDOWN };
        const char *name = a[1];
        if (strncasecmp(name, "ctrl+", 5) == 0) {
            e.key.keysym.mod = KMOD_LCTRL;
            name += 5;
        }
        e.key.keysym.sym = SDL_GetKeyFromName(name);
        if (e.key.keysym.sym == SDLK_UNKNOWN) {
            snprintf(err, errlen, "key: unknown key name %s", a[1]);
            return false;
        }
        ui_handle(w, &e);
        if (w->s.goal == UI_GOAL_RUN)
            w->s.budget = RUN_CAP; /* Run (F5) from a script: bounded */
        finish_goal(w);
        return true;
    }
    uint64_t y;
    if (strcmp(cmd, "click") == 0 && n == 3 && number(a[1], &v) && number(a[2], &y) && v < 65536 && y < 65536) {
        SDL_Event e = { .type = SDL_MOUSEBUTTONDOWN };
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = (int)v;
        e.button.y = (int)y;
        ui_handle(w, &e);
        finish_goal(w);
        return true;
    }
    int64_t dy;
    if (strcmp(cmd, "wheel") == 0 && (n == 4 || (n == 5 && strcmp(a[4], "shift") == 0)) && number(a[1], &v) &&
        number(a[2], &y) && v < 65536 && y < 65536 && (dy = strtoll(a[3], NULL, 0)) != 0) {
        ui_wheel(w, (int)v, (int)y, (int)dy, n == 5);
        return true;
    }
    if (strcmp(cmd, "resize") == 0 && n == 3 && number(a[1], &v) && number(a[2], &y) && v >= 640 && y >= 400 &&
        v < 8192 && y < 8192) {
        SDL_SetWindowSize(w->d.window, (int)v, (int)y);
        ui_layout(w);
        return true;
    }
    if (strcmp(cmd, "screenshot") == 0 && n == 2) {
        ui_render(w);
        if (!ui_screenshot(&w->d, a[1], err, errlen))
            return false;
        int W, H;
        SDL_GetRendererOutputSize(w->d.renderer, &W, &H);
        printf("screenshot: %s %dx%d\n", a[1], W, H);
        return true;
    }
    if (strcmp(cmd, "dump") == 0 && n == 1) {
        dump(w);
        return true;
    }
    if (strcmp(cmd, "reset") == 0 && n == 1) {
        ui_do(w, UI_RESET);
        return true;
    }
    snprintf(err, errlen, "unknown command or wrong arguments: %s", cmd);
    return false;
}

int ui_script_run(struct ui_window *w, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "elsim: --ui-script: cannot open %s: %s\n", path, strerror(errno));
        return 2;
    }
    char line[1024];
    unsigned lineno = 0;
    int status = 0;
    while (!w->quit && fgets(line, sizeof line, f)) {
        lineno++;
        char *a[32];
        unsigned n = 0;
        for (char *p = strtok(line, " \t\r\n"); p && *p != '#' && n < 32; p = strtok(NULL, " \t\r\n"))
            a[n++] = p;
        if (n == 0)
            continue;
        if (strcmp(a[0], "quit") == 0)
            break;
        char err[512] = "";
        if (!command(w, a, n, err, sizeof err)) {
            fprintf(stderr, "elsim: %s:%u: %s\n", path, lineno, err);
            status = 1;
            break;
        }
        /* Show each step, as the window would (and drain the window system's events). */
        SDL_Event e;
        while (SDL_PollEvent(&e))
            if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                ui_layout(w);
        ui_render(w);
        SDL_RenderPresent(w->d.renderer);
    }
    if (f != stdin)
        fclose(f);
    return status;
}

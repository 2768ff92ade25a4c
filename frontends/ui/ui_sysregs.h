/* The system registers the window shows, grouped by EL, and their bit fields (ARM ARM D13.2,
 * ARMv8.0 layouts). */
#ifndef ELSIM_UI_SYSREGS_H
#define ELSIM_UI_SYSREGS_H

#include <stddef.h>
#include <stdint.h>

struct ui_field {
    const char *name;
    uint8_t msb, lsb;
};

struct ui_sysreg {
    const char *name;
    unsigned el;                    /* the group it is shown in */
    const struct ui_field *fields;  /* NULL-name terminated */
    int id;                         /* its SR_* row, found by name (-1: absent) */
};

extern struct ui_sysreg ui_sysregs[];
extern const size_t ui_sysreg_count;

/* Find every row's SR_* id (once). */
void ui_sysregs_init(void);
/* The row named name, or -1. */
int ui_sysreg_find(const char *name);

static inline uint64_t ui_field_value(const struct ui_field *f, uint64_t v)
{
    unsigned width = (unsigned)(f->msb - f->lsb + 1);
    return width == 64 ? v : (v >> f->lsb) & ((1ull << width) - 1);
}

#endif

/* The SDL2 debugger window (`elsim run --ui`, `--ui-script FILE`): what the CLI calls. */
#ifndef ELSIM_UI_H
#define ELSIM_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "elsim.h"

/* What the UI needs to build the machine, and to build it again on Reset. */
struct ui_machine {
    struct elsim_options options;
    const char *image;            /* NULL with only a bios */
    bool has_load_addr;
    uint64_t load_addr;
    const char *bios;
};

/* Take `--ui` and `--ui-script FILE` (or `--ui-script=FILE`) out of argv (argc shrinks), before
 * the CLI parses the rest. True if either was given; *script is the script or NULL. */
bool ui_take_options(int *argc, char **argv, const char **script);

/* Open the window and debug the machine until the window closes or the script ends. Returns
 * the exit status of `elsim run`: 0, 1 when a script command failed, 2 when the machine cannot
 * be built or the UI cannot start (also when elsim was built without SDL2). */
int ui_main(const struct ui_machine *machine, const char *script);

#endif

/* `--ui` and `--ui-script FILE` on the elsim command line (ui.h). */
#include <string.h>

#include "ui.h"

bool ui_take_options(int *argc, char **argv, const char **script)
{
    static const char script_opt[] = "--ui-script";
    const size_t len = sizeof script_opt - 1;
    bool found = false;
    int out = 0;
    *script = NULL;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--ui") == 0) {
            found = true;
        } else if (strncmp(argv[i], script_opt, len) == 0 && argv[i][len] == '=') {
            found = true;
            *script = argv[i] + len + 1;
        } else if (strcmp(argv[i], script_opt) == 0 && i + 1 < *argc) {
            found = true;
            *script = argv[++i];
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    *argc = out;
    return found;
}

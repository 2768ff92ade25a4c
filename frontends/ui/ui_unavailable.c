/* ui_main() of an elsim built without SDL2, SDL2_ttf or libpng (frontends/cli/meson.build). */
#include <stdio.h>

#include "ui.h"

int ui_main(const struct ui_machine *machine, const char *script)
{
    (void)machine;
    (void)script;
    fprintf(stderr, "elsim: --ui: built without SDL2 (install libsdl2-dev libsdl2-ttf-dev libpng-dev and rebuild)\n");
    return 2;
}

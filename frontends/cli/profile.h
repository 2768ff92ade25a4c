/* --profile: model cycles and instructions attributed to the functions of the loaded images,
 * split by exception level. */
#ifndef ELSIM_CLI_PROFILE_H
#define ELSIM_CLI_PROFILE_H

#include <stdio.h>

#include "elsim.h"

struct profile;

/* Subscribe before the run. host_image: the image elsim runs (its symbols, if it is an ELF,
 * name code outside VMs); guest_image (or NULL): an ELF whose symbols name code running inside
 * a VM (EL0/EL1 with HCR_EL2.VM = 1). NULL with a one-line message in err if guest_image is
 * unusable. */
struct profile *profile_start(struct elsim *sim, const char *host_image, const char *guest_image, char *err,
                              size_t errlen);
/* The `top` entries with the most cycles, and the totals. */
void profile_print(const struct profile *p, FILE *out, unsigned top);
void profile_free(struct profile *p);

#endif

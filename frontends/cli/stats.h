/* --stats: what a run did, printed on stderr at its end. */
#ifndef ELSIM_CLI_STATS_H
#define ELSIM_CLI_STATS_H

#include "elsim.h"

/* Subscribe to the events --stats counts (before the run). */
void stats_start(struct elsim *sim);
/* Print the statistics of the run that took `seconds` of host time. */
void stats_print(struct elsim *sim, double seconds);

#endif

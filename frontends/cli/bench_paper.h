/* `elsim bench paper`: the ISCA 2016 virtualization microbenchmarks under the two benchmark
 * hypervisors (roms/hyp), beside the paper's figures (docs/paper.md). */
#ifndef ELSIM_CLI_BENCH_PAPER_H
#define ELSIM_CLI_BENCH_PAPER_H

/* argv[0] = "paper"; self = the elsim executable's path (images and output default to its
 * build directory). Returns the process exit status. */
int bench_paper_main(int argc, char **argv, const char *self);

#endif

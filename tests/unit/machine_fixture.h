/* A real `virt` machine built through the embedding API (include/elsim.h), for the tests that
 * run a small EL2 program on it (test_hooks.c, test_run_control.c). */
#ifndef ELSIM_TESTS_MACHINE_FIXTURE_H
#define ELSIM_TESTS_MACHINE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "elsim.h"

/* A machine with `cpus` CPUs, 4 MiB of RAM and the console in a temporary file; the `words`
 * instruction words of program at code, each of the 16 EL2 vectors at `vectors` holding the
 * one instruction vector_insn, and VBAR_EL2 of CPU 0 = vectors. Fails the test (fatally) if the
 * machine cannot be made. */
struct elsim *machine_fixture(unsigned cpus, uint64_t code, const uint32_t *program, size_t words,
                              uint64_t vectors, uint32_t vector_insn);

#endif

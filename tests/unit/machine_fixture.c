/* A real `virt` machine for the embedding-API tests (machine_fixture.h). */
#include "machine_fixture.h"

#include <stdio.h>

#include "cpu.h"
#include "harness.h"
#include "sysreg.h"

/* One console file for every machine the tests make: nobody reads it back. */
static FILE *console;

struct elsim *machine_fixture(unsigned cpus, uint64_t code, const uint32_t *program, size_t words,
                              uint64_t vectors, uint32_t vector_insn)
{
    char err[256];
    if (!console)
        console = tmpfile();
    struct elsim_options o = { .ram_size = 4 << 20, .cpus = cpus, .console = console, .console_input_fd = -1 };
    struct elsim *sim = elsim_create(&o, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sim);
    CU_ASSERT_TRUE(elsim_write_phys(sim, code, program, words * sizeof *program));
    for (unsigned v = 0; v < 16; v++)
        CU_ASSERT_TRUE(elsim_write_phys(sim, vectors + 0x80 * v, &vector_insn, 4));
    elsim_cpu(sim, 0)->sr[SR_VBAR_EL2] = vectors;
    return sim;
}

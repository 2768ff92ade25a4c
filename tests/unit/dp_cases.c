/* The runner of the data-processing case tables (dp_cases.h). */
#include "dp_cases.h"

#include <stdbool.h>
#include <stdio.h>

#include "fixture.h"
#include "harness.h"

void dp_run_cases(const struct dp_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const struct dp_case *c = &cases[i];
        struct cpu *cpu = fixture_cpu(1);
        for (unsigned r = 0; r < 4; r++)
            cpu->r[r] = c->x[r];
        cpu->nzcv = c->nzcv << 28;
        fixture_exec(cpu, c->insn);
        bool ok = cpu->r[0] == c->x0 && cpu->nzcv == c->nzcv_after << 28 &&
                  cpu->pc == FIXTURE_CODE + 4 && cpu->el == 1;
        for (unsigned r = 1; r < 4; r++)
            ok = ok && cpu->r[r] == c->x[r];
        if (!ok)
            fprintf(stderr, "case %zu: %s (0x%08x)\n", i, c->text, c->insn);
        CHECK_EQ_U64(cpu->r[0], c->x0);
        CHECK_EQ_U64(cpu->nzcv, c->nzcv_after << 28);
        CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
        CHECK_EQ_U64(cpu->el, 1);
        for (unsigned r = 1; r < 4; r++)
            CHECK_EQ_U64(cpu->r[r], c->x[r]);
    }
}

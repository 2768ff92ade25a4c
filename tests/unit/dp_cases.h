/* Table-driven tests of single data-processing instructions: each case sets X0-X3 and NZCV,
 * executes one instruction word at EL1 and expects exact X0 and NZCV afterwards. The expected
 * values were cross-checked against Unicorn (QEMU's A64 semantics) when the tables were
 * written; the assembly text is the encoding's disassembly, for failure messages. */
#ifndef ELSIM_TESTS_DP_CASES_H
#define ELSIM_TESTS_DP_CASES_H

#include <stddef.h>
#include <stdint.h>

struct dp_case {
    const char *text;
    uint32_t insn;
    uint64_t x[4];      /* X0-X3 before */
    uint32_t nzcv;      /* NZCV before, as the nibble N:Z:C:V */
    uint64_t x0;        /* X0 after */
    uint32_t nzcv_after;
};

/* Run every case on a fresh EL1 CPU; also checks that X1-X3 are unchanged, that no exception
 * was taken and that the PC moved on by 4. */
void dp_run_cases(const struct dp_case *cases, size_t count);

#define DP_RUN(table) dp_run_cases(table, sizeof table / sizeof table[0])

#endif

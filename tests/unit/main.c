/* The unit test runner: every suite registered with UNIT_SUITE, run in CUnit's basic mode.
 * Prints the closing line `N passed, M failed` (tests) that tests/run-all adds up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "board_suites.h"
#include "harness.h"

enum { MAX_SUITES = 128 };
static struct {
    const char *name;
    const struct unit_test *tests;
    size_t count;
} suites[MAX_SUITES];
static size_t suite_count;

void unit_register_suite(const char *suite, const struct unit_test *tests, size_t count)
{
    if (suite_count == MAX_SUITES) {
        fprintf(stderr, "too many test suites\n");
        exit(3);
    }
    suites[suite_count].name = suite;
    suites[suite_count].tests = tests;
    suites[suite_count].count = count;
    suite_count++;
}

void unit_report_mismatch(const char *file, int line, const char *expr, unsigned long long actual,
                          unsigned long long expected)
{
    fprintf(stderr, "%s:%d: %s = 0x%llx, expected 0x%llx\n", file, line, expr, actual, expected);
}

static int by_name(const void *a, const void *b)
{
    const char *const *x = a;
    const char *const *y = b;
    return strcmp(*x, *y);
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL; /* run one suite: unit-tests SUITE */
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 3;
    qsort(suites, suite_count, sizeof suites[0], by_name);
    for (size_t s = 0; s < suite_count; s++) {
        if (only && strcmp(only, suites[s].name) != 0)
            continue;
        CU_pSuite suite = CU_add_suite(suites[s].name, NULL, NULL);
        for (size_t t = 0; t < suites[s].count; t++)
            CU_add_test(suite, suites[s].tests[t].name, suites[s].tests[t].fn);
    }
    /* The board's suites register themselves with CUnit directly. */
    if (!only) {
        register_pl011_tests();
        register_semihosting_tests();
        register_loader_tests();
    }
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned run = CU_get_number_of_tests_run(), failed = CU_get_number_of_tests_failed();
    printf("\nunit: %u passed, %u failed\n", run - failed, failed);
    CU_cleanup_registry();
    return failed ? 1 : 0;
}

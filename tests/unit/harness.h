/* Registration of CUnit suites: each test file lists its tests with UNIT_SUITE and the runner
 * (tests/unit/main.c) finds them, so adding a test file needs no edit elsewhere but its line in
 * tests/unit/meson.build. */
#ifndef ELSIM_TESTS_HARNESS_H
#define ELSIM_TESTS_HARNESS_H

#include <CUnit/CUnit.h>
#include <stddef.h>

struct unit_test {
    const char *name;
    void (*fn)(void);
};

void unit_register_suite(const char *suite, const struct unit_test *tests, size_t count);

#define UNIT_TEST(fn) { #fn, fn }
#define UNIT_SUITE(suite, ...)                                                                    \
    static const struct unit_test suite##_tests[] = { __VA_ARGS__ };                             \
    __attribute__((constructor)) static void suite##_register(void)                              \
    {                                                                                            \
        unit_register_suite(#suite, suite##_tests, sizeof suite##_tests / sizeof suite##_tests[0]); \
    }

/* Exact-value assertions that print both values on failure. */
#define CHECK_EQ_U64(actual, expected)                                                            \
    do {                                                                                          \
        unsigned long long a_ = (unsigned long long)(actual), e_ = (unsigned long long)(expected); \
        if (a_ != e_)                                                                             \
            unit_report_mismatch(__FILE__, __LINE__, #actual, a_, e_);                            \
        CU_ASSERT_EQUAL(a_, e_);                                                                  \
    } while (0)

void unit_report_mismatch(const char *file, int line, const char *expr, unsigned long long actual,
                          unsigned long long expected);

#endif

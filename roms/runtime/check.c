/*
 * PASS/FAIL checks.  Every check prints one line; the ROM's exit status is the number of
 * failures, so the test runner can rely on both the lines and the exit code.
 */
#include "rt.h"

unsigned rt_checks, rt_failures;

void rt_check(const char *name, uint64_t got, uint64_t expected)
{
	rt_checks++;
	if (got == expected) {
		rt_printf("PASS %s\n", name);
	} else {
		rt_failures++;
		rt_printf("FAIL %s: got 0x%lx expected 0x%lx\n", name, got, expected);
	}
}

void rt_check_field(const char *test, const char *field, uint64_t got, uint64_t expected)
{
	rt_checks++;
	if (got == expected) {
		rt_printf("PASS %s.%s\n", test, field);
	} else {
		rt_failures++;
		rt_printf("FAIL %s.%s: got 0x%lx expected 0x%lx\n", test, field, got, expected);
	}
}

int rt_summary(const char *rom)
{
	rt_printf("%s: %u checks, %u failed\n", rom, rt_checks, rt_failures);
	return (int)rt_failures;
}

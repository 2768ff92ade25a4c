/* CUnit suites of the board components; the unit test runner calls each function once after
 * CU_initialize_registry(). */
#ifndef ELSIM_TESTS_UNIT_BOARD_SUITES_H
#define ELSIM_TESTS_UNIT_BOARD_SUITES_H

void register_pl011_tests(void);
void register_semihosting_tests(void);
void register_loader_tests(void);

#endif

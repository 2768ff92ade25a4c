/*
 * ALU benchmark: a chain of dependent integer operations (each needs the previous
 * result) and a group of independent ones, on registers only.
 *
 * Instructions: prologue 2 + setup 4 + N * 18 + exit 3  =  18 N + 9.
 */
#include "bench.h"

	bench_start
	alu_loop	/* the ALU loop (bench.h): 4 + 18 N */
	bench_exit

	bench_data 20000000

/*
 * The ROM that tests/gdb/run-gdb-tests debugs with gdb-multiarch.  Its interesting code is
 * written in assembly so that the test knows every instruction and every value:
 *
 *   gdb_steps      (EL2) four instructions with known results, for stepi
 *   gdb_store      (EL2) stores 0x1234abcd to gdb_counter, for a write watchpoint
 *   gdb_guest      (EL1) x0 = 7, then gdb_hvc: hvc #0x42 (ESR_EL2 = 0x5a000042)
 *
 * At the end it spins while gdb_spin is nonzero (a debugger sets it to test Ctrl-C).
 */
#include "rt.h"

volatile uint64_t gdb_counter;
volatile uint64_t gdb_spin;
uint64_t gdb_steps(void);
void gdb_store(void);
uint64_t gdb_guest(uint64_t arg);

__asm__(".text\n"
	".global gdb_steps\n"
	"gdb_steps:\n"
	"	mov	x0, #1\n"
	"	add	x0, x0, #2\n"
	"	movz	x1, #0x1234\n"
	"	add	x0, x0, x1\n"
	"	ret\n"
	".global gdb_store\n"
	"gdb_store:\n"
	"	adrp	x1, gdb_counter\n"
	"	add	x1, x1, :lo12:gdb_counter\n"
	"	movz	x2, #0xabcd\n"
	"	movk	x2, #0x1234, lsl #16\n"
	"	str	x2, [x1]\n"
	"	ret\n"
	".global gdb_guest\n"
	".global gdb_hvc\n"
	"gdb_guest:\n"
	"	mov	x0, #7\n"
	"gdb_hvc:\n"
	"	hvc	#0x42\n"
	"	ret\n");

static unsigned hypercalls;

static void on_hvc(struct rt_frame *f)
{
	if (ESR_EC(f->esr) == EC_HVC64 && (f->esr & 0xffff) == 0x42)
		hypercalls++;
}

int main(void)
{
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, on_hvc);
	uint64_t v = gdb_steps();
	gdb_store();
	rt_run_el1(gdb_guest, 0);
	while (gdb_spin)
		;
	rt_printf("gdb-target: steps 0x%lx, counter 0x%lx, hypercalls %u\n", v, gdb_counter, hypercalls);
	return v == 0x1237 && gdb_counter == 0x1234abcd && hypercalls == 1 ? 0 : 1;
}

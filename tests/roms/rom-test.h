/*
 * Helpers shared by the ROM integration tests.
 *
 * A test provokes one exception with a few instructions of inline assembly, lets the
 * runtime's recorder (rt_record) snapshot it, and compares every architectural value
 * with what the ARM ARM prescribes: target EL, vector offset, ESR_ELx, ELR_ELx, SPSR_ELx
 * and, where it is valid, FAR_ELx.
 */
#ifndef ROM_TEST_H
#define ROM_TEST_H

#include "rt.h"

/*
 * Run the instructions `insns` with NZCV cleared (so that the SPSR saved by the exception
 * is exactly predictable) and yield the address of the first instruction of `insns`.
 * The recorder resumes after the faulting instruction, so registers the snippet names
 * must be listed as clobbers by the caller's variant below.
 */
#define AT_PC(insns)                                                            \
	({                                                                      \
		uint64_t pc__;                                                  \
		__asm__ volatile("msr nzcv, xzr\n\tadr %0, 1f\n1:\t" insns      \
				 : "=&r"(pc__)::"x0", "x1", "x2", "x3", "x30", "memory"); \
		pc__;                                                           \
	})

/* AT_PC with one input operand, %1 (never x0..x3). */
#define AT_PC_IN(insns, in)                                                     \
	({                                                                      \
		uint64_t pc__;                                                  \
		__asm__ volatile("msr nzcv, xzr\n\tadr %0, 1f\n1:\t" insns      \
				 : "=&r"(pc__)                                  \
				 : "r"(in)                                      \
				 : "x0", "x1", "x2", "x3", "x30", "memory");    \
		pc__;                                                           \
	})

/* AT_PC_IN with set-up instructions `pre` executed before the instruction of interest. */
#define AT_PC_IN_PRE(pre, insns, in)                                            \
	({                                                                      \
		uint64_t pc__;                                                  \
		__asm__ volatile(pre "\n\tmsr nzcv, xzr\n\tadr %0, 1f\n1:\t" insns \
				 : "=&r"(pc__)                                  \
				 : "r"(in)                                      \
				 : "x0", "x1", "x2", "x3", "x30", "memory");    \
		pc__;                                                           \
	})

/*
 * Compare the one exception a test provoked with what it expects: the EL it was taken to,
 * the vector offset (VEC_* group + kind), the full ESR_ELx (not for IRQ/FIQ, which do not
 * write ESR), ELR_ELx and SPSR_ELx; expect_exc_far also FAR_ELx, for the exceptions whose
 * FAR is architecturally valid (aborts, PC alignment).
 */
static inline void expect_exc(const char *name, unsigned el, unsigned vec, uint64_t esr,
			      uint64_t elr, uint64_t spsr)
{
	rt_check_field(name, "count", rt_exc_count, 1);
	rt_check_field(name, "el", rt_last.el, el);
	rt_check_field(name, "vector", rt_last.vec, vec);
	if ((vec & 0x180) == VEC_SYNC || (vec & 0x180) == VEC_SERROR)
		rt_check_field(name, "esr", rt_last.esr, esr);
	rt_check_field(name, "elr", rt_last.elr, elr);
	rt_check_field(name, "spsr", rt_last.spsr, spsr);
}

static inline void expect_exc_far(const char *name, unsigned el, unsigned vec, uint64_t esr,
				  uint64_t elr, uint64_t spsr, uint64_t far)
{
	expect_exc(name, el, vec, esr, elr, spsr);
	rt_check_field(name, "far", rt_last.far, far);
}

static inline void expect_no_exception(const char *name)
{
	rt_check_field(name, "no-exception", rt_exc_count, 0);
}

/* SPSR of code run by rt_run_el1 / rt_run_el0 / at EL2 after AT_PC cleared NZCV. */
#define SPSR_EL2h (PSR_DAIF | PSR_MODE_EL2h)
#define SPSR_EL1h (PSR_DAIF | PSR_MODE_EL1h)
#define SPSR_EL1t (PSR_DAIF | PSR_MODE_EL1t)
#define SPSR_EL0t (PSR_DAIF | PSR_MODE_EL0t)

/*
 * An address with nothing behind it on the `virt` board: after the virtio-mmio
 * transports (0x0A00_0000 + 32 x 0x200) and before the platform bus (0x0C00_0000).
 * With the MMU off an access there is a synchronous External abort (FSC 0x10).
 * (0x0600_0000 would not do: QEMU's virt has a second 64 MiB flash bank there.)
 */
#define UNMAPPED_PA 0x0B000000UL

#endif

/*
 * elsim ROM runtime: the one header a ROM includes.
 *
 * A ROM is a freestanding AArch64 program entered at EL2h with the MMU off.  start.S sets
 * up stacks and vector tables, calls main(), and exits through semihosting with main's
 * return value.  This header offers console output, exception-level switching, exception
 * handler registration and the PASS/FAIL checks used by the integration tests.
 */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "sysreg.h"

/* ---- console (uart.c, printf.c) ---- */
void uart_putc(char c);
void uart_puts(const char *s);
int rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_vprintf(const char *fmt, va_list ap);

/* rt_printf prefixed by "[ELn] ", el naming the level the caller runs at (EL0 cannot read
 * CurrentEL: the MRS is UNDEFINED there).  Inline so that only the ROMs that use it (the tours
 * and labs) carry a copy. */
static inline void rt_say(unsigned el, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void rt_say(unsigned el, const char *fmt, ...)
{
	va_list ap;
	rt_printf("[EL%u] ", el);
	va_start(ap, fmt);
	rt_vprintf(fmt, ap);
	va_end(ap);
}

/* ---- semihosting (semihosting.c) ---- */
#define SEMIHOST_SYS_WRITEC 0x03
#define SEMIHOST_SYS_WRITE0 0x04
#define SEMIHOST_SYS_EXIT 0x18
#define ADP_Stopped_ApplicationExit 0x20026
uint64_t semihost_call(uint32_t op, uint64_t param);
void semihost_writec(char c);
void semihost_write0(const char *s);
void semihost_exit(uint64_t status) __attribute__((noreturn));

/* ---- string helpers the compiler may call (string.c) ---- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/* ---- exceptions (vectors.S, exception.c) ---- */

/* Register frame saved by every vector entry.  Handlers may change x[], elr and spsr:
 * they are written back before ERET.  Layout is shared with vectors.S. */
struct rt_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;  /* ESR_ELx at entry (meaningful for sync and SError only) */
	uint64_t far;  /* FAR_ELx at entry (meaningful when the EC says so) */
	uint64_t vec;  /* offset of the vector entry used: 0x000 .. 0x780 */
	uint64_t el;   /* EL the exception was taken to: 1 or 2 */
	uint64_t pad;
};

/* Vector offsets (ARM ARM D1.10.2): four groups of sync/irq/fiq/serror. */
#define VEC_CUR_SP0 0x000
#define VEC_CUR_SPX 0x200
#define VEC_LOWER_A64 0x400
#define VEC_LOWER_A32 0x600
#define VEC_SYNC 0x000
#define VEC_IRQ 0x080
#define VEC_FIQ 0x100
#define VEC_SERROR 0x180

typedef void (*rt_handler_t)(struct rt_frame *f);

/* Handler for one vector entry (vec = group + kind, e.g. VEC_LOWER_A64 + VEC_IRQ) of the
 * table of exception level el (1 or 2).  NULL restores the default, which prints the
 * decoded exception and ends the ROM with failure. */
void rt_set_handler(unsigned el, unsigned vec, rt_handler_t h);
/* The same handler for all 16 entries of EL el's table. */
void rt_set_all_handlers(unsigned el, rt_handler_t h);

/* Print ESR/ELR/SPSR/FAR of a frame, decoded in words (esr.c). */
void rt_describe_exception(const struct rt_frame *f);
const char *rt_ec_name(unsigned ec);
const char *rt_vector_name(unsigned vec);
const char *rt_mode_name(uint64_t spsr);

/*
 * The recorder: a ready-made handler that snapshots the exception into rt_last, counts it
 * in rt_exc_count, and resumes so that the test can go on:
 *   - SVC/HVC (preferred return is already the next instruction): resume at ELR;
 *   - instruction abort / PC alignment (the faulting PC is not code): resume at x30, so
 *     provoke these with BLR;
 *   - illegal execution state: clear SPSR.IL and re-execute the instruction at ELR;
 *   - IRQ/FIQ: set SPSR.I/F so the interrupt stays masked after return;
 *   - SError: set SPSR.A;
 *   - any other synchronous exception: skip the instruction (ELR + 4).
 */
struct rt_exc {
	uint64_t el, vec, esr, far, elr, spsr;
};
extern volatile struct rt_exc rt_last;
extern volatile unsigned rt_exc_count;
void rt_record(struct rt_frame *f);
/* Forget the last exception (rt_exc_count = 0, rt_last filled with a sentinel). */
void rt_record_reset(void);
/* Install rt_record for all entries of EL1's and EL2's tables. */
void rt_record_all(void);

/* ---- moving between exception levels (el.c, vectors.S) ---- */

/*
 * Run fn(arg) at a lower exception level and return its result.  spsr selects the level
 * and stack (PSR_MODE_EL1h, PSR_MODE_EL1t, PSR_MODE_EL0t, optionally | PSR_DAIF bits).
 * The callee's return goes to a trampoline that climbs back: from EL1 with
 * HVC #RT_RETURN_IMM (or, if HCR_EL2.HCD makes HVC undefined, SMC #RT_RETURN_IMM, which
 * needs HCR_EL2.TSC=1); from EL0 with SVC #RT_RETURN_IMM.  Callable at EL2 (target EL1
 * or EL0) and at EL1 (target EL0).  The lower level's stack pointer is reset to the top
 * of its stack on every call.
 */
typedef uint64_t (*rt_lower_fn)(uint64_t arg);
uint64_t rt_run_lower(uint64_t spsr, rt_lower_fn fn, uint64_t arg);
static inline uint64_t rt_run_el1(rt_lower_fn fn, uint64_t arg)
{
	return rt_run_lower(PSR_MODE_EL1h | PSR_DAIF, fn, arg);
}
static inline uint64_t rt_run_el0(rt_lower_fn fn, uint64_t arg)
{
	return rt_run_lower(PSR_MODE_EL0t | PSR_DAIF, fn, arg);
}
/* Immediate reserved for the runtime's return calls; tests must not use it. */
#define RT_RETURN_IMM 0xE1F0

/* Stacks, defined by the linker script. */
extern char __stack_el2_top[], __stack_el1_top[], __stack_el0_top[];

/* ---- SMC calls to the firmware (PSCI) ---- */

/* One SMC #0 with SMCCC 1.1 registers: x0 = function ID, x1..x3 arguments, x0 result; the
 * firmware may clobber x4..x17.  Inline (one copy per caller) so that a ROM that makes no SMC
 * carries no code for it. */
static inline uint64_t rt_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return x0;
}

/* ---- checks (check.c) ---- */
extern unsigned rt_checks, rt_failures;
/* Compare got with expected; print "PASS name" or "FAIL name: got 0x.. expected 0x..". */
void rt_check(const char *name, uint64_t got, uint64_t expected);
/* The same for one field of a test: prints "PASS test.field" / "FAIL test.field: ...". */
void rt_check_field(const char *test, const char *field, uint64_t got, uint64_t expected);
#define CHECK(name, got, expected) rt_check((name), (uint64_t)(got), (uint64_t)(expected))
/* Print a summary line and return the number of failures (main's exit status). */
int rt_summary(const char *rom);

#endif

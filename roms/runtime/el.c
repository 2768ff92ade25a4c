/*
 * Running code at a lower exception level and getting back (see rt_run_lower in rt.h).
 *
 * Going down is an ERET with SPSR_ELx/ELR_ELx prepared (lower.S).  Coming back is an
 * exception: the lower code "returns" into a trampoline that executes HVC (from EL1) or
 * SVC (from EL0) with the reserved immediate RT_RETURN_IMM; the handler recognises it and
 * resumes the saved context of the level that called rt_run_lower.
 */
#include "rt.h"

struct rt_ctx {
	uint64_t regs[12]; /* x19..x30 */
	uint64_t sp;
};
uint64_t rt_eret_lower(struct rt_ctx *ctx, uint64_t spsr, uint64_t pc, uint64_t arg,
		       uint64_t tramp);
void rt_ctx_resume(struct rt_ctx *ctx, uint64_t value) __attribute__((noreturn));
extern char rt_return_from_el1[], rt_return_from_el1_hvc[], rt_return_from_el0[];

/* One saved context per calling level; active while its lower code runs. */
static struct rt_ctx ctx[3];
static int ctx_active[3];

uint64_t rt_run_lower(uint64_t spsr, rt_lower_fn fn, uint64_t arg)
{
	unsigned el = current_el();
	unsigned target = (unsigned)(spsr >> 2) & 3;
	uint64_t tramp = (uint64_t)(target == 1 ? rt_return_from_el1 : rt_return_from_el0);

	/* Fresh stacks for the lower levels (nothing of theirs is live now). */
	write_sysreg(sp_el0, __stack_el0_top);
	if (el == 2)
		write_sysreg(sp_el1, __stack_el1_top);
	ctx_active[el] = 1;
	return rt_eret_lower(&ctx[el], spsr, (uint64_t)fn, arg, tramp);
}

static void resume(unsigned el, uint64_t value)
{
	ctx_active[el] = 0;
	rt_ctx_resume(&ctx[el], value);
}

/* Climb from the EL1 handler to EL2, passing value (an EL0 return with no EL1 caller). */
static void forward_to_el2(uint64_t value) __attribute__((noreturn));
static void forward_to_el2(uint64_t value)
{
	register uint64_t x0 __asm__("x0") = value;
	__asm__ volatile("b rt_return_from_el1" ::"r"(x0));
	__builtin_unreachable();
}

int rt_el_return_call(struct rt_frame *f);
int rt_el_return_call(struct rt_frame *f)
{
	if ((f->vec & 0x180) != VEC_SYNC)
		return 0;
	unsigned ec = ESR_EC(f->esr);
	unsigned imm = (unsigned)(f->esr & 0xFFFF);

	/* HVC disabled by HCR_EL2.HCD: step over it to the SMC fallback. */
	if (f->el == 1 && ec == EC_UNKNOWN && f->elr == (uint64_t)rt_return_from_el1_hvc) {
		f->elr += 4;
		return 1;
	}
	if ((ec != EC_SVC64 && ec != EC_HVC64 && ec != EC_SMC64) || imm != RT_RETURN_IMM)
		return 0;
	if (ctx_active[f->el])
		resume(f->el, f->x[0]);
	if (f->el == 1 && ctx_active[2])
		forward_to_el2(f->x[0]);
	return 0;
}

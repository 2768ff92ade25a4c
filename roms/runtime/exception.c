/*
 * Exception dispatch: every vector entry (vectors.S) lands in rt_exception_dispatch().
 *
 * The runtime first serves its own return calls (SVC/HVC/SMC #RT_RETURN_IMM, see el.c),
 * then hands the frame to the handler registered for that vector entry, or to the
 * default handler, which describes the unexpected exception and ends the ROM.
 */
#include "rt.h"

static rt_handler_t handlers[3][16]; /* [el][vec / 0x80]; index 0 unused */

void rt_set_handler(unsigned el, unsigned vec, rt_handler_t h)
{
	if (el == 1 || el == 2)
		handlers[el][(vec >> 7) & 15] = h;
}

void rt_set_all_handlers(unsigned el, rt_handler_t h)
{
	for (unsigned v = 0; v < 0x800; v += 0x80)
		rt_set_handler(el, v, h);
}

/* Defined in el.c: returns nonzero if it consumed the exception. */
int rt_el_return_call(struct rt_frame *f);

static void default_handler(struct rt_frame *f)
{
	rt_printf("FAIL unexpected exception\n");
	rt_describe_exception(f);
	/* Semihosting is only usable from EL1/EL2, which is where handlers run. */
	semihost_exit(0x7F);
}

void rt_exception_dispatch(struct rt_frame *f);
void rt_exception_dispatch(struct rt_frame *f)
{
	if (rt_el_return_call(f))
		return;
	rt_handler_t h = handlers[f->el][(f->vec >> 7) & 15];
	(h ? h : default_handler)(f);
}

/* ---- the recorder ---- */

volatile struct rt_exc rt_last;
volatile unsigned rt_exc_count;

void rt_record_reset(void)
{
	rt_exc_count = 0;
	rt_last.el = rt_last.vec = rt_last.esr = ~0UL;
	rt_last.far = rt_last.elr = rt_last.spsr = ~0UL;
}

void rt_record(struct rt_frame *f)
{
	rt_last.el = f->el;
	rt_last.vec = f->vec;
	rt_last.esr = f->esr;
	rt_last.far = f->far;
	rt_last.elr = f->elr;
	rt_last.spsr = f->spsr;
	rt_exc_count++;

	switch (f->vec & 0x180) {
	case VEC_IRQ:
		f->spsr |= PSR_I;
		return;
	case VEC_FIQ:
		f->spsr |= PSR_F;
		return;
	case VEC_SERROR:
		f->spsr |= PSR_A;
		return;
	}
	switch (ESR_EC(f->esr)) {
	case EC_SVC64:
	case EC_HVC64:
		break; /* ELR already points after the instruction */
	case EC_IABT_LOW:
	case EC_IABT_CUR:
	case EC_PC_ALIGN:
		f->elr = f->x[30]; /* back to the caller of the BLR */
		break;
	case EC_ILLEGAL:
		f->spsr &= ~PSR_IL; /* re-execute the instruction, now legally */
		break;
	default:
		f->elr += 4;
		break;
	}
}

void rt_record_all(void)
{
	rt_set_all_handlers(1, rt_record);
	rt_set_all_handlers(2, rt_record);
	rt_record_reset();
}

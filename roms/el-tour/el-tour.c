/*
 * el-tour: a first lesson in AArch64 exception levels.
 *
 * The CPU starts at EL2 (the hypervisor level).  We descend to EL1 (the kernel level)
 * and then to EL0 (user level) with ERET, and climb back with exceptions: SVC from EL0
 * to EL1, HVC from EL1 to EL2.  Every exception taken is described: where it went (which
 * level and vector entry), why (ESR: exception class and syndrome), where it will return
 * to (ELR) and what the interrupted PSTATE was (SPSR).
 */
#include "rt.h"

/* Handler for every synchronous exception in this tour, at EL1 and at EL2. */
static void on_exception(struct rt_frame *f)
{
	unsigned ec = ESR_EC(f->esr);
	rt_printf("\n  ==> exception! The CPU saved its state and jumped to a vector:\n");
	rt_describe_exception(f);
	switch (ec) {
	case EC_SVC64:
		rt_say((unsigned)f->el, "A kernel would now serve system call #0x%lx.  ELR already\n"
			"      points after the SVC, so ERET resumes the caller.\n", f->esr & 0xFFFF);
		break;
	case EC_HVC64:
		rt_say((unsigned)f->el, "A hypervisor would now serve hypercall #0x%lx, then ERET.\n",
		    f->esr & 0xFFFF);
		break;
	default:
		rt_say((unsigned)f->el, "ELR points at the faulting instruction; we skip it\n"
			"      (ELR += 4) so that ERET resumes after it.\n");
		f->elr += 4;
		break;
	}
	rt_printf("  <== ERET: PSTATE comes back from SPSR, PC from ELR.\n\n");
}

static uint64_t el0_main(uint64_t arg)
{
	(void)arg;
	rt_say(0, "Hello from EL0, the least privileged level (applications run here).\n");
	rt_say(0, "EL0 may not even read CurrentEL.  Let's try: mrs x0, CurrentEL\n");
	__asm__ volatile("mrs x0, CurrentEL" ::: "x0");
	rt_say(0, "Still alive: EL1 handled the UNDEFINED instruction for us.\n");
	rt_say(0, "Now a system call to the kernel: svc #0x42\n");
	__asm__ volatile("svc #0x42" ::: "memory");
	rt_say(0, "Back at EL0.  Returning from el0_main: the runtime's trampoline\n"
	       "      executes SVC #0x%x to hand control back to EL1.\n", RT_RETURN_IMM);
	return 0;
}

static uint64_t el1_main(uint64_t arg)
{
	(void)arg;
	rt_say(1, "Hello from EL1 (an operating system kernel runs here).  CurrentEL.EL = %u\n",
	    current_el());
	rt_say(1, "To enter EL0: SPSR_EL1 = 0x%lx (M=%s, DAIF masked), ELR_EL1 = el0_main, ERET.\n",
	    PSR_MODE_EL0t | PSR_DAIF, rt_mode_name(PSR_MODE_EL0t));
	rt_run_el0(el0_main, 0);
	rt_say(1, "Back at EL1, EL0's work is done.\n");
	rt_say(1, "Now a call to the hypervisor: hvc #0x7\n");
	__asm__ volatile("hvc #0x7" ::: "memory");
	rt_say(1, "Back at EL1.  Returning from el1_main: the trampoline executes HVC #0x%x.\n",
	    RT_RETURN_IMM);
	return 0;
}

int main(void)
{
	rt_set_handler(1, VEC_CUR_SPX + VEC_SYNC, on_exception);
	rt_set_handler(1, VEC_LOWER_A64 + VEC_SYNC, on_exception);
	rt_set_handler(2, VEC_CUR_SPX + VEC_SYNC, on_exception);
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, on_exception);

	rt_printf("\nel-tour: a walk through the AArch64 exception levels\n"
		  "=====================================================\n"
		  "EL0 = applications, EL1 = OS kernel, EL2 = hypervisor (EL3 = firmware,\n"
		  "absent here).  Going down is an ERET; going up is an exception.\n\n");
	rt_say(2, "The CPU starts here, at EL2.  CurrentEL = 0x%lx, so EL = %u.\n",
	    read_sysreg(CurrentEL), current_el());
	rt_say(2, "Exceptions taken to EL2 use the vector table at VBAR_EL2 = 0x%lx,\n"
	       "      those taken to EL1 the one at VBAR_EL1 = 0x%lx.\n",
	    read_sysreg(vbar_el2), read_sysreg(vbar_el1));
	rt_say(2, "HCR_EL2 = 0x%lx: RW=1 makes EL1 an AArch64 level.\n", read_sysreg(hcr_el2));
	rt_say(2, "To enter EL1: SPSR_EL2 = 0x%lx (M=%s, DAIF masked), ELR_EL2 = el1_main, ERET.\n\n",
	    PSR_MODE_EL1h | PSR_DAIF, rt_mode_name(PSR_MODE_EL1h));
	rt_run_el1(el1_main, 0);
	rt_say(2, "Back at EL2, where we started.  Tour complete!\n");
	return 0;
}

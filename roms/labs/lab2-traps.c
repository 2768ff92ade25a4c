/*
 * Lab 2: traps that a hypervisor chooses with HCR_EL2 (docs/labs/2-hcr-traps.md).
 *
 * The hypervisor (EL2) sets two trap bits before it enters its guest (EL1):
 *   HCR_EL2.TWI: a WFI at EL1 or EL0 traps to EL2 (EC 0x01) instead of waiting;
 *   HCR_EL2.TVM: an EL1 write to a virtual memory control register (SCTLR_EL1, TTBR0_EL1,
 *                ...) traps to EL2 (EC 0x18, ISS naming the register and Xt).
 * The guest runs the same instructions twice, with TWI and then with TWI and TVM, so the trap
 * log shows which of them trapped. The hypervisor emulates each trapped instruction and
 * skips it.
 */
#include "rt.h"

/* How many of the guest's TTBR0_EL1 writes the hypervisor carried out for it. */
static uint64_t emulated_writes;

/* EL2, synchronous exception from EL1: a trap the hypervisor asked for. */
static void on_trap(struct rt_frame *f)
{
	unsigned ec = ESR_EC(f->esr);
	uint64_t iss = ESR_ISS(f->esr);
	if (ec == EC_WFX) {
		rt_say(2, "trap: EC 0x01, WF%c at ELR 0x%lx (HCR_EL2.TWI).  A hypervisor would run\n"
		       "      another vCPU now; this one just skips the WFI.\n", iss & 1 ? 'E' : 'I', f->elr);
	} else if (ec == EC_SYSREG) {
		unsigned rt = (unsigned)(iss >> 5) & 31, read = (unsigned)iss & 1;
		rt_say(2, "trap: EC 0x18, %s op0=%lu op1=%lu CRn=%lu CRm=%lu op2=%lu, X%u (HCR_EL2.TVM)\n",
		    read ? "MRS" : "MSR", iss >> 20 & 3, iss >> 14 & 7, iss >> 10 & 15, iss >> 1 & 15,
		    iss >> 17 & 7, rt);
		/* op0=3 op1=0 CRn=2 CRm=0 op2=0 is TTBR0_EL1: do the write on the guest's behalf. */
		if (!read && (iss & ISS_SYSREG(3, 7, 7, 15, 0, 15, 0)) == ISS_SYSREG(3, 0, 0, 2, 0, 0, 0)) {
			write_sysreg(ttbr0_el1, rt == 31 ? 0 : f->x[rt]);
			emulated_writes++;
			rt_say(2, "      emulated: TTBR0_EL1 = 0x%lx\n", read_sysreg(ttbr0_el1));
		}
	} else {
		rt_describe_exception(f);
		semihost_exit(1);
	}
	f->elr += 4; /* ELR points at the trapped instruction: resume after it */
}

static uint64_t guest(uint64_t step)
{
	rt_say(1, "guest, step %lu: wfi\n", step);
	__asm__ volatile("wfi" ::: "memory");
	rt_say(1, "guest: msr ttbr0_el1, x0 with x0 = 0x%lx\n", 0x40300000 + step * 0x1000);
	write_sysreg(ttbr0_el1, 0x40300000 + step * 0x1000);
	rt_say(1, "guest: mrs reads TTBR0_EL1 = 0x%lx (reads do not trap: that is TRVM)\n",
	       read_sysreg(ttbr0_el1));
	return 0;
}

int main(void)
{
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, on_trap);
	rt_printf("\nlab 2: traps set with HCR_EL2\n\n");

	rt_say(2, "Without HCR_EL2.TWI a WFI at EL1 with nothing to wake it would wait forever,\n"
	       "      so round 1 sets TWI: the guest's WFI comes to me instead.\n");
	rt_say(2, "Round 1: HCR_EL2.TWI = 1 (TTBR0_EL1 writes are the guest's own business)\n");
	write_sysreg(hcr_el2, HCR_RW | HCR_TWI);
	isb();
	rt_run_el1(guest, 1);

	rt_say(2, "Round 2: HCR_EL2.TWI = 1, HCR_EL2.TVM = 1\n");
	write_sysreg(hcr_el2, HCR_RW | HCR_TWI | HCR_TVM);
	isb();
	rt_run_el1(guest, 2);

	rt_say(2, "done: %lu TTBR0_EL1 write(s) emulated.\n", emulated_writes);
	return emulated_writes == 1 ? 0 : 1;
}

/*
 * Lab 4: a virtual interrupt injected through a list register and completed by the guest
 * without a trap (docs/labs/4-vgic.md). GICv3 (the default `--gic 3`).
 *
 * With HCR_EL2.IMO = 1 the guest's (EL1) ICC_* accesses go to the virtual CPU interface
 * (ICV_*), which the hypervisor (EL2) fills with list registers (ICH_LR<n>_EL2). The
 * hypervisor writes LR0 = "vINTID 40 pending, priority 0xA0, Group 1" and enters the guest;
 * as soon as the guest unmasks IRQs it takes a virtual IRQ at EL1, acknowledges it
 * (ICC_IAR1_EL1 reads 40: LR0 becomes active) and ends it (ICC_EOIR1_EL1: LR0 becomes
 * invalid). Neither access traps: EL2 learns what happened by reading LR0 afterwards.
 */
#include "gic.h"
#include "rt.h"

#define VINTID 40

static const char *const states[] = { "invalid", "pending", "active", "pending+active" };

static void show_lr0(void)
{
	struct gic_lr l = gic_lr_decode(gic_hyp_read_lr(0));
	rt_say(2, "ICH_LR0_EL2 = 0x%lx: vINTID %u, %s, priority 0x%x\n", gic_hyp_read_lr(0), l.vintid,
	    states[l.state & 3], l.prio);
}

static volatile unsigned handled;

/* EL1: the guest's IRQ handler, entered through VBAR_EL1 + 0x280 (current EL, SP_ELx). */
static void guest_irq(struct rt_frame *f)
{
	(void)f;
	uint32_t iar = gic_ack();
	rt_say(1, "IRQ! ICC_IAR1_EL1 = %u (a virtual interrupt: the LR is now active)\n",
	       gic_iar_intid(iar));
	gic_eoi(iar);
	rt_say(1, "ICC_EOIR1_EL1 <- %u: done (the LR is now invalid)\n", gic_iar_intid(iar));
	handled++;
}

static uint64_t guest_init(uint64_t arg)
{
	(void)arg;
	gic_init_cpu_iface(); /* PMR, binary point, Group 1 enable: on the virtual interface */
	rt_say(1, "my CPU interface is ready (PMR 0x%x)\n", gic_pmr());
	return 0;
}

static uint64_t guest_wait(uint64_t arg)
{
	(void)arg;
	rt_say(1, "unmasking IRQs (msr daifclr, #2)\n");
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	while (!handled)
		;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	rt_say(1, "back from the interrupt\n");
	return handled;
}

int main(void)
{
	rt_set_handler(1, VEC_CUR_SPX + VEC_IRQ, guest_irq);
	rt_printf("\nlab 4: a virtual interrupt through a list register\n\n");
	gic_init_dist();
	gic_init_cpu();
	if (gic_version != 3) {
		rt_printf("this lab needs a GICv3 (elsim run --gic 3)\n");
		return 1;
	}
	for (unsigned i = 0; i < GIC_VTR_LISTREGS(gic_hyp_vtr()); i++)
		gic_hyp_write_lr(i, 0);
	gic_hyp_set_apr(0);
	gic_hyp_set_vmcr(0);
	gic_hyp_set_hcr(GIC_HCR_EN);
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO);
	isb();
	rt_say(2, "HCR_EL2.IMO = 1: physical IRQs come to me, the guest gets virtual ones.\n");
	rt_run_el1(guest_init, 0);

	struct gic_lr l = { .state = LR_PENDING, .vintid = VINTID, .prio = 0xA0, .group1 = true };
	gic_hyp_write_lr(0, gic_lr_encode(&l));
	rt_say(2, "injecting vINTID %u: ", VINTID);
	show_lr0();
	rt_run_el1(guest_wait, 0);
	rt_say(2, "the guest is back; I was not called in between.  ");
	show_lr0();
	gic_hyp_set_hcr(0);
	return handled == 1 && gic_lr_state(gic_hyp_read_lr(0)) == LR_INVALID ? 0 : 1;
}

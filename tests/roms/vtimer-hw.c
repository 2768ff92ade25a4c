/*
 * The guest's virtual timer forwarded through a list register with the HW bit, as KVM does
 * it, with GICv2 (vtimer-hw-gicv2) or GICv3 (vtimer-hw-gicv3).
 *
 * The hypervisor runs the guest at EL1 with HCR_EL2.IMO/FMO/VM = 1 (stage 2: RAM, and the
 * GICv2 guest's GICC frame onto GICV), a CNTVOFF_EL2 offset, and physical EOImode = 1:
 * its EOI only drops the priority, and the physical interrupt stays active until the
 * guest's EOI of the linked virtual one deactivates it.
 *
 *  A. Exit and inject: the guest arms CNTV (CVAL = now + 5 ms) and waits with WFI.  The
 *     timer's PPI 27 is taken at EL2 from EL1; the hypervisor sees ISTATUS = 1 and a virtual
 *     count at or past CVAL (CNTVCT = CNTPCT - CNTVOFF), acknowledges 27 (IAR = 27), drops
 *     its priority (still active) and puts it in LR0 with HW = 1, pINTID = vINTID = 27.
 *     The guest takes virtual 27 (IAR = 27, CNTV_CTL = ENABLE|ISTATUS), masks its timer
 *     (IMASK) and EOIs: LR0 invalid (empty in ELRSR since HW = 1, no EISR / MISR), the
 *     physical 27 inactive and not pending, exactly one exit.
 *  B. Physically masked by the active state (KVM's vcpu load with a pending timer): the
 *     hypervisor restores a guest timer whose CVAL is already past, marks the physical
 *     PPI 27 active first, and injects LR0 (HW).  The physical interrupt is pending and
 *     active, so it is never signalled: the guest takes virtual 27 with no exit at all, and
 *     its EOI leaves the physical interrupt inactive.
 */
#include "gic.h"
#include "mmu-test.h"
#include "vgic-test.h"
#include "timer.h"

#ifndef GIC_VERSION
#error "compile with -DGIC_VERSION=2 or 3"
#endif
#if GIC_VERSION == 3
#define ROM_NAME "vtimer-hw-gicv3"
#define VGROUP1 true
#else
#define ROM_NAME "vtimer-hw-gicv2"
#define VGROUP1 false
#endif

#define VTIMER TIMER_INTID_VIRT
#define NUM_LRS 4
#define LR_MASK ((1U << NUM_LRS) - 1)
#define VOFF UL(0x0123456789ABC000) /* CNTVOFF_EL2: the guest's time starts elsewhere */

static struct {
	volatile unsigned n;
	volatile uint32_t iar, hppir, rpr;
	volatile uint64_t ctl_at_irq, ctl_after_mask, elr, spsr, vec, isr, unmask_pc;
	volatile uint64_t cval;
} guest;

static struct {
	volatile unsigned count, other;
	volatile uint32_t iar;
	volatile uint64_t vec, spsr_mode, ctl, cval, vcount, active_after_drop, rpr_after_drop;
} hyp;

static uint64_t lr_hw(unsigned state)
{
	struct gic_lr l = { .state = state, .vintid = VTIMER, .prio = 0xA0, .group1 = VGROUP1,
			    .hw = true, .pintid = VTIMER };
	return gic_lr_encode(&l);
}

/* Physical IRQ at EL2: the virtual timer fired while the guest ran. */
static void hyp_irq(struct rt_frame *f)
{
	uint32_t iar = gic_ack();
	if (gic_iar_intid(iar) != VTIMER) {
		hyp.other++;
		if (gic_iar_intid(iar) < 1020) {
			gic_eoi(iar);
			gic_deactivate(iar);
		}
		return;
	}
	hyp.iar = iar;
	hyp.vec = f->vec;
	hyp.spsr_mode = f->spsr & 0xF;
	hyp.ctl = read_sysreg(cntv_ctl_el0);
	hyp.cval = read_sysreg(cntv_cval_el0);
	hyp.vcount = timer_cntpct() - read_sysreg(cntvoff_el2);
	gic_eoi(iar); /* EOImode = 1: priority drop; 27 stays active, so it cannot fire again */
	hyp.rpr_after_drop = gic_rpr();
	hyp.active_after_drop = gic_is_active(VTIMER);
	gic_hyp_write_lr(0, lr_hw(LR_PENDING));
	hyp.count = hyp.count + 1;
}

static void hyp_sync(struct rt_frame *f)
{
	mmu_test_abort("unexpected exception at EL2", f);
}

/* ---- guest ---- */

static void guest_irq(struct rt_frame *f)
{
	guest.hppir = gic_hppir();
	uint32_t iar = gic_ack();
	guest.iar = iar;
	guest.rpr = gic_rpr();
	guest.elr = f->elr;
	guest.spsr = f->spsr & ~0xF0000000UL;
	guest.vec = f->vec;
	guest.ctl_at_irq = read_sysreg(cntv_ctl_el0);
	/* Like Linux's timer handler: mask the timer, then EOI. */
	write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	isb();
	guest.ctl_after_mask = read_sysreg(cntv_ctl_el0);
	gic_eoi(iar);
	guest.n = guest.n + 1;
}

static uint64_t guest_init(uint64_t arg)
{
	(void)arg;
	gic_init_cpu_iface();
	return gic_pmr();
}

/* A: arm the virtual timer 5 ms ahead and sleep until its interrupt was handled. */
static uint64_t guest_arm_and_wait(uint64_t arg)
{
	(void)arg;
	uint64_t cval = timer_cntvct() + timer_ms(5);
	guest.cval = cval;
	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE);
	isb();
	timer_wait_flag(&guest.n, 1, timer_ms(3000));
	return guest.n;
}

/* B: the interrupt is already pending in LR0: unmask and take it. */
static uint64_t guest_take(uint64_t arg)
{
	(void)arg;
	guest.isr = read_sysreg(isr_el1);
	uint64_t pc;
	__asm__ volatile("adr %0, 1f\n\tmsr daifclr, #2\n1:" : "=&r"(pc)::"memory");
	guest.unmask_pc = pc;
	uint64_t start = timer_cntvct();
	while (guest.n < 1 && !timer_elapsed(start, timer_ms(2000)))
		;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	return guest.n;
}

/* ---- hypervisor ---- */

static void check_guest_side(const char *t)
{
	rt_check_field(t, "guest.hppir", guest.hppir, VTIMER);
	rt_check_field(t, "guest.iar", guest.iar, VTIMER);
	rt_check_field(t, "guest.rpr", guest.rpr, 0xA0);
	rt_check_field(t, "guest.vec", guest.vec, VEC_CUR_SPX + VEC_IRQ);
	rt_check_field(t, "guest.ctl-at-irq", guest.ctl_at_irq, CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
	/* IMASK hides the interrupt, not the condition: ISTATUS stays 1. */
	rt_check_field(t, "guest.ctl-after-mask", guest.ctl_after_mask,
		       CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS);
}

static void check_after_eoi(const char *t)
{
	rt_check_field(t, "eoi.lr0", gic_hyp_read_lr(0), lr_hw(LR_INVALID));
	rt_check_field(t, "eoi.elrsr", gic_hyp_elrsr() & LR_MASK, LR_MASK);
	rt_check_field(t, "eoi.eisr", gic_hyp_eisr() & LR_MASK, 0);
	rt_check_field(t, "eoi.misr", gic_hyp_misr(), 0);
	rt_check_field(t, "eoi.apr", gic_hyp_apr(), 0);
	rt_check_field(t, "eoi.phys-active", gic_is_active(VTIMER), 0);
	rt_check_field(t, "eoi.phys-pending", gic_is_pending(VTIMER), 0);
	rt_check_field(t, "eoi.phys-rpr", gic_rpr(), 0xFF);
}

static void test_exit_and_inject(void)
{
	const char *t = "vtimer-exit";
	uint64_t r = rt_run_el1(guest_arm_and_wait, 0);
	rt_check_field(t, "guest-handled", r, 1);
	rt_check_field(t, "exits", hyp.count, 1);
	rt_check_field(t, "other-irqs", hyp.other, 0);
	rt_check_field(t, "hyp.iar", hyp.iar, VTIMER);
	rt_check_field(t, "hyp.vector", hyp.vec, VEC_LOWER_A64 + VEC_IRQ);
	rt_check_field(t, "hyp.from-el1h", hyp.spsr_mode, PSR_MODE_EL1h);
	rt_check_field(t, "hyp.ctl", hyp.ctl, CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
	rt_check_field(t, "hyp.cval", hyp.cval, guest.cval);
	rt_check_field(t, "hyp.fired-at-or-after-cval", hyp.vcount >= hyp.cval, 1);
	rt_check_field(t, "hyp.rpr-after-drop", hyp.rpr_after_drop, 0xFF);
	rt_check_field(t, "hyp.active-after-drop", hyp.active_after_drop, 1);
	check_guest_side(t);
	check_after_eoi(t);
	gic_hyp_write_lr(0, 0);
}

static void test_preactivated(void)
{
	const char *t = "vtimer-preactive";
	memset((void *)&guest, 0, sizeof(guest));
	unsigned exits = hyp.count + hyp.other;

	/* "vcpu load": physical 27 active first, then the guest's timer, already expired. */
	gic_set_active(VTIMER);
	uint64_t vnow = timer_cntpct() - read_sysreg(cntvoff_el2);
	write_sysreg(cntv_cval_el0, vnow - 1);
	write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE);
	isb();
	rt_check_field(t, "ctl", read_sysreg(cntv_ctl_el0), CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
	uint64_t start = timer_cntvct();
	while (!gic_is_pending(VTIMER) && !timer_elapsed(start, timer_ms(1000)))
		;
	rt_check_field(t, "phys-pending", gic_is_pending(VTIMER), 1);
	rt_check_field(t, "phys-active", gic_is_active(VTIMER), 1);
	/* Pending and active: not the highest priority pending interrupt. */
	rt_check_field(t, "phys-hppir", gic_hppir(), GIC_INTID_SPURIOUS);

	gic_hyp_write_lr(0, lr_hw(LR_PENDING));
	rt_check_field(t, "lr0-readback", gic_hyp_read_lr(0), lr_hw(LR_PENDING));
	uint64_t r = rt_run_el1(guest_take, 0);
	rt_check_field(t, "guest-handled", r, 1);
	rt_check_field(t, "no-exit", hyp.count + hyp.other, exits);
	rt_check_field(t, "guest.isr", guest.isr, BIT(7));
	rt_check_field(t, "guest.elr", guest.elr, guest.unmask_pc);
	rt_check_field(t, "guest.spsr", guest.spsr, PSR_D | PSR_A | PSR_F | PSR_MODE_EL1h);
	check_guest_side(t);
	check_after_eoi(t);
	gic_hyp_write_lr(0, 0);
}

static struct pt_pool pool;
static struct pt s2;

int main(void)
{
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, hyp_sync);
	rt_set_handler(2, VEC_LOWER_A64 + VEC_IRQ, hyp_irq);
	rt_set_handler(1, VEC_CUR_SPX + VEC_IRQ, guest_irq);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	write_sysreg(cntvoff_el2, VOFF);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	CHECK("cntvoff.readback", read_sysreg(cntvoff_el2), VOFF);

	gic_init_dist();
	gic_init_cpu();
	CHECK("gic-version", gic_version, GIC_VERSION);
	gic_set_eoimode(true);
	gic_set_priority(VTIMER, 0xA0);
	gic_enable(VTIMER);
	for (unsigned i = 0; i < NUM_LRS; i++)
		gic_hyp_write_lr(i, 0);
	gic_hyp_set_apr(0);
	gic_hyp_set_vmcr(0);
	gic_hyp_set_hcr(GIC_HCR_EN);

	vgic_guest_stage2(&pool, &s2);

	CHECK("guest-init.pmr", rt_run_el1(guest_init, 0), 0xF8);
	test_exit_and_inject();
	test_preactivated();

	write_sysreg(cntv_ctl_el0, 0);
	gic_hyp_set_hcr(0);
	gic_set_eoimode(false);
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	tlbi_vmalls12e1is();
	return rt_summary(ROM_NAME);
}

/*
 * A hypervisor injects virtual interrupts into a guest through the list registers, with
 * GICv2 (GICH / GICV; compiled as vgic-lr-gicv2) or GICv3 (ICH_*_EL2 / ICV_*; vgic-lr-gicv3).
 *
 * Set-up, as KVM does it: HCR_EL2.IMO/FMO = 1 (physical IRQs to EL2, virtual ones to the
 * guest), the virtual interface on (GICH_HCR / ICH_HCR_EL2 .En), physical maintenance
 * interrupt PPI 25 enabled, and stage 2 on: guest RAM identity-mapped and, with GICv2, the
 * guest's GICC frame (IPA 0x0801_0000) mapped to GICV (PA 0x0804_0000) so that the guest
 * drives its virtual CPU interface with the same code as a physical one.  The guest
 * (EL1) initialises that interface itself; the hypervisor reads the result in the VMCR.
 *
 * Scenarios, each checked from both sides (the guest's IAR / HPPIR / RPR and the
 * hypervisor's LR / ELRSR / EISR / MISR / APR read at chosen points through HVCs):
 *   1. one LR, EOI bit set: pending -> (guest IAR) active -> (guest EOI) invalid, with
 *      EISR bit and MISR.EOI set and the maintenance interrupt taken at EL2 from EL1; the
 *      LR does not count as empty in ELRSR until the hypervisor clears it (State = 0 with
 *      EOI = 1 is not empty); then MISR clears, and the guest, which waited, goes on;
 *   2. pending+active: while the guest handles the interrupt the hypervisor makes the LR
 *      pending+active; the guest's EOI leaves it pending and it is taken a second time;
 *   3. three LRs with different priorities: taken highest priority first;
 *   4. EOImode = 1 in the guest: EOI drops the priority (APR clear, RPR idle) but the LR
 *      stays active until the guest writes DIR;
 *   5. HW = 1: physical SPI 100, acknowledged by the hypervisor with physical EOImode = 1
 *      (priority drop only, still active), forwarded as virtual INTID 50; the guest's EOI
 *      deactivates the physical interrupt (distributor active bit clear afterwards), with
 *      no maintenance interrupt and no exit.
 * A virtual IRQ is taken at EL1 (VBAR_EL1 + 0x280) right after the MSR DAIFClr that
 * unmasks it, or right after the ERET that returns to unmasked code.
 */
#include "gic.h"
#include "mmu-test.h"
#include "vgic-test.h"
#include "timer.h"

#ifndef GIC_VERSION
#error "compile with -DGIC_VERSION=2 or 3"
#endif
#if GIC_VERSION == 3
#define ROM_NAME "vgic-lr-gicv3"
#define VGROUP1 true /* the guest's interrupts are Group 1, as Linux's with GICv3 */
#else
#define ROM_NAME "vgic-lr-gicv2"
#define VGROUP1 false /* Group 0, signalled as IRQ (GICV_CTLR.FIQEn = 0) */
#endif

#define NUM_LRS 4
#define LR_MASK ((1U << NUM_LRS) - 1)
#define PHYS_SPI 100 /* an SPI no device of the board uses */

/* ---- what the guest saw ---- */
#define GLOG_MAX 8
static struct {
	volatile unsigned n;
	volatile uint32_t iar[GLOG_MAX], hppir[GLOG_MAX], rpr[GLOG_MAX];
	volatile uint64_t elr[GLOG_MAX], spsr[GLOG_MAX], vec[GLOG_MAX];
	volatile uint64_t isr, unmask_pc;
	volatile uint32_t hppir_after_ack, rpr_after_eoi, rpr_after_drop;
	volatile unsigned maint_wait_ok;
} guest;
static volatile unsigned scenario;

/* ---- what the hypervisor saw ---- */
struct vif_snap {
	uint64_t lr[NUM_LRS];
	uint64_t elrsr, eisr, misr, apr;
};
#define SNAP_MAX 8
static struct vif_snap snap[SNAP_MAX]; /* by HVC immediate */
static struct {
	volatile unsigned count;
	volatile uint32_t iar;
	volatile uint64_t vec, spsr_mode;
	struct vif_snap at_entry;
	volatile uint64_t misr_after_clear;
} maint;
static volatile unsigned hyp_irq_other;

static void take_snap(struct vif_snap *s)
{
	for (unsigned i = 0; i < NUM_LRS; i++)
		s->lr[i] = gic_hyp_read_lr(i);
	s->elrsr = gic_hyp_elrsr() & LR_MASK;
	s->eisr = gic_hyp_eisr() & LR_MASK;
	s->misr = gic_hyp_misr();
	s->apr = gic_hyp_apr();
}

static uint64_t lr(unsigned state, unsigned vintid, unsigned prio, bool eoi)
{
	struct gic_lr l = { .state = state, .vintid = vintid, .prio = prio, .group1 = VGROUP1,
			    .eoi = eoi };
	return gic_lr_encode(&l);
}

static uint64_t lr_hw(unsigned state, unsigned vintid, unsigned prio, unsigned pintid)
{
	struct gic_lr l = { .state = state, .vintid = vintid, .prio = prio, .group1 = VGROUP1,
			    .hw = true, .pintid = pintid };
	return gic_lr_encode(&l);
}

static uint64_t lr_with_state(uint64_t v, unsigned state)
{
	struct gic_lr l = gic_lr_decode(v);
	l.state = state;
	return gic_lr_encode(&l);
}

/* HVC #n from the guest: snapshot the interface; #2 also makes LR0 pending+active. */
static void hyp_sync(struct rt_frame *f)
{
	unsigned imm = (unsigned)(f->esr & 0xFFFF);
	if (ESR_EC(f->esr) != EC_HVC64 || imm >= SNAP_MAX)
		mmu_test_abort("unexpected exception at EL2", f);
	take_snap(&snap[imm]);
	if (imm == 2)
		gic_hyp_write_lr(0, lr_with_state(gic_hyp_read_lr(0), LR_PENDING_ACTIVE));
}

/* Physical IRQ at EL2 while the guest runs: the maintenance interrupt. */
static void hyp_irq(struct rt_frame *f)
{
	uint32_t iar = gic_ack();
	if (gic_iar_intid(iar) != GIC_INTID_MAINT) {
		hyp_irq_other++;
		if (gic_iar_intid(iar) < 1020)
			gic_eoi(iar);
		return;
	}
	maint.iar = iar;
	maint.vec = f->vec;
	maint.spsr_mode = f->spsr & 0xF;
	take_snap(&maint.at_entry);
	/* Retire the interrupt the guest finished: the LR is free again and MISR.EOI drops. */
	for (unsigned i = 0; i < NUM_LRS; i++)
		if (maint.at_entry.eisr & (1U << i))
			gic_hyp_write_lr(i, 0);
	maint.misr_after_clear = gic_hyp_misr();
	gic_eoi(iar);
	maint.count = maint.count + 1;
}

/* ---- the guest (EL1) ---- */

static void guest_irq(struct rt_frame *f)
{
	unsigned n = guest.n;
	uint32_t hppir = gic_hppir();
	uint32_t iar = gic_ack();
	if (n < GLOG_MAX) {
		guest.hppir[n] = hppir;
		guest.iar[n] = iar;
		guest.rpr[n] = gic_rpr();
		guest.elr[n] = f->elr;
		guest.spsr[n] = f->spsr & ~0xF0000000UL; /* NZCV: whatever the code left */
		guest.vec[n] = f->vec;
	}
	guest.n = n + 1;

	switch (scenario) {
	case 1:
		__asm__ volatile("hvc #1" ::: "memory");
		guest.hppir_after_ack = gic_hppir();
		gic_eoi(iar);
		{ /* The maintenance interrupt is taken at EL2 some time after the EOI. */
			uint64_t start = timer_cntvct();
			while (!maint.count && !timer_elapsed(start, timer_ms(2000)))
				;
			guest.maint_wait_ok = maint.count;
		}
		guest.rpr_after_eoi = gic_rpr();
		break;
	case 2:
		if (n == 0) {
			__asm__ volatile("hvc #2" ::: "memory");
			gic_eoi(iar);
			__asm__ volatile("hvc #3" ::: "memory");
		} else {
			gic_eoi(iar);
		}
		break;
	case 4:
		gic_eoi(iar);
		guest.rpr_after_drop = gic_rpr();
		__asm__ volatile("hvc #4" ::: "memory");
		gic_deactivate(iar);
		__asm__ volatile("hvc #5" ::: "memory");
		break;
	default:
		gic_eoi(iar);
		break;
	}
}

/* Guest: note ISR_EL1, unmask IRQs and wait until `count` interrupts have been handled. */
static uint64_t guest_take(uint64_t count)
{
	guest.isr = read_sysreg(isr_el1);
	uint64_t pc;
	__asm__ volatile("adr %0, 1f\n\tmsr daifclr, #2\n1:" : "=&r"(pc)::"memory");
	guest.unmask_pc = pc;
	uint64_t start = timer_cntvct();
	while (guest.n < count && !timer_elapsed(start, timer_ms(2000)))
		;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	return guest.n;
}

static uint64_t guest_init(uint64_t arg)
{
	(void)arg;
	gic_init_cpu_iface();
	return gic_pmr();
}

static uint64_t guest_set_eoimode(uint64_t split)
{
	gic_set_eoimode(split != 0);
	return 0;
}

/* ---- the hypervisor (EL2) ---- */

static void reset_guest_log(unsigned sc)
{
	memset((void *)&guest, 0, sizeof(guest));
	memset(snap, 0xEE, sizeof(snap));
	scenario = sc;
	dsb_sy();
}

/* Compare the guest's log entry i: IAR, the HPPIR before it, the RPR after it, and how the
 * interrupt was taken (EL1, current EL with SP_EL1, right after the unmasking instruction). */
static void check_taken(const char *t, unsigned i, uint32_t vintid, unsigned prio)
{
	static const char *const f_iar[] = { "iar0", "iar1", "iar2" };
	static const char *const f_hppir[] = { "hppir0", "hppir1", "hppir2" };
	static const char *const f_rpr[] = { "rpr0", "rpr1", "rpr2" };
	static const char *const f_elr[] = { "elr0", "elr1", "elr2" };
	static const char *const f_spsr[] = { "spsr0", "spsr1", "spsr2" };
	static const char *const f_vec[] = { "vec0", "vec1", "vec2" };
	rt_check_field(t, f_hppir[i], guest.hppir[i], vintid);
	rt_check_field(t, f_iar[i], guest.iar[i], vintid);
	rt_check_field(t, f_rpr[i], guest.rpr[i], prio);
	rt_check_field(t, f_vec[i], guest.vec[i], VEC_CUR_SPX + VEC_IRQ);
	rt_check_field(t, f_elr[i], guest.elr[i], guest.unmask_pc);
	rt_check_field(t, f_spsr[i], guest.spsr[i], PSR_D | PSR_A | PSR_F | PSR_MODE_EL1h);
}

static void check_idle_vif(const char *t)
{
	struct vif_snap s;
	take_snap(&s);
	rt_check_field(t, "final.elrsr", s.elrsr, LR_MASK);
	rt_check_field(t, "final.eisr", s.eisr, 0);
	rt_check_field(t, "final.misr", s.misr, 0);
	rt_check_field(t, "final.apr", s.apr, 0);
}

static void test_setup(void)
{
	uint64_t vtr = gic_hyp_vtr();
	rt_printf("  VTR 0x%lx\n", vtr);
	CHECK("vtr.listregs-at-least-4", GIC_VTR_LISTREGS(vtr) >= NUM_LRS, 1);
	/* 5 bits of virtual priority and preemption: the APR bit of priority p is p >> 3. */
	CHECK("vtr.pribits", GIC_VTR_PRIBITS(vtr), 5);
	CHECK("vtr.prebits", GIC_VTR_PREBITS(vtr), 5);
	for (unsigned i = 0; i < NUM_LRS; i++)
		gic_hyp_write_lr(i, 0);
	gic_hyp_set_apr(0);
	gic_hyp_set_vmcr(0);
	gic_hyp_set_hcr(GIC_HCR_EN);
	CHECK("hcr.readback", gic_hyp_hcr(), GIC_HCR_EN);
	CHECK("idle.elrsr", gic_hyp_elrsr() & LR_MASK, LR_MASK);
	CHECK("idle.misr", gic_hyp_misr(), 0);

	/* The guest sets up its CPU interface; the VMCR shows it. */
	CHECK("guest-init.pmr", rt_run_el1(guest_init, 0), 0xF8);
	struct gic_vmcr m = gic_vmcr_decode(gic_hyp_vmcr());
	CHECK("guest-init.vmcr.pmr", m.pmr, 0xF8);
	CHECK("guest-init.vmcr.grp0-en", m.grp0_en, !VGROUP1);
	CHECK("guest-init.vmcr.grp1-en", m.grp1_en, VGROUP1);
	CHECK("guest-init.vmcr.eoimode", m.eoimode, 0);
}

static void test_eoi_maintenance(void)
{
	const char *t = "lr-eoi";
	reset_guest_log(1);
	uint64_t v = lr(LR_PENDING, 40, 0xA0, true);
	gic_hyp_write_lr(0, v);
	rt_check_field(t, "lr0-readback", gic_hyp_read_lr(0), v);
	rt_check_field(t, "elrsr-loaded", gic_hyp_elrsr() & LR_MASK, LR_MASK & ~1U);
	rt_check_field(t, "taken", rt_run_el1(guest_take, 1), 1);
	rt_check_field(t, "isr-el1", guest.isr, BIT(7));
	check_taken(t, 0, 40, 0xA0);

	/* After the guest's IAR (HVC #1): active, priority 0xA0 in the active priorities. */
	struct vif_snap *s = &snap[1];
	rt_check_field(t, "ack.lr0", s->lr[0], lr(LR_ACTIVE, 40, 0xA0, true));
	rt_check_field(t, "ack.elrsr", s->elrsr, LR_MASK & ~1U);
	rt_check_field(t, "ack.eisr", s->eisr, 0);
	rt_check_field(t, "ack.misr", s->misr, 0);
	rt_check_field(t, "ack.apr", s->apr, BIT(0xA0 >> 3));
	rt_check_field(t, "ack.guest-hppir", guest.hppir_after_ack, GIC_INTID_SPURIOUS);

	/* The guest's EOI: invalid, EISR bit 0, MISR.EOI, maintenance interrupt from EL1. */
	rt_check_field(t, "maint.count", maint.count, 1);
	rt_check_field(t, "maint.guest-waited", guest.maint_wait_ok, 1);
	rt_check_field(t, "maint.iar", maint.iar, GIC_INTID_MAINT);
	rt_check_field(t, "maint.vector", maint.vec, VEC_LOWER_A64 + VEC_IRQ);
	rt_check_field(t, "maint.from-el1h", maint.spsr_mode, PSR_MODE_EL1h);
	rt_check_field(t, "eoi.lr0", maint.at_entry.lr[0], lr(LR_INVALID, 40, 0xA0, true));
	/* Not empty yet: an invalid LR with HW = 0 and EOI = 1 awaits the hypervisor (an LR
	 * is empty when State = 0 and HW = 1 or EOI = 0). */
	rt_check_field(t, "eoi.elrsr", maint.at_entry.elrsr, LR_MASK & ~1U);
	rt_check_field(t, "eoi.eisr", maint.at_entry.eisr, 1);
	rt_check_field(t, "eoi.misr", maint.at_entry.misr, GIC_MISR_EOI);
	rt_check_field(t, "eoi.apr", maint.at_entry.apr, 0);
	rt_check_field(t, "cleared.misr", maint.misr_after_clear, 0);
	rt_check_field(t, "guest-rpr-after-eoi", guest.rpr_after_eoi, 0xFF);
	rt_check_field(t, "phys-maint-inactive", gic_is_active(GIC_INTID_MAINT), 0);
	check_idle_vif(t);
}

static void test_pending_active(void)
{
	const char *t = "lr-pending-active";
	reset_guest_log(2);
	gic_hyp_write_lr(0, lr(LR_PENDING, 41, 0xA0, false));
	rt_check_field(t, "taken", rt_run_el1(guest_take, 2), 2);
	check_taken(t, 0, 41, 0xA0);
	check_taken(t, 1, 41, 0xA0);
	rt_check_field(t, "ack.lr0", snap[2].lr[0], lr(LR_ACTIVE, 41, 0xA0, false));
	/* EOI of a pending+active interrupt leaves it pending. */
	rt_check_field(t, "eoi.lr0", snap[3].lr[0], lr(LR_PENDING, 41, 0xA0, false));
	rt_check_field(t, "eoi.elrsr", snap[3].elrsr, LR_MASK & ~1U);
	rt_check_field(t, "eoi.eisr", snap[3].eisr, 0);
	rt_check_field(t, "eoi.misr", snap[3].misr, 0);
	rt_check_field(t, "eoi.apr", snap[3].apr, 0);
	rt_check_field(t, "final.lr0", gic_hyp_read_lr(0), lr(LR_INVALID, 41, 0xA0, false));
	rt_check_field(t, "no-maintenance", maint.count, 1);
	check_idle_vif(t);
	gic_hyp_write_lr(0, 0);
}

static void test_priorities(void)
{
	const char *t = "lr-priority";
	reset_guest_log(3);
	gic_hyp_write_lr(1, lr(LR_PENDING, 42, 0xC0, false));
	gic_hyp_write_lr(2, lr(LR_PENDING, 43, 0x80, false));
	gic_hyp_write_lr(3, lr(LR_PENDING, 44, 0xA0, false));
	rt_check_field(t, "elrsr-loaded", gic_hyp_elrsr() & LR_MASK, 1);
	rt_check_field(t, "taken", rt_run_el1(guest_take, 3), 3);
	check_taken(t, 0, 43, 0x80);
	check_taken(t, 1, 44, 0xA0);
	check_taken(t, 2, 42, 0xC0);
	rt_check_field(t, "final.lr1", gic_hyp_read_lr(1), lr(LR_INVALID, 42, 0xC0, false));
	rt_check_field(t, "final.lr2", gic_hyp_read_lr(2), lr(LR_INVALID, 43, 0x80, false));
	rt_check_field(t, "final.lr3", gic_hyp_read_lr(3), lr(LR_INVALID, 44, 0xA0, false));
	check_idle_vif(t);
	for (unsigned i = 1; i < NUM_LRS; i++)
		gic_hyp_write_lr(i, 0);
}

static void test_split_eoi(void)
{
	const char *t = "lr-eoimode1";
	rt_run_el1(guest_set_eoimode, 1);
	rt_check_field(t, "vmcr.eoimode", gic_vmcr_decode(gic_hyp_vmcr()).eoimode, 1);
	reset_guest_log(4);
	gic_hyp_write_lr(0, lr(LR_PENDING, 45, 0x90, false));
	rt_check_field(t, "taken", rt_run_el1(guest_take, 1), 1);
	check_taken(t, 0, 45, 0x90);
	/* After EOI (priority drop): still active, no active priority, RPR idle. */
	rt_check_field(t, "drop.lr0", snap[4].lr[0], lr(LR_ACTIVE, 45, 0x90, false));
	rt_check_field(t, "drop.elrsr", snap[4].elrsr, LR_MASK & ~1U);
	rt_check_field(t, "drop.apr", snap[4].apr, 0);
	rt_check_field(t, "drop.guest-rpr", guest.rpr_after_drop, 0xFF);
	/* After DIR: invalid. */
	rt_check_field(t, "dir.lr0", snap[5].lr[0], lr(LR_INVALID, 45, 0x90, false));
	rt_check_field(t, "dir.elrsr", snap[5].elrsr, LR_MASK);
	rt_check_field(t, "dir.misr", snap[5].misr, 0);
	check_idle_vif(t);
	gic_hyp_write_lr(0, 0);
	rt_run_el1(guest_set_eoimode, 0);
	rt_check_field(t, "vmcr.eoimode-back", gic_vmcr_decode(gic_hyp_vmcr()).eoimode, 0);
}

static void test_hw(void)
{
	const char *t = "lr-hw";
	/* The physical side: SPI 100, level, to CPU 0; the hypervisor runs EOImode = 1. */
	gic_set_priority(PHYS_SPI, 0xA0);
	gic_route_spi(PHYS_SPI, 0);
	gic_enable(PHYS_SPI);
	gic_set_eoimode(true);
	gic_set_pending(PHYS_SPI);
	uint64_t start = timer_cntvct();
	while (gic_hppir() != PHYS_SPI && !timer_elapsed(start, timer_ms(1000)))
		;
	rt_check_field(t, "phys.hppir", gic_hppir(), PHYS_SPI);
	uint32_t iar = gic_ack();
	rt_check_field(t, "phys.iar", iar, PHYS_SPI);
	gic_eoi(iar); /* priority drop only */
	rt_check_field(t, "phys.rpr-after-drop", gic_rpr(), 0xFF);
	rt_check_field(t, "phys.active-after-drop", gic_is_active(PHYS_SPI), 1);
	rt_check_field(t, "phys.pending-after-ack", gic_is_pending(PHYS_SPI), 0);

	reset_guest_log(5);
	unsigned irqs_before = hyp_irq_other + maint.count;
	uint64_t v = lr_hw(LR_PENDING, 50, 0xA0, PHYS_SPI);
	gic_hyp_write_lr(0, v);
	rt_check_field(t, "lr0-readback", gic_hyp_read_lr(0), v);
	rt_check_field(t, "taken", rt_run_el1(guest_take, 1), 1);
	check_taken(t, 0, 50, 0xA0);
	/* The guest's EOI deactivated the physical SPI through the HW link. */
	rt_check_field(t, "eoi.lr0", gic_hyp_read_lr(0), lr_hw(LR_INVALID, 50, 0xA0, PHYS_SPI));
	rt_check_field(t, "eoi.phys-active", gic_is_active(PHYS_SPI), 0);
	rt_check_field(t, "eoi.phys-pending", gic_is_pending(PHYS_SPI), 0);
	rt_check_field(t, "no-el2-irq", hyp_irq_other + maint.count, irqs_before);
	check_idle_vif(t);
	gic_hyp_write_lr(0, 0);
	gic_set_eoimode(false);
	gic_disable(PHYS_SPI);
	rt_check_field(t, "phys.rpr-idle", gic_rpr(), 0xFF);
}

static struct pt_pool pool;
static struct pt s2;

int main(void)
{
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, hyp_sync);
	rt_set_handler(2, VEC_LOWER_A64 + VEC_IRQ, hyp_irq);
	rt_set_handler(1, VEC_CUR_SPX + VEC_IRQ, guest_irq);

	gic_init_dist();
	gic_init_cpu();
	CHECK("gic-version", gic_version, GIC_VERSION);
	gic_set_priority(GIC_INTID_MAINT, 0x80);
	gic_enable(GIC_INTID_MAINT);

	/* Stage 2: RAM identity-mapped, and for GICv2 the guest's GICC frame onto GICV. */
	vgic_guest_stage2(&pool, &s2);

	test_setup();
	test_eoi_maintenance();
	test_pending_active();
	test_priorities();
	test_split_eoi();
	test_hw();

	gic_hyp_set_hcr(0);
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	tlbi_vmalls12e1is();
	return rt_summary(ROM_NAME);
}

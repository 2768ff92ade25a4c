/*
 * vCPUs on physical CPUs (Xen: arch/arm/domain.c context_switch, ctxt_switch_from /
 * ctxt_switch_to; common/sched: the yield and the idle vCPU).
 *
 * A trap does not switch anything (entry.S); a vCPU context switch (on YIELD, when a vCPU
 * blocks in WFI or is woken, when it is done) switches all of a vCPU's state: the EL1 system
 * registers, the virtual timer, the vGIC's list registers and control state, the FP/SIMD
 * registers and the stage-2 context (VTTBR_EL2 with the VM's VMID, HCR_EL2); the guest's
 * general-purpose registers stay in the trap frame on the vCPU's own hypervisor stack, and
 * switching stacks (switch_stack, entry.S) switches them, as in Xen.
 */
#include "hyp.h"

#define CNTV_CTL_ENABLE BIT(0)

/* Each part of a context switch is its own function, kept out of line, so that elsim's
 * per-function profile (--profile) shows the parts (the paper's Table III breakdown). */
#define PART __attribute__((noinline))

/* Guest-visible HCR_EL2 (Xen: HCR_GUEST_FLAGS, less what these guests do not need):
 * stage 2 on, physical IRQ/FIQ/SError to EL2 (so the guest gets virtual ones), SMC trapped,
 * WFI trapped so that a waiting vCPU blocks and gives its pCPU up (Xen's default,
 * vwfi=trap); WFE is not trapped (these guests use no spinlocks). */
#define HCR_GUEST (HCR_RW | HCR_VM | HCR_IMO | HCR_FMO | HCR_AMO | HCR_TSC | HCR_TWI)

void vcpu_init(struct vcpu *v, struct vm *vm, unsigned id, unsigned pcpu, char *stack_top)
{
	memset(v, 0, sizeof *v);
	v->vm = vm;
	v->id = id;
	v->pcpu = pcpu;
	/* ABI.md, "Entry": x0 = vCPU, x1 = VM, x2 = GIC version, x3 = design (0 = type1). */
	v->regs = (struct frame *)(stack_top - FRAME_SIZE);
	v->regs->x[0] = id;
	v->regs->x[1] = vm->id;
	v->regs->x[2] = GIC_VERSION;
	v->regs->x[3] = 0;
	v->regs->elr = GUEST_RAM_IPA;
	v->regs->spsr = PSR_MODE_EL1h | PSR_DAIF;
	/* Its hypervisor context starts at vcpu_first_run, on the frame. */
	v->ctx.sp = (uint64_t)v->regs;
	v->ctx.x19_x30[11] = (uint64_t)vcpu_first_run;
	v->el1.sctlr = SCTLR_EL1_RES1; /* MMU and caches off */
	v->el1.vmpidr = BIT(31) | id;  /* Aff0 = vCPU index */
	v->vgic_hw.hcr = GIC_HCR_EN;
}

/* EL1 system registers (Xen: the EL1 part of ctxt_switch_from / ctxt_switch_to). */
PART static void el1_save(struct el1_ctx *c)
{
	c->sctlr = read_sysreg(sctlr_el1);
	c->cpacr = read_sysreg(cpacr_el1);
	c->ttbr0 = read_sysreg(ttbr0_el1);
	c->ttbr1 = read_sysreg(ttbr1_el1);
	c->tcr = read_sysreg(tcr_el1);
	c->mair = read_sysreg(mair_el1);
	c->amair = read_sysreg(amair_el1);
	c->vbar = read_sysreg(vbar_el1);
	c->contextidr = read_sysreg(contextidr_el1);
	c->tpidr_el0 = read_sysreg(tpidr_el0);
	c->tpidrro_el0 = read_sysreg(tpidrro_el0);
	c->tpidr_el1 = read_sysreg(tpidr_el1);
	c->sp_el0 = read_sysreg(sp_el0);
	c->sp_el1 = read_sysreg(sp_el1);
	c->elr = read_sysreg(elr_el1);
	c->spsr = read_sysreg(spsr_el1);
	c->esr = read_sysreg(esr_el1);
	c->far = read_sysreg(far_el1);
	c->afsr0 = read_sysreg(afsr0_el1);
	c->afsr1 = read_sysreg(afsr1_el1);
	c->par = read_sysreg(par_el1);
	c->csselr = read_sysreg(csselr_el1);
	c->cntkctl = read_sysreg(cntkctl_el1);
	c->mdscr = read_sysreg(mdscr_el1);
	c->vmpidr = read_sysreg(vmpidr_el2);
}

PART static void el1_restore(const struct el1_ctx *c)
{
	write_sysreg(sctlr_el1, c->sctlr);
	write_sysreg(cpacr_el1, c->cpacr);
	write_sysreg(ttbr0_el1, c->ttbr0);
	write_sysreg(ttbr1_el1, c->ttbr1);
	write_sysreg(tcr_el1, c->tcr);
	write_sysreg(mair_el1, c->mair);
	write_sysreg(amair_el1, c->amair);
	write_sysreg(vbar_el1, c->vbar);
	write_sysreg(contextidr_el1, c->contextidr);
	write_sysreg(tpidr_el0, c->tpidr_el0);
	write_sysreg(tpidrro_el0, c->tpidrro_el0);
	write_sysreg(tpidr_el1, c->tpidr_el1);
	write_sysreg(sp_el0, c->sp_el0);
	write_sysreg(sp_el1, c->sp_el1);
	write_sysreg(elr_el1, c->elr);
	write_sysreg(spsr_el1, c->spsr);
	write_sysreg(esr_el1, c->esr);
	write_sysreg(far_el1, c->far);
	write_sysreg(afsr0_el1, c->afsr0);
	write_sysreg(afsr1_el1, c->afsr1);
	write_sysreg(par_el1, c->par);
	write_sysreg(csselr_el1, c->csselr);
	write_sysreg(cntkctl_el1, c->cntkctl);
	write_sysreg(mdscr_el1, c->mdscr);
	write_sysreg(vmpidr_el2, c->vmpidr);
}

/* The virtual timer (Xen: virt_timer_save / virt_timer_restore): stopped while the vCPU is
 * out, so that it cannot fire into the next one. */
PART static void timer_save(struct timer_ctx *t)
{
	t->cntv_ctl = read_sysreg(cntv_ctl_el0);
	write_sysreg(cntv_ctl_el0, t->cntv_ctl & ~CNTV_CTL_ENABLE);
	t->cntv_cval = read_sysreg(cntv_cval_el0);
}

PART static void timer_restore(const struct timer_ctx *t)
{
	write_sysreg(cntvoff_el2, 0); /* the VM's offset: 0 for every VM (ABI.md) */
	write_sysreg(cntv_cval_el0, t->cntv_cval);
	write_sysreg(cntv_ctl_el0, t->cntv_ctl);
}

static void ctxt_switch_from(struct vcpu *prev)
{
	el1_save(&prev->el1);
	timer_save(&prev->timer);
	vgic_save(prev);
	fp_save(&prev->fp);
}

static void ctxt_switch_to(struct vcpu *next)
{
	/* Stage 2 first (Xen: p2m_restore_state): the VM's tables and VMID. */
	write_sysreg(vttbr_el2, next->vm->vttbr);
	write_sysreg(hcr_el2, HCR_GUEST);
	isb();
	el1_restore(&next->el1);
	timer_restore(&next->timer);
	vgic_restore(next);
	fp_restore(&next->fp);
	isb();
}

/* The next vCPU of this pCPU's run queue after cur that can run, or NULL. */
static struct vcpu *pick_next(struct pcpu *p, struct vcpu *cur)
{
	unsigned at = 0;
	while (at < p->nr_runq && p->runq[at] != cur)
		at++;
	for (unsigned k = 1; k <= p->nr_runq; k++) {
		struct vcpu *v = p->runq[(at + k) % p->nr_runq];
		if (v != cur && !v->done && !v->blocked)
			return v;
	}
	return NULL;
}

/* Switch pCPU p from its current vCPU to next (Xen: context_switch): the state in the CPU,
 * then the hypervisor stacks.  Returns when this pCPU switches back to prev. */
static void context_switch(struct pcpu *p, struct vcpu *next)
{
	struct vcpu *prev = p->current;
	ctxt_switch_from(prev);
	ctxt_switch_to(next);
	p->current = next;
	switch_stack(&prev->ctx, &next->ctx);
}

/* The current vCPU of p stops running here (blocked or done): back to the idle loop. */
static void switch_to_idle(struct pcpu *p)
{
	struct vcpu *v = p->current;
	ctxt_switch_from(v);
	p->current = NULL;
	switch_stack(&v->ctx, &p->idle_ctx);
}

/* The idle vCPU (Xen: idle_loop; like Xen's, it has no guest state to switch): run the first
 * vCPU of the run queue that is neither done nor blocked without a pending interrupt; else
 * sleep until a physical interrupt (another pCPU's kick) and look again.  An interrupt that
 * arrives after the look leaves the WFI at once: it is pending, though masked at EL2.  The
 * loop runs on the pCPU's own stack and continues when a vCPU switches back to it. */
void idle_loop(struct pcpu *p)
{
	p->current = NULL;
	for (;;) {
		for (unsigned i = 0; i < p->nr_runq; i++) {
			struct vcpu *v = p->runq[i];
			if (v->done || (v->blocked && !vgic_vcpu_pending(v, false)))
				continue;
			v->blocked = false; /* Xen: vcpu_unblock */
			ctxt_switch_to(v);
			p->current = v;
			switch_stack(&p->idle_ctx, &v->ctx);
		}
		__asm__ volatile("wfi" ::: "memory");
		uint32_t iar = gic_ack();
		if ((gic_iar_intid(iar) & 0x3FF) != GIC_INTID_SPURIOUS)
			gic_eoi(iar);
	}
}

/* HVC YIELD (Xen: do_sched_op SCHEDOP_yield): the other VM's vCPU on this pCPU runs. */
void sched_yield(struct frame *f)
{
	struct pcpu *p = this_pcpu();
	f->x[0] = 0;
	struct vcpu *next = pick_next(p, p->current);
	if (next)
		context_switch(p, next);
}

/* A trapped WFI (Xen: vcpu_block_unless_event_pending, with vwfi=trap, its default): the
 * vCPU sleeps unless an interrupt is already pending for it; another vCPU of this pCPU
 * runs, or the idle loop, which switches the sleeper back in when an interrupt arrives. */
void vcpu_block(struct frame *f)
{
	struct pcpu *p = this_pcpu();
	struct vcpu *v = p->current;
	f->elr += 4; /* the WFI is complete when the vCPU runs again */
	if (vgic_vcpu_pending(v, true))
		return;
	v->blocked = true;
	struct vcpu *next = pick_next(p, v);
	if (next)
		context_switch(p, next);
	else
		switch_to_idle(p);
}

/* After a kick: a blocked vCPU of this pCPU that now has an interrupt becomes runnable (it
 * runs when the current one yields, blocks or finishes: no wake-up preemption here). */
void sched_wake(struct pcpu *p)
{
	for (unsigned i = 0; i < p->nr_runq; i++) {
		struct vcpu *v = p->runq[i];
		if (v != p->current && v->blocked && vgic_vcpu_pending(v, false))
			v->blocked = false;
	}
}

static bool all_guests_done(void)
{
	for (unsigned vm = 0; vm < NR_VMS; vm++) {
		if (vm == DOM0)
			continue; /* the driver VM serves until the end */
		for (unsigned i = 0; i < vms[vm].nr_vcpus; i++)
			if (!vms[vm].vcpu[i]->done)
				return false;
	}
	return true;
}

/* HVC DONE: this vCPU is finished; the run ends when every guest vCPU is. */
void vcpu_done(struct frame *f)
{
	struct pcpu *p = this_pcpu();
	struct vcpu *v = p->current;
	f->x[0] = 0;
	v->done = true;
	dsb_sy();
	if (all_guests_done()) {
		rt_printf("type1: every guest vCPU is done: SYSTEM_OFF\n");
		psci_system_off();
	}
	struct vcpu *next = pick_next(p, v);
	if (next)
		context_switch(p, next);
	else
		switch_to_idle(p);
}

/*
 * The lowvisor: everything split runs at EL2 (arch/arm64/kvm/hyp/ in KVM/ARM, non-VHE).
 *
 * It holds no policy.  The host kernel asks it, through kvm_call_hyp, to run a vCPU; it
 * performs the world switch from the host's EL1 to the guest's (__kvm_vcpu_run of
 * hyp/switch.c), the guest runs until its next exception to EL2, and the lowvisor switches
 * the whole EL1 world back and returns the exit code.  Every entry and every exit saves and
 * restores, in this order: EL1 system registers (hyp/sysreg-sr.c), FP/SIMD registers
 * (fpsimd.S; eagerly on every switch, where KVM switches them lazily on the first FP trap),
 * the trap configuration HCR_EL2/MDCR_EL2 and stage 2 (VTTBR_EL2; __activate_traps /
 * __activate_vm; CPTR_EL2 traps nothing for either world and is set once),
 * the virtual timer (hyp/timer-sr.c) and the GIC virtual CPU interface (hyp/vgic-v2-sr.c,
 * vgic-v3-sr.c), and the GP registers (lowvisor.S).
 */
#include "split.h"
#include "timer.h"

/* One host context per pCPU: the host kernel's EL1 world while a guest runs. */
static struct kvm_cpu_context host_ctxt[NR_PCPUS] __attribute__((aligned(16)));

#define ICC_SRE_HOST 0x7UL   /* SRE, DFB, DIB: the host uses the system registers */
/* Each part of the world switch stays a function of its own, so that elsim's --profile
 * attributes its cycles by name (the paper's Table III breakdown). */
#define NOINLINE __attribute__((noinline))

/* ---- EL1 system registers (__sysreg_save_state / __sysreg_restore_state) ---- */

static NOINLINE void sysreg_save(uint64_t *s)
{
	s[SR_MPIDR] = read_sysreg(vmpidr_el2);
	s[SR_CSSELR] = read_sysreg(csselr_el1);
	s[SR_SCTLR] = read_sysreg(sctlr_el1);
	s[SR_ACTLR] = read_sysreg(actlr_el1);
	s[SR_CPACR] = read_sysreg(cpacr_el1);
	s[SR_TTBR0] = read_sysreg(ttbr0_el1);
	s[SR_TTBR1] = read_sysreg(ttbr1_el1);
	s[SR_TCR] = read_sysreg(tcr_el1);
	s[SR_ESR] = read_sysreg(esr_el1);
	s[SR_AFSR0] = read_sysreg(afsr0_el1);
	s[SR_AFSR1] = read_sysreg(afsr1_el1);
	s[SR_FAR] = read_sysreg(far_el1);
	s[SR_MAIR] = read_sysreg(mair_el1);
	s[SR_VBAR] = read_sysreg(vbar_el1);
	s[SR_CONTEXTIDR] = read_sysreg(contextidr_el1);
	s[SR_AMAIR] = read_sysreg(amair_el1);
	s[SR_CNTKCTL] = read_sysreg(cntkctl_el1);
	s[SR_PAR] = read_sysreg(par_el1);
	s[SR_TPIDR_EL0] = read_sysreg(tpidr_el0);
	s[SR_TPIDRRO_EL0] = read_sysreg(tpidrro_el0);
	s[SR_TPIDR_EL1] = read_sysreg(tpidr_el1);
	s[SR_SP_EL0] = read_sysreg(sp_el0);
	s[SR_SP_EL1] = read_sysreg(sp_el1);
	s[SR_ELR_EL1] = read_sysreg(elr_el1);
	s[SR_SPSR_EL1] = read_sysreg(spsr_el1);
}

static NOINLINE void sysreg_restore(const uint64_t *s)
{
	write_sysreg(vmpidr_el2, s[SR_MPIDR]);
	write_sysreg(csselr_el1, s[SR_CSSELR]);
	write_sysreg(sctlr_el1, s[SR_SCTLR]);
	write_sysreg(actlr_el1, s[SR_ACTLR]);
	write_sysreg(cpacr_el1, s[SR_CPACR]);
	write_sysreg(ttbr0_el1, s[SR_TTBR0]);
	write_sysreg(ttbr1_el1, s[SR_TTBR1]);
	write_sysreg(tcr_el1, s[SR_TCR]);
	write_sysreg(esr_el1, s[SR_ESR]);
	write_sysreg(afsr0_el1, s[SR_AFSR0]);
	write_sysreg(afsr1_el1, s[SR_AFSR1]);
	write_sysreg(far_el1, s[SR_FAR]);
	write_sysreg(mair_el1, s[SR_MAIR]);
	write_sysreg(vbar_el1, s[SR_VBAR]);
	write_sysreg(contextidr_el1, s[SR_CONTEXTIDR]);
	write_sysreg(amair_el1, s[SR_AMAIR]);
	write_sysreg(cntkctl_el1, s[SR_CNTKCTL]);
	write_sysreg(par_el1, s[SR_PAR]);
	write_sysreg(tpidr_el0, s[SR_TPIDR_EL0]);
	write_sysreg(tpidrro_el0, s[SR_TPIDRRO_EL0]);
	write_sysreg(tpidr_el1, s[SR_TPIDR_EL1]);
	write_sysreg(sp_el0, s[SR_SP_EL0]);
	write_sysreg(sp_el1, s[SR_SP_EL1]);
	write_sysreg(elr_el1, s[SR_ELR_EL1]);
	write_sysreg(spsr_el1, s[SR_SPSR_EL1]);
}

/* ---- the GIC virtual CPU interface ---- */

/* GICv2 (vgic-v2-sr.c): GICH is MMIO, so every register is a device access. */
static NOINLINE void vgic_v2_save(struct vgic_cpu_if *c)
{
	c->vmcr = mmio_read32(GICH_BASE + GICH_VMCR);
	c->misr = mmio_read32(GICH_BASE + GICH_MISR);
	c->eisr = mmio_read32(GICH_BASE + GICH_EISR0);
	c->elrsr = mmio_read32(GICH_BASE + GICH_ELRSR0);
	c->ap1r = mmio_read32(GICH_BASE + GICH_APR);
	for (unsigned i = 0; i < split_nr_lrs; i++)
		c->lr[i] = mmio_read32(GICH_BASE + GICH_LR(i));
	/* The virtual interface off; the stale list registers are inert until the next entry
	 * rewrites them all (as KVM's save_vgic_state). */
	mmio_write32(GICH_BASE + GICH_HCR, 0);
}

static NOINLINE void vgic_v2_restore(const struct vgic_cpu_if *c)
{
	mmio_write32(GICH_BASE + GICH_HCR, (uint32_t)c->hcr);
	mmio_write32(GICH_BASE + GICH_VMCR, (uint32_t)c->vmcr);
	mmio_write32(GICH_BASE + GICH_APR, (uint32_t)c->ap1r);
	for (unsigned i = 0; i < split_nr_lrs; i++)
		mmio_write32(GICH_BASE + GICH_LR(i), (uint32_t)c->lr[i]);
}

/* GICv3 (vgic-v3-sr.c): ICH_* system registers; ICC_SRE_EL1 is the guest's. */
#define ICH_LR_SAVE(n)                                           \
	case n:                                                  \
		c->lr[n] = read_sysreg(ich_lr##n##_el2);        \
		break
#define ICH_LR_RESTORE(n)                                        \
	case n:                                                  \
		write_sysreg(ich_lr##n##_el2, c->lr[n]);        \
		break

static NOINLINE void vgic_v3_save(struct vgic_cpu_if *c)
{
	c->vmcr = read_sysreg(ich_vmcr_el2);
	c->misr = read_sysreg(ich_misr_el2);
	c->eisr = read_sysreg(ich_eisr_el2);
	c->elrsr = read_sysreg(ich_elrsr_el2);
	for (unsigned i = 0; i < split_nr_lrs; i++) {
		switch (i) {
			ICH_LR_SAVE(0);
			ICH_LR_SAVE(1);
			ICH_LR_SAVE(2);
			ICH_LR_SAVE(3);
		}
	}
	c->ap0r = read_sysreg(ich_ap0r0_el2);
	c->ap1r = read_sysreg(ich_ap1r0_el2);
	write_sysreg(ich_hcr_el2, 0);
	c->sre = read_sysreg(icc_sre_el1);
	write_sysreg(icc_sre_el1, ICC_SRE_HOST);
	isb();
}

static NOINLINE void vgic_v3_restore(const struct vgic_cpu_if *c)
{
	write_sysreg(icc_sre_el1, c->sre);
	isb();
	write_sysreg(ich_hcr_el2, c->hcr);
	write_sysreg(ich_vmcr_el2, c->vmcr);
	write_sysreg(ich_ap0r0_el2, c->ap0r);
	write_sysreg(ich_ap1r0_el2, c->ap1r);
	for (unsigned i = 0; i < split_nr_lrs; i++) {
		switch (i) {
			ICH_LR_RESTORE(0);
			ICH_LR_RESTORE(1);
			ICH_LR_RESTORE(2);
			ICH_LR_RESTORE(3);
		}
	}
	isb();
}

/* ---- the virtual timer (timer-sr.c) ---- */

static NOINLINE void timer_save(struct vtimer *t)
{
	t->cntv_ctl = read_sysreg(cntv_ctl_el0);
	t->cntv_cval = read_sysreg(cntv_cval_el0);
	/* Disable it so that it cannot fire in the host's world. */
	write_sysreg(cntv_ctl_el0, 0);
	/* The host may use the physical timer and counter. */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
}

static NOINLINE void timer_restore(const struct vtimer *t)
{
	/* The guest reads the physical counter but its physical-timer accesses trap. */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(cntvoff_el2, 0);   /* ABI.md: CNTVOFF_EL2 = 0 for every VM */
	write_sysreg(cntv_cval_el0, t->cntv_cval);
	isb();
	write_sysreg(cntv_ctl_el0, t->cntv_ctl);
}

/* ---- EL2 configuration and stage 2 ---- */

/* The guest's trap configuration (HCR_EL2: stage 2, interrupt routing, SMC; MDCR_EL2). */
static NOINLINE void __activate_traps(const struct vcpu *v)
{
	write_sysreg(hcr_el2, v->hcr_el2);
	write_sysreg(mdcr_el2, v->mdcr_el2);
}

/* The host runs with nothing trapped and its interrupts taken at EL1. */
static NOINLINE void __deactivate_traps(void)
{
	write_sysreg(hcr_el2, HCR_RW);
}

/* The VM's stage 2 and VMID. */
static NOINLINE void __activate_vm(const struct vcpu *v)
{
	write_sysreg(vttbr_el2, v->vttbr_el2);
}

/* Stage 2 off (HCR_EL2.VM = 0) for the host; VMID 0. */
static NOINLINE void __deactivate_vm(void)
{
	write_sysreg(vttbr_el2, 0);
}

/* ---- the world switch ---- */

static unsigned this_pcpu(void)
{
	return (unsigned)(read_sysreg(mpidr_el1) & 0xFF);
}

/* __kvm_vcpu_run: host -> guest, run, guest -> host; returns the exit code. */
static uint64_t __kvm_vcpu_run(struct vcpu *v)
{
	struct kvm_cpu_context *host = &host_ctxt[this_pcpu()];
	struct kvm_cpu_context *guest = &v->ctxt;

	/* Save the host's EL1 world. */
	sysreg_save(host->sys);
	__fpsimd_save_state(host->vregs);

	__activate_traps(v);
	__activate_vm(v);
	timer_restore(&v->timer);
	if (split_gic == 3)
		vgic_v3_restore(&v->vgic);
	else
		vgic_v2_restore(&v->vgic);

	/* Load the guest's EL1 world. */
	sysreg_restore(guest->sys);
	__fpsimd_restore_state(guest->vregs);
	write_sysreg(elr_el2, guest->pc);
	write_sysreg(spsr_el2, guest->pstate);

	uint64_t code = __guest_enter(guest, host);

	/* __populate_fault_info and the guest's PC/PSTATE. */
	guest->pc = read_sysreg(elr_el2);
	guest->pstate = read_sysreg(spsr_el2);
	v->fault.esr = read_sysreg(esr_el2);
	v->fault.far = read_sysreg(far_el2);
	v->fault.hpfar = read_sysreg(hpfar_el2);

	/* Save the guest's EL1 world. */
	sysreg_save(guest->sys);
	__fpsimd_save_state(guest->vregs);
	timer_save(&v->timer);
	if (split_gic == 3)
		vgic_v3_save(&v->vgic);
	else
		vgic_v2_save(&v->vgic);

	__deactivate_traps();
	__deactivate_vm();

	/* Restore the host's EL1 world. */
	sysreg_restore(host->sys);
	__fpsimd_restore_state(host->vregs);
	return code;
}

/* Per-pCPU EL2 set-up (KVM's cpu_init_hyp_mode / __kvm_hyp_init), before the host runs. */
void lowvisor_init_cpu(void)
{
	write_sysreg(vbar_el2, (uint64_t)__kvm_hyp_vector);
	write_sysreg(tpidr_el2, 0);
	write_sysreg(hcr_el2, HCR_RW);
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1);
	/* ABI.md "Counting": HPMN = PMCR_EL0.N, no PMU traps. */
	write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11) & 0x1F);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vttbr_el2, 0);
	/* The physical CPU interface for the host (GICv3: ICC_SRE_EL2.Enable lets EL1 use
	 * ICC_SRE_EL1); the virtual interface is off until a guest is loaded. */
	gic_init_cpu();
	gic_hyp_set_hcr(0);
	isb();
}

/* The lowvisor's host interface (KVM's kvm_call_hyp targets). */
uint64_t hyp_dispatch(uint64_t fn, uint64_t a1)
{
	switch (fn) {
	case HYP_VCPU_RUN:
		return __kvm_vcpu_run((struct vcpu *)a1);
	case HYP_SET_VTCR: /* __init_stage2_translation: the IPA size of every VM */
		write_sysreg(vtcr_el2, a1);
		isb();
		return 0;
	}
	rt_printf("lowvisor: unknown hyp call %lu\n", (unsigned long)fn);
	semihost_exit(0x7D);
}

void hyp_panic(uint64_t esr, uint64_t elr, uint64_t spsr, uint64_t far);
void hyp_panic(uint64_t esr, uint64_t elr, uint64_t spsr, uint64_t far)
{
	rt_printf("lowvisor panic: ESR_EL2=%lx ELR_EL2=%lx SPSR_EL2=%lx FAR_EL2=%lx\n",
		  (unsigned long)esr, (unsigned long)elr, (unsigned long)spsr,
		  (unsigned long)far);
	semihost_exit(0x7C);
}

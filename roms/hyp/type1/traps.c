/*
 * Traps from the guests (Xen: arch/arm/traps.c do_trap_guest_sync and the hypercall table,
 * io.c try_handle_mmio, gic.c do_IRQ) and the way back (leave_hypervisor_to_guest).
 *
 * Synchronous exceptions are dispatched by ESR_EL2.EC through a table; what a guest may do
 * has a handler, anything else is reported and stops the run.  Data aborts on unmapped IPAs
 * are MMIO: the syndrome (ISV, SAS, SRT, WnR) says what the instruction did, HPFAR_EL2 where,
 * and the device table says who emulates it.
 */
#include "hyp.h"

/* ---- hypercalls (Xen: do_trap_hvc, arm_hypercall_table) ---- */

static void hvc_nop(struct frame *f)
{
	f->x[0] = 0;
}

/* INJECT: the Virtual IRQ Completion set-up; x1 = INTID, for the calling vCPU. */
static void hvc_inject(struct frame *f)
{
	struct vcpu *v = this_pcpu()->current;
	if (f->x[1] >= VGIC_NR_IRQS) {
		f->x[0] = HVC_ENOSYS;
		return;
	}
	vgic_inject(v, (unsigned)f->x[1], v->id);
	f->x[0] = 0;
}

/* IO_SIGNAL: the driver VM's backend has consumed the notification; x1 = its timestamp. */
static void hvc_io_signal(struct frame *f)
{
	struct vcpu *v = this_pcpu()->current;
	if (v->vm->id != DOM0) {
		f->x[0] = HVC_ENOSYS;
		return;
	}
	vio_backend_signal(f->x[1]);
	f->x[0] = 0;
}

static void (*const hypercalls[NR_HYPERCALLS])(struct frame *f) = {
	[HVC_NOP] = hvc_nop,
	[HVC_YIELD] = sched_yield,
	[HVC_INJECT] = hvc_inject,
	[HVC_DONE] = vcpu_done,
	[HVC_IO_SIGNAL] = hvc_io_signal,
};

static void trap_hvc(struct pcpu *p, struct frame *f, uint64_t esr)
{
	(void)p, (void)esr;
	uint64_t fn = f->x[0];
	if (fn < NR_HYPERCALLS)
		hypercalls[fn](f);
	else
		f->x[0] = HVC_ENOSYS;
}

/* ---- MMIO emulation (Xen: try_handle_mmio) ---- */

typedef bool (*mmio_fn)(struct vcpu *v, uint64_t off, bool write, unsigned size, uint64_t *val);

static const struct mmio_region {
	uint64_t base, size;
	unsigned versions; /* bit n: present with GICv<n> */
	mmio_fn fn;
	const char *name;
} mmio_regions[] = {
	{ GICD_BASE, 0x10000, BIT(2) | BIT(3), vgic_dist_access, "GICD" },
	{ GUEST_GICR_IPA, MAX_VCPUS * GICR_STRIDE, BIT(3), vgic_redist_access, "GICR" },
	{ GUEST_VIO_IPA, GUEST_VIO_SIZE, BIT(2) | BIT(3), vio_access, "I/O device" },
};

#define ISS_ISV BIT(24)
#define ISS_SAS(esr) (((esr) >> 22) & 3)
#define ISS_SRT(esr) ((unsigned)((esr) >> 16) & 31)
#define ISS_SSE BIT(21)
#define ISS_SF BIT(15)
#define ISS_WNR BIT(6)

/* The register value of a load of size bytes (ARM ARM: ISS SSE, sign extend; SF, 64-bit
 * register, else the upper 32 bits are zero). */
static uint64_t load_value(uint64_t esr, unsigned size, uint64_t val)
{
	if ((esr & ISS_SSE) && size < 8) {
		unsigned sh = 64 - 8 * size;
		val = (uint64_t)((int64_t)(val << sh) >> sh);
	}
	return (esr & ISS_SF) ? val : (uint32_t)val;
}

static void trap_dabt(struct pcpu *p, struct frame *f, uint64_t esr)
{
	struct vcpu *v = p->current;
	/* HPFAR_EL2.FIPA (39:4) = IPA[47:12]; the page offset comes from FAR_EL2. */
	uint64_t ipa = (read_sysreg(hpfar_el2) & UL(0xFFFFFFFFF0)) << 8 |
		       (read_sysreg(far_el2) & 0xFFF);
	bool write = esr & ISS_WNR;
	unsigned size = 1U << ISS_SAS(esr), rt = ISS_SRT(esr);
	if (!(esr & ISS_ISV))
		hyp_panic("VM %u vCPU %u: abort without syndrome at IPA 0x%lx (ELR 0x%lx)",
			  v->vm->id, v->id, ipa, f->elr);
	uint64_t mask = size == 8 ? ~UL(0) : (UL(1) << (8 * size)) - 1;
	uint64_t val = write && rt != 31 ? f->x[rt] & mask : 0;
	const char *name = "unmapped IPA";
	for (unsigned i = 0; i < sizeof mmio_regions / sizeof mmio_regions[0]; i++) {
		const struct mmio_region *r = &mmio_regions[i];
		if (ipa < r->base || ipa >= r->base + r->size || !(r->versions & BIT(GIC_VERSION)))
			continue;
		name = r->name;
		if (!r->fn(v, ipa - r->base, write, size, &val))
			break;
		if (!write && rt != 31)
			f->x[rt] = load_value(esr, size, val & mask);
		f->elr += 4;
		return;
	}
	hyp_panic("VM %u vCPU %u: unhandled %u-byte %s of %s at IPA 0x%lx (ELR 0x%lx)", v->vm->id,
		  v->id, size, write ? "write" : "read", name, ipa, f->elr);
}

/* ---- trapped system registers: ICC_SGI1R_EL1 (GICv3, trapped by HCR_EL2.IMO) ---- */

#define ISS_SYSREG_RT(esr) ((unsigned)((esr) >> 5) & 31)
#define ISS_SYSREG_KEY(esr) ((esr) & UL(0x3FFC1F)) /* Op0, Op2, Op1, CRn, CRm, direction */

static void trap_sysreg(struct pcpu *p, struct frame *f, uint64_t esr)
{
	struct vcpu *v = p->current;
	unsigned rt = ISS_SYSREG_RT(esr);
	if (GIC_VERSION == 3 && ISS_SYSREG_KEY(esr) == ISS_SYSREG(3, 5, 0, 12, 0, 11, 0)) {
		vgic_sgi1r(v, rt == 31 ? 0 : f->x[rt]);
		f->elr += 4;
		return;
	}
	hyp_panic("VM %u vCPU %u: unhandled system register access, ISS 0x%lx (ELR 0x%lx)",
		  v->vm->id, v->id, ESR_ISS(esr), f->elr);
}

/* ---- WFI (trapped by HCR_EL2.TWI): block (sched.c) ---- */

static void trap_wfx(struct pcpu *p, struct frame *f, uint64_t esr)
{
	(void)p, (void)esr;
	vcpu_block(f);
}

/* ---- entry points from entry.S ---- */

typedef void (*trap_fn)(struct pcpu *p, struct frame *f, uint64_t esr);

static const trap_fn guest_sync_by_ec[64] = {
	[EC_WFX] = trap_wfx,
	[EC_HVC64] = trap_hvc,
	[EC_DABT_LOW] = trap_dabt,
	[EC_SYSREG] = trap_sysreg,
};

void leave_hypervisor(struct pcpu *p)
{
	vgic_flush(p->current);
}

void trap_guest_sync(struct frame *f);
void trap_guest_sync(struct frame *f)
{
	struct pcpu *p = this_pcpu();
	uint64_t esr = read_sysreg(esr_el2);
	trap_fn fn = guest_sync_by_ec[ESR_EC(esr)];
	if (!fn)
		hyp_panic("VM %u vCPU %u: unhandled trap, ESR 0x%lx (%s), ELR 0x%lx",
			  p->current->vm->id, p->current->id, esr, rt_ec_name(ESR_EC(esr)), f->elr);
	fn(p, f, esr);
	leave_hypervisor(p);
}

/* A physical interrupt while a guest ran (Xen: do_IRQ): the kick SGI only brings us here,
 * to flush what other pCPUs put in the mailboxes; the maintenance interrupt asks for a
 * list-register refill. */
void trap_guest_irq(struct frame *f);
void trap_guest_irq(struct frame *f)
{
	(void)f;
	struct pcpu *p = this_pcpu();
	uint32_t iar = gic_ack();
	switch (gic_iar_intid(iar) & 0x3FF) {
	case GIC_INTID_SPURIOUS:
		break;
	case SGI_KICK:
		gic_eoi(iar);
		sched_wake(p);
		break;
	case GIC_INTID_MAINT:
		vgic_maintenance();
		gic_eoi(iar);
		break;
	default:
		hyp_panic("unexpected physical interrupt %u", gic_iar_intid(iar));
	}
	leave_hypervisor(p);
}

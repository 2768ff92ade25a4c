/*
 * The virtual GIC (Xen: arch/arm/vgic.c, vgic-v2.c, vgic-v3.c for the emulated registers;
 * gic.c, gic-v2.c, gic-v3.c for the list registers).
 *
 * The guest's distributor (and with GICv3 its redistributors) is emulated register by
 * register from a table of the registers a guest OS uses; any other access is reported and
 * stops the run.  The CPU interface is the hardware's virtual one (GICV / ICV_*): the
 * hypervisor only puts pending virtual interrupts into list registers.
 *
 * A virtual interrupt becomes pending with vgic_inject (Xen: vgic_inject_irq): for a vCPU of
 * this pCPU it is noted in the vCPU's pending set; for a vCPU on another pCPU it goes into
 * that vCPU's mailbox for this pCPU and a physical SGI kicks the other pCPU (Xen:
 * vcpu_kick -> smp_send_event_check).  On every return to a guest, vgic_flush (Xen:
 * vgic_sync_to_lrs / gic_restore_pending_irqs) drains the mailboxes and moves the pending,
 * enabled interrupts into free list registers (ELRSR).  List registers are written with
 * HW = 0 and no EOI maintenance: the guest's EOI retires them in hardware; only when they
 * are all busy does the underflow maintenance interrupt (GICH_HCR / ICH_HCR_EL2.UIE) ask
 * for another flush.
 */
#include "hyp.h"

#define GICD_TYPER_VALUE(vm) \
	(1U /* ITLinesNumber: 64 INTIDs */ | (((vm)->nr_vcpus - 1) << 5) | \
	 (GIC_VERSION == 3 ? (9U << 19) /* IDbits: 10 */ : 0))
#define GICD_IIDR_ARM 0x0000043B
#define PIDR2_ARCHREV (GIC_VERSION == 3 ? 0x30 : 0x20)

/*
 * The virtual interface control registers (GICH_* / ICH_*_EL2), accessed without the
 * runtime helpers' barrier after every access: as Xen's gicv2/gicv3 save_state and
 * restore_state, one barrier ends a batch (ich_sync).
 */
#if GIC_VERSION == 3
static uint64_t ich_lr(unsigned n)
{
	switch (n) {
	case 0: return read_sysreg(ich_lr0_el2);
	case 1: return read_sysreg(ich_lr1_el2);
	case 2: return read_sysreg(ich_lr2_el2);
	default: return read_sysreg(ich_lr3_el2);
	}
}

static void ich_set_lr(unsigned n, uint64_t v)
{
	switch (n) {
	case 0: write_sysreg(ich_lr0_el2, v); break;
	case 1: write_sysreg(ich_lr1_el2, v); break;
	case 2: write_sysreg(ich_lr2_el2, v); break;
	default: write_sysreg(ich_lr3_el2, v); break;
	}
}

#define ich_hcr() read_sysreg(ich_hcr_el2)
#define ich_set_hcr(v) write_sysreg(ich_hcr_el2, v)
#define ich_vmcr() read_sysreg(ich_vmcr_el2)
#define ich_set_vmcr(v) write_sysreg(ich_vmcr_el2, v)
#define ich_elrsr() read_sysreg(ich_elrsr_el2)
#define ich_sync() isb()
#else
#define ich_lr(n) mmio_read32(GICH_BASE + GICH_LR(n))
#define ich_set_lr(n, v) mmio_write32(GICH_BASE + GICH_LR(n), (uint32_t)(v))
#define ich_hcr() mmio_read32(GICH_BASE + GICH_HCR)
#define ich_set_hcr(v) mmio_write32(GICH_BASE + GICH_HCR, (uint32_t)(v))
#define ich_vmcr() mmio_read32(GICH_BASE + GICH_VMCR)
#define ich_set_vmcr(v) mmio_write32(GICH_BASE + GICH_VMCR, (uint32_t)(v))
#define ich_elrsr() mmio_read32(GICH_BASE + GICH_ELRSR0)
#define ich_sync() dsb_sy()
#endif

void vgic_init_pcpu(struct pcpu *p)
{
	unsigned n = GIC_VTR_LISTREGS(gic_hyp_vtr());
	p->nr_lrs = n < NR_LRS_MAX ? n : NR_LRS_MAX;
	for (unsigned i = 0; i < p->nr_lrs; i++)
		gic_hyp_write_lr(i, 0);
}

/* ---- save / restore with the vCPU (Xen: gic_save_state / gic_restore_state) ---- */

void vgic_save(struct vcpu *v)
{
	struct vgic_hw *h = &v->vgic_hw;
	unsigned n = this_pcpu()->nr_lrs;
	h->hcr = ich_hcr();
	h->vmcr = ich_vmcr();
	h->apr1 = gic_hyp_apr();
	if (GIC_VERSION == 3)
		h->apr0 = read_sysreg(ich_ap0r0_el2);
	for (unsigned i = 0; i < n; i++)
		h->lr[i] = ich_lr(i);
	ich_set_hcr(0);
	ich_sync();
}

void vgic_restore(struct vcpu *v)
{
	const struct vgic_hw *h = &v->vgic_hw;
	unsigned n = this_pcpu()->nr_lrs;
	for (unsigned i = 0; i < n; i++)
		ich_set_lr(i, h->lr[i]);
	if (GIC_VERSION == 3)
		write_sysreg(ich_ap0r0_el2, h->apr0);
	gic_hyp_set_apr(h->apr1);
	ich_set_vmcr(h->vmcr);
	ich_set_hcr(h->hcr);
	ich_sync();
}

/* ---- injection ---- */

static void mark_pending(struct vcpu *v, unsigned intid, unsigned source)
{
	v->pending |= UL(1) << intid;
	if (intid < 16)
		v->sgi_source[intid] = (uint8_t)source;
}

void vgic_inject(struct vcpu *target, unsigned intid, unsigned source)
{
	struct pcpu *p = this_pcpu();
	if (intid >= VGIC_NR_IRQS)
		hyp_panic("VM %u: inject of INTID %u", target->vm->id, intid);
	if (target->pcpu == p->id) {
		mark_pending(target, intid, source);
		return;
	}
	struct mailbox *mb = &target->inbox[p->id];
	uint32_t head = mb->head;
	if (head - mb->tail >= 16)
		hyp_panic("mailbox of VM %u vCPU %u full", target->vm->id, target->id);
	mb->irq[head % 16] = intid | source << 16;
	dsb_sy();
	mb->head = head + 1;
	gic_send_sgi(SGI_KICK, 1U << target->pcpu); /* orders the mailbox before the SGI */
}

static uint64_t enabled_mask(const struct vcpu *v)
{
	const struct vgic_dist *d = &v->vm->dist;
	if (!(d->ctlr & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1)))
		return 0;
	return v->banked_enabled | (uint64_t)d->spi_enabled << 32;
}

static unsigned priority(const struct vcpu *v, unsigned intid)
{
	return intid < 32 ? v->banked_prio[intid] : v->vm->dist.prio[intid];
}

/* Put intid into a list register: merge with an LR that already holds it (an active one
 * becomes pending and active), else take a free one.  False if none is free. */
static bool lr_insert(struct vcpu *v, unsigned nr_lrs, unsigned intid)
{
	uint64_t empty = ich_elrsr();
	int free_lr = -1;
	for (unsigned i = 0; i < nr_lrs; i++) {
		if (empty & BIT(i)) {
			if (free_lr < 0)
				free_lr = (int)i;
			continue;
		}
		uint64_t lr = ich_lr(i);
		struct gic_lr d = gic_lr_decode(lr);
		if (d.vintid != intid)
			continue;
		if (d.state == LR_ACTIVE) {
			d.state = LR_PENDING_ACTIVE;
			ich_set_lr(i, gic_lr_encode(&d) | (lr & (UL(7) << 10)));
			ich_sync();
		}
		return true; /* already pending: edge interrupts coalesce */
	}
	if (free_lr < 0)
		return false;
	struct gic_lr d = {
		.state = LR_PENDING,
		.vintid = intid,
		.prio = priority(v, intid),
		.group1 = GIC_VERSION == 3, /* v2 guests use Group 0, v3 guests Group 1 */
	};
	uint64_t lr = gic_lr_encode(&d);
	if (GIC_VERSION == 2 && intid < 16)
		lr |= (uint64_t)(v->sgi_source[intid] & 7) << 10; /* GICV_IAR.CPUID */
	ich_set_lr((unsigned)free_lr, lr);
	ich_sync();
	return true;
}

void vgic_flush(struct vcpu *v)
{
	for (unsigned s = 0; s < NR_PCPUS; s++) {
		struct mailbox *mb = &v->inbox[s];
		uint32_t tail = mb->tail;
		if (tail == mb->head)
			continue;
		dsb_sy();
		for (; tail != mb->head; tail++) {
			uint32_t e = mb->irq[tail % 16];
			mark_pending(v, e & 0xFFFF, e >> 16);
		}
		mb->tail = tail;
	}
	uint64_t todo = v->pending & enabled_mask(v);
	if (!todo)
		return;
	unsigned nr_lrs = this_pcpu()->nr_lrs;
	for (; todo; todo &= todo - 1) {
		unsigned intid = (unsigned)__builtin_ctzll(todo);
		if (!lr_insert(v, nr_lrs, intid)) {
			gic_hyp_set_hcr(gic_hyp_hcr() | GIC_HCR_UIE);
			return;
		}
		v->pending &= ~(UL(1) << intid);
	}
}

/* Would an interrupt end a WFI of v (Xen: vgic_vcpu_pending_irq)?  Something in its
 * mailboxes, an enabled pending interrupt not yet in a list register, or a pending one in a
 * list register: the live ones if v is running on this pCPU, else those saved with it. */
bool vgic_vcpu_pending(const struct vcpu *v, bool running)
{
	for (unsigned s = 0; s < NR_PCPUS; s++)
		if (v->inbox[s].tail != v->inbox[s].head)
			return true;
	if (v->pending & enabled_mask(v))
		return true;
	unsigned n = this_pcpu()->nr_lrs;
	for (unsigned i = 0; i < n; i++) {
		uint64_t lr = running ? ich_lr(i) : v->vgic_hw.lr[i];
		if (gic_lr_state(lr) & LR_PENDING)
			return true;
	}
	return false;
}

/* The maintenance interrupt: only underflow is enabled; the flush on the way back to the
 * guest refills the list registers. */
void vgic_maintenance(void)
{
	gic_hyp_set_hcr(gic_hyp_hcr() & ~(uint64_t)GIC_HCR_UIE);
}

/* ---- SGIs (GICD_SGIR with GICv2, ICC_SGI1R_EL1 with GICv3) ---- */

static void send_sgi(struct vcpu *v, unsigned intid, uint32_t targets)
{
	struct vm *vm = v->vm;
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (targets & BIT(i))
			vgic_inject(vm->vcpu[i], intid, v->id);
}

void vgic_sgi1r(struct vcpu *v, uint64_t val)
{
	unsigned intid = (unsigned)(val >> 24) & 0xF;
	uint32_t all_but_self = ((1U << v->vm->nr_vcpus) - 1) & ~(1U << v->id);
	if (val & BIT(40)) /* IRM: every PE but the sender */
		send_sgi(v, intid, all_but_self);
	else if (!(val & (UL(0xFF) << 16 | UL(0xFF) << 32 | UL(0xFF) << 48))) /* Aff3.2.1 = 0 */
		send_sgi(v, intid, (uint32_t)val & 0xFFFF);
}

/* ---- the distributor: a table of registers ---- */

/* One trapped access being emulated: by vCPU v, to the registers of vCPU owner (itself,
 * except for another vCPU's redistributor), at off from the register's base. */
struct access {
	struct vcpu *v, *owner;
	unsigned off, size;
	bool write;
	uint64_t val;
};

typedef void (*reg_fn)(struct access *a);

struct vreg {
	unsigned base, len;   /* bytes */
	unsigned sizes;       /* allowed access sizes: bit n = an access of n bytes */
	unsigned versions;    /* bit 2 = GICv2, bit 3 = GICv3 */
	reg_fn fn;
};
#define SZ4 BIT(4)
#define SZ14 (BIT(1) | BIT(4))
#define SZ8 BIT(8)
#define SZ48 (BIT(4) | BIT(8))
#define V2 BIT(2)
#define V3 BIT(3)
#define V23 (V2 | V3)

/* A read-only value: writes are ignored, as the GIC does. */
static void ro(struct access *a, uint64_t v)
{
	if (!a->write)
		a->val = v;
}

/* A 32-bit register kept in *r (write mask m). */
static void rw32(struct access *a, uint32_t *r, uint32_t m)
{
	if (a->write)
		*r = (uint32_t)a->val & m;
	else
		a->val = *r;
}

static void d_ctlr(struct access *a)
{
	struct vgic_dist *d = &a->v->vm->dist;
	if (GIC_VERSION == 3) {
		rw32(a, &d->ctlr, GICD_CTLR_EN_GRP1 | GICD_CTLR_EN_GRP0);
		a->val |= a->write ? 0 : GICD_CTLR_ARE; /* affinity routing always on */
	} else {
		rw32(a, &d->ctlr, GICD_CTLR_EN_GRP0);
	}
}

static void d_typer(struct access *a) { ro(a, GICD_TYPER_VALUE(a->v->vm)); }
static void d_iidr(struct access *a) { ro(a, GICD_IIDR_ARM); }
static void d_pidr2(struct access *a) { ro(a, PIDR2_ARCHREV); }
static void raz_wi(struct access *a) { ro(a, 0); }
static void rao_wi(struct access *a) { ro(a, ~0U); }

static void d_igroupr(struct access *a)
{
	rw32(a, &a->v->vm->dist.group[a->off / 4], ~0U);
}

/* ISENABLERn / ICENABLERn: word 0 is the owner's SGIs and PPIs (banked). */
static uint32_t *enable_word(struct access *a)
{
	return a->off < 4 ? &a->owner->banked_enabled : &a->v->vm->dist.spi_enabled;
}

static void d_isenabler(struct access *a)
{
	uint32_t *w = enable_word(a);
	if (a->write)
		*w |= (uint32_t)a->val;
	else
		a->val = *w;
}

static void d_icenabler(struct access *a)
{
	uint32_t *w = enable_word(a);
	if (a->write)
		*w &= ~(uint32_t)a->val;
	else
		a->val = *w;
}

/* One byte per interrupt, accessed by byte or by word. */
static void bytes(struct access *a, uint8_t *b)
{
	if (a->write) {
		for (unsigned i = 0; i < a->size; i++)
			b[i] = (uint8_t)(a->val >> (8 * i));
		return;
	}
	a->val = 0;
	for (unsigned i = 0; i < a->size; i++)
		a->val |= (uint64_t)b[i] << (8 * i);
}

static void d_ipriorityr(struct access *a)
{
	bytes(a, a->off < 32 ? &a->owner->banked_prio[a->off] : &a->v->vm->dist.prio[a->off]);
}

/* GICv2 ITARGETSR: SGIs and PPIs read as the reading vCPU; an SPI goes to the lowest vCPU of
 * its mask (this vGIC delivers each SPI to one vCPU). */
static void d_itargetsr(struct access *a)
{
	uint8_t t[4];
	uint8_t *target = &a->v->vm->dist.target[a->off];
	if (a->write && a->off >= 32) {
		bytes(a, t);
		for (unsigned i = 0; i < a->size; i++)
			target[i] = t[i] ? (uint8_t)__builtin_ctz(t[i]) : 0;
		return;
	}
	for (unsigned i = 0; i < a->size; i++)
		t[i] = (uint8_t)(1U << (a->off < 32 ? a->v->id : target[i]));
	if (!a->write)
		bytes(a, t);
}

static void d_icfgr(struct access *a)
{
	rw32(a, &a->v->vm->dist.icfg[a->off / 4], ~0U);
}

static void d_sgir(struct access *a)
{
	if (!a->write)
		return ro(a, 0);
	struct vcpu *v = a->v;
	uint32_t all = (1U << v->vm->nr_vcpus) - 1;
	unsigned intid = (unsigned)a->val & 0xF;
	switch ((a->val >> 24) & 3) { /* TargetListFilter */
	case 0: send_sgi(v, intid, (uint32_t)(a->val >> 16) & 0xFF & all); break;
	case 1: send_sgi(v, intid, all & ~(1U << v->id)); break;
	case 2: send_sgi(v, intid, 1U << v->id); break;
	}
}

/* GICv3 IROUTER<n>: Aff0 only (one cluster); IRM = 1 is taken as vCPU 0. */
static void d_irouter(struct access *a)
{
	struct vm *vm = a->v->vm;
	uint8_t *target = &vm->dist.target[32 + a->off / 8];
	if (a->write)
		*target = (a->val & 0xFF) < vm->nr_vcpus && !(a->val & BIT(31)) ? (uint8_t)a->val : 0;
	else
		a->val = *target;
}

static const struct vreg dist_regs[] = {
	{ GICD_CTLR, 4, SZ4, V23, d_ctlr },
	{ GICD_TYPER, 4, SZ4, V23, d_typer },
	{ GICD_IIDR, 4, SZ4, V23, d_iidr },
	{ GICD_IGROUPR, 8, SZ4, V23, d_igroupr },
	{ GICD_ISENABLER, 8, SZ4, V23, d_isenabler },
	{ GICD_ICENABLER, 8, SZ4, V23, d_icenabler },
	{ GICD_IPRIORITYR, VGIC_NR_IRQS, SZ14, V23, d_ipriorityr },
	{ GICD_ITARGETSR, VGIC_NR_IRQS, SZ14, V2, d_itargetsr },
	{ GICD_ICFGR, 16, SZ4, V23, d_icfgr },
	{ GICD_SGIR, 4, SZ4, V2, d_sgir },
	{ GICD_IROUTER + 8 * 32, 8 * 32, SZ8, V3, d_irouter },
	{ GICD_PIDR2_V2, 4, SZ4, V2, d_pidr2 },
	{ GICD_PIDR2_V3, 4, SZ4, V3, d_pidr2 },
};

/* Find the register of table t that holds [off, off + size) and emulate the access; false
 * for a register the vGIC does not have, or a size or alignment it does not allow. */
static bool table_access(const struct vreg *t, unsigned n, struct access *a)
{
	for (unsigned i = 0; i < n; i++) {
		const struct vreg *r = &t[i];
		if (a->off < r->base || a->off + a->size > r->base + r->len)
			continue;
		if (!(r->versions & BIT(GIC_VERSION)) || !(r->sizes & BIT(a->size)) ||
		    (a->off & (a->size - 1)))
			return false;
		a->off -= r->base;
		r->fn(a);
		return true;
	}
	return false;
}

bool vgic_dist_access(struct vcpu *v, uint64_t off, bool write, unsigned size, uint64_t *val)
{
	struct access a = { v, v, (unsigned)off, size, write, *val };
	if (!table_access(dist_regs, sizeof dist_regs / sizeof dist_regs[0], &a))
		return false;
	*val = a.val;
	return true;
}

/* ---- GICv3 redistributors: the RD_base and SGI_base frames of each vCPU ---- */

static void r_typer(struct access *a)
{
	struct vcpu *o = a->owner;
	uint64_t typer = (uint64_t)o->id << 32 /* Affinity_Value */ |
			 (uint64_t)o->id << 8 /* Processor_Number */ |
			 (o->id == o->vm->nr_vcpus - 1 ? GICR_TYPER_LAST : 0);
	ro(a, a->off ? typer >> 32 : a->size == 4 ? (uint32_t)typer : typer);
}

/* GICR_WAKER: ProcessorSleep as written; ChildrenAsleep follows at once, so reads 0. */
static void r_waker(struct access *a)
{
	rw32(a, &a->owner->gicr_waker, GICR_WAKER_PROCESSOR_SLEEP);
}

static void r_ipriorityr(struct access *a)
{
	bytes(a, &a->owner->banked_prio[a->off]);
}

static const struct vreg redist_regs[] = {
	{ GICR_CTLR, 4, SZ4, V3, raz_wi }, /* no LPIs */
	{ GICD_IIDR, 4, SZ4, V3, d_iidr },
	{ GICR_TYPER, 8, SZ48, V3, r_typer },
	{ GICR_WAKER, 4, SZ4, V3, r_waker },
	{ GICD_PIDR2_V3, 4, SZ4, V3, d_pidr2 },
	{ GICR_SGI_OFFSET + GICD_IGROUPR, 4, SZ4, V3, rao_wi }, /* every one is Group 1 */
	{ GICR_SGI_OFFSET + GICD_ISENABLER, 4, SZ4, V3, d_isenabler },
	{ GICR_SGI_OFFSET + GICD_ICENABLER, 4, SZ4, V3, d_icenabler },
	{ GICR_SGI_OFFSET + GICD_IPRIORITYR, 32, SZ14, V3, r_ipriorityr },
	{ GICR_SGI_OFFSET + GICD_ICFGR, 8, SZ4, V3, raz_wi }, /* SGIs edge, PPIs level */
};

bool vgic_redist_access(struct vcpu *v, uint64_t off, bool write, unsigned size, uint64_t *val)
{
	uint64_t frame = off / GICR_STRIDE;
	if (frame >= v->vm->nr_vcpus)
		return false;
	struct access a = { v, v->vm->vcpu[frame], (unsigned)(off % GICR_STRIDE), size, write,
			    *val };
	if (!table_access(redist_regs, sizeof redist_regs / sizeof redist_regs[0], &a))
		return false;
	*val = a.val;
	return true;
}

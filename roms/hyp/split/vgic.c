/*
 * The host kernel's virtual GIC (KVM's virt/kvm/arm/vgic/): the emulated distributor (and,
 * with GICv3, redistributors) that the guest programs through trapped MMIO, and the list
 * register management around each guest entry (kvm_vgic_flush_hwstate) and exit
 * (kvm_vgic_sync_hwstate).  The list registers themselves are loaded and saved by the
 * lowvisor as part of the world switch; here they are the copies in struct vgic_cpu_if.
 *
 * Register layouts: IHI 0048B 4.3 (GICv2 distributor), IHI 0069 8.9 and 9.11 (GICv3
 * distributor and redistributor).  The model has 64 INTIDs (GICD_TYPER.ITLinesNumber = 1):
 * what the guest needs, SGIs, PPIs and SPI 48.  An access to a register the guest has no
 * business with is reported and stops the run (no silent RAZ/WI).
 */
#include "split.h"

#define GICD_IIDR_VALUE  0x0000043BU  /* implementer Arm */
#define GICD_PIDR2_V2VAL 0x20U        /* ArchRev 2 */
#define GICD_PIDR2_V3VAL 0x30U        /* ArchRev 3 */
#define GICD_IROUTER_END (GICD_IROUTER + 8 * NR_VIRQS)
#define GICR_IIDR        0x004
#define GICR_PIDR2       0xFFE8
#define SGIR_FILTER(v)   (((v) >> 24) & 3)
#define SGIR_TARGETS(v)  (((v) >> 16) & 0xFF)

/* ---- per-interrupt state ---- */

static struct vgic_irq *vgic_get_irq(struct vcpu *v, unsigned intid)
{
	return intid < 32 ? &v->private_irqs[intid] : &v->vm->spis[intid - 32];
}

static void irq_reset(struct vgic_irq *irq, unsigned intid)
{
	irq->prio = 0xA0;
	irq->group = split_gic == 3; /* KVM: Group 1 with GICv3, Group 0 with GICv2 */
	irq->cfg = intid < 16 ? 2 : 0; /* SGIs are edge-triggered */
	irq->enabled = false;
	irq->targets = 1;
	irq->irouter = 0;
}

void vgic_init_vm(struct vm *vm)
{
	for (unsigned i = 32; i < NR_VIRQS; i++)
		irq_reset(&vm->spis[i - 32], i);
}

void vgic_init_vcpu(struct vcpu *v)
{
	for (unsigned i = 0; i < 32; i++) {
		irq_reset(&v->private_irqs[i], i);
		v->private_irqs[i].targets = (uint8_t)(1U << v->idx);
	}
}

/* The vCPU an SPI is delivered to: the lowest in ITARGETSR (v2) or IROUTER's Aff0 (v3). */
struct vcpu *vgic_spi_target(struct vm *vm, unsigned intid)
{
	struct vgic_irq *irq = &vm->spis[intid - 32];
	unsigned idx = 0;
	if (split_gic == 3) {
		idx = (unsigned)(irq->irouter & 0xFF);
	} else {
		while (idx < 8 && !(irq->targets & (1U << idx)))
			idx++;
	}
	return &vm->vcpus[idx < vm->nr_vcpus ? idx : 0];
}

/* ---- injection and the list registers ---- */

void vgic_inject(struct vcpu *v, unsigned intid, unsigned source)
{
	if (intid < 16)
		v->sgi_source[intid] = (uint8_t)source;
	atomic_or64(&v->pending, 1UL << intid);
	__asm__ volatile("dmb ish" ::: "memory"); /* pairs with the run loop's */
	if (v->in_guest && v->pcpu != host_cpu())
		host_kick(v);
}

static bool deliverable(struct vcpu *v, const struct vgic_irq *irq)
{
	return irq->enabled && (v->vm->gicd_ctlr & (irq->group ? GICD_CTLR_EN_GRP1
							     : GICD_CTLR_EN_GRP0));
}

/* Put one pending interrupt in a list register; false if it must wait. */
static bool queue_irq(struct vcpu *v, unsigned intid)
{
	int free_lr = -1;
	for (unsigned i = 0; i < split_nr_lrs; i++) {
		struct gic_lr lr = gic_lr_decode(v->vgic.lr[i]);
		if (lr.state == LR_INVALID) {
			if (free_lr < 0)
				free_lr = (int)i;
		} else if (lr.vintid == intid) {
			/* Already there: pending stays pending, active becomes pending+active. */
			if (lr.state == LR_ACTIVE) {
				lr.state = LR_PENDING_ACTIVE;
				v->vgic.lr[i] = gic_lr_encode(&lr) |
						(v->vgic.lr[i] & (split_gic == 2 ? 0x1C00 : 0));
			}
			return true;
		}
	}
	if (free_lr < 0)
		return false;
	const struct vgic_irq *irq = vgic_get_irq(v, intid);
	struct gic_lr lr = {
		.state = LR_PENDING, .vintid = intid, .prio = irq->prio, .group1 = irq->group,
	};
	uint64_t val = gic_lr_encode(&lr);
	if (split_gic == 2 && intid < 16)
		val |= (uint64_t)(v->sgi_source[intid] & 7) << 10; /* GICH_LR.CPUID */
	v->vgic.lr[free_lr] = val;
	return true;
}

void vgic_flush_hwstate(struct vcpu *v)
{
	uint64_t pending = atomic_xchg_zero64(&v->pending), keep = 0;
	while (pending) {
		unsigned intid = (unsigned)__builtin_ctzl(pending);
		pending &= pending - 1;
		if (!deliverable(v, vgic_get_irq(v, intid)) || !queue_irq(v, intid))
			keep |= 1UL << intid;
	}
	if (keep)
		atomic_or64(&v->pending, keep);
}

/* The guest acknowledged and completed interrupts without trapping; what it finished is an
 * empty list register now (its GICH_ELRSR / ICH_ELRSR_EL2 bit, saved at the exit), which is
 * all the bookkeeping edge-triggered interrupts need. */
void vgic_sync_hwstate(struct vcpu *v)
{
	uint64_t empty = v->vgic.elrsr & ((1UL << split_nr_lrs) - 1);
	while (empty) {
		v->vgic.lr[__builtin_ctzl(empty)] = 0;
		empty &= empty - 1;
	}
}

/* ---- SGIs ---- */

static void send_sgi(struct vcpu *src, unsigned sgi, unsigned target_mask)
{
	struct vm *vm = src->vm;
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (target_mask & (1U << i))
			vgic_inject(&vm->vcpus[i], sgi, src->idx);
}

/* GICD_SGIR (GICv2): target list, all but self, or self. */
static void vgic_v2_sgir(struct vcpu *v, uint32_t val)
{
	unsigned all = (1U << v->vm->nr_vcpus) - 1, targets;
	switch (SGIR_FILTER(val)) {
	case 0: targets = SGIR_TARGETS(val); break;
	case 1: targets = all & ~(1U << v->idx); break;
	case 2: targets = 1U << v->idx; break;
	default: return; /* reserved */
	}
	send_sgi(v, val & 0xF, targets);
}

/* ICC_SGI1R_EL1 (GICv3): IRM = 1 all but self, else Aff1..3 = 0 and TargetList = Aff0 bits. */
void vgic_v3_sgi1r(struct vcpu *v, uint64_t val)
{
	unsigned sgi = (unsigned)(val >> 24) & 0xF;
	unsigned all = (1U << v->vm->nr_vcpus) - 1;
	if (val & BIT(40))
		send_sgi(v, sgi, all & ~(1U << v->idx));
	else if (!(val & 0x00FF00FF00FF0000UL)) /* Aff3, Aff2, Aff1 of our single cluster */
		send_sgi(v, sgi, (unsigned)val & 0xFFFF & all);
}

/* ---- the per-interrupt registers (the vgic_register_region tables of vgic-mmio-v2/v3.c) ---- */

enum irq_field { F_GROUP, F_ENABLE, F_PENDING, F_ACTIVE, F_PRIO, F_TARGETS, F_CFG };
enum reg_op { OP_RW, OP_SET, OP_CLEAR, OP_RO };

struct irq_reg {
	uint32_t offset, len;
	unsigned bits;         /* bits per interrupt */
	enum irq_field field;
	enum reg_op op;
};

/* Distributor registers of both versions (banked INTIDs 0-31 belong to the accessing vCPU
 * with GICv2 and to the redistributors with GICv3); the redistributor's SGI_base frame uses
 * the same table for INTIDs 0-31. */
static const struct irq_reg irq_regs[] = {
	{ GICD_IGROUPR, 8, 1, F_GROUP, OP_RW },
	{ GICD_ISENABLER, 8, 1, F_ENABLE, OP_SET },
	{ GICD_ICENABLER, 8, 1, F_ENABLE, OP_CLEAR },
	{ GICD_ISPENDR, 8, 1, F_PENDING, OP_SET },
	{ GICD_ICPENDR, 8, 1, F_PENDING, OP_CLEAR },
	{ GICD_ISACTIVER, 8, 1, F_ACTIVE, OP_SET },
	{ GICD_ICACTIVER, 8, 1, F_ACTIVE, OP_CLEAR },
	{ GICD_IPRIORITYR, NR_VIRQS, 8, F_PRIO, OP_RW },
	{ GICD_ITARGETSR, NR_VIRQS, 8, F_TARGETS, OP_RW },
	{ GICD_ICFGR, 16, 2, F_CFG, OP_RW },
};

/* The vCPU whose pending state holds intid. */
static struct vcpu *irq_owner(struct vcpu *v, unsigned intid)
{
	return intid < 32 ? v : vgic_spi_target(v->vm, intid);
}

static uint64_t field_read(struct vcpu *v, unsigned intid, enum irq_field f)
{
	struct vgic_irq *irq = vgic_get_irq(v, intid);
	switch (f) {
	case F_GROUP: return irq->group;
	case F_ENABLE: return irq->enabled;
	case F_PENDING: return (irq_owner(v, intid)->pending >> intid) & 1;
	case F_ACTIVE: return 0; /* the active state lives in the list registers */
	case F_PRIO: return irq->prio;
	case F_TARGETS: return irq->targets;
	case F_CFG: return irq->cfg;
	}
	return 0;
}

static void field_write(struct vcpu *v, unsigned intid, enum irq_field f, enum reg_op op,
			uint64_t val)
{
	struct vgic_irq *irq = vgic_get_irq(v, intid);
	if (op == OP_SET || op == OP_CLEAR) {
		if (!val)
			return; /* writing 0 to a set/clear register has no effect */
		bool set = op == OP_SET;
		switch (f) {
		case F_ENABLE:
			irq->enabled = set;
			break;
		case F_PENDING:
			if (set)
				vgic_inject(irq_owner(v, intid), intid, v->idx);
			else
				atomic_andnot64(&irq_owner(v, intid)->pending, 1UL << intid);
			break;
		default:
			host_panic(v, "the guest changed an interrupt's active state");
		}
		return;
	}
	switch (f) {
	case F_GROUP: irq->group = (uint8_t)val; break;
	case F_PRIO: irq->prio = (uint8_t)val; break;
	case F_TARGETS:
		if (intid >= 32) /* read-only for the banked ones */
			irq->targets = (uint8_t)val;
		break;
	case F_CFG:
		if (intid >= 16) /* SGIs are always edge */
			irq->cfg = (uint8_t)val;
		break;
	default: break;
	}
}

/* An access to the per-interrupt registers at `off` for INTIDs [lo, hi) of vCPU v;
 * false if off is not such a register. */
static bool irq_reg_access(struct vcpu *v, uint32_t off, unsigned size, bool write,
			   uint64_t *val, unsigned lo, unsigned hi)
{
	for (size_t r = 0; r < sizeof irq_regs / sizeof irq_regs[0]; r++) {
		const struct irq_reg *reg = &irq_regs[r];
		if (off < reg->offset || off + size > reg->offset + reg->len)
			continue;
		if (reg->field == F_TARGETS && split_gic == 3)
			return false; /* GICv3 with affinity routing has no ITARGETSR */
		unsigned first = (off - reg->offset) * 8 / reg->bits;
		unsigned count = size * 8 / reg->bits;
		uint64_t mask = (1UL << reg->bits) - 1;
		if (!write)
			*val = 0;
		for (unsigned k = 0; k < count; k++) {
			unsigned intid = first + k;
			if (intid < lo || intid >= hi)
				continue; /* RAZ/WI: not this frame's interrupts */
			if (write)
				field_write(v, intid, reg->field, reg->op,
					    (*val >> (k * reg->bits)) & mask);
			else
				*val |= field_read(v, intid, reg->field) << (k * reg->bits);
		}
		return true;
	}
	return false;
}

/* ---- the distributor ---- */

static uint32_t gicd_typer(struct vm *vm)
{
	uint32_t t = NR_VIRQS / 32 - 1; /* ITLinesNumber */
	if (split_gic == 3)
		return t | (9U << 19); /* IDbits: 10-bit INTIDs */
	return t | ((vm->nr_vcpus - 1) << 5); /* CPUNumber */
}

static bool gicd_access(struct vcpu *v, uint32_t off, unsigned size, bool write, uint64_t *val)
{
	struct vm *vm = v->vm;
	bool v3 = split_gic == 3;
	if (size == 4 && off == GICD_CTLR) {
		if (write)
			vm->gicd_ctlr = (uint32_t)*val & (v3 ? (GICD_CTLR_ARE | 3) : 3);
		else
			*val = vm->gicd_ctlr;
		return true;
	}
	if (size == 4 && (off == GICD_TYPER || off == GICD_IIDR) && !write) {
		*val = off == GICD_TYPER ? gicd_typer(vm) : GICD_IIDR_VALUE;
		return true;
	}
	if (!v3 && size == 4 && off == GICD_SGIR && write) {
		vgic_v2_sgir(v, (uint32_t)*val);
		return true;
	}
	if (size == 4 && !write && off == (v3 ? GICD_PIDR2_V3 : GICD_PIDR2_V2)) {
		*val = v3 ? GICD_PIDR2_V3VAL : GICD_PIDR2_V2VAL;
		return true;
	}
	if (v3 && size == 8 && off >= GICD_IROUTER + 8 * 32 && off < GICD_IROUTER_END) {
		struct vgic_irq *irq = &vm->spis[(off - GICD_IROUTER) / 8 - 32];
		if (write)
			irq->irouter = *val & 0xFF00FFFFFFUL;
		else
			*val = irq->irouter;
		return true;
	}
	/* The per-interrupt registers; with GICv3 the banked INTIDs are the redistributors'. */
	return (size == 4 || size == 1) &&
	       irq_reg_access(v, off, size, write, val, v3 ? 32 : 0, NR_VIRQS);
}

/* ---- the GICv3 redistributors: RD_base then SGI_base, one pair per vCPU ---- */

static bool gicr_access(struct vcpu *target, uint32_t off, unsigned size, bool write,
			uint64_t *val)
{
	bool last = target->idx == target->vm->nr_vcpus - 1;
	if (off >= GICR_SGI_OFFSET)
		return (size == 4 || size == 1) &&
		       irq_reg_access(target, (uint32_t)(off - GICR_SGI_OFFSET), size, write,
				      val, 0, 32);
	if (write)
		return size == 4 && (off == GICR_CTLR || off == GICR_WAKER); /* WI: always awake */
	switch (off) {
	case GICR_TYPER:
		if (size != 8)
			return false;
		*val = ((uint64_t)target->idx << 32) | ((uint64_t)target->idx << 8) |
		       (last ? GICR_TYPER_LAST : 0);
		return true;
	case GICR_CTLR:
	case GICR_WAKER:
		*val = 0;
		return size == 4;
	case GICR_IIDR:
		*val = GICD_IIDR_VALUE;
		return size == 4;
	case GICR_PIDR2:
		*val = GICD_PIDR2_V3VAL;
		return size == 4;
	}
	return false;
}

bool vgic_mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val)
{
	bool ok;
	if (ipa >= GUEST_GICD_IPA && ipa < GUEST_GICD_IPA + 0x10000) {
		ok = gicd_access(v, (uint32_t)(ipa - GUEST_GICD_IPA), size, write, val);
	} else if (split_gic == 3 && ipa >= GUEST_GICR_IPA &&
		   ipa < GUEST_GICR_IPA + v->vm->nr_vcpus * GICR_STRIDE) {
		uint64_t rel = ipa - GUEST_GICR_IPA;
		ok = gicr_access(&v->vm->vcpus[rel / GICR_STRIDE], (uint32_t)(rel % GICR_STRIDE),
				 size, write, val);
	} else {
		return false;
	}
	if (!ok)
		host_panic(v, write ? "unhandled GIC register write" : "unhandled GIC register read");
	return true;
}

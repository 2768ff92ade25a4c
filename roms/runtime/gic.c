/*
 * GICv2 / GICv3 helpers for the ROMs (see gic.h).  Register layouts: GIC architecture
 * specification IHI 0048B (v2: chapter 4 and 5.3 for GICH) and IHI 0069 (v3: chapters 8,
 * 9 and 12 for ICC_* / ICH_*).
 */
#include "gic.h"

unsigned gic_version;

/* RD_base of each CPU's redistributor, by Aff0; found by gic_init_cpu. */
static uint64_t redist[GIC_MAX_CPUS];

unsigned gic_detect(void)
{
	/* ID_AA64PFR0_EL1.GIC, bits 27:24: 1 = GICv3/v4 system registers implemented. */
	return ((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xF) ? 3 : 2;
}

static void ensure_version(void)
{
	if (!gic_version)
		gic_version = gic_detect();
}

unsigned gic_cpu_number(void)
{
	return (unsigned)(read_sysreg(mpidr_el1) & 0xFF);
}

/* Bounded wait for a register bit to clear (register-write-pending and friends). */
static void wait_clear32(uint64_t addr, uint32_t mask)
{
	for (unsigned i = 0; i < 1000000 && (mmio_read32(addr) & mask); i++)
		;
}

uint64_t gic_redist(unsigned cpu)
{
	if (cpu < GIC_MAX_CPUS && redist[cpu])
		return redist[cpu];
	/* Walk the frames until GICR_TYPER.Last (IHI 0069 9.11.35). */
	uint64_t rd = GICR_BASE;
	for (unsigned i = 0; i < 64; i++, rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);
		if ((typer >> 32) == cpu) { /* Affinity_Value = Aff3.Aff2.Aff1.Aff0 */
			if (cpu < GIC_MAX_CPUS)
				redist[cpu] = rd;
			return rd;
		}
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

/* Base of the registers holding intid's bits: distributor, or for SGIs and PPIs with
 * GICv3 the calling CPU's SGI_base frame. */
static uint64_t bank(unsigned intid)
{
	if (gic_version == 3 && intid < 32)
		return gic_redist(gic_cpu_number()) + GICR_SGI_OFFSET;
	return GICD_BASE;
}

static void wait_rwp(unsigned intid)
{
	if (gic_version != 3)
		return;
	if (intid < 32)
		wait_clear32(gic_redist(gic_cpu_number()) + GICR_CTLR, BIT(3));
	else
		wait_clear32(GICD_BASE + GICD_CTLR, GICD_CTLR_RWP);
}

/* One bit per interrupt: the set/clear register pairs. */
static void write_bit(unsigned reg, unsigned intid)
{
	mmio_write32(bank(intid) + reg + 4 * (intid / 32), 1U << (intid % 32));
}

static bool read_bit(unsigned reg, unsigned intid)
{
	return (mmio_read32(bank(intid) + reg + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

/* One byte per interrupt (IPRIORITYR, ITARGETSR), by word read-modify-write. */
static void write_byte(unsigned reg, unsigned intid, unsigned v)
{
	uint64_t a = bank(intid) + reg + (intid & ~3U);
	unsigned sh = 8 * (intid & 3);
	uint32_t w = mmio_read32(a);
	mmio_write32(a, (w & ~(0xFFU << sh)) | ((v & 0xFF) << sh));
}

void gic_enable(unsigned intid) { write_bit(GICD_ISENABLER, intid); }
void gic_disable(unsigned intid)
{
	write_bit(GICD_ICENABLER, intid);
	wait_rwp(intid);
}
void gic_set_pending(unsigned intid) { write_bit(GICD_ISPENDR, intid); }
void gic_clear_pending(unsigned intid) { write_bit(GICD_ICPENDR, intid); }
void gic_set_active(unsigned intid) { write_bit(GICD_ISACTIVER, intid); }
void gic_clear_active(unsigned intid) { write_bit(GICD_ICACTIVER, intid); }
bool gic_is_pending(unsigned intid) { return read_bit(GICD_ISPENDR, intid); }
bool gic_is_active(unsigned intid) { return read_bit(GICD_ISACTIVER, intid); }
bool gic_is_enabled(unsigned intid) { return read_bit(GICD_ISENABLER, intid); }

void gic_set_priority(unsigned intid, unsigned prio)
{
	write_byte(GICD_IPRIORITYR, intid, prio);
}

unsigned gic_get_priority(unsigned intid)
{
	uint64_t a = bank(intid) + GICD_IPRIORITYR + (intid & ~3U);
	return (mmio_read32(a) >> (8 * (intid & 3))) & 0xFF;
}

void gic_route_spi(unsigned intid, unsigned cpu)
{
	if (gic_version == 3)
		mmio_write64(GICD_BASE + GICD_IROUTER + 8 * (uint64_t)intid, cpu);
	else
		write_byte(GICD_ITARGETSR, intid, 1U << cpu);
}

void gic_set_edge(unsigned intid, bool edge)
{
	uint64_t a = bank(intid) + GICD_ICFGR + 4 * (intid / 16);
	unsigned sh = 2 * (intid % 16) + 1;
	uint32_t w = mmio_read32(a);
	mmio_write32(a, edge ? (w | (1U << sh)) : (w & ~(1U << sh)));
}

void gic_init_dist(void)
{
	ensure_version();
	uint64_t d = GICD_BASE;
	mmio_write32(d + GICD_CTLR, 0);
	wait_rwp(32);
	unsigned lines = 32 * ((mmio_read32(d + GICD_TYPER) & 0x1F) + 1);
	for (unsigned i = 32; i < lines; i += 32) {
		mmio_write32(d + GICD_IGROUPR + i / 8, gic_version == 3 ? ~0U : 0);
		mmio_write32(d + GICD_ICENABLER + i / 8, ~0U);
		mmio_write32(d + GICD_ICPENDR + i / 8, ~0U);
		mmio_write32(d + GICD_ICACTIVER + i / 8, ~0U);
	}
	for (unsigned i = 32; i < lines; i += 4)
		mmio_write32(d + GICD_IPRIORITYR + i, 0xA0A0A0A0);
	wait_rwp(32);
	if (gic_version == 3) {
		mmio_write32(d + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_EN_GRP1 | GICD_CTLR_EN_GRP0);
		wait_rwp(32);
	} else {
		mmio_write32(d + GICD_CTLR, GICD_CTLR_EN_GRP0);
	}
	dsb_sy();
}

void gic_init_cpu_iface(void)
{
	ensure_version();
	if (gic_version == 3) {
		write_sysreg(icc_pmr_el1, 0xFF);
		write_sysreg(icc_bpr1_el1, 0);    /* raised to the minimum */
		write_sysreg(icc_ctlr_el1, 0);    /* EOImode 0 */
		write_sysreg(icc_igrpen1_el1, 1);
		isb();
	} else {
		mmio_write32(GICC_BASE + GICC_PMR, 0xFF);
		mmio_write32(GICC_BASE + GICC_BPR, 0);
		mmio_write32(GICC_BASE + GICC_CTLR, GICC_CTLR_EN_GRP0);
		dsb_sy();
	}
}

void gic_init_cpu(void)
{
	ensure_version();
	if (gic_version == 3) {
		uint64_t rd = gic_redist(gic_cpu_number());
		uint32_t w = mmio_read32(rd + GICR_WAKER);
		mmio_write32(rd + GICR_WAKER, w & ~(uint32_t)GICR_WAKER_PROCESSOR_SLEEP);
		wait_clear32(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP);
		uint64_t sgi = rd + GICR_SGI_OFFSET;
		mmio_write32(sgi + GICD_IGROUPR, ~0U);
		mmio_write32(sgi + GICD_ICENABLER, ~0U);
		wait_rwp(0);
		mmio_write32(sgi + GICD_ICPENDR, ~0U);
		mmio_write32(sgi + GICD_ICACTIVER, ~0U);
		for (unsigned i = 0; i < 32; i += 4)
			mmio_write32(sgi + GICD_IPRIORITYR + i, 0xA0A0A0A0);
		dsb_sy();
		/* ICC_SRE_EL2: SRE, DFB, DIB, and Enable (EL1 may use ICC_SRE_EL1). */
		write_sysreg(icc_sre_el2, 0xF);
		isb();
		write_sysreg(icc_sre_el1, 0x7);
		isb();
	} else {
		mmio_write32(GICD_BASE + GICD_ICENABLER, ~0U);
		mmio_write32(GICD_BASE + GICD_ICPENDR, ~0U);
		mmio_write32(GICD_BASE + GICD_ICACTIVER, ~0U);
		for (unsigned i = 0; i < 32; i += 4)
			mmio_write32(GICD_BASE + GICD_IPRIORITYR + i, 0xA0A0A0A0);
		dsb_sy();
	}
	gic_init_cpu_iface();
}

/* ---- SGIs ---- */

void gic_send_sgi(unsigned intid, unsigned target_mask)
{
	dsb_sy(); /* what the receiver will look at is visible before the SGI */
	if (gic_version == 3) {
		/* ICC_SGI1R_EL1: INTID 27:24, Aff1/2/3 = 0, TargetList 15:0 = Aff0 bits. */
		write_sysreg(icc_sgi1r_el1, ((uint64_t)(intid & 0xF) << 24) | (target_mask & 0xFFFF));
		isb();
	} else {
		mmio_write32(GICD_BASE + GICD_SGIR, (uint32_t)(GICD_SGIR_FILTER_LIST |
			     ((uint64_t)(target_mask & 0xFF) << 16) | (intid & 0xF)));
	}
}

void gic_send_sgi_others(unsigned intid)
{
	dsb_sy();
	if (gic_version == 3) {
		write_sysreg(icc_sgi1r_el1, BIT(40) | ((uint64_t)(intid & 0xF) << 24)); /* IRM */
		isb();
	} else {
		mmio_write32(GICD_BASE + GICD_SGIR,
			     (uint32_t)(GICD_SGIR_FILTER_OTHERS | (intid & 0xF)));
	}
}

/* ---- CPU interface ---- */

uint32_t gic_ack(void)
{
	uint32_t iar;
	if (gic_version == 3)
		iar = (uint32_t)read_sysreg(icc_iar1_el1);
	else
		iar = mmio_read32(GICC_BASE + GICC_IAR);
	dsb_sy();
	return iar;
}

void gic_eoi(uint32_t iar)
{
	dsb_sy();
	if (gic_version == 3) {
		write_sysreg(icc_eoir1_el1, iar);
		isb();
	} else {
		mmio_write32(GICC_BASE + GICC_EOIR, iar);
		dsb_sy();
	}
}

void gic_deactivate(uint32_t iar)
{
	if (gic_version == 3) {
		write_sysreg(icc_dir_el1, iar);
		isb();
	} else {
		mmio_write32(GICC_BASE + GICC_DIR, iar);
		dsb_sy();
	}
}

uint32_t gic_hppir(void)
{
	if (gic_version == 3)
		return (uint32_t)read_sysreg(icc_hppir1_el1);
	return mmio_read32(GICC_BASE + GICC_HPPIR);
}

uint32_t gic_rpr(void)
{
	if (gic_version == 3)
		return (uint32_t)read_sysreg(icc_rpr_el1);
	return mmio_read32(GICC_BASE + GICC_RPR);
}

uint32_t gic_pmr(void)
{
	if (gic_version == 3)
		return (uint32_t)read_sysreg(icc_pmr_el1);
	return mmio_read32(GICC_BASE + GICC_PMR);
}

void gic_set_pmr(uint32_t pmr)
{
	if (gic_version == 3) {
		write_sysreg(icc_pmr_el1, pmr);
		isb();
	} else {
		mmio_write32(GICC_BASE + GICC_PMR, pmr);
		dsb_sy();
	}
}

uint32_t gic_apr(void)
{
	if (gic_version == 3)
		return (uint32_t)read_sysreg(icc_ap1r0_el1);
	return mmio_read32(GICC_BASE + GICC_APR0);
}

void gic_set_eoimode(bool split)
{
	if (gic_version == 3) {
		uint64_t c = read_sysreg(icc_ctlr_el1);
		write_sysreg(icc_ctlr_el1, split ? (c | BIT(1)) : (c & ~BIT(1)));
		isb();
	} else {
		uint32_t c = mmio_read32(GICC_BASE + GICC_CTLR);
		mmio_write32(GICC_BASE + GICC_CTLR, split ? (c | (uint32_t)GICC_CTLR_EOIMODE)
						       : (c & ~(uint32_t)GICC_CTLR_EOIMODE));
		dsb_sy();
	}
}

/* ---- virtual interface control ---- */

uint64_t gic_hyp_vtr(void)
{
	return gic_version == 3 ? read_sysreg(ich_vtr_el2) : mmio_read32(GICH_BASE + GICH_VTR);
}

uint64_t gic_hyp_hcr(void)
{
	return gic_version == 3 ? read_sysreg(ich_hcr_el2) : mmio_read32(GICH_BASE + GICH_HCR);
}

void gic_hyp_set_hcr(uint64_t v)
{
	if (gic_version == 3) {
		write_sysreg(ich_hcr_el2, v);
		isb();
	} else {
		mmio_write32(GICH_BASE + GICH_HCR, (uint32_t)v);
		dsb_sy();
	}
}

uint64_t gic_hyp_vmcr(void)
{
	return gic_version == 3 ? read_sysreg(ich_vmcr_el2) : mmio_read32(GICH_BASE + GICH_VMCR);
}

void gic_hyp_set_vmcr(uint64_t v)
{
	if (gic_version == 3) {
		write_sysreg(ich_vmcr_el2, v);
		isb();
	} else {
		mmio_write32(GICH_BASE + GICH_VMCR, (uint32_t)v);
		dsb_sy();
	}
}

uint64_t gic_hyp_misr(void)
{
	return gic_version == 3 ? read_sysreg(ich_misr_el2) : mmio_read32(GICH_BASE + GICH_MISR);
}

uint64_t gic_hyp_eisr(void)
{
	return gic_version == 3 ? read_sysreg(ich_eisr_el2) : mmio_read32(GICH_BASE + GICH_EISR0);
}

uint64_t gic_hyp_elrsr(void)
{
	return gic_version == 3 ? read_sysreg(ich_elrsr_el2)
				: mmio_read32(GICH_BASE + GICH_ELRSR0);
}

uint64_t gic_hyp_apr(void)
{
	return gic_version == 3 ? read_sysreg(ich_ap1r0_el2) : mmio_read32(GICH_BASE + GICH_APR);
}

void gic_hyp_set_apr(uint64_t v)
{
	if (gic_version == 3) {
		write_sysreg(ich_ap1r0_el2, v);
		isb();
	} else {
		mmio_write32(GICH_BASE + GICH_APR, (uint32_t)v);
		dsb_sy();
	}
}

uint64_t gic_hyp_read_lr(unsigned n)
{
	if (gic_version != 3)
		return mmio_read32(GICH_BASE + GICH_LR(n));
	switch (n) {
	case 0: return read_sysreg(ich_lr0_el2);
	case 1: return read_sysreg(ich_lr1_el2);
	case 2: return read_sysreg(ich_lr2_el2);
	case 3: return read_sysreg(ich_lr3_el2);
	}
	return 0;
}

void gic_hyp_write_lr(unsigned n, uint64_t v)
{
	if (gic_version != 3) {
		mmio_write32(GICH_BASE + GICH_LR(n), (uint32_t)v);
		dsb_sy();
		return;
	}
	switch (n) {
	case 0: write_sysreg(ich_lr0_el2, v); break;
	case 1: write_sysreg(ich_lr1_el2, v); break;
	case 2: write_sysreg(ich_lr2_el2, v); break;
	case 3: write_sysreg(ich_lr3_el2, v); break;
	}
	isb();
}

/*
 * GICH_LR<n> (IHI 0048B 5.3.11): VirtualID 9:0, PhysicalID 19:10 (HW = 1; with HW = 0
 * bit 19 is EOI and bits 12:10 the SGI source CPU), Priority 27:23, State 29:28, Grp1 30,
 * HW 31.
 * ICH_LR<n>_EL2 (IHI 0069, ICH_LR<n>_EL2): vINTID 31:0, pINTID 44:32 (HW = 1; with HW = 0 bit 41
 * is EOI), Priority 55:48, Group 60, HW 61, State 63:62.
 */
uint64_t gic_lr_encode(const struct gic_lr *lr)
{
	uint64_t v;
	if (gic_version == 3) {
		v = (uint64_t)lr->vintid | ((uint64_t)(lr->prio & 0xFF) << 48) |
		    ((uint64_t)(lr->state & 3) << 62);
		if (lr->group1)
			v |= BIT(60);
		if (lr->hw)
			v |= BIT(61) | ((uint64_t)(lr->pintid & 0x1FFF) << 32);
		else if (lr->eoi)
			v |= BIT(41);
	} else {
		v = (uint64_t)(lr->vintid & 0x3FF) | ((uint64_t)((lr->prio >> 3) & 0x1F) << 23) |
		    ((uint64_t)(lr->state & 3) << 28);
		if (lr->group1)
			v |= BIT(30);
		if (lr->hw)
			v |= BIT(31) | ((uint64_t)(lr->pintid & 0x3FF) << 10);
		else if (lr->eoi)
			v |= BIT(19);
	}
	return v;
}

struct gic_lr gic_lr_decode(uint64_t v)
{
	struct gic_lr lr;
	if (gic_version == 3) {
		lr.vintid = (unsigned)(v & 0xFFFFFFFF);
		lr.prio = (unsigned)(v >> 48) & 0xFF;
		lr.state = (unsigned)(v >> 62) & 3;
		lr.group1 = (v >> 60) & 1;
		lr.hw = (v >> 61) & 1;
		lr.pintid = lr.hw ? (unsigned)(v >> 32) & 0x1FFF : 0;
		lr.eoi = !lr.hw && ((v >> 41) & 1);
	} else {
		lr.vintid = (unsigned)v & 0x3FF;
		lr.prio = ((unsigned)(v >> 23) & 0x1F) << 3;
		lr.state = (unsigned)(v >> 28) & 3;
		lr.group1 = (v >> 30) & 1;
		lr.hw = (v >> 31) & 1;
		lr.pintid = lr.hw ? (unsigned)(v >> 10) & 0x3FF : 0;
		lr.eoi = !lr.hw && ((v >> 19) & 1);
	}
	return lr;
}

unsigned gic_lr_state(uint64_t v)
{
	return gic_version == 3 ? (unsigned)(v >> 62) & 3 : (unsigned)(v >> 28) & 3;
}

/*
 * GICH_VMCR: VMGrp0En 0, VMGrp1En 1, VEM 9, VMPriMask 31:27.
 * ICH_VMCR_EL2: VENG0 0, VENG1 1, VEOIM 9, VPMR 31:24.
 */
struct gic_vmcr gic_vmcr_decode(uint64_t v)
{
	struct gic_vmcr m;
	m.grp0_en = v & 1;
	m.grp1_en = (v >> 1) & 1;
	m.eoimode = (v >> 9) & 1;
	m.pmr = gic_version == 3 ? (unsigned)(v >> 24) & 0xFF : ((unsigned)(v >> 27) & 0x1F) << 3;
	return m;
}

/*
 * A guest with its own stage 1 under stage 2 (issue 3, ROM test (c)).
 *
 * Stage 2 (owned by EL2): 4 KB granule, 40-bit IPA from level 1 (two concatenated
 * tables).  It maps the ROM image identity (2 MB blocks), the guest's page-table pool
 * identity (4 KB pages, so that one table page can be taken away), and guest "RAM" at
 * IPA 0x80_0000_0000 + k * 4 KB to frame k at MMU_FRAME_BASE + k * 4 KB.
 *
 * Stage 1 (owned by the guest, 4 KB granule, 48-bit VA from level 0, tables in its pool):
 *   0x4000_0000, 0x4020_0000   2 MB blocks, identity (the ROM: code, data, stacks)
 *   T + 0x0000  -> frame 0, RW at EL1, Normal WB (MAIR index 0), Inner Shareable
 *   T + 0x1000  -> frame 1, read-only at EL1
 *   T + 0x2000  -> frame 2, AF = 0
 *   T + 0x3000     invalid
 *   T + 0x4000  -> frame 4, Normal Non-cacheable (index 2), nG, Outer Shareable
 *   T + 0x5000  -> IPA of frame 5, which stage 2 does not map
 *   T + 0x6000  -> IPA 1 << 40, beyond TCR_EL1.IPS = 40 bits: Address size fault
 *   T + 0x7000  -> frame 7, which stage 2 maps read-only and Device-nGnRE
 *   T + 0x8000  -> frame 8, which stage 2 maps Normal Non-cacheable
 *   W           -> frame 9, through a level 2 table whose page stage 2 does not map
 * and nothing at 0x8000_0000_0000 (level 0), 0x8000_0000 (level 1), 0x4800_0000 (level 2).
 *
 * Stage 1 faults are taken to EL1 (EC 0x25, ISV=0 in ESR_EL1); stage 2 faults to EL2
 * (EC 0x24), with S1PTW=1 and ISV=0 when stage 2 faults a stage 1 table walk, HPFAR_EL2
 * then holding the table's IPA and FAR_EL2 the guest VA.  AT S1E1*, S1E0R and S12E1R
 * from EL2, and AT S1E1R from EL1, fill PAR_EL1 (ARM ARM, PAR_EL1): success F=0 with
 * PA[47:12], SH (0b10 for Device and Normal Non-cacheable memory), ATTR (MAIR encoding of
 * the stage 1, or for S12 the combined stage 1 + 2, attributes), bit 11 RES1, NS
 * UNKNOWN in Non-secure state (not checked), bit 10 IMPLEMENTATION DEFINED (not checked);
 * fault F=1 with FST, PTW (a stage 2 fault on the stage 1 walk), S (stage 2), bit 11 RES1.
 * Bits 63:56 of the fault format are IMPLEMENTATION DEFINED (not checked).
 *
 * The hypervisor writes tables and frames with its MMU off while the guest walks and
 * accesses them cacheably: harmless on a simulator, which has no caches to keep
 * coherent (real hardware would need cache maintenance or Non-cacheable mappings).
 */
#include "mmu-test.h"

#define T_VA      UL(0x40600000)
#define W_VA      UL(0x008000000000) /* level 0 index 1 */
#define L0_VA     UL(0x800000000000) /* level 0 index 256: invalid */
#define L1_VA     UL(0x000080000000) /* level 1 index 2: invalid */
#define L2_VA     UL(0x48000000)     /* level 2 index 64 of L1[1]: invalid */
#define IPA_RAM   UL(0x8000000000)
#define FRAME_IPA(k) (IPA_RAM + (uint64_t)(k) * 0x1000)
#define FRAME_PA(k)  (MMU_FRAME_BASE + (uint64_t)(k) * 0x1000)
#define BIG_IPA   (UL(1) << 40)
#define GUEST_POOL_BASE (MMU_POOL_BASE + 0x800000)
#define GUEST_POOL_SIZE UL(0x200000)

/* The PAR_EL1 bits these tests do not check: NS / S share bit 9 (UNKNOWN in Non-secure
 * state for a success), bit 10 (IMPLEMENTATION DEFINED). */
#define PAR_OK_MASK (~(PAR_NS | BIT(10)))
#define PAR_FAULT_MASK (UL(0x00FFFFFFFFFFFFFF))

static struct pt_pool hyp_pool, guest_pool;
static struct pt s2, s1;
static uint64_t hole_ipa;     /* the page holding W's level 2 table */
static uint64_t guest_tcr, guest_ttbr;

/* ---- EL2: record stage 2 faults (with HPFAR), optionally fix the hole and retry ---- */
static struct s2_exc s2_last;
static unsigned s2_count;
static int fix_hole;

static void hyp_handler(struct rt_frame *f)
{
	s2_last.esr = f->esr;
	s2_last.far = f->far;
	s2_last.hpfar = read_sysreg(hpfar_el2);
	s2_last.elr = f->elr;
	s2_last.vec = f->vec;
	s2_count++;
	if (fix_hole && ESR_EC(f->esr) == EC_DABT_LOW &&
	    ((s2_last.hpfar >> 4) << 12) == hole_ipa) {
		pt_map_at(&s2, hole_ipa, hole_ipa, 3, PT_S2_RAM_RW | PT_XN);
		return; /* retry the access */
	}
	f->elr += 4; /* skip the faulting instruction */
}

static void s2_reset(void)
{
	s2_count = 0;
	s2_last.esr = s2_last.far = s2_last.hpfar = s2_last.elr = ~UL(0);
	rt_record_reset();
}

static void expect_s2(const char *name, uint64_t esr, uint64_t esr_mask, uint64_t elr,
		      uint64_t far, uint64_t ipa)
{
	rt_check_field(name, "count", s2_count, 1);
	rt_check_field(name, "esr", s2_last.esr & esr_mask, esr);
	rt_check_field(name, "elr", s2_last.elr, elr);
	rt_check_field(name, "far", s2_last.far, far);
	rt_check_field(name, "hpfar", s2_last.hpfar, HPFAR_OF(ipa));
	rt_check_field(name, "no-el1-exception", rt_exc_count, 0);
}

/* ---- the guest (EL1) ---- */
static uint64_t guest_mmu_on(uint64_t arg)
{
	(void)arg;
	write_sysreg(mair_el1, PT_MAIR);
	write_sysreg(tcr_el1, guest_tcr);
	write_sysreg(ttbr0_el1, guest_ttbr);
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
	return read_sysreg(sctlr_el1) & SCTLR_M;
}

static uint64_t guest_mmu_off(uint64_t arg)
{
	(void)arg;
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~(SCTLR_M | SCTLR_C | SCTLR_I));
	isb();
	return 0;
}

static uint64_t guest_read(uint64_t va) { return *(volatile uint64_t *)va; }
static uint64_t do_load(uint64_t va) { return AT_PC_IN("ldr x2, [%1]", va); }
static uint64_t do_store(uint64_t va) { return AT_PC_IN("str x3, [%1]", va); }
static uint64_t guest_at_s1e1r(uint64_t va)
{
	__asm__ volatile("at s1e1r, %0\n\tisb" ::"r"(va) : "memory");
	return read_sysreg(par_el1);
}
static uint64_t do_at_s1e1r(uint64_t va) { return AT_PC_IN("at s1e1r, %1", va); }

/* ---- AT from EL2 ---- */
#define AT_EL2(op, va)                                                              \
	({                                                                          \
		__asm__ volatile("at " op ", %0\n\tisb" ::"r"((uint64_t)(va)) : "memory"); \
		read_sysreg(par_el1);                                               \
	})

static void check_par_ok(const char *name, uint64_t par, uint64_t pa, unsigned attr,
			 unsigned sh)
{
	rt_check_field(name, "par", par & PAR_OK_MASK,
		       PAR_ATTR(attr) | (pa & PAR_PA_MASK) | PAR_RES1 | PAR_SH(sh));
}

static void check_par_fault(const char *name, uint64_t par, unsigned fst, int ptw, int s2)
{
	rt_check_field(name, "par", par & PAR_FAULT_MASK,
		       PAR_RES1 | (s2 ? PAR_S : 0) | (ptw ? PAR_PTW : 0) | PAR_FST(fst) | PAR_F);
}

static void build_tables(void)
{
	pt_pool_init(&hyp_pool, MMU_POOL_BASE, 0x800000);
	pt_pool_init(&guest_pool, GUEST_POOL_BASE, GUEST_POOL_SIZE);

	/* Stage 2. */
	pt_init_s2(&s2, &hyp_pool, 4096, 40, 1);
	pt_map(&s2, 0x40000000, 0x40000000, 0x400000, PT_S2_RAM_RW);
	pt_map_pages(&s2, GUEST_POOL_BASE, GUEST_POOL_BASE, GUEST_POOL_SIZE,
		     PT_S2_RAM_RW | PT_XN);
	for (unsigned k = 0; k < 16; k++) {
		uint64_t attrs = PT_S2_RAM_RW | PT_XN;
		if (k == 5)
			continue;
		if (k == 7)
			attrs = PT_S2_DEVICE_nGnRE | PT_S2AP_RO | PT_SH_INNER | PT_AF | PT_XN;
		if (k == 8)
			attrs = PT_S2_NORMAL_NC | PT_S2AP_RW | PT_SH_INNER | PT_AF | PT_XN;
		pt_map_at(&s2, FRAME_IPA(k), FRAME_PA(k), 3, attrs);
		for (uint64_t off = 0; off < 0x1000; off += 8)
			*(volatile uint64_t *)(FRAME_PA(k) + off) = (UL(0xC0DE) << 48) | (k << 16) | off;
	}

	/* Stage 1 (its tables are in the guest pool, where IPA = PA). */
	const uint64_t data = PT_ATTRIDX(PT_MAIR_IDX_WB) | PT_SH_INNER | PT_AF | PT_PXN | PT_UXN;
	pt_init_s1(&s1, &guest_pool, 4096, 48);
	pt_map(&s1, 0x40000000, 0x40000000, 0x400000, PT_S1_NORMAL_RW | PT_UXN);
	pt_map_at(&s1, T_VA + 0x0000, FRAME_IPA(0), 3, data | PT_AP_RW_EL1);
	pt_map_at(&s1, T_VA + 0x1000, FRAME_IPA(1), 3, data | PT_AP_RO_EL1);
	pt_map_at(&s1, T_VA + 0x2000, FRAME_IPA(2), 3, (data & ~PT_AF) | PT_AP_RW_EL1);
	pt_map_at(&s1, T_VA + 0x4000, FRAME_IPA(4), 3,
		  PT_ATTRIDX(PT_MAIR_IDX_NC) | PT_SH_OUTER | PT_AF | PT_NG | PT_PXN | PT_UXN);
	pt_map_at(&s1, T_VA + 0x5000, FRAME_IPA(5), 3, data);
	pt_map_at(&s1, T_VA + 0x6000, BIG_IPA, 3, data);
	pt_map_at(&s1, T_VA + 0x7000, FRAME_IPA(7), 3, data);
	pt_map_at(&s1, T_VA + 0x8000, FRAME_IPA(8), 3, data);
	pt_map_at(&s1, W_VA, FRAME_IPA(9), 3, data);
	hole_ipa = pt_entry_addr(&s1, W_VA, 2, 0) & ~UL(0xFFF);
	pt_set(&s2, hole_ipa, 3, 0);

	guest_tcr = pt_tcr_el1(&s1, pt_ps_encoding(40));
	guest_ttbr = pt_ttbr(&s1, 0);
}

static void test_at_from_el2(void)
{
	uint64_t par;

	par = AT_EL2("s1e1r", T_VA + 0x10);
	check_par_ok("at-s1e1r-el2-wb", par, FRAME_IPA(0), 0xFF, 3);
	par = AT_EL2("s12e1r", T_VA + 0x10);
	check_par_ok("at-s12e1r-el2-wb", par, FRAME_PA(0), 0xFF, 3);
	par = AT_EL2("s12e1w", T_VA + 0x18);
	check_par_ok("at-s12e1w-el2-wb", par, FRAME_PA(0), 0xFF, 3);
	par = AT_EL2("s1e1r", T_VA + 0x4000);
	check_par_ok("at-s1e1r-el2-nc", par, FRAME_IPA(4), 0x44, 2);
	/* Stage 1 WB combined with stage 2 Normal NC is NC; with stage 2 Device, Device. */
	par = AT_EL2("s12e1r", T_VA + 0x8000);
	check_par_ok("at-s12e1r-el2-s2nc", par, FRAME_PA(8), 0x44, 2);
	par = AT_EL2("s12e1r", T_VA + 0x7000);
	check_par_ok("at-s12e1r-el2-s2dev", par, FRAME_PA(7), 0x04, 2);

	par = AT_EL2("s1e1r", T_VA + 0x3000);
	check_par_fault("at-s1e1r-el2-trans-l3", par, FSC_TRANS(3), 0, 0);
	par = AT_EL2("s1e1r", L0_VA);
	check_par_fault("at-s1e1r-el2-trans-l0", par, FSC_TRANS(0), 0, 0);
	par = AT_EL2("s1e1r", L1_VA);
	check_par_fault("at-s1e1r-el2-trans-l1", par, FSC_TRANS(1), 0, 0);
	par = AT_EL2("s1e1r", L2_VA);
	check_par_fault("at-s1e1r-el2-trans-l2", par, FSC_TRANS(2), 0, 0);
	par = AT_EL2("s1e1w", T_VA + 0x1000);
	check_par_fault("at-s1e1w-el2-perm", par, FSC_PERM(3), 0, 0);
	par = AT_EL2("s1e1r", T_VA + 0x1000);
	check_par_ok("at-s1e1r-el2-ro", par, FRAME_IPA(1), 0xFF, 3);
	par = AT_EL2("s1e0r", T_VA);
	check_par_fault("at-s1e0r-el2-perm", par, FSC_PERM(3), 0, 0);
	par = AT_EL2("s1e1r", T_VA + 0x2000);
	check_par_fault("at-s1e1r-el2-access", par, FSC_ACCESS(3), 0, 0);
	par = AT_EL2("s1e1r", T_VA + 0x6000);
	check_par_fault("at-s1e1r-el2-addrsize", par, FSC_ADDR_SIZE(3), 0, 0);
	/* Stage 2 faults: on the final IPA (S=1, PTW=0), on the stage 1 walk (S=1, PTW=1). */
	par = AT_EL2("s12e1r", T_VA + 0x5000);
	check_par_fault("at-s12e1r-el2-s2-trans", par, FSC_TRANS(3), 0, 1);
	par = AT_EL2("s12e1w", T_VA + 0x7000);
	check_par_fault("at-s12e1w-el2-s2-perm", par, FSC_PERM(3), 0, 1);
	par = AT_EL2("s1e1r", W_VA);
	check_par_fault("at-s1e1r-el2-s1ptw", par, FSC_TRANS(3), 1, 1);
	par = AT_EL2("s12e1r", W_VA);
	check_par_fault("at-s12e1r-el2-s1ptw", par, FSC_TRANS(3), 1, 1);
}

static void expect_s1_fault(const char *name, uint64_t va, int store, unsigned fsc)
{
	rt_record_reset();
	s2_count = 0;
	uint64_t pc = rt_run_el1(store ? do_store : do_load, va);
	expect_exc_far(name, 1, VEC_CUR_SPX,
		       ESR_MAKE(EC_DABT_CUR, (store ? ISS_WNR : 0) | fsc), pc, SPSR_EL1h, va);
	rt_check_field(name, "no-el2-exception", s2_count, 0);
}

static void test_guest(void)
{
	uint64_t pc;

	CHECK("guest-load-wb", rt_run_el1(guest_read, T_VA + 0x10), (UL(0xC0DE) << 48) | 0x10);
	CHECK("guest-load-nc", rt_run_el1(guest_read, T_VA + 0x4ff8),
	      (UL(0xC0DE) << 48) | (4 << 16) | 0xff8);
	CHECK("guest-load-s2dev", rt_run_el1(guest_read, T_VA + 0x7008),
	      (UL(0xC0DE) << 48) | (7 << 16) | 8);
	CHECK("guest-load-ro", rt_run_el1(guest_read, T_VA + 0x1100),
	      (UL(0xC0DE) << 48) | (1 << 16) | 0x100);
	CHECK("guest-at-s1e1r", rt_run_el1(guest_at_s1e1r, T_VA + 0x123) & PAR_OK_MASK,
	      PAR_ATTR(0xFF) | FRAME_IPA(0) | PAR_RES1 | PAR_SH(3));

	/* Stage 1 faults, taken to EL1. */
	expect_s1_fault("s1-perm-store-ro", T_VA + 0x1008, 1, FSC_PERM(3));
	expect_s1_fault("s1-access-flag", T_VA + 0x2010, 0, FSC_ACCESS(3));
	expect_s1_fault("s1-access-flag-store", T_VA + 0x2018, 1, FSC_ACCESS(3));
	expect_s1_fault("s1-trans-l3", T_VA + 0x3000, 0, FSC_TRANS(3));
	expect_s1_fault("s1-trans-l2", L2_VA + 0x40, 0, FSC_TRANS(2));
	expect_s1_fault("s1-trans-l1", L1_VA + 0x80, 1, FSC_TRANS(1));
	expect_s1_fault("s1-trans-l0", L0_VA + 0x100, 0, FSC_TRANS(0));
	expect_s1_fault("s1-addr-size-l3", T_VA + 0x6000, 0, FSC_ADDR_SIZE(3));

	/* Stage 2 faults on the final IPA, taken to EL2 with the instruction syndrome. */
	s2_reset();
	pc = rt_run_el1(do_load, T_VA + 0x5008);
	expect_s2("s2-trans-load", ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(3, 0, 2, 1, 0, FSC_TRANS(3))),
		  ~UL(0), pc, T_VA + 0x5008, FRAME_IPA(5));
	s2_reset();
	pc = rt_run_el1(do_store, T_VA + 0x7010);
	expect_s2("s2-perm-store", ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(3, 0, 3, 1, 1, FSC_PERM(3))),
		  ~UL(0), pc, T_VA + 0x7010, FRAME_IPA(7));

	/*
	 * AT S1E1R at EL1 whose stage 1 walk faults at stage 2: a Data Abort to EL2 with
	 * S1PTW=1, CM=1 (a fault on an address translation instruction) and WnR=1 (always 1
	 * for cache maintenance and address translation instructions), ISV=0.
	 */
	s2_reset();
	pc = rt_run_el1(do_at_s1e1r, W_VA + 0x20);
	expect_s2("s1ptw-at-s1e1r-el1",
		  ESR_MAKE(EC_DABT_LOW, ISS_CM | ISS_S1PTW | ISS_WNR | FSC_TRANS(3)), ~UL(0), pc,
		  W_VA + 0x20, hole_ipa);

	/*
	 * A load whose stage 1 walk reads a table at an IPA that stage 2 does not map: a
	 * stage 2 Translation fault (level 3 of stage 2) with S1PTW=1 and ISV=0; FAR_EL2 is
	 * the guest VA and HPFAR_EL2 the table's IPA.  WnR is not checked: for a stage 2
	 * fault on a stage 1 walk the ARM ARM does not tie it to the access (a hardware
	 * update of the table would be a write).  The hypervisor maps the page and the
	 * load completes.
	 *
	 * The fault level is that of the stage 2 lookup that failed (level 3 here), not the
	 * stage 1 level at which the table was being read (level 2); QEMU 7.2 reports the
	 * latter, here and in the two AT checks above (listed in qemu-divergences).
	 */
	s2_reset();
	fix_hole = 1;
	pc = rt_run_el1(do_load, W_VA + 0x18);
	fix_hole = 0;
	expect_s2("s1ptw-load", ESR_MAKE(EC_DABT_LOW, ISS_S1PTW | FSC_TRANS(3)), ~ISS_WNR, pc,
		  W_VA + 0x18, hole_ipa);
	s2_reset();
	CHECK("s1ptw-load.value-after-fix", rt_run_el1(guest_read, W_VA + 0x18),
	      (UL(0xC0DE) << 48) | (9 << 16) | 0x18);
	CHECK("s1ptw-load.no-more-faults", s2_count + rt_exc_count, 0);
}

int main(void)
{
	rt_record_all();
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, hyp_handler);
	build_tables();

	write_sysreg(vtcr_el2, pt_vtcr(&s2, pt_ps_encoding(40)));
	write_sysreg(vttbr_el2, pt_vttbr(&s2, 5));
	write_sysreg(hcr_el2, HCR_RW | HCR_VM);
	isb();
	tlbi_vmalls12e1is();

	CHECK("guest-mmu-on", rt_run_el1(guest_mmu_on, 0), 1);
	test_at_from_el2();
	test_guest();
	rt_run_el1(guest_mmu_off, 0);

	write_sysreg(hcr_el2, HCR_RW);
	isb();
	tlbi_vmalls12e1is();
	return rt_summary("mmu-nested");
}

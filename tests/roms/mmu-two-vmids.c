/*
 * Two VMIDs, one IPA, two PAs (issue 3, ROM test (b)).
 *
 * Two stage 2 tables (64 KB granule, 40-bit IPA starting at level 2) both map the ROM's
 * RAM identity with one 512 MB block, and map the guest data page at IPA D to different
 * frames: PA_A for VMID 1, PA_B for VMID 2.  The hypervisor alternates the guests by
 * rewriting VTTBR_EL2 (base and VMID) with NO TLB maintenance: a TLB tagged by VMID must
 * give each guest its own frame every time (ARM ARM, "Use of VMIDs": TLB entries of the
 * EL1&0 regime are tagged with the VMID, so switching VMIDs needs no invalidation).
 *
 * Then the mapping of one VMID changes, with break-before-make and the maintenance the
 * ARM ARM requires when stage 2 changes: TLBI IPAS2E1IS for the IPA (stage 2 entries)
 * followed by TLBI VMALLE1IS (combined stage 1+2 entries), both for the VMID in
 * VTTBR_EL2; or TLBI VMALLS12E1IS.  The changed guest must see the new frame, the other
 * guest must still see its own, and an unmapped-and-invalidated IPA must fault.
 */
#include "mmu-test.h"

#define D_IPA    UL(0x8000000000) /* L2 index 1024 of a 64 KB-granule table */
#define GRANULE  UL(0x10000)
#define VAL(n)   (UL(0x1111111111111111) * (n))

static struct pt_pool pool;
static struct pt s2a, s2b;

/* Guest (EL1, MMU off: VA = IPA): read D, count our visits in D+8, return what we read. */
static uint64_t guest_rmw(uint64_t ipa)
{
	volatile uint64_t *p = (volatile uint64_t *)ipa;
	uint64_t v = p[0];
	p[1] = p[1] + 1;
	return v;
}

/* The same as a single instruction with a fixed register (for the fault syndrome). */
static uint64_t guest_load(uint64_t ipa) { return AT_PC_IN("ldr x2, [%1]", ipa); }

static uint64_t hpfar_seen;
static void hyp_record(struct rt_frame *f)
{
	hpfar_seen = read_sysreg(hpfar_el2);
	rt_record(f);
}

static void use_vmid(const struct pt *t, unsigned vmid)
{
	write_sysreg(vttbr_el2, pt_vttbr(t, vmid));
	isb();
}

static uint64_t frame(uint64_t n)
{
	uint64_t pa = MMU_FRAME_BASE + n * GRANULE;
	*(volatile uint64_t *)pa = VAL(n);
	*(volatile uint64_t *)(pa + 8) = 0;
	return pa;
}

static void build(struct pt *t, uint64_t data_pa)
{
	pt_init_s2(t, &pool, 65536, 40, 2);
	pt_map_at(t, 0x40000000, 0x40000000, 2, PT_S2_RAM_RW); /* 512 MB block */
	pt_map_at(t, D_IPA, data_pa, 3, PT_S2_RAM_RW | PT_XN);
}

/* Break-before-make of the level 3 entry for D in t, current VMID, using IPAS2E1IS. */
static void remap_ipas2(struct pt *t, uint64_t new_desc)
{
	pt_set(t, D_IPA, 3, 0);
	__asm__ volatile("dsb ishst\n\ttlbi ipas2e1is, %0\n\tdsb ish" ::"r"(D_IPA >> 12) : "memory");
	if (new_desc)
		pt_set(t, D_IPA, 3, new_desc);
	__asm__ volatile("tlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

int main(void)
{
	rt_record_all();
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, hyp_record);
	pt_pool_init(&pool, MMU_POOL_BASE, MMU_POOL_SIZE);

	const uint64_t pa_a = frame(1), pa_b = frame(2), pa_c = frame(3), pa_d = frame(4);
	build(&s2a, pa_a);
	build(&s2b, pa_b);
	CHECK("s2-64k-start-level", s2a.start_level, 2);
	CHECK("s2-64k-concat", s2a.concat, 1);
	CHECK("vtcr-64k", pt_vtcr(&s2a, 2), 0x80027058);
	write_sysreg(vtcr_el2, pt_vtcr(&s2a, 2));
	use_vmid(&s2a, 1);
	write_sysreg(hcr_el2, HCR_RW | HCR_VM);
	isb();
	tlbi_vmalls12e1is();

	/* Alternate without TLBI; each run also leaves the translation of D in the TLB. */
	unsigned bad_a = 0, bad_b = 0;
	for (int i = 0; i < 8; i++) {
		use_vmid(&s2a, 1);
		bad_a += rt_run_el1(guest_rmw, D_IPA) != VAL(1);
		use_vmid(&s2b, 2);
		bad_b += rt_run_el1(guest_rmw, D_IPA) != VAL(2);
	}
	CHECK("vmid1-sees-own-frame", bad_a, 0);
	CHECK("vmid2-sees-own-frame", bad_b, 0);
	CHECK("vmid1-visits", *(volatile uint64_t *)(pa_a + 8), 8);
	CHECK("vmid2-visits", *(volatile uint64_t *)(pa_b + 8), 8);

	/* Remap D in VMID 1 to PA_C: TLBI IPAS2E1IS + TLBI VMALLE1IS with VMID 1 current. */
	use_vmid(&s2a, 1);
	remap_ipas2(&s2a, (pa_c & PT_OA_MASK) | PT_S2_RAM_RW | PT_XN | PT_DESC_PAGE);
	CHECK("ipas2-vmid1-sees-new-frame", rt_run_el1(guest_rmw, D_IPA), VAL(3));
	use_vmid(&s2b, 2);
	CHECK("ipas2-vmid2-unaffected", rt_run_el1(guest_rmw, D_IPA), VAL(2));
	use_vmid(&s2a, 1);
	CHECK("ipas2-vmid1-again", rt_run_el1(guest_rmw, D_IPA), VAL(3));

	/* Remap D in VMID 2 to PA_D with TLBI VMALLS12E1IS (VMID 2 current). */
	use_vmid(&s2b, 2);
	pt_set(&s2b, D_IPA, 3, 0);
	tlbi_vmalls12e1is();
	pt_set(&s2b, D_IPA, 3, (pa_d & PT_OA_MASK) | PT_S2_RAM_RW | PT_XN | PT_DESC_PAGE);
	isb();
	CHECK("vmalls12-vmid2-sees-new-frame", rt_run_el1(guest_rmw, D_IPA), VAL(4));
	use_vmid(&s2a, 1);
	CHECK("vmalls12-vmid1-unaffected", rt_run_el1(guest_rmw, D_IPA), VAL(3));
	CHECK("vmid1-visits-c", *(volatile uint64_t *)(pa_c + 8), 3);
	CHECK("vmid2-visits-d", *(volatile uint64_t *)(pa_d + 8), 1);

	/* Unmap D in VMID 1 and invalidate: the next access must take a stage 2 Translation
	 * fault at level 3 even though the old translation was just used. */
	remap_ipas2(&s2a, 0);
	rt_record_reset();
	uint64_t pc = rt_run_el1(guest_load, D_IPA + 0x40);
	expect_exc_far("unmapped-vmid1", 2, VEC_LOWER_A64,
		       ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(3, 0, 2, 1, 0, FSC_TRANS(3))), pc,
		       SPSR_EL1h, D_IPA + 0x40);
	rt_check_field("unmapped-vmid1", "hpfar", hpfar_seen, HPFAR_OF(D_IPA));
	use_vmid(&s2b, 2);
	CHECK("unmapped-vmid2-unaffected", rt_run_el1(guest_rmw, D_IPA), VAL(4));

	write_sysreg(hcr_el2, HCR_RW);
	isb();
	tlbi_vmalls12e1is();
	return rt_summary("mmu-two-vmids");
}

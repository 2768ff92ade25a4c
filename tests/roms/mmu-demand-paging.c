/*
 * Demand paging by a hypervisor (issue 3, ROM test (a)).
 *
 * EL2 starts a guest at EL1 with stage 2 enabled (HCR_EL2.VM=1) and an EMPTY stage 2
 * table: 4 KB granule, 40-bit IPA (T0SZ=24) starting at level 1, i.e. two concatenated
 * level-1 tables.  The guest runs with its own MMU off, so its VAs are IPAs.  Every
 * instruction fetch from a new code page and every load/store to a new data page takes a
 * stage 2 Translation fault to EL2 (EC 0x20 / 0x24), at level 1, 2 or 3 depending on how
 * much of the table already exists.  The hypervisor compares the syndrome with the
 * expected one (ESR_EL2 including the full ISS, FAR_EL2 = the guest VA, HPFAR_EL2 =
 * IPA[47:12] << 4, ELR_EL2), maps the page, and ERETs to retry the instruction.  No TLB
 * maintenance is needed: Translation faults are never cached in a TLB.
 *
 * The guest is hand-written assembly so that every access is known: code pages G0, G1
 * (identity mapped when they fault) and G2 (run at IPA 0x80_8000_0000, an address with
 * no RAM behind it, which the hypervisor maps to G2's PA), data pages at IPAs from
 * 0x80_0000_0000 (the second concatenated table) backed by frames the hypervisor fills
 * with value(ipa) = ipa ^ PATTERN for every doubleword.
 */
#include "mmu-test.h"

#define PATTERN UL(0xF0E1D2C3B4A59687)
#define D_IPA   UL(0x8000000000)   /* guest data, L1 index 512 */
#define D2_IPA  UL(0x8040000000)   /* L1 index 513 */
#define G2_IPA  UL(0x8080000000)   /* where the guest runs page G2, L1 index 514 */

/* The guest.  Register use: x19 = return address, x20/x21/x22/x23 = data pointers,
 * x25/x26 = branch targets; results in x1..x8; x0 = their sum on return. */
__asm__(
	".pushsection .text.mmu_dp_guest, \"ax\"\n"
	".balign 4096\n"
	".global dp_g0, dp_a1, dp_a2, dp_a3, dp_a4, dp_a5, dp_g1, dp_a6, dp_g2, dp_a7, dp_g3\n"
	"dp_g0:\n"
	"	mov	x19, x30\n"
	"	movz	x20, #0x80, lsl #32\n"          /* D_IPA */
	"dp_a1:	ldr	x1, [x20, #0x10]\n"              /* L1 fault: SAS=3 SRT=1 SF=1 */
	"	add	x21, x20, #0x1000\n"
	"dp_a2:	ldr	w2, [x21, #0x8]\n"               /* L3 fault: SAS=2 SRT=2 SF=0 */
	"	add	x22, x20, #0x200000\n"
	"	mov	w3, #0x5aa5\n"
	"dp_a3:	strh	w3, [x22, #0x22]\n"              /* L2 fault: SAS=1 SRT=3 WnR=1 */
	"	movz	x23, #0x80, lsl #32\n"
	"	movk	x23, #0x4000, lsl #16\n"        /* D2_IPA */
	"dp_a4:	ldrsb	x4, [x23, #5]\n"                 /* L1 fault: SAS=0 SSE=1 SRT=4 SF=1 */
	"	add	x9, x22, #0x1000\n"
	"dp_a5:	ldar	w8, [x9]\n"                      /* L3 fault: SAS=2 SRT=8 AR=1 */
	"	b	dp_g1\n"                         /* L3 instruction fault on G1 */
	".balign 4096\n"
	"dp_g1:\n"
	"	add	x24, x20, #0x3000\n"
	"dp_a6:	stp	x1, x2, [x24]\n"                 /* L3 fault, store pair: ISV=0 */
	"	movz	x25, #0x80, lsl #32\n"
	"	movk	x25, #0x8000, lsl #16\n"        /* G2_IPA: L1 instruction fault */
	"	adr	x26, 1f\n"
	"	br	x25\n"
	"1:	add	x0, x1, x2\n"
	"	add	x0, x0, x4\n"
	"	add	x0, x0, x5\n"
	"	add	x0, x0, x7\n"
	"	add	x0, x0, x8\n"
	"	mov	x30, x19\n"
	"	ret\n"                                  /* L3 instruction fault on the trampoline */
	".balign 4096\n"
	"dp_g2:\n"                                      /* runs at G2_IPA */
	"	ldr	x5, [x20, #0x10]\n"              /* mapped already: no fault */
	"dp_a7:	ldr	x7, [x20, #0x2008]\n"            /* L3 fault: SAS=3 SRT=7, ELR in G2_IPA */
	"	br	x26\n"
	".balign 4096\n"
	"dp_g3:\n"
	".popsection\n");
extern char dp_g0[], dp_a1[], dp_a2[], dp_a3[], dp_a4[], dp_a5[], dp_g1[], dp_a6[], dp_g2[],
	dp_a7[], dp_g3[];
extern char rt_return_from_el1[];

static struct pt_pool pool;
static struct pt s2;
static uint64_t next_frame = MMU_FRAME_BASE;

#define MAX_FAULTS 16
static struct s2_exc faults[MAX_FAULTS];
static unsigned nfaults;

static uint64_t value_at(uint64_t ipa) { return ipa ^ PATTERN; }

/* A fresh frame for the data page at ipa, filled with value_at() of each doubleword. */
static uint64_t new_data_frame(uint64_t ipa)
{
	uint64_t pa = next_frame;
	next_frame += 4096;
	for (uint64_t off = 0; off < 4096; off += 8)
		*(volatile uint64_t *)(pa + off) = value_at(ipa + off);
	return pa;
}

/* The PA behind a guest page, as a hypervisor's memory map would say. */
static uint64_t backing(uint64_t ipa, uint64_t *attrs)
{
	if (ipa == G2_IPA) {
		*attrs = PT_S2_RAM_RW;
		return (uint64_t)dp_g2;
	}
	if (ipa >= D_IPA && ipa < D_IPA + (UL(1) << 32)) {
		*attrs = PT_S2_RAM_RW | PT_XN;
		return new_data_frame(ipa);
	}
	/* The guest's own code and the runtime's return trampoline: identity. */
	*attrs = PT_S2_RAM_RW;
	return ipa;
}

static void dp_hyp_handler(struct rt_frame *f)
{
	if (f->vec != VEC_LOWER_A64 + VEC_SYNC)
		mmu_test_abort("dp: unexpected exception at EL2", f);
	if (nfaults == MAX_FAULTS)
		mmu_test_abort("dp: too many stage 2 faults", f);
	struct s2_exc *e = &faults[nfaults++];
	e->esr = f->esr;
	e->far = f->far;
	e->hpfar = read_sysreg(hpfar_el2);
	e->elr = f->elr;
	e->vec = f->vec;
	unsigned ec = ESR_EC(f->esr);
	if (ec != EC_DABT_LOW && ec != EC_IABT_LOW)
		mmu_test_abort("dp: not a stage 2 abort", f);

	uint64_t ipa = (e->hpfar >> 4) << 12, attrs;
	uint64_t pa = backing(ipa, &attrs);
	if (pt_map_at(&s2, ipa, pa, 3, attrs))
		mmu_test_abort("dp: cannot map", f);
	/* ELR unchanged: the ERET retries the access. */
}

struct expect {
	const char *name;
	uint64_t esr, far, ipa, elr;
};

int main(void)
{
	rt_record_all();
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, dp_hyp_handler);

	pt_pool_init(&pool, MMU_POOL_BASE, MMU_POOL_SIZE);
	CHECK("s2-init", pt_init_s2(&s2, &pool, 4096, 40, 1), 0);
	CHECK("s2-concatenated-tables", s2.concat, 2);
	CHECK("vtcr", pt_vtcr(&s2, pt_ps_encoding(40)), 0x80023058);
	write_sysreg(vtcr_el2, pt_vtcr(&s2, pt_ps_encoding(40)));
	write_sysreg(vttbr_el2, pt_vttbr(&s2, 1));
	write_sysreg(hcr_el2, HCR_RW | HCR_VM);
	isb();
	tlbi_vmalls12e1is();

	uint64_t result = rt_run_el1((rt_lower_fn)(void *)dp_g0, 0);

	write_sysreg(hcr_el2, HCR_RW);
	isb();
	tlbi_vmalls12e1is();

	const uint64_t g2_elr = G2_IPA + (uint64_t)(dp_a7 - dp_g2);
	const uint64_t ret = (uint64_t)rt_return_from_el1;
	const struct expect exp[] = {
		{ "dp-ifetch-g0-l1", ESR_MAKE(EC_IABT_LOW, FSC_TRANS(1)), (uint64_t)dp_g0,
		  (uint64_t)dp_g0, (uint64_t)dp_g0 },
		{ "dp-ldr-x1-l1", ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(3, 0, 1, 1, 0, FSC_TRANS(1))),
		  D_IPA + 0x10, D_IPA, (uint64_t)dp_a1 },
		{ "dp-ldr-w2-l3", ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(2, 0, 2, 0, 0, FSC_TRANS(3))),
		  D_IPA + 0x1008, D_IPA + 0x1000, (uint64_t)dp_a2 },
		{ "dp-strh-w3-l2", ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(1, 0, 3, 0, 1, FSC_TRANS(2))),
		  D_IPA + 0x200022, D_IPA + 0x200000, (uint64_t)dp_a3 },
		{ "dp-ldrsb-x4-l1",
		  ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(0, 1, 4, 1, 0, FSC_TRANS(1))), D2_IPA + 5,
		  D2_IPA, (uint64_t)dp_a4 },
		{ "dp-ldar-w8-l3",
		  ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(2, 0, 8, 0, 0, FSC_TRANS(3)) | ISS_AR),
		  D_IPA + 0x201000, D_IPA + 0x201000, (uint64_t)dp_a5 },
		{ "dp-ifetch-g1-l3", ESR_MAKE(EC_IABT_LOW, FSC_TRANS(3)), (uint64_t)dp_g1,
		  (uint64_t)dp_g1, (uint64_t)dp_g1 },
		/* A store pair has no instruction syndrome: ISV=0 and SAS..AR zero. */
		{ "dp-stp-l3", ESR_MAKE(EC_DABT_LOW, ISS_WNR | FSC_TRANS(3)), D_IPA + 0x3000,
		  D_IPA + 0x3000, (uint64_t)dp_a6 },
		{ "dp-ifetch-g2-l1", ESR_MAKE(EC_IABT_LOW, FSC_TRANS(1)), G2_IPA, G2_IPA, G2_IPA },
		{ "dp-ldr-x7-l3-from-g2",
		  ESR_MAKE(EC_DABT_LOW, ISS_DABT_ISV(3, 0, 7, 1, 0, FSC_TRANS(3))), D_IPA + 0x2008,
		  D_IPA + 0x2000, g2_elr },
		{ "dp-ifetch-trampoline-l3", ESR_MAKE(EC_IABT_LOW, FSC_TRANS(3)), ret,
		  ret & ~UL(0xFFF), ret },
	};
	const unsigned n = sizeof(exp) / sizeof(exp[0]);
	CHECK("dp-fault-count", nfaults, n);
	for (unsigned i = 0; i < n && i < nfaults; i++) {
		rt_check_field(exp[i].name, "esr", faults[i].esr, exp[i].esr);
		rt_check_field(exp[i].name, "far", faults[i].far, exp[i].far);
		rt_check_field(exp[i].name, "hpfar", faults[i].hpfar, HPFAR_OF(exp[i].ipa));
		rt_check_field(exp[i].name, "elr", faults[i].elr, exp[i].elr);
	}

	/* What the guest computed and stored. */
	const uint64_t x1 = value_at(D_IPA + 0x10);
	const uint64_t x2 = (uint32_t)value_at(D_IPA + 0x1008);
	const uint64_t x4 = (uint64_t)(int64_t)(int8_t)(value_at(D2_IPA) >> 40);
	const uint64_t x5 = x1;
	const uint64_t x7 = value_at(D_IPA + 0x2008);
	const uint64_t x8 = (uint32_t)value_at(D_IPA + 0x201000);
	CHECK("dp-ldrsb-value", x4, 0xFFFFFFFFFFFFFFD2);
	CHECK("dp-guest-result", result, x1 + x2 + x4 + x5 + x7 + x8);
	uint64_t pa;
	pt_lookup(&s2, D_IPA + 0x200022, &pa, NULL);
	CHECK("dp-strh-stored", *(volatile uint16_t *)pa, 0x5aa5);
	CHECK("dp-strh-neighbour-kept", *(volatile uint16_t *)(pa + 2),
	      (uint16_t)(value_at(D_IPA + 0x200020) >> 32));
	pt_lookup(&s2, D_IPA + 0x3000, &pa, NULL);
	CHECK("dp-stp-stored-x1", *(volatile uint64_t *)pa, x1);
	CHECK("dp-stp-stored-x2", *(volatile uint64_t *)(pa + 8), x2);
	CHECK("dp-g2-lookup", pt_lookup(&s2, G2_IPA, &pa, NULL), 3);
	CHECK("dp-g2-pa", pa, (uint64_t)dp_g2);
	return rt_summary("mmu-demand-paging");
}

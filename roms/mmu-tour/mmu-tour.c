/*
 * mmu-tour: a first lesson in two-stage address translation (read docs/mmu.md with it).
 *
 * A guest OS at EL1 owns stage 1: its tables turn a virtual address (VA) into an
 * intermediate physical address (IPA), which the guest believes is physical.  A hypervisor
 * at EL2 owns stage 2: its tables turn the IPA into the real physical address (PA).  Here
 * the three address spaces are chosen to look nothing alike:
 *
 *     VA  0xffff8123_45678ab0   (the guest kernel's TTBR1 half)
 *     IPA 0x80006ab0            (guest "RAM" starts at IPA 0x8000_0000)
 *     PA  0x40206ab0            (the hypervisor backs it with PA 0x4020_0000..)
 *
 * The tour: EL2 builds stage 2 (4 KB granule, 44-bit IPA, four levels) and enters the guest;
 * the guest builds its stage 1 (4 KB granule, 48-bit VA, four levels) with its MMU off,
 * turns the MMU on and performs ONE load, then asks where the data is with AT S1E1R (the
 * IPA) and, through a hypercall, AT S12E1R at EL2 (the PA).  The hypervisor repeats the
 * nested walk by hand: 4 stage 1 descriptors, each at an IPA that stage 2 must translate,
 * plus the final IPA: 4 + 5 x 4 = 24 descriptor reads.  Finally the guest stores to an IPA
 * the hypervisor has not backed yet: a stage 2 fault, decoded at EL2, which maps a frame
 * and resumes the guest (demand paging).
 *
 * Memory coherency: tables and data are written with the writer's MMU off (Non-cacheable)
 * and walked with Non-cacheable walks (TCR IRGN/ORGN = 0), so no cache maintenance is
 * needed for the tables; the one cacheable read of data written Non-cacheable is safe here
 * because nothing could have cached that line before.
 */
#include "pagetable.h"
#include "rt.h"

/* ---- the layout ---- */
#define UART_ADDR   UL(0x09000000) /* PL011: IPA = PA, Device */
#define ROM_ADDR    UL(0x40000000) /* this image (code, data, stacks): IPA = PA, 2 MB */

#define GUEST_IPA   UL(0x80000000) /* guest RAM as the guest sees it ... */
#define GUEST_PA    UL(0x40200000) /* ... and where the hypervisor keeps it */
#define GUEST_PAGES 8              /* backed from the start; the rest on demand */
#define S2_POOL_PA  UL(0x40400000) /* the hypervisor's stage 2 tables (not guest-visible) */
#define FREE_FRAME  UL(0x40300000) /* a free frame for demand paging */

#define GUEST_PT_IPA  GUEST_IPA             /* the guest's stage 1 tables: pages 0..5 */
#define GUEST_PT_SIZE UL(0x6000)
#define DATA_IPA      (GUEST_IPA + 0x6000)  /* page 6: the data of the one load */
#define LAZY_IPA      (GUEST_IPA + 0x10000) /* a page of guest RAM not backed yet */

#define THE_VA   UL(0xffff812345678ab0)     /* the one load */
#define LAZY_VA  (THE_VA + 0x1000)          /* the demand-paged store */
#define VALUE    UL(0xcafef00dd00dfeed)
#define VALUE2   UL(0x0123456789abcdef)

#define VMID 7
#define ASID 1
#define HVC_WHERE 1 /* hypercall: "which PA is the VA in x0?" */

#define PAGE_MASK UL(0x0000fffffffff000)

/* ======================= EL2: the hypervisor ======================= */

static struct pt_pool s2_pool;
static struct pt s2;

static void tlbi_vmalls12e1is(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
}

static void build_stage2(void)
{
	pt_pool_init(&s2_pool, S2_POOL_PA, 0x10000);
	pt_init_s2(&s2, &s2_pool, 4096, 44, 0);
	pt_map_at(&s2, UART_ADDR, UART_ADDR, 3, PT_S2_DEVICE_nGnRE | PT_S2AP_RW | PT_AF | PT_XN);
	pt_map_at(&s2, ROM_ADDR, ROM_ADDR, 2, PT_S2_RAM_RW);
	pt_map_pages(&s2, GUEST_IPA, GUEST_PA, GUEST_PAGES * 0x1000, PT_S2_RAM_RW | PT_XN);
}

/* PAR_EL1 after a successful AT: PA[47:12], ATTR (MAIR format) in 63:56, SH in 8:7. */
static void describe_par(unsigned el, const char *what, uint64_t par, uint64_t va)
{
	if (par & 1) {
		rt_say(el, "PAR_EL1 = 0x%016lx: F=1, the translation faulted, FST=0x%02lx\n", par,
		    (par >> 1) & 0x3f);
		return;
	}
	rt_say(el, "PAR_EL1 = 0x%016lx: F=0 (success), %s = 0x%lx | offset 0x%lx = 0x%lx,\n"
		"      ATTR=0x%02lx (Normal, Write-Back), SH=%lu (Inner Shareable)\n",
	    par, what, par & PAGE_MASK, va & 0xfff, (par & PAGE_MASK) | (va & 0xfff), par >> 56,
	    (par >> 7) & 3);
}

/* The walk the MMU did for va, redone in software from the registers and the tables. */
static void walk_by_hand(uint64_t va)
{
	uint64_t table = read_sysreg(ttbr1_el1) & PAGE_MASK, desc = 0, pa;
	unsigned reads = 0;
	rt_say(2, "The nested walk the MMU did for that load, redone by hand (4 KB granule):\n");
	rt_printf("      TTBR1_EL1 holds the IPA 0x%lx of the guest's level 0 table.\n", table);
	for (int level = 0; level <= 3; level++) {
		unsigned shift = 39 - 9 * (unsigned)level;
		uint64_t index = (va >> shift) & 0x1ff;
		uint64_t entry_ipa = table + index * 8;
		int s2_level = pt_lookup(&s2, entry_ipa, &pa, NULL);
		unsigned s2_reads = (unsigned)(s2_level - s2.start_level + 1);
		desc = *(volatile uint64_t *)pa;
		reads += s2_reads + 1;
		rt_printf("      S1 L%d: VA[%u:%u]=0x%03lx, entry at IPA 0x%lx -> S2 walk (%u reads) -> "
			  "PA 0x%lx\n             = 0x%016lx: %s IPA 0x%lx\n",
			  level, shift + 8, shift, index, entry_ipa, s2_reads, pa, desc,
			  level < 3 ? "next table at" : "page at", desc & PAGE_MASK);
		table = desc & PAGE_MASK;
	}
	uint64_t ipa = (desc & PAGE_MASK) | (va & 0xfff);
	int s2_level = pt_lookup(&s2, ipa, &pa, NULL);
	unsigned s2_reads = (unsigned)(s2_level - s2.start_level + 1);
	reads += s2_reads;
	rt_printf("      final:  IPA 0x%lx (+ VA[11:0]) -> S2 walk (%u reads) -> PA 0x%lx\n", ipa,
		  s2_reads, pa);
	rt_printf("      descriptor reads: 4 at stage 1 + 5 stage 2 walks x 4 = %u\n", reads);
}

static void hyp_hypercall(struct rt_frame *f)
{
	uint64_t va = f->x[0];
	rt_say(2, "Hypercall HVC #%lu from the guest: where is VA 0x%lx?\n", f->esr & 0xffff, va);
	rt_say(2, "AT S12E1R (stage 1 + stage 2 of the EL1&0 regime, as a read):\n");
	__asm__ volatile("at s12e1r, %0\n\tisb" ::"r"(va) : "memory");
	uint64_t par = read_sysreg(par_el1);
	describe_par(2, "PA", par, va);
	walk_by_hand(va);
	uint64_t pa = (par & PAGE_MASK) | (va & 0xfff);
	rt_say(2, "With my MMU off I read PA 0x%lx directly: 0x%016lx.\n", pa,
	    *(volatile uint64_t *)pa);
	f->x[0] = pa; /* HVC's return address is already the next instruction */
}

/* A stage 2 Data Abort: show the syndrome, back the page, retry the access. */
static void hyp_stage2_fault(struct rt_frame *f)
{
	uint64_t esr = f->esr, iss = ESR_ISS(esr);
	uint64_t hpfar = read_sysreg(hpfar_el2);
	uint64_t ipa_page = (hpfar >> 4) << 12;
	unsigned srt = (unsigned)(iss >> 16) & 31;
	rt_printf("\n  ==> a Data Abort from EL1 was taken to EL2 (VBAR_EL2 + 0x%03lx)\n", f->vec);
	rt_say(2, "ESR_EL2 = 0x%08lx: EC 0x%02lx = %s\n", esr, ESR_EC(esr), rt_ec_name(ESR_EC(esr)));
	rt_printf("      ISV=%lu: the syndrome describes the instruction: SAS=%lu (%u-byte access), "
		  "SSE=%lu,\n      SRT=%u (register x%u), SF=%lu (64-bit register), AR=%lu\n",
		  (iss >> 24) & 1, (iss >> 22) & 3, 1u << ((iss >> 22) & 3), (iss >> 21) & 1, srt,
		  srt, (iss >> 15) & 1, (iss >> 14) & 1);
	rt_printf("      FnV=%lu EA=%lu CM=%lu S1PTW=%lu (not during the stage 1 walk) WnR=%lu (%s)\n",
		  (iss >> 10) & 1, (iss >> 9) & 1, (iss >> 8) & 1, (iss >> 7) & 1, (iss >> 6) & 1,
		  (iss >> 6) & 1 ? "a write" : "a read");
	rt_printf("      DFSC=0x%02lx: %s fault, level %lu (of my stage 2 tables)\n", iss & 0x3f,
		  (iss & 0x3c) == 0x04 ? "translation" : (iss & 0x3c) == 0x0c ? "permission" : "other",
		  iss & 3);
	rt_say(2, "FAR_EL2   = 0x%lx (the guest's VA)\n", f->far);
	rt_say(2, "HPFAR_EL2 = 0x%lx: FIPA = IPA[47:12], so the IPA is 0x%lx + FAR[11:0] = 0x%lx\n",
	    hpfar, ipa_page, ipa_page | (f->far & 0xfff));
	rt_say(2, "ISV=1 means I could emulate this access without decoding the instruction:\n"
	       "      store the 8 bytes of x%u = 0x%016lx (that is how MMIO is emulated).\n",
	    srt, f->x[srt]);
	if (ESR_EC(esr) != EC_DABT_LOW || (iss & 0x3c) != 0x04 || ipa_page != LAZY_IPA) {
		rt_printf("FAIL not the fault this tour expects\n");
		semihost_exit(1);
	}
	rt_say(2, "But IPA 0x%lx is guest RAM that I have not backed yet: demand paging.\n",
	    ipa_page);
	for (uint64_t off = 0; off < 0x1000; off += 8)
		*(volatile uint64_t *)(FREE_FRAME + off) = 0;
	pt_map_at(&s2, ipa_page, FREE_FRAME, 3, PT_S2_RAM_RW | PT_XN);
	rt_say(2, "Zeroed the free frame PA 0x%lx; stage 2 level 3 entry for IPA 0x%lx\n"
	       "      = 0x%016lx (page, S2AP read/write, Normal WB, AF=1, XN); DSB ISH.\n"
	       "      No TLBI: an invalid entry is never cached in a TLB.\n",
	    FREE_FRAME, ipa_page, pt_get(&s2, ipa_page, 3));
	rt_say(2, "ERET with ELR_EL2 = 0x%lx unchanged: the guest's store runs again.\n", f->elr);
	rt_printf("  <== back to EL1\n\n");
}

static void hyp_handler(struct rt_frame *f)
{
	if (ESR_EC(f->esr) == EC_HVC64 && (f->esr & 0xffff) == HVC_WHERE)
		hyp_hypercall(f);
	else if (ESR_EC(f->esr) == EC_DABT_LOW)
		hyp_stage2_fault(f);
	else {
		rt_printf("FAIL unexpected exception at EL2\n");
		rt_describe_exception(f);
		semihost_exit(1);
	}
}

/* ======================= EL1: the guest ======================= */

static struct pt_pool g_pool;
static struct pt g_s1_lo, g_s1_hi; /* the TTBR0 and TTBR1 trees */

static uint64_t guest_tcr(void)
{
	return 16                 /* T0SZ = 16: TTBR0 covers VA 0x0000_0000_0000_0000 .. 2^48 - 1 */
	       | (UL(3) << 12)    /* SH0 Inner Shareable; IRGN0 = ORGN0 = 0: Non-cacheable walks */
	       | (UL(0) << 14)    /* TG0 = 4 KB */
	       | (UL(16) << 16)   /* T1SZ = 16: TTBR1 covers VA 0xffff_0000_0000_0000 .. */
	       | (UL(3) << 28)    /* SH1 Inner Shareable; IRGN1 = ORGN1 = 0 */
	       | (UL(2) << 30)    /* TG1 = 4 KB (TG1 encodes granules differently from TG0) */
	       | (UL(4) << 32);   /* IPS = 44 bits */
}

static void guest_build_stage1(void)
{
	const uint64_t device = PT_ATTRIDX(PT_MAIR_IDX_nGnRE) | PT_AP_RW_EL1 | PT_AF | PT_PXN | PT_UXN;
	const uint64_t data = PT_S1_NORMAL_RW | PT_PXN | PT_UXN;

	pt_pool_init(&g_pool, GUEST_PT_IPA, GUEST_PT_SIZE);
	pt_init_s1(&g_s1_lo, &g_pool, 4096, 48);
	pt_map_at(&g_s1_lo, 0, 0, 1, device);                       /* 1 GB: UART */
	pt_map_at(&g_s1_lo, ROM_ADDR, ROM_ADDR, 1, PT_S1_NORMAL_RW | PT_UXN); /* 1 GB: code */
	pt_init_s1(&g_s1_hi, &g_pool, 4096, 48);
	pt_map_at(&g_s1_hi, THE_VA, DATA_IPA, 3, data);
	pt_map_at(&g_s1_hi, LAZY_VA, LAZY_IPA, 3, data);
}

static uint64_t guest_main(uint64_t arg)
{
	(void)arg;
	rt_say(1, "I am the guest kernel.  My MMU is off, so my addresses are IPAs; the\n"
	       "      hypervisor's stage 2 still translates every one of them.\n");
	guest_build_stage1();
	rt_say(1, "Built my stage 1 tables (4 KB granule, 48-bit VAs, levels 0-3) in my RAM:\n"
	       "      TTBR0 tree at IPA 0x%lx: identity 1 GB blocks, VA 0x0 (Device: UART)\n"
	       "                               and VA 0x40000000 (Normal: my code and stack)\n"
	       "      TTBR1 tree at IPA 0x%lx: page VA 0x%lx -> IPA 0x%lx\n"
	       "                               page VA 0x%lx -> IPA 0x%lx\n",
	    g_s1_lo.root, g_s1_hi.root, THE_VA & ~UL(0xfff), DATA_IPA, LAZY_VA & ~UL(0xfff),
	    LAZY_IPA);
	*(volatile uint64_t *)(DATA_IPA | (THE_VA & 0xfff)) = VALUE;
	rt_say(1, "Stored 0x%lx at IPA 0x%lx (MMU off: VA = IPA).\n", VALUE,
	    DATA_IPA | (THE_VA & 0xfff));

	write_sysreg(mair_el1, PT_MAIR);
	write_sysreg(tcr_el1, guest_tcr());
	write_sysreg(ttbr0_el1, pt_ttbr(&g_s1_lo, ASID));
	write_sysreg(ttbr1_el1, g_s1_hi.root);
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	rt_say(1, "MAIR_EL1 = 0x%lx, TCR_EL1 = 0x%lx,\n"
	       "      TTBR0_EL1 = 0x%lx (ASID %u), TTBR1_EL1 = 0x%lx.  TLBI VMALLE1.\n",
	    read_sysreg(mair_el1), read_sysreg(tcr_el1), read_sysreg(ttbr0_el1), ASID,
	    read_sysreg(ttbr1_el1));
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | BIT(2) | BIT(12));
	isb();
	rt_say(1, "SCTLR_EL1.M=1: my MMU is on.  Every access is now VA -> IPA -> PA.\n\n");

	register uint64_t x0 __asm__("x0");
	register uint64_t x1 __asm__("x1") = THE_VA;
	__asm__ volatile("ldr x0, [x1]" : "=r"(x0) : "r"(x1) : "memory");
	uint64_t value = x0;
	rt_say(1, "ONE load: ldr x0, [x1] with x1 = 0x%lx  ->  x0 = 0x%lx\n", THE_VA, value);

	__asm__ volatile("at s1e1r, %0\n\tisb" ::"r"(THE_VA) : "memory");
	uint64_t par = read_sysreg(par_el1);
	rt_say(1, "AT S1E1R (my stage 1 only, as a read):\n");
	describe_par(1, "IPA", par, THE_VA);

	rt_say(1, "Only the hypervisor knows the PA.  hvc #%u with x0 = the VA:\n", HVC_WHERE);
	register uint64_t h0 __asm__("x0") = THE_VA;
	__asm__ volatile("hvc #1" : "+r"(h0)::"x1", "memory");
	rt_say(1, "The hypercall returned PA 0x%lx.\n\n", h0);

	rt_say(1, "Now a store to VA 0x%lx, which my stage 1 maps to IPA 0x%lx:\n"
	       "      str x2, [x1] with x2 = 0x%016lx\n",
	    LAZY_VA, LAZY_IPA | (LAZY_VA & 0xfff), VALUE2);
	register uint64_t s1 __asm__("x1") = LAZY_VA;
	register uint64_t s2v __asm__("x2") = VALUE2;
	__asm__ volatile("str x2, [x1]" ::"r"(s1), "r"(s2v) : "memory");
	rt_say(1, "The store completed (as far as I can tell, nothing special happened).\n"
	       "      Reading it back: 0x%016lx\n",
	    *(volatile uint64_t *)LAZY_VA);
	return value;
}

/* ======================= the tour ======================= */

int main(void)
{
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, hyp_handler);

	rt_printf("\nmmu-tour: two-stage address translation\n"
		  "=======================================\n"
		  "The guest's stage 1 (TTBR0/1_EL1) maps VA -> IPA; the hypervisor's stage 2\n"
		  "(VTTBR_EL2) maps IPA -> PA.  Each table address in stage 1 is an IPA too.\n\n");
	rt_say(2, "I am the hypervisor.  Building stage 2 for my guest (VMID %u):\n", VMID);
	build_stage2();
	rt_printf("      4 KB granule, 44-bit IPA, walks start at level 0, tables at PA 0x%lx\n"
		  "        IPA 0x%08lx (4 KB)  -> PA 0x%08lx  UART, Device-nGnRE\n"
		  "        IPA 0x%08lx (2 MB)  -> PA 0x%08lx  this image: code, stacks\n"
		  "        IPA 0x%08lx (32 KB) -> PA 0x%08lx  guest RAM, 8 pages\n"
		  "        any other IPA: no entry, so an access faults to me\n",
		  s2.root, UART_ADDR, UART_ADDR, ROM_ADDR, ROM_ADDR, GUEST_IPA, GUEST_PA);
	write_sysreg(vtcr_el2, pt_vtcr(&s2, pt_ps_encoding(44)));
	write_sysreg(vttbr_el2, pt_vttbr(&s2, VMID));
	write_sysreg(hcr_el2, HCR_RW | HCR_VM);
	isb();
	tlbi_vmalls12e1is();
	rt_say(2, "VTCR_EL2 = 0x%lx (T0SZ=20, SL0=2, TG0=4 KB, PS=44 bits)\n"
	       "      VTTBR_EL2 = 0x%016lx (VMID %u | root table PA)\n"
	       "      HCR_EL2 = 0x%lx (VM=1: stage 2 on for EL1&0).  ERET to the guest.\n\n",
	    read_sysreg(vtcr_el2), read_sysreg(vttbr_el2), VMID, read_sysreg(hcr_el2));

	uint64_t v = rt_run_el1(guest_main, 0);

	rt_say(2, "The guest is done (it read 0x%lx).  Its store landed in the frame I gave it:\n"
	       "      PA 0x%lx holds 0x%016lx.\n",
	    v, FREE_FRAME | (LAZY_VA & 0xfff), *(volatile uint64_t *)(FREE_FRAME | (LAZY_VA & 0xfff)));
	rt_say(2, "Tour complete!\n");
	return 0;
}

/*
 * Helpers shared by the MMU ROM tests (mmu-*.c): abort syndrome builders, memory the
 * tests may use for tables and frames, and a recorder for exceptions taken to EL2 that
 * also snapshots HPFAR_EL2.
 *
 * Data/instruction abort ISS (ARM ARM, ESR_ELx for EC 0x24/0x25 and 0x20/0x21):
 *   ISV 24 | SAS 23:22 | SSE 21 | SRT 20:16 | SF 15 | AR 14 | FnV 10 | EA 9 | CM 8 |
 *   S1PTW 7 | WnR 6 | DFSC/IFSC 5:0
 * HPFAR_EL2.FIPA (bits 39:4) holds IPA[47:12] of a stage 2 fault.
 */
#ifndef MMU_TEST_H
#define MMU_TEST_H

#include "pagetable.h"
#include "rom-test.h"

/* RAM the MMU tests use (the ROM image lives at 0x4008_0000 and is far smaller). */
#define MMU_POOL_BASE  UL(0x48000000) /* translation tables, 16 MiB */
#define MMU_POOL_SIZE  UL(0x01000000)
#define MMU_FRAME_BASE UL(0x4A000000) /* frames backing guest memory, 16 MiB */
#define MMU_FRAME_SIZE UL(0x01000000)

/* Fault status codes (DFSC/IFSC, and PAR_EL1.FST) for a fault at level l. */
#define FSC_ADDR_SIZE(l) (0x00 + (l))
#define FSC_TRANS(l)     (0x04 + (l))
#define FSC_ACCESS(l)    (0x08 + (l))
#define FSC_PERM(l)      (0x0C + (l))

#define ISS_WNR    BIT(6)
#define ISS_S1PTW  BIT(7)
#define ISS_CM     BIT(8)
#define ISS_AR     BIT(14)
#define ISS_SF     BIT(15)
#define ISS_SRT(r) ((uint64_t)(r) << 16)
#define ISS_SSE    BIT(21)
#define ISS_SAS(s) ((uint64_t)(s) << 22) /* 0 byte, 1 halfword, 2 word, 3 doubleword */
#define ISS_ISV    BIT(24)
/* A stage 2 data abort on a single load/store with a valid instruction syndrome. */
#define ISS_DABT_ISV(sas, sse, srt, sf, wnr, fsc)                                      \
	(ISS_ISV | ISS_SAS(sas) | ((sse) ? ISS_SSE : 0) | ISS_SRT(srt) | ((sf) ? ISS_SF : 0) | \
	 ((wnr) ? ISS_WNR : 0) | (uint64_t)(fsc))

#define HPFAR_OF(ipa) ((((uint64_t)(ipa)) >> 12) << 4)

/* PAR_EL1 (ARM ARM, PAR_EL1: F=0 success and F=1 fault formats; S and NS share bit 9). */
#define PAR_F        BIT(0)
#define PAR_FST(fsc) ((uint64_t)(fsc) << 1)
#define PAR_PTW      BIT(8)
#define PAR_S        BIT(9)
#define PAR_SH(sh)   ((uint64_t)(sh) << 7)
#define PAR_NS       BIT(9)
#define PAR_RES1     BIT(11)
#define PAR_ATTR(a)  ((uint64_t)(a) << 56)
#define PAR_PA_MASK  UL(0x0000FFFFFFFFF000)

/* HCR_EL2 and other controls the MMU tests need beyond sysreg.h. */
#define HCR_DC  BIT(12)
#define HCR_PTW BIT(2)
#define SCTLR_C   BIT(2)
#define SCTLR_I   BIT(12)
#define SCTLR_WXN BIT(19)

/* Exceptions taken to EL2 as the MMU tests' hypervisors see them. */
struct s2_exc {
	uint64_t esr, far, hpfar, elr, vec;
};

static inline void tlbi_vmalls12e1is(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
}

static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }

/* Stop the ROM when a hypervisor sees something it cannot go on from (e.g. a fault loop). */
static inline void mmu_test_abort(const char *why, const struct rt_frame *f)
{
	rt_printf("FAIL %s\n", why);
	rt_describe_exception(f);
	semihost_exit(0x7E);
}

#endif

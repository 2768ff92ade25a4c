/*
 * System register accessors and architectural bit definitions used by the ROMs.
 *
 * read_sysreg(NAME) / write_sysreg(NAME, v) expand to one MRS / MSR.  Bit names follow
 * the ARM ARM (DDI 0487) register descriptions.
 */
#ifndef RT_SYSREG_H
#define RT_SYSREG_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#include <stdint.h>
#define UL(x) x##UL
#endif

/* Bits of a 64-bit value. */
#define BIT(n) (UL(1) << (n))

#ifndef __ASSEMBLER__

#define read_sysreg(reg)                                                 \
	({                                                               \
		uint64_t v__;                                            \
		__asm__ volatile("mrs %0, " #reg : "=r"(v__));           \
		v__;                                                     \
	})
#define write_sysreg(reg, v)                                             \
	do {                                                             \
		uint64_t w__ = (uint64_t)(v);                            \
		__asm__ volatile("msr " #reg ", %0" ::"r"(w__) : "memory"); \
	} while (0)
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb_sy() __asm__ volatile("dsb sy" ::: "memory")

/* CurrentEL.EL is bits 3:2. */
static inline unsigned current_el(void)
{
	return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3;
}
#endif /* !__ASSEMBLER__ */

/* HCR_EL2 (Hypervisor Configuration Register). */
#define HCR_VM   BIT(0)
#define HCR_FMO  BIT(3)
#define HCR_IMO  BIT(4)
#define HCR_AMO  BIT(5)
#define HCR_VF   BIT(6)
#define HCR_VI   BIT(7)
#define HCR_VSE  BIT(8)
#define HCR_TWI  BIT(13)
#define HCR_TWE  BIT(14)
#define HCR_TID3 BIT(18)
#define HCR_TSC  BIT(19)
#define HCR_TACR BIT(21)
#define HCR_TSW  BIT(22)
#define HCR_TVM  BIT(26)
#define HCR_TGE  BIT(27)
#define HCR_HCD  BIT(29)
#define HCR_TRVM BIT(30)
#define HCR_RW   BIT(31)

/* SCTLR_ELx (EL1 and EL2 share the low bits we use). */
#define SCTLR_M    BIT(0)
#define SCTLR_A    BIT(1)
#define SCTLR_SA   BIT(3)
#define SCTLR_SA0  BIT(4)  /* EL1 only: SP alignment check at EL0 */
#define SCTLR_UMA  BIT(9)  /* EL1 only: EL0 access to DAIF */
#define SCTLR_NTWI BIT(16) /* EL1 only: 0 = WFI at EL0 traps to EL1 */
#define SCTLR_NTWE BIT(18)
#define SCTLR_UCT  BIT(15) /* EL1 only: 0 = CTR_EL0 at EL0 traps to EL1 */
/* RES1 bits in ARMv8.0: SCTLR_EL1 bits 29,28,23,22,20,11; SCTLR_EL2 bits 29,28,23,22,18,16,11,5,4. */
#define SCTLR_EL1_RES1 UL(0x30D00800)
#define SCTLR_EL2_RES1 UL(0x30C50830)

/* CPACR_EL1.FPEN (bits 21:20) and CPTR_EL2 (non-VHE layout). */
#define CPACR_FPEN_SHIFT 20
#define CPTR_EL2_RES1 UL(0x33FF)
#define CPTR_TFP BIT(10)

/* PSTATE / SPSR_ELx fields. */
#define PSR_MODE_EL0t 0x0UL
#define PSR_MODE_EL1t 0x4UL
#define PSR_MODE_EL1h 0x5UL
#define PSR_MODE_EL2t 0x8UL
#define PSR_MODE_EL2h 0x9UL
#define PSR_F  BIT(6)
#define PSR_I  BIT(7)
#define PSR_A  BIT(8)
#define PSR_D  BIT(9)
#define PSR_DAIF (PSR_D | PSR_A | PSR_I | PSR_F)
#define PSR_IL BIT(20)
#define PSR_V  BIT(28)
#define PSR_C  BIT(29)
#define PSR_Z  BIT(30)
#define PSR_N  BIT(31)

/* ESR_ELx layout: EC 31:26, IL 25, ISS 24:0. */
#define ESR_EC(esr)  (((esr) >> 26) & 0x3F)
#define ESR_IL       BIT(25)
#define ESR_ISS(esr) ((esr) & 0x1FFFFFF)
#define ESR_MAKE(ec, iss) (((uint64_t)(ec) << 26) | ESR_IL | (uint64_t)(iss))

#ifndef __ASSEMBLER__
/* Exception classes (ARM ARM, ESR_ELx.EC field). */
enum {
	EC_UNKNOWN = 0x00,
	EC_WFX = 0x01,
	EC_FP = 0x07,
	EC_ILLEGAL = 0x0E,
	EC_SVC64 = 0x15,
	EC_HVC64 = 0x16,
	EC_SMC64 = 0x17,
	EC_SYSREG = 0x18,
	EC_IABT_LOW = 0x20,
	EC_IABT_CUR = 0x21,
	EC_PC_ALIGN = 0x22,
	EC_DABT_LOW = 0x24,
	EC_DABT_CUR = 0x25,
	EC_SP_ALIGN = 0x26,
	EC_SERROR = 0x2F,
	EC_BRK64 = 0x3C,
};

/* ISS of EC 0x18 (trapped MSR/MRS/system instruction). dir: 1 = read (MRS). */
#define ISS_SYSREG(op0, op2, op1, crn, rt, crm, dir)                                   \
	(((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | ((uint64_t)(op1) << 14) | \
	 ((uint64_t)(crn) << 10) | ((uint64_t)(rt) << 5) | ((uint64_t)(crm) << 1) | (uint64_t)(dir))

#endif /* !__ASSEMBLER__ */

#endif

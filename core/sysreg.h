/* System registers and system instructions: the table in core/sysregs.def, the rules that make
 * an access UNDEFINED or trap it to EL1/EL2 (AArch64.CheckSystemAccess), and the TLB
 * maintenance / address translation operations that the MMU carries out. */
#ifndef ELSIM_CORE_SYSREG_H
#define ELSIM_CORE_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Control bits other modules test (ARM ARM D13.2, ARMv8.0 layouts). */
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_PTW (1ull << 2)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VF (1ull << 6)
#define HCR_VI (1ull << 7)
#define HCR_VSE (1ull << 8)
#define HCR_FB (1ull << 9)
#define HCR_DC (1ull << 12)
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID0 (1ull << 15)
#define HCR_TID1 (1ull << 16)
#define HCR_TID2 (1ull << 17)
#define HCR_TID3 (1ull << 18)
#define HCR_TSC (1ull << 19)
#define HCR_TIDCP (1ull << 20)
#define HCR_TACR (1ull << 21)
#define HCR_TSW (1ull << 22)
#define HCR_TPC (1ull << 23)
#define HCR_TPU (1ull << 24)
#define HCR_TTLB (1ull << 25)
#define HCR_TVM (1ull << 26)
#define HCR_TGE (1ull << 27)
#define HCR_TDZ (1ull << 28)
#define HCR_HCD (1ull << 29)
#define HCR_TRVM (1ull << 30)
#define HCR_RW (1ull << 31)
#define HCR_CD (1ull << 32)
#define HCR_ID (1ull << 33)

#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_SA (1ull << 3)
#define SCTLR_SA0 (1ull << 4)
#define SCTLR_UMA (1ull << 9)
#define SCTLR_I (1ull << 12)
#define SCTLR_DZE (1ull << 14)
#define SCTLR_UCT (1ull << 15)
#define SCTLR_NTWI (1ull << 16)
#define SCTLR_NTWE (1ull << 18)
#define SCTLR_WXN (1ull << 19)
#define SCTLR_UCI (1ull << 26)

#define CPTR_TFP (1ull << 10)
#define CPTR_TTA (1ull << 20)
#define CPTR_TCPAC (1ull << 31)

#define MDCR_TPMCR (1ull << 5)
#define MDCR_TPM (1ull << 6)
#define MDCR_TDE (1ull << 8)
#define MDCR_TDA (1ull << 9)
#define MDCR_TDOSA (1ull << 10)
#define MDCR_TDRA (1ull << 11)

/* A debugger's write of register `id` (an SR_* row): an MSR's effects without its access checks.
 * False for registers whose write is not plain storage (IDs, GIC, PMU controls...). */
bool sysreg_debug_write(struct cpu *cpu, unsigned id, uint64_t value);

/* Set every register of the table to its reset value. */
void sysreg_reset(struct cpu *cpu);

/* The row of the table for an encoding, or -1 (op0..op2 as in MRS/MSR/SYS). */
int sysreg_lookup(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2);
/* The architectural name of a row ("SCTLR_EL1", "TLBI_VAE1IS"...). */
const char *sysreg_name(unsigned id);
/* The value an MRS at the current EL would read, without access checks or traps (debugger,
 * traces). */
uint64_t sysreg_peek(struct cpu *cpu, unsigned id);

/* The ISS of an exception with EC 0x18 (trapped MSR, MRS or System instruction) for the
 * instruction word, ARM ARM D17.2.37 "ISS encoding for an exception from MSR, MRS, or System
 * instruction execution": Op0, Op2, Op1, CRn, Rt, CRm, Direction (1 = read). */
static inline uint32_t sysreg_trap_iss(uint32_t insn)
{
    return ((insn >> 19 & 3u) << 20) | ((insn >> 5 & 7u) << 17) | ((insn >> 16 & 7u) << 14) |
           ((insn >> 12 & 15u) << 10) | ((insn & 31u) << 5) | ((insn >> 8 & 15u) << 1) | (insn >> 21 & 1u);
}


/* The physical count (CNTPCT_EL0): the platform's system counter. */
uint64_t sysreg_physical_count(const struct cpu *cpu);

/* TLB maintenance instructions of ARMv8.0 (ARM ARM C5.5, "A64 System instructions for TLB
 * maintenance"). The MMU carries them out: mmu_tlbi(cpu, op, Xt) in mmu/mmu.h. Xt is the
 * instruction's operand (VA[55:12] and ASID, or IPA[47:12]; ignored by the ALL/VMALL forms).
 * HCR_EL2.FB (broadcast) is for the MMU to apply. */
enum tlbi_op {
    TLBI_VMALLE1IS, TLBI_VAE1IS, TLBI_ASIDE1IS, TLBI_VAAE1IS, TLBI_VALE1IS, TLBI_VAALE1IS,
    TLBI_VMALLE1, TLBI_VAE1, TLBI_ASIDE1, TLBI_VAAE1, TLBI_VALE1, TLBI_VAALE1,
    TLBI_IPAS2E1IS, TLBI_IPAS2LE1IS, TLBI_ALLE2IS, TLBI_VAE2IS, TLBI_ALLE1IS, TLBI_VALE2IS,
    TLBI_VMALLS12E1IS,
    TLBI_IPAS2E1, TLBI_IPAS2LE1, TLBI_ALLE2, TLBI_VAE2, TLBI_ALLE1, TLBI_VALE2, TLBI_VMALLS12E1,
    TLBI_OP_COUNT
};

/* Address translation instructions of ARMv8.0 (ARM ARM C5.4): mmu_at(cpu, op, va) translates
 * and writes PAR_EL1. */
enum at_op {
    AT_S1E1R, AT_S1E1W, AT_S1E0R, AT_S1E0W, AT_S1E2R, AT_S1E2W, AT_S12E1R, AT_S12E1W,
    AT_S12E0R, AT_S12E0W,
    AT_OP_COUNT
};

/* Implemented by mmu/mmu.c: carry out a TLBI, and an
 * AT that writes PAR_EL1, returning false if it took an exception (a stage 2 fault on the
 * stage 1 walk goes to EL2; cpu->pc is then the vector). */
void mmu_tlbi(struct cpu *cpu, enum tlbi_op op, uint64_t value);
bool mmu_at(struct cpu *cpu, const struct insn *in, enum at_op op, uint64_t va);

#endif

/* The system register table (core/sysregs.def), the access rules that make an access UNDEFINED
 * or trap it (AArch64.CheckSystemAccess), and the instructions that reach them: MRS, MSR
 * (register), SYS and SYSL (ARM ARM C5.2, C6.2.194-C6.2.197). */
#include "sysreg.h"

#include <stdlib.h>

#include "decode_gen.h"
#include "exception.h"
#include "fp.h"
#include "platform.h"
#include "pmu.h"
#include "sysreg_internal.h"

/* --- Values of the modelled CPU: a Cortex-A57 r1p0 as far as elsim implements it ----------- */
#define MIDR_VALUE 0x411fd070ull          /* Arm, variant 1, architecture 0xF, A57, revision 0 */
/* ID_AA64PFR0_EL1: EL0, EL1, EL2 AArch64 only (1), EL3 absent, FP and AdvSIMD present (0),
 * no GIC system registers (GIC = 0). */
#define ID_AA64PFR0_VALUE 0x111ull
/* ID_AA64DFR0_EL1: DebugVer v8 (6), TraceVer 0, PMUVer 1 (PMUv3 for ARMv8.0, core/pmu.c),
 * BRPs 5, WRPs 3, CTX_CMPs 1. */
#define ID_AA64DFR0_VALUE 0x10305106ull
#define ID_AA64DFR0_PMUVER(v) (((v) >> 8) & 0xf)
/* ID_AA64ISAR0_EL1: CRC32 (1), SHA2 (1: SHA256), SHA1 (1), AES (2: AES and 64-bit PMULL), as a
 * Cortex-A57 with the Cryptographic Extension (core/exec_crypto.c, PMULL in exec_simd_int_3diff.c). */
#define ID_AA64ISAR0_VALUE 0x11120ull
/* ID_AA64MMFR0_EL1: PARange 48 bits (5), ASIDBits 16 (2), little-endian only, TGran16
 * supported (1), TGran64 and TGran4 supported (0). */
#define ID_AA64MMFR0_VALUE 0x100025ull
/* CTR_EL0: CWG = ERG = 16 words, DminLine = IminLine = 16 words (64 bytes), L1Ip PIPT. */
#define CTR_VALUE 0x8444c004ull
#define DCZID_BS 4ull                       /* DC ZVA zeroes 4 << 4 = 64 bytes */
#define DCZID_DZP (1ull << 4)
/* CLIDR_EL1: L1 separate I and D, L2 unified; LoUIS 1, LoC 2, LoUU 1. */
#define CLIDR_VALUE 0x0a200023ull
#define CNTFRQ_VALUE 62500000ull            /* as on QEMU virt */
#define CNTHCTL_RESET 3ull                  /* EL1PCTEN, EL1PCEN: EL1 may use the counter */
#define OSLSR_RESET 0xaull                  /* OSLM = 0b10, OSLK = 1: locked at cold reset */
#define DBGAUTHSTATUS_VALUE 0xfull          /* non-secure (non-)invasive debug implemented, enabled */
#define PMU_N 6ull                          /* event counters (PMCR_EL0.N) */
#define PMCR_RESET (0x41010000ull | PMU_N << 11) /* IMP Arm, IDCODE 1, N */
#define PMU_COUNTERS 0x8000003full          /* PMCCNTR and the six event counters */
/* PMEVTYPERn_EL0: P, U, NSH, evtCount[9:0]; NSK, NSU and M are RES0 without EL3, MT without
 * multithreading. PMCCFILTR_EL0: P, U, NSH. */
#define PMEVTYPER_WMASK 0xc80003ffull
#define PMCCFILTR_WMASK 0xc8000000ull
/* PMCEID0_EL0: the common events 0x00-0x1F counted (core/pmu.c): SW_INCR (0x00), INST_RETIRED
 * (0x08), EXC_TAKEN (0x09), EXC_RETURN (0x0A), CPU_CYCLES (0x11). EXC_HVC (0x8A) is counted too
 * but has no PMCEID bit in ARMv8.0. */
#define PMCEID0_VALUE (1ull << 0x00 | 1ull << 0x08 | 1ull << 0x09 | 1ull << 0x0a | 1ull << 0x11)

/* --- Writable bits ---------------------------------------------------------------------------- */
#define SPSR_WMASK 0xf03003dfull            /* NZCV, SS, IL, DAIF, M[4:0] */
#define FPCR_WMASK 0x07c00000ull            /* AHP, DN, FZ, RMode: no FP exception trapping */
#define FPSR_WMASK 0x0800009full            /* QC and the cumulative exception flags */
#define MPIDR_WMASK 0xff41ffffffull         /* Aff0-3, MT, U */
/* SCTLR_EL1: ITD and SED are RES1 and CP15BEN, E0E, EE RES0 (no AArch32, little-endian). */
#define SCTLR_EL1_RES1 0x30d00980ull
#define SCTLR_EL1_WMASK                                                                           \
    (SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_UMA | SCTLR_I | SCTLR_DZE |        \
     SCTLR_UCT | SCTLR_NTWI | SCTLR_NTWE | SCTLR_WXN | SCTLR_UCI)
#define SCTLR_EL2_RES1 0x30c50830ull
#define SCTLR_EL2_WMASK (SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN)
/* HCR_EL2: the ARMv8.0 bits 33:0; RW is RAO/WI because EL1 cannot use AArch32. */
#define HCR_WMASK (0x3ffffffffull & ~HCR_RW)
#define CPTR_EL2_RES1 0x33ffull
#define TTBR_EL1_WMASK 0xfffffffffffffffeull /* ASID, BADDR (CnP is ARMv8.2) */
#define TTBR_EL2_WMASK 0x0000fffffffffffeull
/* TCR HA/HD (hardware access flag and dirty state) are recorded but not acted on: this ARMv8.0
 * CPU has no FEAT_HAFDBS (ID_AA64MMFR1_EL1.HAFDBS = 0), for which they are RES0 storage. */
#define TCR_EL1_WMASK 0x1f7ffffffbfull      /* ..., IPS, AS, TBI0/1, HA, HD */
#define TCR_EL2_RES1 0x80800000ull
#define TCR_EL2_WMASK 0x77ff3full           /* T0SZ, IRGN0, ORGN0, SH0, TG0, PS, TBI, HA, HD */
#define VTCR_WMASK 0x67ffffull              /* T0SZ, SL0, IRGN0, ORGN0, SH0, TG0, PS, HA, HD */
#define VTTBR_WMASK 0x00fffffffffffffeull   /* 8-bit VMID, BADDR */
#define VTCR_RES1 0x80000000ull
#define VBAR_WMASK (~0x7ffull)
#define MDSCR_WMASK 0x6ce0f041ull
#define DBGVR_WMASK 0xfffffffffffffffcull
#define DBGBCR_WMASK 0xffe1e7ull
#define DBGWCR_WMASK 0x1f1fffffull

/* --- ACCESS: bit el for a read from EL el, bit 4 + el for a write ---------------------------- */
#define ACC_R(el) (1u << (el))
#define ACC_W(el) (1u << (4 + (el)))
enum {
    RO0 = ACC_R(0) | ACC_R(1) | ACC_R(2),
    RO1 = ACC_R(1) | ACC_R(2),
    RO2 = ACC_R(2),
    WO0 = ACC_W(0) | ACC_W(1) | ACC_W(2),
    WO1 = ACC_W(1) | ACC_W(2),
    WO2 = ACC_W(2),
    RW0 = RO0 | WO0,
    RW1 = RO1 | WO1,
    RW2 = RO2 | WO2,
    R0W1 = RO0 | WO1,
    R0W2 = RO0 | WO2,
    PMU = 1u << 8,   /* exists only with a PMU */
    SPSEL = 1u << 9, /* UNDEFINED while PSTATE.SP = 0 */
    FPREG = 1u << 10, /* a SIMD&FP register: the FP access check comes first */
};

/* --- Trap rules ---------------------------------------------------------------------------------
 * One row per control bit that traps accesses: the register and bits that hold the control,
 * whether the access traps when they are SET (any) or CLEAR (all), from which ELs, for which
 * direction, to which EL (EL1 = EL1 or EL2 when HCR_EL2.TGE = 1, as AArch64.SystemAccessTrap
 * routes it) and with which exception class. The order is the priority: the EL0 enables of
 * EL1 first, the EL2 controls after them, as in the per-register pseudocode (AArch64 System
 * Register Descriptions, "Accessibility"; Sail's AArch64_AutoGen_SysRegTrap and
 * AArch64_AutoGen_SysRegTrapFP). HCR_EL2.TID0 traps only AArch32 registers and CPTR_EL2.TTA
 * only trace registers: this CPU has neither, so they trap nothing. */
enum { SET, CLEAR };
enum { EL0 = 1, EL1 = 2, EL2 = 4 };
enum { RD = 1, WR = 2 };
#define PMUSERENR_EN 1ull
#define PMUSERENR_SW 2ull
#define PMUSERENR_CR 4ull
#define PMUSERENR_ER 8ull
#define MDSCR_TDCC (1ull << 12)

#define TRAP_RULES(X)                                                                               \
    /* name      control        bits                            when   from ELs       dir      to */ \
    X(UCT,       SCTLR_EL1,     SCTLR_UCT,                      CLEAR, EL0,           RD,      1) \
    X(DZE,       SCTLR_EL1,     SCTLR_DZE,                      CLEAR, EL0,           WR,      1) \
    X(UCI,       SCTLR_EL1,     SCTLR_UCI,                      CLEAR, EL0,           WR,      1) \
    X(UMA,       SCTLR_EL1,     SCTLR_UMA,                      CLEAR, EL0,           RD | WR, 1) \
    X(TDCC,      MDSCR_EL1,     MDSCR_TDCC,                     SET,   EL0,           RD | WR, 1) \
    X(PMU_EN,    PMUSERENR_EL0, PMUSERENR_EN,                   CLEAR, EL0,           RD | WR, 1) \
    X(PMU_ENER,  PMUSERENR_EL0, PMUSERENR_EN | PMUSERENR_ER,    CLEAR, EL0,           RD | WR, 1) \
    X(PMU_ENER_R, PMUSERENR_EL0, PMUSERENR_EN | PMUSERENR_ER,   CLEAR, EL0,           RD,      1) \
    X(PMU_ENCR_R, PMUSERENR_EL0, PMUSERENR_EN | PMUSERENR_CR,   CLEAR, EL0,           RD,      1) \
    X(PMU_ENSW,  PMUSERENR_EL0, PMUSERENR_EN | PMUSERENR_SW,    CLEAR, EL0,           WR,      1) \
    X(PMU_EN_W,  PMUSERENR_EL0, PMUSERENR_EN,                   CLEAR, EL0,           WR,      1) \
    X(EL0PCTEN,  CNTKCTL_EL1,   1ull << 0,                      CLEAR, EL0,           RD,      1) \
    X(EL0VCTEN,  CNTKCTL_EL1,   1ull << 1,                      CLEAR, EL0,           RD,      1) \
    X(EL0FRQ,    CNTKCTL_EL1,   3ull << 0,                      CLEAR, EL0,           RD,      1) \
    X(EL0VTEN,   CNTKCTL_EL1,   1ull << 8,                      CLEAR, EL0,           RD | WR, 1) \
    X(EL0PTEN,   CNTKCTL_EL1,   1ull << 9,                      CLEAR, EL0,           RD | WR, 1) \
    X(TID1,      HCR_EL2,       HCR_TID1,                       SET,   EL1,           RD,      2) \
    X(TID2,      HCR_EL2,       HCR_TID2,                       SET,   EL0 | EL1,     RD | WR, 2) \
    X(TID3,      HCR_EL2,       HCR_TID3,                       SET,   EL1,           RD,      2) \
    X(TACR,      HCR_EL2,       HCR_TACR,                       SET,   EL1,           RD | WR, 2) \
    X(TSW,       HCR_EL2,       HCR_TSW,                        SET,   EL1,           WR,      2) \
    X(TPC,       HCR_EL2,       HCR_TPC,                        SET,   EL0 | EL1,     WR,      2) \
    X(TPU,       HCR_EL2,       HCR_TPU,                        SET,   EL0 | EL1,     WR,      2) \
    X(TTLB,      HCR_EL2,       HCR_TTLB,                       SET,   EL1,           WR,      2) \
    X(TRVM,      HCR_EL2,       HCR_TRVM,                       SET,   EL1,           RD,      2) \
    X(TVM,       HCR_EL2,       HCR_TVM,                        SET,   EL1,           WR,      2) \
    X(TDZ,       HCR_EL2,       HCR_TDZ,                        SET,   EL0 | EL1,     WR,      2) \
    X(TCPAC,     CPTR_EL2,      CPTR_TCPAC,                     SET,   EL1,           RD | WR, 2) \
    /* MDCR_EL2.TDE = 1 (and HCR_EL2.TGE = 1, which makes TDE behave as 1) act as TDA, TDOSA  \
     * and TDRA = 1 (ARM ARM D2.2 "Routing debug exceptions", MDCR_EL2.TDE). */                    \
    X(TDA,       MDCR_EL2,      MDCR_TDA | MDCR_TDE,            SET,   EL0 | EL1,     RD | WR, 2) \
    X(TDA_TGE,   HCR_EL2,       HCR_TGE,                        SET,   EL0,           RD | WR, 2) \
    X(TDOSA,     MDCR_EL2,      MDCR_TDOSA | MDCR_TDE,          SET,   EL1,           RD | WR, 2) \
    X(TDRA,      MDCR_EL2,      MDCR_TDRA | MDCR_TDE,           SET,   EL1,           RD,      2) \
    X(TPM,       MDCR_EL2,      MDCR_TPM,                       SET,   EL0 | EL1,     RD | WR, 2) \
    X(TPMCR,     MDCR_EL2,      MDCR_TPMCR,                     SET,   EL0 | EL1,     RD | WR, 2) \
    X(EL1PCTEN,  CNTHCTL_EL2,   1ull << 0,                      CLEAR, EL0 | EL1,     RD,      2) \
    X(EL1PCEN,   CNTHCTL_EL2,   1ull << 1,                      CLEAR, EL0 | EL1,     RD | WR, 2)

enum trap_rule_id {
#define RULE_ENUM(name, ...) RULE_##name,
    TRAP_RULES(RULE_ENUM)
#undef RULE_ENUM
    RULE_COUNT
};
_Static_assert(RULE_COUNT <= 64, "trap rules are a 64-bit mask");

struct trap_rule {
    enum sysreg_id reg;
    uint64_t bits;
    uint8_t when, els, dirs, target;
};

static const struct trap_rule trap_rules[RULE_COUNT] = {
#define RULE_ROW(name, reg_, bits_, when_, els_, dirs_, target_)                                   \
    [RULE_##name] = { SR_##reg_, bits_, when_, els_, dirs_, target_ },
    TRAP_RULES(RULE_ROW)
#undef RULE_ROW
};

/* T(name) in the TRAPS column; T(TDA) includes the HCR_EL2.TGE form of it. */
#define T(name)                                                                                   \
    ((1ull << RULE_##name) | (RULE_##name == RULE_TDA ? 1ull << RULE_TDA_TGE : 0))

/* --- The table -------------------------------------------------------------------------------- */
#define SYSREG_ENCODING(op0, op1, crn, crm, op2)                                                   \
    (uint16_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
#define sysreg_read_none NULL
#define sysreg_write_none NULL

const struct sysreg_info sysreg_table[SR_COUNT] = {
#define SYSREG(name_, op0, op1, crn, crm, op2, access_, traps_, reset_, wmask_, read_, write_)     \
    [SR_##name_] = { #name_, SYSREG_ENCODING(op0, op1, crn, crm, op2), access_, traps_, reset_, wmask_, \
                     sysreg_read_##read_, sysreg_write_##write_ },
#include "sysregs.def"
#undef SYSREG
};

/* The rows sorted by encoding, built on first use. */
static uint16_t by_encoding[SR_COUNT];
static bool by_encoding_built;

static int compare_encoding(const void *a, const void *b)
{
    unsigned x = sysreg_table[*(const uint16_t *)a].encoding;
    unsigned y = sysreg_table[*(const uint16_t *)b].encoding;
    return (x > y) - (x < y);
}

int sysreg_lookup(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    if (!by_encoding_built) {
        for (unsigned i = 0; i < SR_COUNT; i++)
            by_encoding[i] = (uint16_t)i;
        qsort(by_encoding, SR_COUNT, sizeof by_encoding[0], compare_encoding);
        by_encoding_built = true;
    }
    uint16_t key = SYSREG_ENCODING(op0, op1, crn, crm, op2);
    size_t lo = 0, hi = SR_COUNT;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint16_t enc = sysreg_table[by_encoding[mid]].encoding;
        if (enc == key && by_encoding[mid] != SR_ID_RESERVED)
            return by_encoding[mid];
        if (enc < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7)
        return SR_ID_RESERVED;
    return -1;
}

const char *sysreg_name(unsigned id)
{
    return id < SR_COUNT ? sysreg_table[id].name : "?";
}

void sysreg_reset(struct cpu *cpu)
{
    for (unsigned i = 0; i < SR_COUNT; i++)
        cpu->sr[i] = sysreg_table[i].reset;
    cpu->sr[SR_MPIDR_EL1] |= cpu->affinity & 0xffffff;
    cpu->sr[SR_VMPIDR_EL2] |= cpu->affinity & 0xffffff;
    /* ID_AA64PFR0_EL1.GIC: the GICv3 system-register interface exists only with a GICv3. */
    if (cpu->platform->gic_sysreg)
        cpu->sr[SR_ID_AA64PFR0_EL1] |= 1ull << 24;
    pmu_reset(cpu);
}

uint64_t sysreg_peek(struct cpu *cpu, unsigned id)
{
    return sysreg_table[id].read ? sysreg_table[id].read(cpu, id) : cpu->sr[id];
}

/* CNTPCT: the system counter, one for the whole machine (the board derives it from model
 * time; the generic-timer issue gives it its own model). */
uint64_t sysreg_physical_count(const struct cpu *cpu)
{
    return cpu->platform->system_counter(cpu->machine, cpu);
}

/* --- Access checks ------------------------------------------------------------------------------ */


static bool pmu_present(const struct cpu *cpu)
{
    return ID_AA64DFR0_PMUVER(cpu->sr[SR_ID_AA64DFR0_EL1]) != 0;
}

/* The first of the trap rules `traps` that applies to this access takes its exception: returns
 * false then. */
static bool apply_trap_rules(struct cpu *cpu, const struct insn *in, uint64_t traps, bool read)
{
    unsigned el = cpu->el;
    for (uint64_t pending = traps; pending; pending &= pending - 1) {
        const struct trap_rule *rule = &trap_rules[__builtin_ctzll(pending)];
        if (!(rule->els & (1u << el)) || !(rule->dirs & (read ? RD : WR)))
            continue;
        uint64_t bits = cpu->sr[rule->reg] & rule->bits;
        if (rule->when == SET ? bits == 0 : bits != 0)
            continue;
        unsigned target = rule->target == 2 || (cpu->sr[SR_HCR_EL2] & HCR_TGE) ? 2 : 1;
        raise_sync(cpu, in, target, esr_make(EC_SYSREG, true, sysreg_trap_iss(in->raw)));
        return false;
    }
    return true;
}

/* AArch64.CheckSystemAccess for a row of the table at the current EL: UNDEFINED below the
 * minimum EL or for an absent feature, then the trap rules in priority order
 * (AArch64.CheckAdvSIMDFPSystemRegisterTraps comes first: its rules are ordered before the
 * others that a row can name). Takes the exception and returns false if the access does not
 * happen. */
static bool check_access(struct cpu *cpu, const struct insn *in, unsigned id, bool read)
{
    const struct sysreg_info *r = &sysreg_table[id];
    unsigned el = cpu->el;
    if (!(r->access & (read ? ACC_R(el) : ACC_W(el))) || ((r->access & SPSEL) && !cpu->sp_sel) ||
        ((r->access & PMU) && !pmu_present(cpu))) {
        raise_undefined(cpu, in);
        return false;
    }
    /* FPCR/FPSR: AArch64.CheckFPAdvSIMDEnabled, the same check as every SIMD&FP instruction. */
    if ((r->access & FPREG) && fp_access_check(cpu, in) != EXEC_NEXT)
        return false;
    return apply_trap_rules(cpu, in, r->traps, read);
}

/* --- The instructions --------------------------------------------------------------------------
 * in->imm = the row, in->rd = the Xt slot. */

/* ELSIM_EV_SYSREG: an access that passed the generic trap checks (a GICv3 CPU interface
 * register may still trap in gic/, after this report). */
static void report_access(struct cpu *cpu, unsigned id, bool write, uint64_t value)
{
    struct elsim_event ev = { .kind = ELSIM_EV_SYSREG, .u.sysreg = { id, sysreg_table[id].name, write, value } };
    cpu_emit(cpu, &ev);
}

static int exec_mrs(struct cpu *cpu, const struct insn *in)
{
    unsigned id = (unsigned)in->imm;
    if (!check_access(cpu, in, id, true))
        return EXEC_LEAVE;
    cpu->r[in->rd] = sysreg_table[id].read(cpu, id);
    if (cpu_event_wanted(cpu, ELSIM_EV_SYSREG))
        report_access(cpu, id, false, cpu->r[in->rd]);
    return EXEC_NEXT;
}

/* MRS of a GICv3 CPU interface register: the interrupt controller may trap it or find it
 * UNDEFINED, which needs the instruction (a READ function alone cannot take an exception). */
static int exec_mrs_gic(struct cpu *cpu, const struct insn *in)
{
    unsigned id = (unsigned)in->imm;
    if (!check_access(cpu, in, id, true))
        return EXEC_LEAVE;
    int result = sysreg_mrs_gic(cpu, in, id);
    if (result == EXEC_NEXT && cpu_event_wanted(cpu, ELSIM_EV_SYSREG))
        report_access(cpu, id, false, cpu->r[in->rd]);
    return result;
}

/* MRS of a PMU register: a counter from HPMN up is UNDEFINED at EL0 and EL1 (core/pmu.c), which
 * needs the instruction. */
static int exec_mrs_pmu(struct cpu *cpu, const struct insn *in)
{
    unsigned id = (unsigned)in->imm;
    if (!check_access(cpu, in, id, true))
        return EXEC_LEAVE;
    int result = sysreg_mrs_pmu(cpu, in, id);
    if (result == EXEC_NEXT && cpu_event_wanted(cpu, ELSIM_EV_SYSREG))
        report_access(cpu, id, false, cpu->r[in->rd]);
    return result;
}

static int exec_msr(struct cpu *cpu, const struct insn *in)
{
    unsigned id = (unsigned)in->imm;
    if (!check_access(cpu, in, id, false))
        return EXEC_LEAVE;
    if (cpu_event_wanted(cpu, ELSIM_EV_SYSREG))
        report_access(cpu, id, true, cpu->r[in->rd]);
    return sysreg_table[id].write(cpu, in, id, cpu->r[in->rd]);
}

/* Encodings reserved for IMPLEMENTATION DEFINED registers and instructions (op0 = 1 or 3,
 * CRn = 11 or 15) that this CPU does not define. HCR_EL2.TIDCP traps them from EL1 before
 * anything else (AArch64.CheckSystemAccess); whether EL0 accesses trap is IMPLEMENTATION
 * DEFINED: here they do not, so they are UNDEFINED like everywhere else. */
static int exec_impdef(struct cpu *cpu, const struct insn *in)
{
    if (cpu->el == 1 && (cpu->sr[SR_HCR_EL2] & HCR_TIDCP))
        return raise_sync(cpu, in, 2, esr_make(EC_SYSREG, true, sysreg_trap_iss(in->raw)));
    return raise_undefined(cpu, in);
}

/* The common decode of the four forms: the row, or UNDEFINED when the encoding has no row or
 * the row cannot be accessed in this direction at any EL. */
static bool decode_system(struct insn *out, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                          unsigned op2, unsigned rt, bool read)
{
    int id = sysreg_lookup(op0, op1, crn, crm, op2);
    if (id < 0) {
        if ((crn & 0xb) != 0xb)
            return false;
        out->fn = exec_impdef;
        out->ends_block = 1;
        return true;
    }
    if (read ? !sysreg_table[id].read : !sysreg_table[id].write)
        return false;
    out->imm = (uint64_t)id;
    out->rd = read ? reg_dst(rt) : reg_src(rt);
    out->fn = !read                                     ? exec_msr
              : sysreg_table[id].read == sysreg_read_gic ? exec_mrs_gic
              : sysreg_table[id].read == sysreg_read_pmu ? exec_mrs_pmu
                                                         : exec_mrs;
    return true;
}

bool trans_MRS(struct insn *out, const struct arg_MRS *a)
{
    return decode_system(out, 2 + a->o0, a->op1, a->crn, a->crm, a->op2, a->rt, true);
}

bool trans_MSR_REG(struct insn *out, const struct arg_MSR_REG *a)
{
    return decode_system(out, 2 + a->o0, a->op1, a->crn, a->crm, a->op2, a->rt, false);
}

bool trans_SYS(struct insn *out, const struct arg_SYS *a)
{
    return decode_system(out, 1, a->op1, a->crn, a->crm, a->op2, a->rt, false);
}

bool trans_SYSL(struct insn *out, const struct arg_SYSL *a)
{
    return decode_system(out, 1, a->op1, a->crn, a->crm, a->op2, a->rt, true);
}

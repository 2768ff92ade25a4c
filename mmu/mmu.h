/* Address translation (ARM ARM D5, AArch64.TranslateAddress) and the TLB maintenance and
 * address-translation instructions that act on it. */
#ifndef ELSIM_MMU_MMU_H
#define ELSIM_MMU_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu;

/* Kinds of access (the pseudocode's AccType): data cache maintenance by VA needs no permission
 * above EL0 (read permission at EL0); DC ZVA is a write that faults on Device memory however
 * it is aligned. */
enum mmu_access { MMU_READ, MMU_WRITE, MMU_FETCH, MMU_DC, MMU_DCZVA };

struct mmu_result {
    uint64_t pa;
    bool device;       /* Device memory: unaligned accesses fault, no fast path */
    uint8_t attr;      /* MAIR-format attribute byte of the final memory type */
    uint8_t sh;        /* shareability, PAR_EL1.SH format */
};

/* A translation fault, in the form the abort syndrome needs. */
struct mmu_fault {
    uint8_t fsc;         /* DFSC/IFSC fault status code */
    bool stage2;         /* taken to EL2 with HPFAR_EL2 = ipa */
    bool s1ptw;          /* stage 2 fault on a stage 1 table walk */
    uint64_t ipa;
};

/* Fault status codes (DFSC/IFSC), ARM ARM D17.2.37. */
enum {
    FSC_ADDRESS_SIZE_L0 = 0x00,
    FSC_TRANSLATION_L0 = 0x04,
    FSC_ACCESS_FLAG_L0 = 0x08,
    FSC_PERMISSION_L0 = 0x0C,
    FSC_EXTERNAL_ABORT = 0x10,
    FSC_EXTERNAL_ABORT_WALK_L0 = 0x14,
    FSC_ALIGNMENT = 0x21,
};

/* AArch64.TranslateAddress for an access of `size` bytes by the current EL (el_for_perms = 0
 * for unprivileged accesses from EL1). Returns false with *fault filled on a fault, including
 * the alignment fault of a misaligned access to Device memory. */
bool mmu_translate(struct cpu *cpu, uint64_t va, enum mmu_access access, unsigned el_for_perms, unsigned size,
                   struct mmu_result *result, struct mmu_fault *fault);

/* Translate va as a data read by the current EL, walking the tables without using or filling
 * the TLB (debuggers): the walk is reported to cpu->hooks->mmu_walk like any other. */
bool mmu_translate_debug(struct cpu *cpu, uint64_t va, struct mmu_result *result, struct mmu_fault *fault);

/* One line of a walk report (START, each DESCRIPTOR, DONE), without the newline. */
struct mmu_walk_event;
void mmu_describe_walk_event(const struct cpu *cpu, const struct mmu_walk_event *ev, char *buf, size_t len);

/* Tag of the translation context the current PC is fetched in (cpu->xlat_ctx). */
uint64_t mmu_context_tag(const struct cpu *cpu);

/* A translation control changed (SCTLR, TCR, MAIR, HCR, VTCR) or a TLBI ran: everything cached
 * by VA alone (fast TLB, jump cache) is dropped. The TLB itself keeps its entries: as on
 * hardware, such changes need TLB maintenance by software. */
void mmu_translation_changed(struct cpu *cpu);
/* TTBRn_EL1 or VTTBR_EL2 was written: a new ASID / VMID context, no invalidation. */
void mmu_context_switched(struct cpu *cpu);

#endif

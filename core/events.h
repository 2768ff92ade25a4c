/* Architectural events that observers subscribe to: the public hooks API (include/elsim.h,
 * elsim_hooks_add), used by --trace, --stats, --profile, the GDB stub's walk report and any
 * research tool that links libelsim. The core fills a struct elsim_event where the event
 * happens and hands it to the CPU's event sink (board/hooks.c fans it out to the
 * subscribers); a CPU with no subscriber for a kind pays one test of event_mask. */
#ifndef ELSIM_CORE_EVENTS_H
#define ELSIM_CORE_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

enum elsim_event_kind {
    ELSIM_EV_EXCEPTION,   /* an exception was taken (u.exception) */
    ELSIM_EV_ERET,        /* an exception return (u.eret) */
    ELSIM_EV_VM_SWITCH,   /* VTTBR_EL2 changed: another VM's stage 2 / VMID (u.vm_switch) */
    ELSIM_EV_TLB_MISS,    /* a translation missed the TLB; a walk follows (u.tlb_miss) */
    ELSIM_EV_WALK,        /* a step of a translation table walk: start, descriptor, outcome (u.walk) */
    ELSIM_EV_MMIO,        /* a device register access (u.mmio) */
    ELSIM_EV_SYSREG,      /* an MRS / MSR carried out, after its trap checks passed (u.sysreg) */
    ELSIM_EV_IRQ,         /* interrupt controller: raised, acknowledged, EOI, completed, LR write (u.irq) */
    ELSIM_EV_INSN,        /* an instruction retired (u.insn); subscribing makes the CPUs single-step */
    ELSIM_EV_RESET,       /* the CPU was reset and starts at pc in EL2 (PSCI CPU_ON, SYSTEM_RESET) */
    ELSIM_EV_BLOCK,       /* instructions retired from one block starting at pc, at el (u.block): profilers */
    ELSIM_EV_COUNT
};
#define ELSIM_EV_BIT(kind) (1u << (kind))
#define ELSIM_EV_ALL ((1u << ELSIM_EV_COUNT) - 1)

/* One step of a translation (ELSIM_EV_WALK; also what elsim_translate reports). */
struct mmu_walk_event {
    enum { MMU_WALK_START, MMU_WALK_DESCRIPTOR, MMU_WALK_DONE } kind;
    uint64_t va;          /* START: the address translated; DESCRIPTOR: the input of that stage */
    unsigned access;      /* enum mmu_access */
    unsigned el;          /* EL whose permissions apply */
    bool tlb_miss;        /* START: a TLB miss (false: an AT instruction, which walks without the TLB) */
    bool stage2;          /* DESCRIPTOR */
    int level;            /* DESCRIPTOR */
    uint64_t address;     /* DESCRIPTOR: where the descriptor was read (PA) */
    uint64_t value;       /* DESCRIPTOR: the descriptor */
    bool ok;              /* DONE */
    uint64_t pa;          /* DONE, ok: the output address */
    bool output_is_ipa;   /* DONE, ok: AT S1Ex under stage 2 stops at the IPA */
    uint32_t fsc;         /* DONE, !ok: the fault status code */
    bool fault_stage2;    /* DONE, !ok */
};

/* What the interrupt controller reports (ELSIM_EV_IRQ), on the CPU concerned (for an SPI
 * becoming pending: the first CPU it targets). */
enum gic_event_kind {
    GIC_EVENT_PENDING,      /* raised: intid became pending (input edge or level, SGI, ISPENDR write) */
    GIC_EVENT_ACK,          /* taken: intid acknowledged (IAR read), now active */
    GIC_EVENT_EOI,          /* EOIR write: priority drop of intid */
    GIC_EVENT_DEACTIVATE,   /* completed: intid left the active state (EOI with EOImode 0, DIR, ICACTIVER, HW LR) */
    GIC_EVENT_LR_WRITE,     /* the hypervisor wrote list register lr = value (GICH_LRn / ICH_LRn_EL2) */
};
struct gic_event {
    enum gic_event_kind kind;
    bool virtual_;          /* the virtual CPU interface (ACK, EOI, DEACTIVATE of a vINTID) */
    unsigned intid;         /* LR_WRITE: the vINTID written */
    unsigned source;        /* PENDING of an SGI: the sending CPU */
    unsigned lr;            /* LR_WRITE */
    uint64_t value;         /* LR_WRITE: the register value as written */
};

struct elsim_event {
    enum elsim_event_kind kind;
    unsigned cpu;         /* the CPU's index */
    unsigned el;          /* its exception level when the event happened (EXCEPTION, ERET: the EL left) */
    unsigned vmid;        /* VTTBR_EL2.VMID at that moment (the VM a guest event belongs to) */
    uint64_t cycle;       /* the CPU's model cycle count (block granularity inside a block) */
    uint64_t pc;          /* EXCEPTION: the preferred return address (ELR); ERET: the new PC;
                           * INSN: the instruction; RESET: the entry; others: the current block */
    union {
        struct {
            unsigned to_el;
            unsigned type;        /* 0 synchronous, 1 IRQ, 2 FIQ, 3 SError (offset in the vector table / 0x80) */
            uint32_t esr;         /* synchronous and SError: the syndrome written */
            unsigned ec;          /* esr >> 26 */
            uint32_t iss;         /* esr & 0x1ffffff */
            uint64_t vector;      /* the new PC */
        } exception;
        struct {
            unsigned to_el;
            bool illegal;         /* an illegal exception return (PSTATE.IL set, EL unchanged) */
        } eret;
        struct {
            uint64_t old_vttbr, new_vttbr;
            unsigned old_vmid, new_vmid;
        } vm_switch;
        struct {
            uint64_t va;
            unsigned access;      /* enum mmu_access */
        } tlb_miss;
        const struct mmu_walk_event *walk;
        struct {
            const char *device;   /* the device's name on the board, or "unassigned" */
            uint64_t pa;
            unsigned size;
            bool write;
            uint64_t value;       /* written, or read (0 when the access failed) */
            bool ok;              /* false: no device answered (the guest gets an external abort) */
        } mmio;
        struct {
            unsigned id;          /* the SR_* row of core/sysregs.def */
            const char *name;
            bool write;
            uint64_t value;       /* written, or read */
        } sysreg;
        const struct gic_event *irq;
        struct {
            uint32_t word;
        } insn;
        struct {
            unsigned insns;       /* retired (0: the block's first instruction took an exception) */
            uint64_t cycles;      /* every cycle charged on this CPU since its previous BLOCK event:
                                   * the block's own, and its exceptions, walks, MMIO, and
                                   * interrupt entries just before it */
        } block;
    } u;
};

typedef void (*elsim_event_fn)(void *ctx, const struct elsim_event *event);

#endif

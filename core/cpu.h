/* The state of one AArch64 processing element. The struct is ordered hot / warm / cold: the
 * first cache lines hold what nearly every instruction touches. */
#ifndef ELSIM_CORE_CPU_H
#define ELSIM_CORE_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debug.h"
#include "events.h"
#include "insn.h"
#include "pmu.h"

/* Register slots of cpu->r, as predecoded operands name them. trans_ functions map an encoded
 * register number with reg_src() / reg_dst() / reg_sp() so that handlers never test for 31. */
enum {
    REG_ZR = 31,   /* reads as zero: nothing ever writes this slot */
    REG_SINK = 32, /* writes to XZR land here and are never read */
    REG_SP = 33,   /* the stack pointer selected by PSTATE.{EL,SP} */
    REG_SLOTS = 34
};

static inline uint8_t reg_src(unsigned n) { return (uint8_t)n; }
static inline uint8_t reg_dst(unsigned n) { return (uint8_t)(n == 31 ? REG_SINK : n); }
static inline uint8_t reg_sp(unsigned n) { return (uint8_t)(n == 31 ? REG_SP : n); }

/* NZCV in the bit positions of the NZCV register / SPSR. */
#define FLAG_N (1u << 31)
#define FLAG_Z (1u << 30)
#define FLAG_C (1u << 29)
#define FLAG_V (1u << 28)
/* PSTATE.DAIF in the bit positions of the DAIF register / SPSR. */
enum { DAIF_D = 1u << 9, DAIF_A = 1u << 8, DAIF_I = 1u << 7, DAIF_F = 1u << 6 };

enum sysreg_id {
#define SYSREG(name, ...) SR_##name,
#include "sysregs.def"
#undef SYSREG
    SR_COUNT
};

/* One entry of the per-CPU fast data TLB: a hit turns a VA into a host pointer with one compare.
 * tag = page VA (low 12 bits clear), so a misaligned access never hits (see core/memory.h). */
struct fast_tlb_entry {
    uint64_t tag;
    uintptr_t addend; /* host address = addend + VA */
};
/* FAST_TLB_INVALID can never equal a looked-up tag: a VA masked with ~0xfff | (size - 1) has bits
 * 11:4 clear for every access size up to 16 bytes. */
enum { FAST_TLB_BITS = 8, FAST_TLB_SIZE = 1 << FAST_TLB_BITS, FAST_TLB_INVALID = 0x800 };
/* Fast TLBs by kind of access and EL whose permissions apply (EL0, EL1, EL2). */
enum { MMU_IDX_EL0, MMU_IDX_EL1, MMU_IDX_EL2, MMU_IDX_COUNT };

struct jump_cache_entry {
    uint64_t va;
    uint64_t ctx;  /* translation context the VA belongs to (cpu->xlat_ctx) */
    struct block *block;
};
enum { JUMP_CACHE_BITS = 12, JUMP_CACHE_SIZE = 1 << JUMP_CACHE_BITS };

/* Why the CPU stopped running (cpu->stop_reason). */
enum stop_reason {
    STOP_NONE,
    STOP_LIMIT,         /* instruction budget of this call used up */
    STOP_EXIT,          /* the machine is exiting (semihosting exit, SYSTEM_OFF) */
    STOP_WFI,           /* waiting for an interrupt (WFI) */
    STOP_WFE,           /* waiting for an event or an interrupt (WFE) */
    STOP_OFF,           /* powered off (PSCI CPU_OFF) */
    STOP_REQUESTED,     /* a frontend asked the CPU to stop */
    STOP_RESCHEDULE,    /* the next timer event may have moved: the machine recomputes it */
    STOP_DEBUG,         /* a breakpoint, watchpoint or break-on condition: cpu->debug_stop */
};

struct platform;
struct block;
struct block_cache;
struct tlb;

/* Translation statistics (mmu/), for the cycle model and --stats. Index 0 = stage 1, 1 = stage 2. */
struct mmu_counters {
    uint64_t tlb_hits, tlb_misses;
    uint64_t walks[2];
    uint64_t walk_reads[2];   /* descriptor reads: a nested 4 KiB walk can take 24 */
};

/* The generic timer's state besides its registers (timer/timer.c). */
struct cpu_timer {
    uint64_t count;               /* CNTPCT_EL0 at the last timer_update() */
    uint8_t outputs;              /* PPI levels last driven, bit per timer */
};

struct cpu {
    /* --- hot: every instruction --- */
    uint64_t r[REG_SLOTS];
    uint32_t nzcv;                /* FLAG_* bits */
    uint32_t pending;             /* nonzero: the run loop must look at interrupts / stop */
    uint64_t pc;                  /* next PC when outside a block; the block's PC inside it */
    uint64_t block_pc;            /* VA of the current block's first instruction */
    struct fast_tlb_entry *tlb_read;  /* fast TLBs of the current EL */
    struct fast_tlb_entry *tlb_write;
    uint64_t insns;               /* instructions retired */
    uint64_t fetch_faults;        /* exceptions taken on instruction fetch (nothing retired) */
    uint64_t cycle_limit;         /* cpu_run stops once cpu->cycles reaches it (the scheduler's
                                     next timer event); UINT64_MAX: no limit */
    uint64_t cycles;              /* model cycles (core/cost_model.h): static costs per block,
                                     dynamic ones where they happen */
    uint32_t event_mask;          /* ELSIM_EV_BIT()s someone observes */

    /* --- warm: exceptions, system instructions, slow paths --- */
    uint8_t el;                   /* PSTATE.EL */
    uint8_t sp_sel;               /* PSTATE.SP: 0 = SP_EL0, 1 = SP_ELx */
    uint8_t il;                   /* PSTATE.IL */
    uint8_t fp_enabled;           /* SIMD&FP usable at this EL without a trap (core/fp.h) */
    uint8_t fp_host;              /* ... and the host-FPU fast path usable (core/fp_host.h) */
    uint8_t ss;                   /* PSTATE.SS */
    uint32_t daif;                /* DAIF_* bits */
    uint64_t sp_el[3];            /* banked SP_EL0..SP_EL2 (the active one lives in r[REG_SP]) */
    uint64_t sr[SR_COUNT];        /* stored system registers */
    uint64_t xlat_ctx;            /* tag of the current translation context (jump cache key) */
    uint64_t xlat_gen;            /* bumped whenever cached translations may have changed */
    struct tlb *tlb;              /* mmu/tlb.h */
    uint32_t irq_lines;           /* physical IRQ/FIQ/SError inputs, IRQ_LINE_* (core/interrupt.h) */
    enum stop_reason stop_reason;
    bool exclusive_valid;         /* the local exclusive monitor */
    bool event_register;          /* WFE event register: SEV/SEVL/ERET set it, WFE consumes it */
    uint64_t exclusive_addr;      /* PA of the marked granule */
    unsigned exclusive_size;
    uint64_t exclusive_value[2];

    struct fast_tlb_entry fast_tlb[MMU_IDX_COUNT][2][FAST_TLB_SIZE]; /* [idx][0=read,1=write] */
    struct jump_cache_entry jump_cache[JUMP_CACHE_SIZE];

    /* --- cold --- */
    uint64_t v[32][2];            /* V0-V31, 128 bits each, little-endian halves */
    uint32_t fpcr, fpsr;
    bool host_fp_ok;              /* the host FPU fit for core/fp_host.h's fast path */
    unsigned index;               /* CPU number */
    uint32_t affinity;            /* MPIDR_EL1 Aff2:Aff1:Aff0 (bits 23:0), set by the board */
    const struct platform *platform;
    struct block_cache *blocks;   /* decoded blocks, shared by the machine's CPUs */
    void *machine;                /* opaque owner, for platform callbacks */
    uint64_t sync_taken[3][64];   /* synchronous exceptions by [target EL][EC] */
    uint64_t async_taken[3][4];   /* interrupts by [target EL][exception kind] */
    uint64_t erets;
    uint64_t insns_at_el[3];      /* instructions retired at each EL */
    uint64_t cycles_at_el[3];     /* cycles spent at each EL (PMU filtering by EL) */
    struct pmu_state pmu;         /* core/pmu.h */
    struct mmu_counters mmu;
    struct cpu_timer timer;
    const struct debug_points *debug;   /* the machine's breakpoints and watchpoints (may be NULL) */
    struct debug_break_on break_on;
    bool break_on_any;                  /* some break_on condition is set */
    struct debug_stop debug_stop;       /* why the last STOP_DEBUG happened */
    /* Observers (core/events.h): where events go (event_mask, with the hot fields, says which). */
    uint64_t block_event_mark;    /* cpu->cycles at the last ELSIM_EV_BLOCK */
    elsim_event_fn event_fn;
    void *event_ctx;
    bool single_step_hook;        /* cpu_run() steps and reports ELSIM_EV_INSN after each */
};

/* Is anyone observing events of this kind on this CPU? */
static inline bool cpu_event_wanted(const struct cpu *cpu, enum elsim_event_kind kind)
{
    return __builtin_expect((cpu->event_mask >> kind) & 1, 0);
}

/* Report an event (the caller filled kind, pc where it means something else than the block's
 * PC, el for EXCEPTION, ERET, INSN and BLOCK, and u): the common fields are filled here. */
void cpu_emit(struct cpu *cpu, struct elsim_event *event);

/* PC of an instruction of the current block. */
static inline uint64_t insn_pc(const struct cpu *cpu, const struct insn *in)
{
    return cpu->block_pc + in->pc_off;
}

/* Leave the block after this instruction, continuing at the next one. */
static inline int leave_to_next(struct cpu *cpu, const struct insn *in)
{
    cpu->pc = insn_pc(cpu, in) + 4;
    return EXEC_LEAVE;
}

/* Returns false if memory for the CPU's TLB cannot be had. */
bool cpu_init(struct cpu *cpu, unsigned index, const struct platform *platform, void *machine,
              struct block_cache *blocks);
void cpu_destroy(struct cpu *cpu);
void cpu_reset(struct cpu *cpu, uint64_t entry);

/* Change PSTATE.EL / PSTATE.SP, swapping the banked stack pointer and the fast TLBs. */
void cpu_set_el_sp(struct cpu *cpu, unsigned el, unsigned sp_sel);
/* SP_EL0..SP_EL2 as registers (MRS/MSR SP_ELx), wherever the value currently lives. */
uint64_t cpu_get_sp_el(const struct cpu *cpu, unsigned el);
void cpu_set_sp_el(struct cpu *cpu, unsigned el, uint64_t value);

/* Run until a stop, until exactly max_insns more instructions have retired or faulted on fetch
 * (cpu->fetch_faults), or until cpu->cycles reaches cpu->cycle_limit (a block that would pass it
 * runs one instruction at a time, so the limit is met to the instruction). */
enum stop_reason cpu_run(struct cpu *cpu, uint64_t max_insns);
/* Execute exactly one instruction (or take one pending interrupt), bypassing the block cache. */
enum stop_reason cpu_step(struct cpu *cpu);

#endif

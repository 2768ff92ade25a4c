/* The slow path of data accesses: alignment checks, translation, faults, MMIO, and refilling the
 * fast TLB. AArch64.MemSingle / AArch64.Abort / AArch64.DataAbort behaviour. */
#include "memory.h"

#include <stdio.h>

#include "block.h"
#include "exception.h"
#include "interrupt.h"
#include "mmu.h"
#include "platform.h"
#include "sysreg.h"

enum { PAGE_SIZE = 4096 };
#define PAGE_MASK (~(uint64_t)(PAGE_SIZE - 1))

/* The fast TLB pair of an EL (read, write). */
static void select_fast_tlb(struct cpu *cpu)
{
    unsigned idx = cpu->el == 0 ? MMU_IDX_EL0 : cpu->el == 1 ? MMU_IDX_EL1 : MMU_IDX_EL2;
    cpu->tlb_read = cpu->fast_tlb[idx][0];
    cpu->tlb_write = cpu->fast_tlb[idx][1];
}

void mem_flush_fast_tlb(struct cpu *cpu)
{
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned rw = 0; rw < 2; rw++)
            for (unsigned e = 0; e < FAST_TLB_SIZE; e++)
                cpu->fast_tlb[i][rw][e].tag = FAST_TLB_INVALID;
    select_fast_tlb(cpu);
}

void mem_flush_fast_write_page(struct cpu *cpu, uint64_t pa_page)
{
    bool writable;
    uint8_t *host = cpu->platform->memory_page(cpu->machine, pa_page, &writable);
    if (!host)
        return;
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned e = 0; e < FAST_TLB_SIZE; e++) {
            struct fast_tlb_entry *t = &cpu->fast_tlb[i][1][e];
            if (t->tag != FAST_TLB_INVALID && (uint8_t *)(t->addend + (uintptr_t)t->tag) == host)
                t->tag = FAST_TLB_INVALID;
        }
}

/* The EL whose SCTLR governs alignment checks and whose permissions apply. */
static unsigned regime_sctlr_a(const struct cpu *cpu)
{
    uint64_t sctlr = cpu->el == 2 ? cpu->sr[SR_SCTLR_EL2] : cpu->sr[SR_SCTLR_EL1];
    return (sctlr & SCTLR_A) != 0;
}

/* Does a fault record an IPA in HPFAR_EL2 (IPAValid)? Stage 2 translation, access flag,
 * address size and permission faults do; alignment faults and external aborts do not. */
static bool ipa_valid(const struct mmu_fault *f)
{
    unsigned type = f->fsc & 0x3c;
    return f->stage2 && f->fsc != FSC_ALIGNMENT && type != FSC_EXTERNAL_ABORT && type != FSC_EXTERNAL_ABORT_WALK_L0;
}

/* AArch64.DataAbort with AArch64.FaultSyndrome: routing (stage 2 faults to EL2), WnR, S1PTW,
 * and for stage 2 faults other than on a stage 1 walk the instruction syndrome (ISV, SAS,
 * SSE, SRT, SF, AR) that single general-purpose loads and stores prepared in in->imm[63:32]. */
static void data_abort(struct cpu *cpu, const struct insn *in, uint64_t va, bool is_write, unsigned flags,
                       const struct mmu_fault *f)
{
    unsigned target = f->stage2 ? 2 : exception_sync_target_el(cpu);
    enum exception_class ec = target == cpu->el ? EC_DATA_ABORT_SAME : EC_DATA_ABORT_LOWER;
    uint32_t iss = f->fsc | (is_write ? 1u << 6 : 0) | (f->s1ptw ? 1u << 7 : 0);
    if (flags & MEM_CACHE_MAINTENANCE)
        iss |= 1u << 8 | 1u << 6; /* CM, and WnR = 1 for cache maintenance */
    if (f->stage2 && !f->s1ptw && !(flags & MEM_NO_SYNDROME))
        iss |= (uint32_t)(in->imm >> 32);
    raise_sync_far(cpu, in, target, esr_make(ec, true, iss), va);
    if (ipa_valid(f))
        cpu->sr[SR_HPFAR_EL2] = (f->ipa >> 12) << 4;
}

/* Translate one access that does not cross a page; on success *host is the host pointer for
 * plain memory (NULL for MMIO) and *pa the physical address. */
static bool translate_access(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size, bool is_write,
                             unsigned flags, uint64_t *pa, uint8_t **host)
{
    unsigned el = (flags & MEM_UNPRIVILEGED) && cpu->el == 1 ? 0 : cpu->el;
    struct mmu_result r;
    struct mmu_fault f;
    if (!mmu_translate(cpu, va, is_write ? MMU_WRITE : MMU_READ, el, size, &r, &f)) {
        data_abort(cpu, in, va, is_write, flags, &f);
        return false;
    }
    bool writable = false;
    uint8_t *page = cpu->platform->memory_page(cpu->machine, r.pa & PAGE_MASK, &writable);
    *pa = r.pa;
    /* A write to read-only memory (flash) gets no host pointer; the caller ignores it. */
    *host = page && (!is_write || writable) ? page + (r.pa & ~PAGE_MASK) : NULL;
    bool watching = cpu->debug && cpu->debug->watchpoints;
    if (page && !(va & (size - 1)) && !(flags & MEM_SLOW_FLAGS) && !watching) {
        /* Refill the fast TLB: reads of any memory, writes of writable pages without code. */
        unsigned slot = (va >> 12) & (FAST_TLB_SIZE - 1);
        uintptr_t addend = (uintptr_t)page - (uintptr_t)(va & PAGE_MASK);
        if (!is_write) {
            cpu->tlb_read[slot].tag = va & PAGE_MASK;
            cpu->tlb_read[slot].addend = addend;
        } else if (writable && !block_cache_page_has_code(cpu->blocks, r.pa & PAGE_MASK)) {
            cpu->tlb_write[slot].tag = va & PAGE_MASK;
            cpu->tlb_write[slot].addend = addend;
        }
    }
    return true;
}

int mem_alignment_fault(struct cpu *cpu, const struct insn *in, uint64_t va, bool is_write)
{
    struct mmu_fault f = { .fsc = FSC_ALIGNMENT };
    data_abort(cpu, in, va, is_write, MEM_NO_SYNDROME, &f);
    return EXEC_LEAVE;
}

static bool misaligned_faults(const struct cpu *cpu, uint64_t va, unsigned size, unsigned flags)
{
    return (va & (size - 1)) && ((flags & (MEM_ALIGNED | MEM_EXCLUSIVE)) || regime_sctlr_a(cpu));
}

bool mem_read_slow(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size, uint64_t *value,
                   unsigned flags)
{
    if (misaligned_faults(cpu, va, size, flags))
    {
        mem_alignment_fault(cpu, in, va, false);
        return false;
    }
    uint64_t pa;
    uint8_t *host;
    if ((va & ~PAGE_MASK) + size > PAGE_SIZE) {
        /* Crosses a page: the first translation with the full size catches Device memory (where
         * a misaligned access faults), then byte by byte, each byte translated. */
        if (!translate_access(cpu, in, va, size, false, flags, &pa, &host))
            return false;
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++) {
            uint64_t b;
            if (!mem_read_slow(cpu, in, va + i, 1, &b, flags))
                return false;
            v |= b << (8 * i);
        }
        *value = v;
        return true;
    }
    if (!translate_access(cpu, in, va, size, false, flags, &pa, &host))
        return false;
    if (host) {
        *value = load_host(host, size);
    } else if (!cpu->platform->mmio_read(cpu->machine, cpu, pa, size, value)) {
        struct mmu_fault f = { .fsc = FSC_EXTERNAL_ABORT };
        data_abort(cpu, in, va, false, flags, &f);
        return false;
    }
    if (cpu->debug && cpu->debug->watchpoints)
        debug_check_access(cpu, va, size, false, *value);
    return true;
}

bool mem_write_slow(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size, uint64_t value,
                    unsigned flags)
{
    if (misaligned_faults(cpu, va, size, flags))
    {
        mem_alignment_fault(cpu, in, va, true);
        return false;
    }
    uint64_t pa;
    uint8_t *host;
    if ((va & ~PAGE_MASK) + size > PAGE_SIZE) {
        /* Check both pages before writing anything, so a fault leaves memory unchanged. */
        uint64_t second = (va & PAGE_MASK) + PAGE_SIZE;
        if (!translate_access(cpu, in, va, size, true, flags, &pa, &host) ||
            !translate_access(cpu, in, second, 1, true, flags, &pa, &host))
            return false;
        for (unsigned i = 0; i < size; i++)
            if (!mem_write_slow(cpu, in, va + i, 1, value >> (8 * i), flags))
                return false;
        return true;
    }
    if (!translate_access(cpu, in, va, size, true, flags, &pa, &host))
        return false;
    bool writable;
    if (host) {
        if (block_cache_page_has_code(cpu->blocks, pa & PAGE_MASK))
            block_cache_invalidate_page(cpu->blocks, pa & PAGE_MASK);
        store_host(host, size, value);
    } else if (cpu->platform->memory_page(cpu->machine, pa & PAGE_MASK, &writable)) {
        /* read-only memory (flash): the write is ignored */
    } else if (!cpu->platform->mmio_write(cpu->machine, cpu, pa, size, value)) {
        struct mmu_fault f = { .fsc = FSC_EXTERNAL_ABORT };
        data_abort(cpu, in, va, true, flags, &f);
        return false;
    }
    if (cpu->debug && cpu->debug->watchpoints)
        debug_check_access(cpu, va, size, true, value);
    return true;
}

/* Translate for an operation that only needs the translation, taking its abort (reported as a
 * write, with FAR = far) if it faults. */
static bool translate_or_abort(struct cpu *cpu, const struct insn *in, uint64_t va, enum mmu_access access,
                               unsigned size, uint64_t far, unsigned flags)
{
    struct mmu_result r;
    struct mmu_fault f;
    if (mmu_translate(cpu, va, access, cpu->el, size, &r, &f))
        return true;
    data_abort(cpu, in, far, true, MEM_NO_SYNDROME | flags, &f);
    return false;
}

bool mem_cache_maintenance(struct cpu *cpu, const struct insn *in, uint64_t va, bool invalidate)
{
    return translate_or_abort(cpu, in, va, invalidate ? MMU_WRITE : MMU_DC, 4, va, MEM_CACHE_MAINTENANCE);
}

bool mem_dc_zva_check(struct cpu *cpu, const struct insn *in, uint64_t operand, unsigned block)
{
    return translate_or_abort(cpu, in, operand & ~(uint64_t)(block - 1), MMU_DCZVA, block, operand, 0);
}

/* Debug accesses: translated like a read by the current EL, no faults taken, no device access. */
static uint8_t *debug_host(struct cpu *cpu, uint64_t va, bool is_write)
{
    struct mmu_result r;
    struct mmu_fault f;
    if (!mmu_translate(cpu, va, is_write ? MMU_WRITE : MMU_READ, cpu->el, 1, &r, &f))
        return NULL;
    bool writable;
    uint8_t *page = cpu->platform->memory_page(cpu->machine, r.pa & PAGE_MASK, &writable);
    if (!page || (is_write && !writable))
        return NULL;
    if (is_write && block_cache_page_has_code(cpu->blocks, r.pa & PAGE_MASK))
        block_cache_invalidate_page(cpu->blocks, r.pa & PAGE_MASK);
    return page + (r.pa & ~PAGE_MASK);
}

bool mem_debug_read(struct cpu *cpu, uint64_t va, void *buf, size_t len)
{
    uint8_t *out = buf;
    while (len) {
        size_t chunk = PAGE_SIZE - (va & ~PAGE_MASK);
        if (chunk > len)
            chunk = len;
        uint8_t *host = debug_host(cpu, va, false);
        if (!host)
            return false;
        memcpy(out, host, chunk);
        out += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}

bool mem_debug_write(struct cpu *cpu, uint64_t va, const void *buf, size_t len)
{
    const uint8_t *in = buf;
    while (len) {
        size_t chunk = PAGE_SIZE - (va & ~PAGE_MASK);
        if (chunk > len)
            chunk = len;
        uint8_t *host = debug_host(cpu, va, true);
        if (!host)
            return false;
        memcpy(host, in, chunk);
        in += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}

void mem_select_fast_tlb(struct cpu *cpu)
{
    select_fast_tlb(cpu);
}

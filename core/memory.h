/* Data accesses of instructions: a fast path that is one tag compare and a host access for RAM,
 * and a slow path (core/memory.c) for everything else — translation (mmu/), faults, alignment
 * checks, MMIO, stores to pages that hold decoded code. */
#ifndef ELSIM_CORE_MEMORY_H
#define ELSIM_CORE_MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"

/* Options of an access (flags argument). */
enum {
    MEM_UNPRIVILEGED = 1 << 0, /* LDTR/STTR: EL0 permissions when executed at EL1 */
    MEM_ALIGNED = 1 << 1,      /* must be aligned to its size whatever SCTLR.A says
                                  (exclusives, acquire/release, atomics) */
    MEM_EXCLUSIVE = 1 << 2,    /* load/store exclusive */
    MEM_SIGN = 1 << 3,         /* reserved for handlers; ignored by the memory system */
    MEM_SIMD = 1 << 4,         /* an FP/SIMD register transfer (affects the abort syndrome) */
    MEM_NO_SYNDROME = 1 << 5,  /* the instruction cannot give a valid ISS (pairs, SIMD, writeback) */
    MEM_CACHE_MAINTENANCE = 1 << 6, /* a fault reports CM = 1 (DC by VA) */
};

/* Options that always need the slow path (an aligned plain access may use the fast one). */
#define MEM_SLOW_FLAGS (MEM_UNPRIVILEGED | MEM_EXCLUSIVE)

/* The instruction-specific syndrome for data aborts taken to EL2 from stage 2 (ISV=1: SAS, SSE,
 * SRT, SF, AR) is prepared at decode time by single general-purpose loads/stores in bits 63:32
 * of in->imm, already in ISS positions (core/exec_ldst.h). Every other caller of mem_read /
 * mem_write passes MEM_NO_SYNDROME, so those bits are never read from its in->imm. */

/* Slow paths: they translate, check, and on a fault take the exception (cpu->pc is then the
 * vector) and return false; the handler must return EXEC_LEAVE. */
bool mem_read_slow(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size, uint64_t *value,
                   unsigned flags);
bool mem_write_slow(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size, uint64_t value,
                    unsigned flags);

static inline uint64_t load_host(const void *p, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void store_host(void *p, unsigned size, uint64_t value)
{
    switch (size) {
    case 1: *(uint8_t *)p = (uint8_t)value; break;
    case 2: { uint16_t v = (uint16_t)value; memcpy(p, &v, 2); break; }
    case 4: { uint32_t v = (uint32_t)value; memcpy(p, &v, 4); break; }
    default: memcpy(p, &value, 8); break;
    }
}

/* Read size (1, 2, 4 or 8) bytes at va, zero-extended into *value. Returns false if an exception
 * was taken. */
static inline bool mem_read(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size, uint64_t *value,
                            unsigned flags)
{
    const struct fast_tlb_entry *e = &cpu->tlb_read[(va >> 12) & (FAST_TLB_SIZE - 1)];
    if (__builtin_expect(e->tag == (va & (~0xfffull | (size - 1))) && !(flags & MEM_SLOW_FLAGS), 1)) {
        *value = load_host((const void *)(e->addend + (uintptr_t)va), size);
        return true;
    }
    return mem_read_slow(cpu, in, va, size, value, flags);
}

static inline bool mem_write(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size, uint64_t value,
                             unsigned flags)
{
    const struct fast_tlb_entry *e = &cpu->tlb_write[(va >> 12) & (FAST_TLB_SIZE - 1)];
    if (__builtin_expect(e->tag == (va & (~0xfffull | (size - 1))) && !(flags & MEM_SLOW_FLAGS), 1)) {
        store_host((void *)(e->addend + (uintptr_t)va), size, value);
        return true;
    }
    return mem_write_slow(cpu, in, va, size, value, flags);
}

/* The host address of len bytes at va when they lie in one page whose translation the fast TLB
 * holds for reading / writing and va is aligned to size (a power of two): what the fast path of
 * mem_read / mem_write would find for each of them. NULL otherwise. */
static inline const uint8_t *mem_fast_read_ptr(const struct cpu *cpu, uint64_t va, unsigned size, unsigned len)
{
    const struct fast_tlb_entry *e = &cpu->tlb_read[(va >> 12) & (FAST_TLB_SIZE - 1)];
    if (__builtin_expect(e->tag == (va & (~0xfffull | (size - 1))) && (va & 0xfff) + len <= 0x1000, 1))
        return (const uint8_t *)(e->addend + (uintptr_t)va);
    return NULL;
}

static inline uint8_t *mem_fast_write_ptr(const struct cpu *cpu, uint64_t va, unsigned size, unsigned len)
{
    const struct fast_tlb_entry *e = &cpu->tlb_write[(va >> 12) & (FAST_TLB_SIZE - 1)];
    if (__builtin_expect(e->tag == (va & (~0xfffull | (size - 1))) && (va & 0xfff) + len <= 0x1000, 1))
        return (uint8_t *)(e->addend + (uintptr_t)va);
    return NULL;
}

/* count accesses of size bytes at va, va + size, ... in order (the elements of LDP/STP, the
 * halves of Q registers): one fast-TLB check when they all lie in one page, otherwise one
 * mem_read / mem_write each, stopping at the first that takes an exception. */
static inline bool mem_read_seq(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size,
                                unsigned count, uint64_t *values, unsigned flags)
{
    const uint8_t *p = (flags & MEM_SLOW_FLAGS) ? NULL : mem_fast_read_ptr(cpu, va, size, size * count);
    for (unsigned i = 0; i < count; i++)
        if (p)
            values[i] = load_host(p + i * size, size);
        else if (!mem_read(cpu, in, va + i * size, size, &values[i], flags))
            return false;
    return true;
}

static inline bool mem_write_seq(struct cpu *cpu, const struct insn *in, uint64_t va, unsigned size,
                                 unsigned count, const uint64_t *values, unsigned flags)
{
    uint8_t *p = (flags & MEM_SLOW_FLAGS) ? NULL : mem_fast_write_ptr(cpu, va, size, size * count);
    for (unsigned i = 0; i < count; i++)
        if (p)
            store_host(p + i * size, size, values[i]);
        else if (!mem_write(cpu, in, va + i * size, size, values[i], flags))
            return false;
    return true;
}

/* DC IVAC / CVAC / CVAU / CIVAC (AArch64.DataCacheMaintenance): translate va for cache
 * maintenance (invalidate: needs write permission) and take the abort, with CM = 1, if it
 * faults. There are no caches to maintain. Returns false after taking an exception. */
bool mem_cache_maintenance(struct cpu *cpu, const struct insn *in, uint64_t va, bool invalidate);
/* DC ZVA's own check of the block holding `operand` before its stores: Device memory faults
 * whatever the alignment; a fault reports the operand in FAR. */
bool mem_dc_zva_check(struct cpu *cpu, const struct insn *in, uint64_t operand, unsigned block);

/* Take an alignment fault (data abort, DFSC 0x21, FAR = va) at instruction `in`, for checks
 * the memory system cannot see (16-byte accesses, exclusive pairs). Returns EXEC_LEAVE. */
int mem_alignment_fault(struct cpu *cpu, const struct insn *in, uint64_t va, bool is_write);

/* Point cpu->tlb_read / tlb_write at the fast TLBs of the current EL (after an EL change). */
void mem_select_fast_tlb(struct cpu *cpu);
/* Drop every fast TLB entry of this CPU (translation or permissions changed). */
void mem_flush_fast_tlb(struct cpu *cpu);
/* Drop fast write entries mapping the physical page (it now holds decoded code). */
void mem_flush_fast_write_page(struct cpu *cpu, uint64_t pa_page);

/* Reads used by the debugger, semihosting and the loader of the guest's view: translate va as the
 * current EL would for a data read, without faulting or side effects on devices. */
bool mem_debug_read(struct cpu *cpu, uint64_t va, void *buf, size_t len);
bool mem_debug_write(struct cpu *cpu, uint64_t va, const void *buf, size_t len);

#endif

/* Advanced SIMD load/store structures (ARM ARM C4.1.4 "Advanced SIMD load/store multiple
 * structures", "... single structure", and their post-indexed forms): LD1-LD4 / ST1-ST4 of
 * multiple structures, of a single lane, and LD1R-LD4R. Pseudocode:
 * aarch64/instrs/memory/vector/multiple/no-wb and single/no-wb (memory_vector_multiple_nowb,
 * memory_vector_single_nowb) with their post-index decodes.
 *
 * Every element is its own access of the element size (AccType_VEC), in the pseudocode's
 * order, which is ascending address order: alignment is checked per element (Device memory,
 * SCTLR_ELx.A), and faults, MMIO and watchpoints see element-sized accesses. When the whole
 * transfer lies in one page that hits the fast TLB and its start is element-aligned, the
 * bytes are copied in one go, which is indistinguishable (RAM, no fault possible).
 *
 * A fault: the base register is not written back. For loads no destination register is
 * written either: the elements are gathered first and the registers written only once every
 * access succeeded. The ARM ARM makes the destination registers of a load of several
 * registers that takes a synchronous Data Abort UNKNOWN, while the base register keeps its
 * value, so keeping their old values is a permitted outcome (QEMU leaves the elements loaded
 * before the fault in place instead, in the pseudocode's order). Stores have written the
 * elements below the faulting one, as in the pseudocode.
 *
 * Operands: rd = Rt; rn = the base slot (reg_sp); rm = the index slot of post-index by
 * register; imm = the post-index immediate (the transfer size); size = log2 of the element
 * size in bytes; ra = selem (structure elements); cond = rpt (multiple: registers per
 * structure element) or the lane (single); flags: PS_Q (128-bit vectors), and the write-back
 * kind. Rt + i wraps from V31 to V0. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exec_ldst.h"
#include "fp.h"
#include "insn.h"
#include "memory.h"
#include "vreg.h"

enum { PS_Q = 1, PS_WB_IMM = 2, PS_WB_REG = 4 };
enum { PS_MEM_FLAGS = MEM_SIMD | MEM_NO_SYNDROME };

/* The largest transfer: four 128-bit registers. */
enum { PS_MAX_BYTES = 64 };

/* The host address of [va, va + bytes) if it lies in one page that hits the fast TLB (for
 * writes: tlb_write) with va aligned to the element size, else NULL. */
static inline uint8_t *fast_range(const struct fast_tlb_entry *tlb, uint64_t va, unsigned bytes, unsigned esize)
{
    const struct fast_tlb_entry *e = &tlb[(va >> 12) & (FAST_TLB_SIZE - 1)];
    if ((va & 0xfff) + bytes > 0x1000 || e->tag != (va & (~0xfffull | (esize - 1))))
        return NULL;
    return (uint8_t *)(e->addend + (uintptr_t)va);
}

/* Read `bytes` bytes at va into buf as elements of esize bytes. False after a fault. */
static bool gather(struct cpu *cpu, const struct insn *in, uint64_t va, uint8_t *buf, unsigned bytes, unsigned esize)
{
    const uint8_t *p = fast_range(cpu->tlb_read, va, bytes, esize);
    if (p) {
        memcpy(buf, p, bytes);
        return true;
    }
    for (unsigned o = 0; o < bytes; o += esize) {
        uint64_t v;
        if (!mem_read(cpu, in, va + o, esize, &v, PS_MEM_FLAGS))
            return false;
        memcpy(buf + o, &v, esize);
    }
    return true;
}

static bool scatter(struct cpu *cpu, const struct insn *in, uint64_t va, const uint8_t *buf, unsigned bytes,
                    unsigned esize)
{
    uint8_t *p = fast_range(cpu->tlb_write, va, bytes, esize);
    if (p) {
        memcpy(p, buf, bytes);
        return true;
    }
    for (unsigned o = 0; o < bytes; o += esize) {
        uint64_t v = 0;
        memcpy(&v, buf + o, esize);
        if (!mem_write(cpu, in, va + o, esize, v, PS_MEM_FLAGS))
            return false;
    }
    return true;
}

/* Post-index write-back: by the transfer size (Rm = 31) or by X[m]. */
static inline void ps_writeback(struct cpu *cpu, const struct insn *in, uint64_t address)
{
    if (in->flags & PS_WB_IMM)
        cpu->r[in->rn] = address + in->imm;
    else if (in->flags & PS_WB_REG)
        cpu->r[in->rn] = address + cpu->r[in->rm];
}

static inline unsigned ps_reg(const struct insn *in, unsigned i)
{
    return (in->rd + i) % 32;
}

/* --- multiple structures (memory_vector_multiple_nowb) ---
 * Memory holds, for r < rpt, e < elements, s < selem: element e of V[t + r + s]. Either
 * rpt = 1 and the structure elements interleave (LD2-LD4), or selem = 1 and the registers
 * follow each other (LD1 of 1-4 registers). */

static unsigned mult_elements(const struct insn *in)
{
    return ((in->flags & PS_Q) ? 16u : 8u) >> in->size;
}

static unsigned mult_bytes(const struct insn *in)
{
    return ((in->flags & PS_Q) ? 16u : 8u) * in->cond * in->ra;
}

/* LD1 / ST1 of 1-4 registers from / to RAM that hits the fast TLB (fast_range): the
 * registers' bytes are the memory's bytes, copied in constant-size pieces. */
static void ld1_fast(struct cpu *cpu, const struct insn *in, const uint8_t *p)
{
    for (unsigned i = 0; i < in->cond; i++) {
        uint64_t *v = cpu->v[ps_reg(in, i)];
        if (in->flags & PS_Q) {
            memcpy(v, p, 16);
            p += 16;
        } else {
            memcpy(v, p, 8);
            v[1] = 0;
            p += 8;
        }
    }
}

static void st1_fast(struct cpu *cpu, const struct insn *in, uint8_t *p)
{
    for (unsigned i = 0; i < in->cond; i++) {
        const uint64_t *v = cpu->v[ps_reg(in, i)];
        if (in->flags & PS_Q) {
            memcpy(p, v, 16);
            p += 16;
        } else {
            memcpy(p, v, 8);
            p += 8;
        }
    }
}

static int exec_ld_mult(struct cpu *cpu, const struct insn *in)
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint8_t buf[PS_MAX_BYTES];
    unsigned esize = 1u << in->size, bytes = mult_bytes(in), count = mult_elements(in);
    unsigned rpt = in->cond, selem = in->ra;
    uint64_t address = cpu->r[in->rn];
    const uint8_t *host = selem == 1 ? fast_range(cpu->tlb_read, address, bytes, esize) : NULL;
    if (host) {
        ld1_fast(cpu, in, host);
        ps_writeback(cpu, in, address);
        return EXEC_NEXT;
    }
    if (!gather(cpu, in, address, buf, bytes, esize))
        return EXEC_LEAVE;
    vreg_t v[4] = { { .d = { 0, 0 } } };
    if (selem == 1) {
        /* LD1: each register's bytes in order */
        for (unsigned rr = 0; rr < rpt; rr++)
            memcpy(v[rr].b, buf + rr * count * esize, count * esize);
    } else {
        const uint8_t *p = buf;
        for (unsigned e = 0; e < count; e++)
            for (unsigned s = 0; s < selem; s++, p += esize)
                memcpy(&v[s].b[e * esize], p, esize);
    }
    for (unsigned i = 0; i < rpt * selem; i++)
        vreg_write(cpu, ps_reg(in, i), &v[i], in->flags & PS_Q);
    ps_writeback(cpu, in, address);
    return EXEC_NEXT;
}

static int exec_st_mult(struct cpu *cpu, const struct insn *in)
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint8_t buf[PS_MAX_BYTES];
    unsigned esize = 1u << in->size, bytes = mult_bytes(in), count = mult_elements(in);
    unsigned rpt = in->cond, selem = in->ra;
    uint64_t address = cpu->r[in->rn];
    uint8_t *host = selem == 1 ? fast_range(cpu->tlb_write, address, bytes, esize) : NULL;
    if (host) {
        st1_fast(cpu, in, host);
        ps_writeback(cpu, in, address);
        return EXEC_NEXT;
    }
    vreg_t v[4];
    for (unsigned i = 0; i < rpt * selem; i++)
        v[i] = vreg_read(cpu, ps_reg(in, i));
    if (selem == 1) {
        for (unsigned rr = 0; rr < rpt; rr++)
            memcpy(buf + rr * count * esize, v[rr].b, count * esize);
    } else {
        uint8_t *p = buf;
        for (unsigned e = 0; e < count; e++)
            for (unsigned s = 0; s < selem; s++, p += esize)
                memcpy(p, &v[s].b[e * esize], esize);
    }
    if (!scatter(cpu, in, address, buf, bytes, esize))
        return EXEC_LEAVE;
    ps_writeback(cpu, in, address);
    return EXEC_NEXT;
}

/* opcode -> {rpt, selem} (0: unallocated): 0000 LD4, 0010 LD1 x4, 0100 LD3, 0110 LD1 x3,
 * 0111 LD1 x1, 1000 LD2, 1010 LD1 x2. */
static const uint8_t mult_layout[16][2] = {
    [0x0] = { 1, 4 }, [0x2] = { 4, 1 }, [0x4] = { 1, 3 }, [0x6] = { 3, 1 },
    [0x7] = { 1, 1 }, [0x8] = { 1, 2 }, [0xa] = { 2, 1 },
};

/* Post-index (post = 1): Rm = 31 adds the transfer size, another Rm adds X[m]; without
 * post-index Rm must be 00000. */
static bool trans_writeback(struct insn *out, unsigned post, unsigned rm, unsigned bytes)
{
    if (!post)
        return rm == 0;
    if (rm == 31) {
        out->flags |= PS_WB_IMM;
        out->imm = bytes;
    } else {
        out->flags |= PS_WB_REG;
        out->rm = reg_src(rm);
    }
    return true;
}

bool trans_LDST_MULT(struct insn *out, const struct arg_LDST_MULT *a)
{
    unsigned rpt = mult_layout[a->opcode][0], selem = mult_layout[a->opcode][1];
    /* size:Q = 110 (.1D) is reserved for LD2-LD4 / ST2-ST4 */
    if (!rpt || (a->size == 3 && !a->q && selem != 1))
        return false;
    out->fn = a->l ? exec_ld_mult : exec_st_mult;
    out->rd = (uint8_t)a->rt;
    out->rn = reg_sp(a->rn);
    out->size = (uint8_t)a->size;
    out->cond = (uint8_t)rpt;
    out->ra = (uint8_t)selem;
    out->flags = (uint8_t)(a->q ? PS_Q : 0);
    out->imm = 0;
    return trans_writeback(out, a->post, a->rm, (a->q ? 16u : 8u) * rpt * selem);
}

/* --- single structure and replicate (memory_vector_single_nowb) --- */

/* What a single-structure load (lane or replicate) reads: the checks, then the selem elements
 * of one structure at X[n] into buf. EXEC_NEXT, or what ended the instruction. */
static inline int ld_structure(struct cpu *cpu, const struct insn *in, uint8_t buf[32])
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned esize = 1u << in->size;
    return gather(cpu, in, cpu->r[in->rn], buf, esize * in->ra, esize) ? EXEC_NEXT : EXEC_LEAVE;
}

/* Lane `cond` of V[t + s] for s < selem, from consecutive elements; the rest of each register
 * (including bits 127:64 whatever Q says) is kept. */
static int exec_ld_single(struct cpu *cpu, const struct insn *in)
{
    uint8_t buf[32];
    int r = ld_structure(cpu, in, buf);
    if (r != EXEC_NEXT)
        return r;
    unsigned esize = 1u << in->size, selem = in->ra;
    for (unsigned s = 0; s < selem; s++) {
        unsigned t = ps_reg(in, s);
        memcpy((uint8_t *)cpu->v[t] + in->cond * esize, buf + s * esize, esize);
    }
    ps_writeback(cpu, in, cpu->r[in->rn]);
    return EXEC_NEXT;
}

static int exec_st_single(struct cpu *cpu, const struct insn *in)
{
    int r = ldst_fp_checks(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint8_t buf[32];
    unsigned esize = 1u << in->size, selem = in->ra;
    for (unsigned s = 0; s < selem; s++)
        memcpy(buf + s * esize, (const uint8_t *)cpu->v[ps_reg(in, s)] + in->cond * esize, esize);
    uint64_t address = cpu->r[in->rn];
    if (!scatter(cpu, in, address, buf, esize * selem, esize))
        return EXEC_LEAVE;
    ps_writeback(cpu, in, address);
    return EXEC_NEXT;
}

/* LD1R-LD4R: V[t + s] = Replicate(element s); Q = 0 zeroes bits 127:64. */
static int exec_ld_replicate(struct cpu *cpu, const struct insn *in)
{
    uint8_t buf[32];
    int r = ld_structure(cpu, in, buf);
    if (r != EXEC_NEXT)
        return r;
    unsigned esize = 1u << in->size, selem = in->ra, count = mult_elements(in);
    for (unsigned s = 0; s < selem; s++) {
        vreg_t v = { .d = { 0, 0 } };
        for (unsigned e = 0; e < count; e++)
            memcpy(&v.b[e * esize], buf + s * esize, esize);
        vreg_write(cpu, ps_reg(in, s), &v, in->flags & PS_Q);
    }
    ps_writeback(cpu, in, cpu->r[in->rn]);
    return EXEC_NEXT;
}

/* The decode of memory_vector_single_*_decode: scale = opcode<2:1>, selem = opcode<0>:R + 1;
 * scale 3 is the replicate form (loads with S = 0 only, element size from size); the lane is
 * Q:S:size for bytes, Q:S:size<1> for halfwords (size<0> = 1 unallocated), Q:S for words
 * (size = 00) or Q for doublewords (size = 01, S = 0); size<1> = 1 is unallocated for both. */
bool trans_LDST_SINGLE(struct insn *out, const struct arg_LDST_SINGLE *a)
{
    unsigned scale = a->opcode >> 1, selem = ((a->opcode & 1) << 1 | a->r) + 1, index = 0;
    bool replicate = false;
    switch (scale) {
    case 3:
        if (!a->l || a->s)
            return false;
        scale = a->size;
        replicate = true;
        break;
    case 0:
        index = a->q << 3 | a->s << 2 | a->size;
        break;
    case 1:
        if (a->size & 1)
            return false;
        index = a->q << 2 | a->s << 1 | a->size >> 1;
        break;
    default:
        if (a->size & 2)
            return false;
        if (!(a->size & 1)) {
            index = a->q << 1 | a->s;
        } else {
            if (a->s)
                return false;
            index = a->q;
            scale = 3;
        }
        break;
    }
    out->fn = replicate ? exec_ld_replicate : a->l ? exec_ld_single : exec_st_single;
    out->rd = (uint8_t)a->rt;
    out->rn = reg_sp(a->rn);
    out->size = (uint8_t)scale;
    out->ra = (uint8_t)selem;
    out->cond = (uint8_t)index;
    out->flags = (uint8_t)(a->q ? PS_Q : 0);
    out->imm = 0;
    return trans_writeback(out, a->post, a->rm, selem << scale);
}

/* Load/store exclusive (ARM ARM C4.1.4, C6.2): LDXR/STXR, LDAXR/STLXR of B, H, W, X and the
 * pairs LDXP/STXP, LDAXP/STLXP, with the local exclusive monitor (ARM ARM B2.9). Pseudocode:
 * aarch64/instrs/memory/exclusive/{single,pair}, AArch64.SetExclusiveMonitors,
 * AArch64.ExclusiveMonitorsPass.
 *
 * The monitor (cpu->exclusive_*) records the virtual address and size the last load exclusive
 * marked (the pseudocode's AArch64.IsExclusiveVA; the CPU model has no separate physical
 * tracking). A store exclusive passes only for exactly that address and size, and leaves the
 * monitor open whether it passes or not. There is no global monitor: a store by another CPU
 * does not clear this one; the round-robin scheduler is expected to clear exclusive_valid when
 * it switches CPUs, which architecturally is a spurious but permitted store-exclusive failure.
 * Acquire/release ordering needs nothing in a sequential interpreter. Exclusives give no
 * instruction syndrome (ISV = 0). */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exec_ldst.h"
#include "insn.h"
#include "memory.h"

enum { EXCL_FLAGS = MEM_ALIGNED | MEM_EXCLUSIVE | MEM_NO_SYNDROME };

/* AArch64.SetExclusiveMonitors. */
static void mark_exclusive(struct cpu *cpu, uint64_t va, unsigned bytes)
{
    cpu->exclusive_valid = true;
    cpu->exclusive_addr = va;
    cpu->exclusive_size = bytes;
}

/* AArch64.ExclusiveMonitorsPass after its alignment check: does the monitor cover exactly this
 * access? Either way the monitor is then open (ClearExclusiveLocal). */
static bool exclusive_pass(struct cpu *cpu, uint64_t va, unsigned bytes)
{
    bool pass = cpu->exclusive_valid && cpu->exclusive_addr == va && cpu->exclusive_size == bytes;
    cpu->exclusive_valid = false;
    return pass;
}

static inline int load_exclusive(struct cpu *cpu, const struct insn *in, unsigned bytes)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = cpu->r[in->rn], v;
    if (!mem_read(cpu, in, va, bytes, &v, EXCL_FLAGS))
        return EXEC_LEAVE;
    mark_exclusive(cpu, va, bytes);
    cpu->r[in->rd] = v;
    return EXEC_NEXT;
}

/* The data and address are read before the status register is written: Rs == Rt or Rs == Rn
 * (CONSTRAINED UNPREDICTABLE) store the original value at the original address
 * (Constraint_NONE), as QEMU does. The alignment check comes first, monitor or not. */
static inline int store_exclusive(struct cpu *cpu, const struct insn *in, unsigned bytes)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = cpu->r[in->rn];
    if (va & (bytes - 1))
        return mem_alignment_fault(cpu, in, va, true);
    uint64_t status = 1;
    if (exclusive_pass(cpu, va, bytes)) {
        if (!mem_write(cpu, in, va, bytes, ldst_truncate(cpu->r[in->rd], bytes), EXCL_FLAGS))
            return EXEC_LEAVE;
        status = 0;
    }
    cpu->r[in->ra] = status;
    return EXEC_NEXT;
}

static int exec_ldxrb(struct cpu *cpu, const struct insn *in) { return load_exclusive(cpu, in, 1); }
static int exec_ldxrh(struct cpu *cpu, const struct insn *in) { return load_exclusive(cpu, in, 2); }
static int exec_ldxrw(struct cpu *cpu, const struct insn *in) { return load_exclusive(cpu, in, 4); }
static int exec_ldxrx(struct cpu *cpu, const struct insn *in) { return load_exclusive(cpu, in, 8); }
static int exec_stxrb(struct cpu *cpu, const struct insn *in) { return store_exclusive(cpu, in, 1); }
static int exec_stxrh(struct cpu *cpu, const struct insn *in) { return store_exclusive(cpu, in, 2); }
static int exec_stxrw(struct cpu *cpu, const struct insn *in) { return store_exclusive(cpu, in, 4); }
static int exec_stxrx(struct cpu *cpu, const struct insn *in) { return store_exclusive(cpu, in, 8); }

/* Pairs of W registers are one 8-byte access (Rt in the low half); pairs of X registers are a
 * 16-byte access: aligned to 16, made of two 8-byte accesses. For LDXP with Rt == Rt2
 * (CONSTRAINED UNPREDICTABLE, Constraint_UNKNOWN) the register ends with the second element. */
static int exec_ldxp_w(struct cpu *cpu, const struct insn *in)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = cpu->r[in->rn], v;
    if (!mem_read(cpu, in, va, 8, &v, EXCL_FLAGS))
        return EXEC_LEAVE;
    mark_exclusive(cpu, va, 8);
    cpu->r[in->rd] = (uint32_t)v;
    cpu->r[in->ra] = v >> 32;
    return EXEC_NEXT;
}

static int exec_ldxp_x(struct cpu *cpu, const struct insn *in)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = cpu->r[in->rn], v1, v2;
    if (va & 15)
        return mem_alignment_fault(cpu, in, va, false);
    if (!mem_read(cpu, in, va, 8, &v1, EXCL_FLAGS) || !mem_read(cpu, in, va + 8, 8, &v2, EXCL_FLAGS))
        return EXEC_LEAVE;
    mark_exclusive(cpu, va, 16);
    cpu->r[in->rd] = v1;
    cpu->r[in->ra] = v2;
    return EXEC_NEXT;
}

/* Store exclusive pairs: Rs is in->cond (in->ra is Rt2). */
static int exec_stxp_w(struct cpu *cpu, const struct insn *in)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = cpu->r[in->rn];
    if (va & 7)
        return mem_alignment_fault(cpu, in, va, true);
    uint64_t status = 1;
    if (exclusive_pass(cpu, va, 8)) {
        uint64_t data = (uint32_t)cpu->r[in->rd] | cpu->r[in->ra] << 32;
        if (!mem_write(cpu, in, va, 8, data, EXCL_FLAGS))
            return EXEC_LEAVE;
        status = 0;
    }
    cpu->r[in->cond] = status;
    return EXEC_NEXT;
}

static int exec_stxp_x(struct cpu *cpu, const struct insn *in)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = cpu->r[in->rn];
    if (va & 15)
        return mem_alignment_fault(cpu, in, va, true);
    uint64_t status = 1;
    if (exclusive_pass(cpu, va, 16)) {
        uint64_t v1 = cpu->r[in->rd], v2 = cpu->r[in->ra];
        if (!mem_write(cpu, in, va, 8, v1, EXCL_FLAGS) || !mem_write(cpu, in, va + 8, 8, v2, EXCL_FLAGS))
            return EXEC_LEAVE;
        status = 0;
    }
    cpu->r[in->cond] = status;
    return EXEC_NEXT;
}

/* o2 = 0: L, o1 (pair), o0 (acquire/release) and size. Pairs need size = 1x (size = 0x with
 * o1 = 1 is FEAT_LSE CASP). Unused Rs/Rt2 fields are ignored. */
bool trans_LDST_EXCL(struct insn *out, const struct arg_LDST_EXCL *a)
{
    static exec_fn *const single[2][4] = {
        { exec_stxrb, exec_stxrh, exec_stxrw, exec_stxrx },
        { exec_ldxrb, exec_ldxrh, exec_ldxrw, exec_ldxrx },
    };
    static exec_fn *const pair[2][2] = { { exec_stxp_w, exec_stxp_x }, { exec_ldxp_w, exec_ldxp_x } };
    if (a->o1 && a->size < 2)
        return false;
    out->rn = reg_sp(a->rn);
    out->rd = a->l ? reg_dst(a->rt) : reg_src(a->rt);
    out->flags = EXCL_FLAGS;
    if (!a->o1) {
        out->fn = single[a->l][a->size];
        out->ra = a->l ? 0 : reg_dst(a->rs);
        return true;
    }
    out->fn = pair[a->l][a->size & 1];
    out->ra = a->l ? reg_dst(a->rt2) : reg_src(a->rt2);
    out->cond = reg_dst(a->rs);
    return true;
}

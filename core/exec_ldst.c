/* Loads and stores of one general-purpose register (ARM ARM C4.1.4, C6.2): unsigned offset,
 * unscaled (LDUR/STUR), pre/post-index, unprivileged (LDTR/STTR), register offset, literal, and
 * load-acquire/store-release (LDAR/STLR, which are base-only offset forms with MEM_ALIGNED).
 * Pseudocode: aarch64/instrs/memory/single/general/{immediate,register}, memory/literal/general,
 * memory/ordered. One handler per (operation, addressing mode), specialized by inlining. */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exception.h"
#include "exec_ldst.h"
#include "insn.h"
#include "memory.h"

#define SCTLR_A (1ull << 1)
#define SCTLR_SA (1ull << 3)
#define SCTLR_SA0 (1ull << 4)

/* --- shared checks (core/exec_ldst.h) --- */

/* The SCTLR of the current translation regime: SCTLR_EL1 for EL0/EL1, SCTLR_EL2 at EL2. */
static uint64_t regime_sctlr(const struct cpu *cpu)
{
    return cpu->sr[cpu->el == 2 ? SR_SCTLR_EL2 : SR_SCTLR_EL1];
}

bool ldst_sp_check_enabled(const struct cpu *cpu)
{
    return (regime_sctlr(cpu) & (cpu->el == 0 ? SCTLR_SA0 : SCTLR_SA)) != 0;
}

int ldst_sp_alignment_fault(struct cpu *cpu, const struct insn *in)
{
    return raise_sync(cpu, in, exception_sync_target_el(cpu), esr_make(EC_SP_ALIGN, true, 0));
}

bool ldst_strict_alignment(const struct cpu *cpu)
{
    return (regime_sctlr(cpu) & SCTLR_A) != 0;
}

/* --- handlers --- */

/* How a loaded value is extended into the 64-bit register slot. */
enum load_ext { LD_ZERO, LD_SIGN32, LD_SIGN64 };

static inline uint64_t extend_loaded(uint64_t v, unsigned bytes, enum load_ext ext)
{
    if (ext == LD_ZERO || bytes == 8)
        return v;
    unsigned sh = 64 - 8 * bytes;
    uint64_t s = (uint64_t)((int64_t)(v << sh) >> sh);
    return ext == LD_SIGN32 ? (uint32_t)s : s;
}

static inline int load_one(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes,
                           enum load_ext ext)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = ldst_address(cpu, in, mode), v;
    if (!mem_read(cpu, in, va, bytes, &v, in->flags))
        return EXEC_LEAVE;
    cpu->r[in->rd] = extend_loaded(v, bytes, ext);
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

/* The stored value is read before writeback, so a store with writeback of its own base
 * (CONSTRAINED UNPREDICTABLE) stores the original value: Constraint_NONE. */
static inline int store_one(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = ldst_address(cpu, in, mode);
    if (!mem_write(cpu, in, va, bytes, ldst_truncate(cpu->r[in->rd], bytes), in->flags))
        return EXEC_LEAVE;
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

#define DEFINE_MODE(name, mode, body)                                                             \
    static int exec_##name##_##mode(struct cpu *cpu, const struct insn *in) { return body; }
#define DEFINE_LOAD(name, bytes, ext)                                                             \
    DEFINE_MODE(name, off, load_one(cpu, in, AM_OFFSET, bytes, ext))                              \
    DEFINE_MODE(name, pre, load_one(cpu, in, AM_PRE, bytes, ext))                                 \
    DEFINE_MODE(name, post, load_one(cpu, in, AM_POST, bytes, ext))                               \
    DEFINE_MODE(name, reg, load_one(cpu, in, AM_REG, bytes, ext))
#define DEFINE_STORE(name, bytes)                                                                 \
    DEFINE_MODE(name, off, store_one(cpu, in, AM_OFFSET, bytes))                                  \
    DEFINE_MODE(name, pre, store_one(cpu, in, AM_PRE, bytes))                                     \
    DEFINE_MODE(name, post, store_one(cpu, in, AM_POST, bytes))                                   \
    DEFINE_MODE(name, reg, store_one(cpu, in, AM_REG, bytes))
#define MODES(name) { exec_##name##_off, exec_##name##_pre, exec_##name##_post, exec_##name##_reg }

DEFINE_STORE(strb, 1)
DEFINE_STORE(strh, 2)
DEFINE_STORE(strw, 4)
DEFINE_STORE(strx, 8)
DEFINE_LOAD(ldrb, 1, LD_ZERO)
DEFINE_LOAD(ldrh, 2, LD_ZERO)
DEFINE_LOAD(ldrw, 4, LD_ZERO)
DEFINE_LOAD(ldrx, 8, LD_ZERO)
DEFINE_LOAD(ldrsbx, 1, LD_SIGN64)
DEFINE_LOAD(ldrshx, 2, LD_SIGN64)
DEFINE_LOAD(ldrsw, 4, LD_SIGN64)
DEFINE_LOAD(ldrsbw, 1, LD_SIGN32)
DEFINE_LOAD(ldrshw, 2, LD_SIGN32)

/* PRFM/PRFUM: a hint; no access, so no fault and no SP alignment check. */
static int exec_prfm(struct cpu *cpu, const struct insn *in)
{
    (void)cpu;
    (void)in;
    return EXEC_NEXT;
}

/* Operations by (opc, size) of the load/store register classes; NULL = unallocated. PRFM
 * (opc = 10, size = 11) is handled by the callers. */
struct gp_op {
    exec_fn *fn[AM_COUNT];
    bool sign, sf; /* syndrome: SSE, SF */
};
static const struct gp_op gp_ops[4][4] = {
    [0] = { { MODES(strb), 0, 0 }, { MODES(strh), 0, 0 }, { MODES(strw), 0, 0 }, { MODES(strx), 0, 1 } },
    [1] = { { MODES(ldrb), 0, 0 }, { MODES(ldrh), 0, 0 }, { MODES(ldrw), 0, 0 }, { MODES(ldrx), 0, 1 } },
    [2] = { { MODES(ldrsbx), 1, 1 }, { MODES(ldrshx), 1, 1 }, { MODES(ldrsw), 1, 1 } },
    [3] = { { MODES(ldrsbw), 1, 0 }, { MODES(ldrshw), 1, 0 } },
};

static bool is_prfm(unsigned size, unsigned opc) { return size == 3 && opc == 2; }

/* Common part of the trans_ functions: Rt, Rn, handler, flags, and the syndrome (single
 * register accesses without writeback only). */
static bool trans_gp(struct insn *out, unsigned size, unsigned opc, unsigned rt, unsigned rn, enum ldst_mode mode,
                     int64_t offset, unsigned flags)
{
    const struct gp_op *op = &gp_ops[opc][size];
    if (!op->fn[0])
        return false;
    bool wback = mode == AM_PRE || mode == AM_POST;
    out->fn = op->fn[mode];
    out->rd = opc == 0 ? reg_src(rt) : reg_dst(rt);
    out->rn = reg_sp(rn);
    out->flags = (uint8_t)(flags | (wback ? MEM_NO_SYNDROME : 0));
    out->imm = ldst_imm(offset, wback ? 0 : ldst_iss(size, op->sign, rt, op->sf, false));
    return true;
}

bool trans_LDST_UIMM(struct insn *out, const struct arg_LDST_UIMM *a)
{
    if (is_prfm(a->size, a->opc)) {
        out->fn = exec_prfm;
        return true;
    }
    return trans_gp(out, a->size, a->opc, a->rt, a->rn, AM_OFFSET, (int64_t)a->imm12 << a->size, 0);
}

/* idx: 00 unscaled (LDUR/STUR, PRFUM), 01 post-index, 10 unprivileged (LDTR/STTR), 11 pre-index. */
bool trans_LDST_IMM9(struct insn *out, const struct arg_LDST_IMM9 *a)
{
    static const enum ldst_mode modes[4] = { AM_OFFSET, AM_POST, AM_OFFSET, AM_PRE };
    if (is_prfm(a->size, a->opc)) {
        if (a->idx != 0)
            return false;
        out->fn = exec_prfm;
        return true;
    }
    return trans_gp(out, a->size, a->opc, a->rt, a->rn, modes[a->idx], a->imm9,
                    a->idx == 2 ? MEM_UNPRIVILEGED : 0);
}

/* Register offset: the index is extended by option and shifted by the access size when S = 1. */
static bool trans_index(struct insn *out, unsigned option, unsigned rm, unsigned shift)
{
    if (!(option & 2))
        return false;
    out->cond = ldst_extend(option);
    out->rm = reg_src(rm);
    out->shift = (uint8_t)shift;
    return true;
}

bool trans_LDST_REG(struct insn *out, const struct arg_LDST_REG *a)
{
    if (!trans_index(out, a->option, a->rm, a->s ? a->size : 0))
        return false;
    if (is_prfm(a->size, a->opc)) {
        out->fn = exec_prfm;
        return true;
    }
    return trans_gp(out, a->size, a->opc, a->rt, a->rn, AM_REG, 0, 0);
}

/* LDAR/STLR: single-copy atomic, must be aligned, syndrome with AR = 1. The Rs and Rt2 fields
 * should be ones and are ignored. */
bool trans_LDST_ORDERED(struct insn *out, const struct arg_LDST_ORDERED *a)
{
    if (!trans_gp(out, a->size, a->l, a->rt, a->rn, AM_OFFSET, 0, MEM_ALIGNED))
        return false;
    out->imm = ldst_imm(0, ldst_iss(a->size, false, a->rt, a->size == 3, true));
    return true;
}

/* --- Load register (literal) --- */

static inline int load_literal(struct cpu *cpu, const struct insn *in, unsigned bytes, enum load_ext ext)
{
    uint64_t v;
    if (!mem_read(cpu, in, insn_pc(cpu, in) + (uint64_t)ldst_offset(in), bytes, &v, in->flags))
        return EXEC_LEAVE;
    cpu->r[in->rd] = extend_loaded(v, bytes, ext);
    return EXEC_NEXT;
}

static int exec_ldr_lit_w(struct cpu *cpu, const struct insn *in) { return load_literal(cpu, in, 4, LD_ZERO); }
static int exec_ldr_lit_x(struct cpu *cpu, const struct insn *in) { return load_literal(cpu, in, 8, LD_ZERO); }
static int exec_ldrsw_lit(struct cpu *cpu, const struct insn *in) { return load_literal(cpu, in, 4, LD_SIGN64); }

/* opc: 00 LDR Wt, 01 LDR Xt, 10 LDRSW, 11 PRFM (literal). */
bool trans_LDR_LIT(struct insn *out, const struct arg_LDR_LIT *a)
{
    static exec_fn *const fns[4] = { exec_ldr_lit_w, exec_ldr_lit_x, exec_ldrsw_lit, exec_prfm };
    static const uint8_t sizes[4] = { 2, 3, 2, 0 };
    out->fn = fns[a->opc];
    out->rd = reg_dst(a->rt);
    out->imm = ldst_imm((int64_t)a->imm19 * 4, ldst_iss(sizes[a->opc], a->opc == 2, a->rt, a->opc != 0, false));
    return true;
}

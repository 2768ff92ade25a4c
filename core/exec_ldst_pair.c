/* Load/store pair of general-purpose registers (ARM ARM C4.1.4, C6.2): LDP/STP of W and X
 * registers, LDPSW, LDNP/STNP, with signed offset, pre-index and post-index. Pseudocode:
 * aarch64/instrs/memory/pair/general/{offset,pre-idx,post-idx}, memory/pair/general/no-alloc.
 * The two elements are two accesses, each checked for alignment to its own size, as Mem[] does
 * in the pseudocode. Pairs give no instruction syndrome (ISV = 0). */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "exec_ldst.h"
#include "insn.h"
#include "memory.h"

/* Both elements are loaded before either register is written, so a fault leaves them intact.
 * Rt2 is written before Rt: for LDP with Rt == Rt2 (CONSTRAINED UNPREDICTABLE, Constraint_UNKNOWN)
 * the register ends with the first element, as on QEMU. */
static inline int load_pair(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes, bool sign)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = ldst_address(cpu, in, mode), v[2];
    if (!mem_read_seq(cpu, in, va, bytes, 2, v, in->flags))
        return EXEC_LEAVE;
    if (sign) {
        v[0] = (uint64_t)(int64_t)(int32_t)v[0];
        v[1] = (uint64_t)(int64_t)(int32_t)v[1];
    }
    cpu->r[in->ra] = v[1];
    cpu->r[in->rd] = v[0];
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

static inline int store_pair(struct cpu *cpu, const struct insn *in, enum ldst_mode mode, unsigned bytes)
{
    if (ldst_sp_misaligned(cpu, in))
        return ldst_sp_alignment_fault(cpu, in);
    uint64_t va = ldst_address(cpu, in, mode);
    uint64_t v[2] = { ldst_truncate(cpu->r[in->rd], bytes), ldst_truncate(cpu->r[in->ra], bytes) };
    if (!mem_write_seq(cpu, in, va, bytes, 2, v, in->flags))
        return EXEC_LEAVE;
    ldst_writeback(cpu, in, mode, va);
    return EXEC_NEXT;
}

#define DEFINE_MODE(name, mode, body)                                                             \
    static int exec_##name##_##mode(struct cpu *cpu, const struct insn *in) { return body; }
#define DEFINE_PAIR(name, call)                                                                   \
    DEFINE_MODE(name, off, call(AM_OFFSET))                                                       \
    DEFINE_MODE(name, pre, call(AM_PRE))                                                          \
    DEFINE_MODE(name, post, call(AM_POST))
#define MODES(name) { [AM_OFFSET] = exec_##name##_off, [AM_PRE] = exec_##name##_pre, [AM_POST] = exec_##name##_post }

#define STP_W(mode) store_pair(cpu, in, mode, 4)
#define STP_X(mode) store_pair(cpu, in, mode, 8)
#define LDP_W(mode) load_pair(cpu, in, mode, 4, false)
#define LDP_X(mode) load_pair(cpu, in, mode, 8, false)
#define LDPSW(mode) load_pair(cpu, in, mode, 4, true)
DEFINE_PAIR(stp_w, STP_W)
DEFINE_PAIR(stp_x, STP_X)
DEFINE_PAIR(ldp_w, LDP_W)
DEFINE_PAIR(ldp_x, LDP_X)
DEFINE_PAIR(ldpsw, LDPSW)

/* By (opc, L); NULL = unallocated (opc = 11; opc = 01 with L = 0, which is STGP of FEAT_MTE). */
static exec_fn *const pair_fns[4][2][AM_COUNT] = {
    [0] = { MODES(stp_w), MODES(ldp_w) },
    [1] = { { 0 }, MODES(ldpsw) },
    [2] = { MODES(stp_x), MODES(ldp_x) },
};

/* idx: 00 no-allocate offset (LDNP/STNP), 01 post-index, 10 offset, 11 pre-index. */
bool trans_LDST_PAIR(struct insn *out, const struct arg_LDST_PAIR *a)
{
    static const enum ldst_mode modes[4] = { AM_OFFSET, AM_POST, AM_OFFSET, AM_PRE };
    exec_fn *fn = pair_fns[a->opc][a->l][modes[a->idx]];
    if (!fn || (a->idx == 0 && a->opc == 1))
        return false; /* LDPSW has no no-allocate form */
    unsigned scale = 2 + (a->opc >> 1);
    out->fn = fn;
    out->rd = a->l ? reg_dst(a->rt) : reg_src(a->rt);
    out->ra = a->l ? reg_dst(a->rt2) : reg_src(a->rt2);
    out->rn = reg_sp(a->rn);
    out->imm = ldst_imm((int64_t)a->imm7 * (1 << scale), 0);
    out->flags = MEM_NO_SYNDROME;
    return true;
}

/* Advanced SIMD modified immediate: MOVI, MVNI, ORR, BIC (vector, immediate) and FMOV (vector,
 * immediate) (ARM ARM C4.1.6; pseudocode aarch64/instrs/vector/logical, AdvSIMDExpandImm; the
 * FMOV forms are its cmode = 1111 case, which builds VFPExpandImm's value). */
#include <stdbool.h>
#include <stdint.h>

#include "decode_gen.h"
#include "exec_simd_int.h"
#include "fp.h"

/* AdvSIMDExpandImm(op, cmode, imm8) */
static uint64_t adv_simd_expand_imm(unsigned op, unsigned cmode, uint64_t imm8)
{
    switch (cmode >> 1) {
    case 0: return simd_replicate(imm8, 2);
    case 1: return simd_replicate(imm8 << 8, 2);
    case 2: return simd_replicate(imm8 << 16, 2);
    case 3: return simd_replicate(imm8 << 24, 2);
    case 4: return simd_replicate(imm8, 1);
    case 5: return simd_replicate(imm8 << 8, 1);
    case 6: return simd_replicate(cmode & 1 ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff, 2);
    default:
        break;
    }
    uint64_t b7 = imm8 >> 7, b6 = (imm8 >> 6) & 1, low6 = imm8 & 0x3f;
    if (!(cmode & 1) && !op)
        return simd_replicate(imm8, 0);
    if (!(cmode & 1)) {     /* every bit of imm8 a byte of ones or zeros */
        uint64_t r = 0;
        for (unsigned i = 0; i < 8; i++)
            r |= ((imm8 >> i) & 1 ? 0xffull : 0) << (8 * i);
        return r;
    }
    if (!op)                /* imm8<7>:NOT(imm8<6>):Replicate(imm8<6>,5):imm8<5:0>:Zeros(19) */
        return simd_replicate((b7 << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1full : 0) << 25) | (low6 << 19), 2);
    return (b7 << 63) | ((b6 ^ 1) << 62) | ((b6 ? 0xffull : 0) << 54) | (low6 << 48);
}

static int exec_movi(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT) {
        simd_store(cpu, in->rd, in->imm, in->imm, in->flags & SIMD_F_Q);
    }
    return r;
}

static int exec_orr_imm(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT) {
        simd_store(cpu, in->rd, cpu->v[in->rd][0] | in->imm, cpu->v[in->rd][1] | in->imm, in->flags & SIMD_F_Q);
    }
    return r;
}

/* BIC: imm holds the inverted immediate. */
static int exec_and_imm(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r == EXEC_NEXT) {
        simd_store(cpu, in->rd, cpu->v[in->rd][0] & in->imm, cpu->v[in->rd][1] & in->imm, in->flags & SIMD_F_Q);
    }
    return r;
}

/* cmode<0> = 1 below 1100 is ORR (op = 0) or BIC (op = 1); otherwise MOVI, or MVNI for op = 1
 * except cmode = 111x (MOVI 64-bit, FMOV double). */
static bool trans_modimm(struct insn *out, unsigned q, unsigned op, unsigned cmode, unsigned abc,
                         unsigned defgh, unsigned rd)
{
    uint64_t imm = adv_simd_expand_imm(op, cmode, (abc << 5) | defgh);
    out->rd = (uint8_t)rd;
    out->flags = q ? SIMD_F_Q : 0;
    if ((cmode & 1) && cmode < 12) {
        out->imm = op ? ~imm : imm;
        out->fn = op ? exec_and_imm : exec_orr_imm;
    } else {
        out->imm = op && cmode < 14 ? ~imm : imm;
        out->fn = exec_movi;
    }
    return true;
}

bool trans_MOVI(struct insn *out, const struct arg_MOVI *a)
{
    return trans_modimm(out, a->q, 0, a->cmode, a->abc, a->defgh, a->rd);
}

bool trans_MOVI_OP1_A(struct insn *out, const struct arg_MOVI_OP1_A *a)
{
    return trans_modimm(out, a->q, 1, a->c, a->abc, a->defgh, a->rd);
}

bool trans_MOVI_OP1_B(struct insn *out, const struct arg_MOVI_OP1_B *a)
{
    return trans_modimm(out, a->q, 1, 8 | a->c, a->abc, a->defgh, a->rd);
}

bool trans_MOVI_OP1_C(struct insn *out, const struct arg_MOVI_OP1_C *a)
{
    return trans_modimm(out, a->q, 1, 12 | a->c, a->abc, a->defgh, a->rd);
}

bool trans_MOVI_OP1_D(struct insn *out, const struct arg_MOVI_OP1_D *a)
{
    return trans_modimm(out, a->q, 1, 14, a->abc, a->defgh, a->rd);
}

bool trans_MOVI_FMOV_D(struct insn *out, const struct arg_MOVI_FMOV_D *a)
{
    return trans_modimm(out, 1, 1, 15, a->abc, a->defgh, a->rd);
}

/* Data Processing -- Register (ARM ARM C4.1.5, C6.2), the two-operand ALU part: logical and
 * add/subtract with shifted or extended register operands, add/subtract with carry, conditional
 * compare and conditional select. The 1-, 2- and 3-source groups are in exec_dp_src.c. */
#include <stdbool.h>
#include <stdint.h>

#include "alu.h"
#include "cond.h"
#include "cpu.h"
#include "decode_gen.h"
#include "insn.h"

enum shift_type { SHIFT_LSL, SHIFT_LSR, SHIFT_ASR, SHIFT_ROR };

/* --- Logical (shifted register) --- */

/* ShiftReg(m, type, amount) with the amount in in->shift, then inverted for the N = 1 forms
 * (BIC, ORN, EON, BICS) by XOR with in->imm = all ones. */
ALU_DEFINE_LOGIC(reg, cpu->r[in->rm] ^ in->imm, (uint32_t)cpu->r[in->rm] ^ (uint32_t)in->imm)
ALU_DEFINE_LOGIC(lsl, (cpu->r[in->rm] << in->shift) ^ in->imm,
                 ((uint32_t)cpu->r[in->rm] << in->shift) ^ (uint32_t)in->imm)
ALU_DEFINE_LOGIC(lsr, (cpu->r[in->rm] >> in->shift) ^ in->imm,
                 ((uint32_t)cpu->r[in->rm] >> in->shift) ^ (uint32_t)in->imm)
ALU_DEFINE_LOGIC(asr, asr64(cpu->r[in->rm], in->shift) ^ in->imm,
                 asr32((uint32_t)cpu->r[in->rm], in->shift) ^ (uint32_t)in->imm)
ALU_DEFINE_LOGIC(ror, ror64(cpu->r[in->rm], in->shift) ^ in->imm,
                 ror32((uint32_t)cpu->r[in->rm], in->shift) ^ (uint32_t)in->imm)

/* [shift type][sf][opc] for a nonzero amount; a zero amount of any type is plain `reg`. */
static exec_fn *const logic_shifted[4][2][4] = {
    [SHIFT_LSL] = ALU_LOGIC_TABLE(lsl),
    [SHIFT_LSR] = ALU_LOGIC_TABLE(lsr),
    [SHIFT_ASR] = ALU_LOGIC_TABLE(asr),
    [SHIFT_ROR] = ALU_LOGIC_TABLE(ror),
};
static exec_fn *const logic_reg[2][4] = ALU_LOGIC_TABLE(reg);

/* MOV (register), the alias ORR Xd, XZR, Xm: the most common register move. */
static int exec_mov64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_mov32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)cpu->r[in->rm];
    return EXEC_NEXT;
}

bool trans_LOGIC_reg(struct insn *out, const struct arg_LOGIC_reg *a)
{
    if (!a->sf && a->imm6 >= 32)
        return false;
    out->rd = reg_dst(a->rd);
    out->rn = reg_src(a->rn);
    out->rm = reg_src(a->rm);
    out->shift = (uint8_t)a->imm6;
    out->imm = a->n ? ~0ull : 0;
    if (a->opc == 1 && !a->n && a->rn == 31 && a->imm6 == 0)
        out->fn = a->sf ? exec_mov64 : exec_mov32;
    else if (a->imm6 == 0)
        out->fn = logic_reg[a->sf][a->opc];
    else
        out->fn = logic_shifted[a->shift][a->sf][a->opc];
    return true;
}

/* --- Add/subtract (shifted register) --- */

ALU_DEFINE_ADDSUB(reg, cpu->r[in->rm], cpu->r[in->rm])
ALU_DEFINE_ADDSUB(lsl, cpu->r[in->rm] << in->shift, (uint32_t)cpu->r[in->rm] << in->shift)
ALU_DEFINE_ADDSUB(lsr, cpu->r[in->rm] >> in->shift, (uint32_t)cpu->r[in->rm] >> in->shift)
ALU_DEFINE_ADDSUB(asr, asr64(cpu->r[in->rm], in->shift), asr32((uint32_t)cpu->r[in->rm], in->shift))

/* [shift type][sf][op][S] for a nonzero amount (ROR is unallocated here). */
static exec_fn *const addsub_shifted[3][2][2][2] = {
    [SHIFT_LSL] = ALU_ADDSUB_TABLE(lsl),
    [SHIFT_LSR] = ALU_ADDSUB_TABLE(lsr),
    [SHIFT_ASR] = ALU_ADDSUB_TABLE(asr),
};
static exec_fn *const addsub_reg[2][2][2] = ALU_ADDSUB_TABLE(reg);

bool trans_ADDSUB_reg(struct insn *out, const struct arg_ADDSUB_reg *a)
{
    if (a->shift == SHIFT_ROR || (!a->sf && a->imm6 >= 32))
        return false;
    out->rd = reg_dst(a->rd);
    out->rn = reg_src(a->rn);
    out->rm = reg_src(a->rm);
    out->shift = (uint8_t)a->imm6;
    if (a->imm6 == 0)
        out->fn = addsub_reg[a->sf][a->op][a->s];
    else
        out->fn = addsub_shifted[a->shift][a->sf][a->op][a->s];
    return true;
}

/* --- Add/subtract (extended register) --- */

/* ExtendReg(m, type, shift): the low 8/16/32/64 bits of Rm, zero- or sign-extended, shifted left
 * by 0-4. in->shift = 64 - bits (moves the field to the top and back), in->size = the shift. */
ALU_DEFINE_ADDSUB(uxt, ((cpu->r[in->rm] << in->shift) >> in->shift) << in->size,
                  ((cpu->r[in->rm] << in->shift) >> in->shift) << in->size)
ALU_DEFINE_ADDSUB(sxt, asr64(cpu->r[in->rm] << in->shift, in->shift) << in->size,
                  asr64(cpu->r[in->rm] << in->shift, in->shift) << in->size)

static exec_fn *const addsub_ext[2][2][2][2] = { ALU_ADDSUB_TABLE(uxt), ALU_ADDSUB_TABLE(sxt) };

/* SP may be the first operand, and the destination of ADD/SUB (not ADDS/SUBS). */
bool trans_ADDSUB_ext(struct insn *out, const struct arg_ADDSUB_ext *a)
{
    if (a->imm3 > 4)
        return false;
    out->rd = a->s ? reg_dst(a->rd) : reg_sp(a->rd);
    out->rn = reg_sp(a->rn);
    out->rm = reg_src(a->rm);
    out->shift = (uint8_t)(64 - (8u << (a->option & 3)));
    out->size = (uint8_t)a->imm3;
    out->fn = addsub_ext[a->option >> 2][a->sf][a->op][a->s];
    return true;
}

/* --- Add/subtract (with carry): ADC, ADCS, SBC, SBCS --- */

static unsigned carry(const struct cpu *cpu) { return (cpu->nzcv & FLAG_C) != 0; }

static int exec_adc64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->rn] + cpu->r[in->rm] + carry(cpu);
    return EXEC_NEXT;
}

static int exec_sbc64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->rn] + ~cpu->r[in->rm] + carry(cpu);
    return EXEC_NEXT;
}

static int exec_adcs64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = add_with_carry64(cpu->r[in->rn], cpu->r[in->rm], carry(cpu), &cpu->nzcv);
    return EXEC_NEXT;
}

static int exec_sbcs64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = add_with_carry64(cpu->r[in->rn], ~cpu->r[in->rm], carry(cpu), &cpu->nzcv);
    return EXEC_NEXT;
}

static int exec_adc32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)((uint32_t)cpu->r[in->rn] + (uint32_t)cpu->r[in->rm] + carry(cpu));
    return EXEC_NEXT;
}

static int exec_sbc32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)((uint32_t)cpu->r[in->rn] + ~(uint32_t)cpu->r[in->rm] + carry(cpu));
    return EXEC_NEXT;
}

static int exec_adcs32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] =
        add_with_carry32((uint32_t)cpu->r[in->rn], (uint32_t)cpu->r[in->rm], carry(cpu), &cpu->nzcv);
    return EXEC_NEXT;
}

static int exec_sbcs32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] =
        add_with_carry32((uint32_t)cpu->r[in->rn], ~(uint32_t)cpu->r[in->rm], carry(cpu), &cpu->nzcv);
    return EXEC_NEXT;
}

static exec_fn *const adc_fns[2][2][2] = {
    {{exec_adc32, exec_adcs32}, {exec_sbc32, exec_sbcs32}},
    {{exec_adc64, exec_adcs64}, {exec_sbc64, exec_sbcs64}},
};

bool trans_ADC(struct insn *out, const struct arg_ADC *a)
{
    out->rd = reg_dst(a->rd);
    out->rn = reg_src(a->rn);
    out->rm = reg_src(a->rm);
    out->fn = adc_fns[a->sf][a->op][a->s];
    return true;
}

/* --- Conditional compare: CCMN, CCMP --- */

/* If the condition (in->cond) holds, NZCV = AddWithCarry(Rn, y, carry_in) with y = operand
 * (CCMN, carry_in 0) or NOT operand (CCMP, carry_in 1): in->imm is the XOR mask that makes y,
 * in->size the carry_in. Otherwise NZCV = the immediate (in->flags, bits 31:28 form). */
static int exec_ccmp_reg64(struct cpu *cpu, const struct insn *in)
{
    if (cond_holds(cpu->nzcv, in->cond))
        add_with_carry64(cpu->r[in->rn], cpu->r[in->rm] ^ in->imm, in->size, &cpu->nzcv);
    else
        cpu->nzcv = (uint32_t)in->flags << 28;
    return EXEC_NEXT;
}

static int exec_ccmp_reg32(struct cpu *cpu, const struct insn *in)
{
    if (cond_holds(cpu->nzcv, in->cond))
        add_with_carry32((uint32_t)cpu->r[in->rn], (uint32_t)(cpu->r[in->rm] ^ in->imm), in->size,
                         &cpu->nzcv);
    else
        cpu->nzcv = (uint32_t)in->flags << 28;
    return EXEC_NEXT;
}

/* The immediate forms: in->imm is y itself. */
static int exec_ccmp_imm64(struct cpu *cpu, const struct insn *in)
{
    if (cond_holds(cpu->nzcv, in->cond))
        add_with_carry64(cpu->r[in->rn], in->imm, in->size, &cpu->nzcv);
    else
        cpu->nzcv = (uint32_t)in->flags << 28;
    return EXEC_NEXT;
}

static int exec_ccmp_imm32(struct cpu *cpu, const struct insn *in)
{
    if (cond_holds(cpu->nzcv, in->cond))
        add_with_carry32((uint32_t)cpu->r[in->rn], (uint32_t)in->imm, in->size, &cpu->nzcv);
    else
        cpu->nzcv = (uint32_t)in->flags << 28;
    return EXEC_NEXT;
}

/* op = 1 is CCMP (subtract), op = 0 CCMN (add). */
static void trans_ccmp(struct insn *out, unsigned op, unsigned cond, unsigned rn, unsigned nzcv)
{
    out->rn = reg_src(rn);
    out->cond = (uint8_t)cond;
    out->flags = (uint8_t)nzcv;
    out->size = (uint8_t)op;
    out->imm = op ? ~0ull : 0;
}

bool trans_CCMP_reg(struct insn *out, const struct arg_CCMP_reg *a)
{
    trans_ccmp(out, a->op, a->cond, a->rn, a->nzcv);
    out->rm = reg_src(a->rm);
    out->fn = a->sf ? exec_ccmp_reg64 : exec_ccmp_reg32;
    return true;
}

bool trans_CCMP_imm(struct insn *out, const struct arg_CCMP_imm *a)
{
    trans_ccmp(out, a->op, a->cond, a->rn, a->nzcv);
    out->imm ^= a->imm5;
    out->fn = a->sf ? exec_ccmp_imm64 : exec_ccmp_imm32;
    return true;
}

/* --- Conditional select: CSEL, CSINC, CSINV, CSNEG --- */

static int exec_csel64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_csinc64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : cpu->r[in->rm] + 1;
    return EXEC_NEXT;
}

static int exec_csinv64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : ~cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_csneg64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : 0 - cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_csel32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)(cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : cpu->r[in->rm]);
    return EXEC_NEXT;
}

static int exec_csinc32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)(cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : cpu->r[in->rm] + 1);
    return EXEC_NEXT;
}

static int exec_csinv32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)(cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : ~cpu->r[in->rm]);
    return EXEC_NEXT;
}

static int exec_csneg32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)(cond_holds(cpu->nzcv, in->cond) ? cpu->r[in->rn] : 0 - cpu->r[in->rm]);
    return EXEC_NEXT;
}

static exec_fn *const csel_fns[2][2][2] = {
    {{exec_csel32, exec_csinc32}, {exec_csinv32, exec_csneg32}},
    {{exec_csel64, exec_csinc64}, {exec_csinv64, exec_csneg64}},
};

bool trans_CSEL(struct insn *out, const struct arg_CSEL *a)
{
    out->rd = reg_dst(a->rd);
    out->rn = reg_src(a->rn);
    out->rm = reg_src(a->rm);
    out->cond = (uint8_t)a->cond;
    out->fn = csel_fns[a->sf][a->op][a->o2];
    return true;
}

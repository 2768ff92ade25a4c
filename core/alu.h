/* Integer ALU helpers shared by the data-processing handlers: AddWithCarry, the shift
 * operations of shifted-register operands, and the NZCV of logical results. All static inline:
 * these sit on the hottest path of the interpreter. */
#ifndef ELSIM_CORE_ALU_H
#define ELSIM_CORE_ALU_H

#include <stdint.h>

#include "cpu.h"

/* AddWithCarry(x, y, carry_in) for 64-bit operands: returns the sum and stores NZCV. */
static inline uint64_t add_with_carry64(uint64_t x, uint64_t y, unsigned carry_in, uint32_t *nzcv)
{
    uint64_t r = x + y + carry_in;
    uint32_t c = carry_in ? r <= x : r < x; /* unsigned overflow of the 65-bit sum */
    uint32_t v = (uint32_t)(((x ^ r) & (y ^ r)) >> 63); /* operands agree in sign, result not */
    *nzcv = (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30 | c << 29 | v << 28;
    return r;
}

/* AddWithCarry(x, y, carry_in) for 32-bit operands. */
static inline uint32_t add_with_carry32(uint32_t x, uint32_t y, unsigned carry_in, uint32_t *nzcv)
{
    uint64_t wide = (uint64_t)x + y + carry_in;
    uint32_t r = (uint32_t)wide;
    uint32_t v = ((x ^ r) & (y ^ r)) >> 31;
    *nzcv = (r >> 31) << 31 | (uint32_t)(r == 0) << 30 | (uint32_t)(wide >> 32) << 29 | v << 28;
    return r;
}

/* NZCV of a logical (ANDS/BICS/TST) result: N and Z from the result, C = V = 0. */
static inline uint32_t logic_flags64(uint64_t r)
{
    return (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30;
}

static inline uint32_t logic_flags32(uint32_t r)
{
    return (r >> 31) << 31 | (uint32_t)(r == 0) << 30;
}

/* The shifts of ShiftReg(); the amount is below the data size. ASR relies on the compiler's
 * arithmetic right shift of negative values (GCC and Clang guarantee it). */
static inline uint64_t asr64(uint64_t x, unsigned n) { return (uint64_t)((int64_t)x >> n); }
static inline uint32_t asr32(uint32_t x, unsigned n) { return (uint32_t)((int32_t)x >> n); }
static inline uint64_t ror64(uint64_t x, unsigned n) { return n ? x >> n | x << (64 - n) : x; }
static inline uint32_t ror32(uint32_t x, unsigned n) { return n ? x >> n | x << (32 - n) : x; }

/* Handler generators for the two hottest families, whose members differ only in how the second
 * operand is formed (immediate, register, shifted or extended register). OP2_64 and OP2_32 are
 * expressions over the handler's `cpu` and `in`. Each generator defines eight handlers named
 * exec_{add,adds,sub,subs}_KIND{32,64} (or exec_{and,orr,eor,ands}_KIND{32,64}); the matching
 * ..._TABLE(KIND) is an initializer indexed [sf][op][S] (or [sf][opc]), following the encoding. */
#define ALU_DEFINE_ADDSUB(kind, OP2_64, OP2_32)                                                    \
    static int exec_add_##kind##64(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = cpu->r[in->rn] + (uint64_t)(OP2_64);                                     \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_sub_##kind##64(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = cpu->r[in->rn] - (uint64_t)(OP2_64);                                     \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_adds_##kind##64(struct cpu *cpu, const struct insn *in)                       \
    {                                                                                              \
        cpu->r[in->rd] = add_with_carry64(cpu->r[in->rn], (uint64_t)(OP2_64), 0, &cpu->nzcv);     \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_subs_##kind##64(struct cpu *cpu, const struct insn *in)                       \
    {                                                                                              \
        cpu->r[in->rd] = add_with_carry64(cpu->r[in->rn], ~(uint64_t)(OP2_64), 1, &cpu->nzcv);    \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_add_##kind##32(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = (uint32_t)((uint32_t)cpu->r[in->rn] + (uint32_t)(OP2_32));               \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_sub_##kind##32(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = (uint32_t)((uint32_t)cpu->r[in->rn] - (uint32_t)(OP2_32));               \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_adds_##kind##32(struct cpu *cpu, const struct insn *in)                       \
    {                                                                                              \
        cpu->r[in->rd] =                                                                           \
            add_with_carry32((uint32_t)cpu->r[in->rn], (uint32_t)(OP2_32), 0, &cpu->nzcv);         \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_subs_##kind##32(struct cpu *cpu, const struct insn *in)                       \
    {                                                                                              \
        cpu->r[in->rd] =                                                                           \
            add_with_carry32((uint32_t)cpu->r[in->rn], ~(uint32_t)(OP2_32), 1, &cpu->nzcv);        \
        return EXEC_NEXT;                                                                          \
    }

#define ALU_ADDSUB_TABLE(kind)                                                                     \
    {                                                                                              \
        {{exec_add_##kind##32, exec_adds_##kind##32}, {exec_sub_##kind##32, exec_subs_##kind##32}}, \
        {{exec_add_##kind##64, exec_adds_##kind##64}, {exec_sub_##kind##64, exec_subs_##kind##64}}  \
    }

#define ALU_DEFINE_LOGIC(kind, OP2_64, OP2_32)                                                     \
    static int exec_and_##kind##64(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = cpu->r[in->rn] & (uint64_t)(OP2_64);                                     \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_orr_##kind##64(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = cpu->r[in->rn] | (uint64_t)(OP2_64);                                     \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_eor_##kind##64(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = cpu->r[in->rn] ^ (uint64_t)(OP2_64);                                     \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_ands_##kind##64(struct cpu *cpu, const struct insn *in)                       \
    {                                                                                              \
        uint64_t r = cpu->r[in->rn] & (uint64_t)(OP2_64);                                         \
        cpu->nzcv = logic_flags64(r);                                                              \
        cpu->r[in->rd] = r;                                                                        \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_and_##kind##32(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = (uint32_t)cpu->r[in->rn] & (uint32_t)(OP2_32);                           \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_orr_##kind##32(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = (uint32_t)cpu->r[in->rn] | (uint32_t)(OP2_32);                           \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_eor_##kind##32(struct cpu *cpu, const struct insn *in)                        \
    {                                                                                              \
        cpu->r[in->rd] = (uint32_t)cpu->r[in->rn] ^ (uint32_t)(OP2_32);                           \
        return EXEC_NEXT;                                                                          \
    }                                                                                              \
    static int exec_ands_##kind##32(struct cpu *cpu, const struct insn *in)                       \
    {                                                                                              \
        uint32_t r = (uint32_t)cpu->r[in->rn] & (uint32_t)(OP2_32);                               \
        cpu->nzcv = logic_flags32(r);                                                              \
        cpu->r[in->rd] = r;                                                                        \
        return EXEC_NEXT;                                                                          \
    }

#define ALU_LOGIC_TABLE(kind)                                                                      \
    {                                                                                              \
        {exec_and_##kind##32, exec_orr_##kind##32, exec_eor_##kind##32, exec_ands_##kind##32},     \
        {exec_and_##kind##64, exec_orr_##kind##64, exec_eor_##kind##64, exec_ands_##kind##64}      \
    }

#endif

/* A predecoded instruction: its handler and operands, extracted once when its block is decoded.
 * Handlers return EXEC_NEXT to fall through to the next instruction of the block, or EXEC_LEAVE
 * after setting cpu->pc (a branch, an exception taken, or anything that must be seen by the run
 * loop before the next instruction: a change of EL, of masks, of translation). */
#ifndef ELSIM_CORE_INSN_H
#define ELSIM_CORE_INSN_H

#include <stdint.h>

struct cpu;
struct insn;

typedef int exec_fn(struct cpu *cpu, const struct insn *in);

enum { EXEC_NEXT = 0, EXEC_LEAVE = 1 };

struct insn {
    exec_fn *fn;
    uint64_t imm;     /* immediate, offset, mask or target offset, prepared by trans_ */
    uint32_t raw;     /* the instruction word */
    uint16_t pc_off;  /* byte offset of this instruction from its block's first one */
    uint8_t rd, rn, rm, ra; /* register slots (REG_* in cpu.h); ra doubles as Rt2 / Rs */
    uint8_t cond;     /* condition code, or an NZCV immediate, or a system-register id */
    uint8_t shift;    /* shift/extend type or amount */
    uint8_t size;     /* access size log2, data size, or another small operand */
    uint8_t flags;    /* per-handler option bits */
    uint8_t ends_block; /* set by trans_ when the handler always returns EXEC_LEAVE (branches,
                           exception generation, ERET, ISB...): decoding stops after it */
    uint8_t pseudo;   /* not a guest instruction: a breakpoint probe or the end-of-block sentinel
                         (instruction counts are pc_off / 4, plus 1 for a real instruction) */
};

#endif

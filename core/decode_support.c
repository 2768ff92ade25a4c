/* The outcome of decoding that is not an instruction: UNDEFINED (an unallocated encoding, or
 * one this CPU model does not have). Every architected ARMv8.0 encoding is implemented. */
#include "cpu.h"
#include "decode.h"
#include "exception.h"

static int exec_undefined(struct cpu *cpu, const struct insn *in)
{
    return raise_undefined(cpu, in);
}

void decode_undefined(struct insn *out)
{
    out->fn = exec_undefined;
    out->ends_block = 1;
}

/* The two outcomes of decoding that are not an instruction: UNDEFINED (an unallocated encoding,
 * or one this CPU model does not have) and "architected but not implemented by elsim yet". */
#include <stdio.h>

#include "cpu.h"
#include "decode.h"
#include "exception.h"
#include "interrupt.h"

static int exec_undefined(struct cpu *cpu, const struct insn *in)
{
    return raise_undefined(cpu, in);
}

void decode_undefined(struct insn *out)
{
    out->fn = exec_undefined;
    out->ends_block = 1;
}

/* The pattern name is kept in in->imm (a pointer to a string literal of the generated table). */
static int exec_unimplemented(struct cpu *cpu, const struct insn *in)
{
    snprintf(cpu->stop_message, sizeof cpu->stop_message,
             "instruction 0x%08x (%s) at PC 0x%llx is architected but not implemented by elsim yet", in->raw,
             (const char *)(uintptr_t)in->imm, (unsigned long long)insn_pc(cpu, in));
    cpu->stop_reason = STOP_UNIMPLEMENTED;
    cpu->pending |= PENDING_STOP;
    cpu->pc = insn_pc(cpu, in);
    return EXEC_LEAVE;
}

bool decode_unimplemented(struct insn *out, const char *name)
{
    out->fn = exec_unimplemented;
    out->imm = (uint64_t)(uintptr_t)name;
    out->ends_block = 1;
    return true;
}

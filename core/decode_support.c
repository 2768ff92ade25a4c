/* The two outcomes of decoding that are not an instruction: UNDEFINED (an unallocated encoding,
 * or one this CPU model does not have) and "architected but not implemented by elsim yet". */
#include <stdio.h>

#include "cpu.h"
#include "decode.h"
#include "exception.h"
#include "fp.h"
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

/* Is the word in the SIMD&FP encoding space (ARM ARM C4.1: op0 = x111, or a load/store
 * with V=1)? Such instructions check CPACR_EL1.FPEN / CPTR_EL2.TFP before anything else. */
static bool is_simd_fp_encoding(uint32_t word)
{
    unsigned op0 = (word >> 25) & 0xf;
    bool data_processing_simd_fp = (op0 & 7) == 7;
    bool load_store_simd_fp = (op0 & 5) == 4 && (word >> 26) & 1;
    return data_processing_simd_fp || load_store_simd_fp;
}

/* The pattern name is kept in in->imm (a pointer to a string literal of the generated table).
 * The FP trap comes first: it is architected behaviour elsim knows, whatever the instruction. */
static int exec_unimplemented(struct cpu *cpu, const struct insn *in)
{
    if (is_simd_fp_encoding(in->raw) && fp_access_check(cpu, in) != EXEC_NEXT)
        return EXEC_LEAVE;
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

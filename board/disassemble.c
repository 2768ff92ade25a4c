/* Disassembly of single A64 instructions for messages and traces (capstone). */
#include <capstone/capstone.h>
#include <stdio.h>

#include "elsim.h"

void elsim_disassemble(uint32_t word, uint64_t pc, char *buf, size_t len)
{
    csh handle;
    if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &handle) != CS_ERR_OK) {
        snprintf(buf, len, ".inst 0x%08x", word);
        return;
    }
    cs_insn *insn;
    uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8), (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
    if (cs_disasm(handle, bytes, 4, pc, 1, &insn) == 1) {
        snprintf(buf, len, "%s %s", insn->mnemonic, insn->op_str);
        cs_free(insn, 1);
    } else {
        snprintf(buf, len, ".inst 0x%08x (capstone does not know it)", word);
    }
    cs_close(&handle);
}

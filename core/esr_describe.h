/* ESR_ELx in words, for traces, the debugger and statistics. */
#ifndef ELSIM_CORE_ESR_DESCRIBE_H
#define ELSIM_CORE_ESR_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>

/* "HVC #0x12", "data abort at the same EL: alignment fault, write, ...", ... */
void esr_describe(uint32_t esr, char *buf, size_t len);
/* A DFSC/IFSC fault status code in words: "translation fault, level 2". */
void esr_fault_status(unsigned fsc, char *buf, size_t len);

#endif

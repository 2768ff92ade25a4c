/*
 * Arm semihosting, A64 flavour: HLT #0xF000 with the operation number in w0 and a
 * parameter (often the address of a parameter block) in x1; the result comes back in x0.
 * Only usable from EL1 and EL2 (hosts may refuse semihosting from EL0).
 */
#include "rt.h"

uint64_t semihost_call(uint32_t op, uint64_t param)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = param;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

void semihost_writec(char c)
{
	semihost_call(SEMIHOST_SYS_WRITEC, (uint64_t)&c);
}

void semihost_write0(const char *s)
{
	semihost_call(SEMIHOST_SYS_WRITE0, (uint64_t)s);
}

/* SYS_EXIT with the AArch64 two-word block {reason, subcode}: status becomes the exit code. */
void semihost_exit(uint64_t status)
{
	uint64_t block[2] = { ADP_Stopped_ApplicationExit, status };
	semihost_call(SEMIHOST_SYS_EXIT, (uint64_t)block);
	for (;;)
		__asm__ volatile("wfi");
}

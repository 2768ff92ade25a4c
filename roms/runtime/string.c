/*
 * The two memory functions GCC may call even in freestanding code.  Byte loops keep them
 * safe with the MMU off, where every data access is to Device memory and must be aligned.
 */
#include "rt.h"

void *memset(void *d, int c, size_t n)
{
	volatile unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile unsigned char *p = d;
	const volatile unsigned char *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

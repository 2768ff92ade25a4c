/*
 * PL011 UART transmit at 0x0900_0000 on the `virt` board.  Both QEMU and elsim transmit
 * whatever is written to the data register (UARTDR, offset 0), so no set-up is needed.
 * With the MMU off the access is to Device memory, as an MMIO access should be.
 */
#include "rt.h"

#define PL011_BASE 0x09000000UL
#define UARTDR 0x000

void uart_putc(char c)
{
	*(volatile uint32_t *)(PL011_BASE + UARTDR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

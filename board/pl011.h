/* Arm PrimeCell UART (PL011), as described in the PL011 Technical Reference Manual (Arm DDI 0183,
 * revision r1p5). The model implements the registers Linux's amba-pl011 driver and bare-metal
 * code use; transmission is instantaneous, so the transmit FIFO is always empty. */
#ifndef ELSIM_BOARD_PL011_H
#define ELSIM_BOARD_PL011_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "device.h"

/* Register offsets (TRM section 3.2, "Summary of registers"). */
enum pl011_register {
    PL011_DR = 0x000,
    PL011_RSR_ECR = 0x004,
    PL011_FR = 0x018,
    PL011_ILPR = 0x020,
    PL011_IBRD = 0x024,
    PL011_FBRD = 0x028,
    PL011_LCR_H = 0x02C,
    PL011_CR = 0x030,
    PL011_IFLS = 0x034,
    PL011_IMSC = 0x038,
    PL011_RIS = 0x03C,
    PL011_MIS = 0x040,
    PL011_ICR = 0x044,
    PL011_DMACR = 0x048,
    PL011_PERIPH_ID0 = 0xFE0,
    PL011_PCELL_ID0 = 0xFF0,
};

/* UARTFR bits (TRM 3.3.3). */
#define PL011_FR_BUSY (1u << 3)
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)
#define PL011_FR_RXFF (1u << 6)
#define PL011_FR_TXFE (1u << 7)

/* UARTLCR_H bits (TRM 3.3.7). */
#define PL011_LCR_H_FEN (1u << 4)

/* UARTCR bits (TRM 3.3.8). */
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_LBE (1u << 7)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)

/* Interrupt bits shared by UARTIMSC, UARTRIS, UARTMIS and UARTICR (TRM 3.3.10-3.3.13). */
#define PL011_INT_RX (1u << 4)
#define PL011_INT_TX (1u << 5)
#define PL011_INT_RT (1u << 6)
#define PL011_INT_OE (1u << 10)

/* UARTRSR/UARTECR and the error bits of UARTDR (TRM 3.3.1, 3.3.2). */
#define PL011_RSR_OE (1u << 3)

#define PL011_FIFO_DEPTH 16
#define PL011_MMIO_SIZE 0x1000

struct pl011;

/* Creates a UART in its reset state. Transmitted bytes go to out (flushed at each newline and by
 * pl011_flush); irq is the UARTINTR output (may be unconnected). Returns NULL if out of memory. */
struct pl011 *pl011_create(FILE *out, struct irq_line irq);
void pl011_destroy(struct pl011 *uart);

/* Returns every register to its reset value and empties the receive FIFO (TRM 3.2 reset values). */
void pl011_reset(struct pl011 *uart);

/* Pushes bytes received from the host into the receive FIFO. Returns how many fitted; the caller
 * keeps the rest and offers them again later, so host input is never lost to an overrun. */
size_t pl011_receive(struct pl011 *uart, const uint8_t *bytes, size_t n);

/* Free entries in the receive FIFO (0 when the guest has not drained it). */
size_t pl011_rx_space(const struct pl011 *uart);

/* Reads whatever fd has available (never blocking, even on a blocking fd) into the receive FIFO,
 * at most as many bytes as fit. Returns the number of bytes taken, 0 if nothing was available or
 * the FIFO is full, -1 at end of file or on a read error (the caller should stop polling fd). */
int pl011_poll_fd(struct pl011 *uart, int fd);

/* Flushes transmitted bytes still buffered in the output stream. */
void pl011_flush(struct pl011 *uart);

/* The bus interface; opaque is the struct pl011 *. Never returns a bus error: like the real
 * device, unmapped offsets read as zero and ignore writes. */
extern const struct mmio_ops pl011_ops;

#endif

/* Arm PL011 UART model. Facts from the PL011 Technical Reference Manual (Arm DDI 0183G, r1p5).
 *
 * Simplifications, chosen so that both bare-metal code and Linux's amba-pl011 driver work:
 * - Transmission is instantaneous: a byte written to UARTDR is output at once, whether or not
 *   UARTEN/TXE are set (as QEMU does), so the transmit FIFO is always empty (TXFE=1, TXFF=0,
 *   BUSY=0). Each write raises TXRIS, as the real FIFO draining to its trigger level would.
 * - Reception: host bytes enter the receive FIFO regardless of UARTEN/RXE, symmetrically with
 *   transmission. The receive timeout (32 bit periods without new data) is taken to elapse at
 *   once after each batch of host input, so RTRIS is raised whenever data arrives; RXRIS is
 *   raised when the fill level reaches the UARTIFLS trigger level. Reading UARTDR clears RXRIS
 *   when the level falls below the trigger and RTRIS when the FIFO empties (TRM 3.4).
 * - Loopback (UARTCR.LBE) routes transmitted bytes into the receive FIFO; a byte that finds the
 *   FIFO full is lost and raises the overrun error (UARTRSR.OE, OERIS), as on the real device.
 * - Bus accesses: the PL011 sits on APB and never signals an error, so neither does the model.
 *   Reads of 1, 2 or 4 bytes at any offset return the addressed byte lanes of the 32-bit
 *   register (a read pops the receive FIFO only if it covers UARTDR's byte 0). Writes of 1, 2 or
 *   4 bytes at a register's aligned offset store the zero-extended value (APB has no byte
 *   strobes); unaligned writes, 8-byte accesses, reserved offsets and writes to read-only
 *   registers are ignored, and such reads return zero.
 * - Changing UARTLCR_H.FEN flushes the receive FIFO (the FIFO changes depth between 16 and 1). */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "pl011.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

/* Register widths (TRM 3.3): the bits above these read as zero and ignore writes. */
#define ILPR_MASK 0xFFu
#define IBRD_MASK 0xFFFFu
#define FBRD_MASK 0x3Fu
#define LCR_H_MASK 0xFFu
#define CR_MASK 0xFFFFu
#define IFLS_MASK 0x3Fu
#define INT_MASK 0x7FFu
#define DMACR_MASK 0x7u
#define RSR_MASK 0xFu

#define CR_RESET 0x300u   /* TXE | RXE */
#define IFLS_RESET 0x12u  /* both trigger levels at half full */

/* Identification registers of PL011 r1p5 (TRM 3.3.14-3.3.15): UARTPeriphID0-3 then
 * UARTPCellID0-3, one byte per word from 0xFE0. */
static const uint8_t identification_bytes[8] = {0x11, 0x10, 0x34, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

struct pl011 {
    FILE *out;
    bool unflushed;    /* output since the last newline, not yet flushed */
    struct irq_line irq;
    bool irq_level;

    uint8_t rx_fifo[PL011_FIFO_DEPTH];
    unsigned rx_head;  /* index of the oldest byte */
    unsigned rx_count; /* bytes held */

    uint32_t rsr;
    uint32_t ilpr;
    uint32_t ibrd;
    uint32_t fbrd;
    uint32_t lcr_h;
    uint32_t cr;
    uint32_t ifls;
    uint32_t imsc;
    uint32_t ris;
    uint32_t dmacr;
};

static unsigned rx_fifo_depth(const struct pl011 *uart)
{
    return (uart->lcr_h & PL011_LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* Receive trigger level from UARTIFLS.RXIFLSEL (bits 5:3): 1/8, 1/4, 1/2, 3/4, 7/8 of the
 * 16-entry FIFO; reserved encodings are treated as 1/2. In character mode (FEN=0) one byte in
 * the holding register is enough. */
static unsigned rx_trigger_level(const struct pl011 *uart)
{
    static const unsigned level_for_select[5] = {2, 4, 8, 12, 14};
    unsigned select = (uart->ifls >> 3) & 7u;

    if (!(uart->lcr_h & PL011_LCR_H_FEN))
        return 1;
    return select < 5 ? level_for_select[select] : 8;
}

/* UARTINTR is the OR of the masked interrupt status bits (TRM 3.4). */
static void update_irq(struct pl011 *uart)
{
    bool level = (uart->ris & uart->imsc) != 0;

    if (level != uart->irq_level) {
        uart->irq_level = level;
        irq_line_set(&uart->irq, level);
    }
}

static void rx_flush(struct pl011 *uart)
{
    uart->rx_head = 0;
    uart->rx_count = 0;
    uart->ris &= ~(PL011_INT_RX | PL011_INT_RT);
}

/* Appends one byte; false if the FIFO is full. Interrupts are left to the caller. */
static bool rx_push(struct pl011 *uart, uint8_t byte)
{
    if (uart->rx_count >= rx_fifo_depth(uart))
        return false;
    uart->rx_fifo[(uart->rx_head + uart->rx_count) % PL011_FIFO_DEPTH] = byte;
    uart->rx_count++;
    return true;
}

static void rx_data_arrived(struct pl011 *uart)
{
    if (uart->rx_count >= rx_trigger_level(uart))
        uart->ris |= PL011_INT_RX;
    if (uart->rx_count > 0)
        uart->ris |= PL011_INT_RT;
    update_irq(uart);
}

/* A read of UARTDR: the oldest byte with its error bits (always 0 here), or 0 if empty. */
static uint32_t rx_pop(struct pl011 *uart)
{
    uint32_t value = 0;

    if (uart->rx_count > 0) {
        value = uart->rx_fifo[uart->rx_head];
        uart->rx_head = (uart->rx_head + 1) % PL011_FIFO_DEPTH;
        uart->rx_count--;
    }
    if (uart->rx_count < rx_trigger_level(uart))
        uart->ris &= ~PL011_INT_RX;
    if (uart->rx_count == 0)
        uart->ris &= ~PL011_INT_RT;
    update_irq(uart);
    return value;
}

static void transmit(struct pl011 *uart, uint8_t byte)
{
    if (uart->cr & PL011_CR_LBE) {
        if (rx_push(uart, byte)) {
            rx_data_arrived(uart);
        } else {
            uart->rsr |= PL011_RSR_OE;
            uart->ris |= PL011_INT_OE;
        }
    } else if (uart->out) {
        fputc(byte, uart->out);
        uart->unflushed = byte != '\n';
        if (byte == '\n')
            fflush(uart->out);
    }
    /* The transmit FIFO drains at once, crossing its trigger level. */
    uart->ris |= PL011_INT_TX;
    update_irq(uart);
}

static uint32_t flag_register(const struct pl011 *uart)
{
    uint32_t flags = PL011_FR_TXFE;

    if (uart->rx_count == 0)
        flags |= PL011_FR_RXFE;
    if (uart->rx_count >= rx_fifo_depth(uart))
        flags |= PL011_FR_RXFF;
    return flags;
}

/* The value of the 32-bit register at word offset; pops the FIFO when pop_rx and it is UARTDR. */
static uint32_t read_register(struct pl011 *uart, uint64_t word_offset, bool pop_rx)
{
    /* A guest looking for input with none there shows a prompt first (output is otherwise
     * flushed at newlines): U-Boot's "=> " polls UARTFR. */
    if ((word_offset == PL011_FR || word_offset == PL011_DR) && !uart->rx_count && uart->unflushed)
        pl011_flush(uart);
    switch (word_offset) {
    case PL011_DR:
        return pop_rx ? rx_pop(uart) : (uart->rx_count ? uart->rx_fifo[uart->rx_head] : 0);
    case PL011_RSR_ECR:
        return uart->rsr;
    case PL011_FR:
        return flag_register(uart);
    case PL011_ILPR:
        return uart->ilpr;
    case PL011_IBRD:
        return uart->ibrd;
    case PL011_FBRD:
        return uart->fbrd;
    case PL011_LCR_H:
        return uart->lcr_h;
    case PL011_CR:
        return uart->cr;
    case PL011_IFLS:
        return uart->ifls;
    case PL011_IMSC:
        return uart->imsc;
    case PL011_RIS:
        return uart->ris;
    case PL011_MIS:
        return uart->ris & uart->imsc;
    case PL011_DMACR:
        return uart->dmacr;
    default:
        if (word_offset >= PL011_PERIPH_ID0 && word_offset < PL011_MMIO_SIZE)
            return identification_bytes[(word_offset - PL011_PERIPH_ID0) / 4];
        return 0; /* UARTICR is write-only; reserved offsets read as zero */
    }
}

static void write_register(struct pl011 *uart, uint64_t word_offset, uint32_t value)
{
    switch (word_offset) {
    case PL011_DR:
        transmit(uart, (uint8_t)value);
        break;
    case PL011_RSR_ECR: /* any write to UARTECR clears the error flags */
        uart->rsr = 0;
        break;
    case PL011_ILPR:
        uart->ilpr = value & ILPR_MASK;
        break;
    case PL011_IBRD:
        uart->ibrd = value & IBRD_MASK;
        break;
    case PL011_FBRD:
        uart->fbrd = value & FBRD_MASK;
        break;
    case PL011_LCR_H:
        if ((uart->lcr_h ^ value) & PL011_LCR_H_FEN)
            rx_flush(uart);
        uart->lcr_h = value & LCR_H_MASK;
        update_irq(uart);
        break;
    case PL011_CR:
        uart->cr = value & CR_MASK;
        break;
    case PL011_IFLS:
        uart->ifls = value & IFLS_MASK;
        break;
    case PL011_IMSC:
        uart->imsc = value & INT_MASK;
        update_irq(uart);
        break;
    case PL011_ICR:
        uart->ris &= ~(value & INT_MASK);
        update_irq(uart);
        break;
    case PL011_DMACR:
        uart->dmacr = value & DMACR_MASK;
        break;
    default: /* read-only (FR, RIS, MIS, IDs) and reserved offsets ignore writes */
        break;
    }
}

static bool size_is_supported(unsigned size)
{
    return size == 1 || size == 2 || size == 4;
}

static bool pl011_mmio_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
    (void)cpu;
    struct pl011 *uart = opaque;
    unsigned lane = (unsigned)(offset & 3);
    uint32_t word;

    *value = 0;
    if (!size_is_supported(size) || lane + size > 4 || offset >= PL011_MMIO_SIZE)
        return true;
    word = read_register(uart, offset & ~(uint64_t)3, lane == 0);
    word >>= 8 * lane;
    if (size < 4)
        word &= (1u << (8 * size)) - 1;
    *value = word;
    return true;
}

static bool pl011_mmio_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
    (void)cpu;
    struct pl011 *uart = opaque;

    if (!size_is_supported(size) || (offset & 3) != 0 || offset >= PL011_MMIO_SIZE)
        return true;
    if (size < 4)
        value &= (1u << (8 * size)) - 1;
    write_register(uart, offset, (uint32_t)value);
    return true;
}

const struct mmio_ops pl011_ops = {
    .name = "pl011",
    .read = pl011_mmio_read,
    .write = pl011_mmio_write,
};

void pl011_reset(struct pl011 *uart)
{
    uart->rx_head = 0;
    uart->rx_count = 0;
    uart->rsr = 0;
    uart->ilpr = 0;
    uart->ibrd = 0;
    uart->fbrd = 0;
    uart->lcr_h = 0;
    uart->cr = CR_RESET;
    uart->ifls = IFLS_RESET;
    uart->imsc = 0;
    uart->ris = 0;
    uart->dmacr = 0;
    update_irq(uart);
}

struct pl011 *pl011_create(FILE *out, struct irq_line irq)
{
    struct pl011 *uart = calloc(1, sizeof(*uart));

    if (!uart)
        return NULL;
    uart->out = out;
    uart->irq = irq;
    uart->irq_level = false;
    pl011_reset(uart);
    return uart;
}

void pl011_destroy(struct pl011 *uart)
{
    if (!uart)
        return;
    pl011_flush(uart);
    free(uart);
}

size_t pl011_rx_space(const struct pl011 *uart)
{
    return rx_fifo_depth(uart) - uart->rx_count;
}

size_t pl011_receive(struct pl011 *uart, const uint8_t *bytes, size_t n)
{
    size_t accepted = 0;

    while (accepted < n && rx_push(uart, bytes[accepted]))
        accepted++;
    if (accepted > 0)
        rx_data_arrived(uart);
    return accepted;
}

int pl011_poll_fd(struct pl011 *uart, int fd)
{
    uint8_t buffer[PL011_FIFO_DEPTH];
    size_t space = pl011_rx_space(uart);
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    ssize_t got;
    int ready;

    if (fd < 0)
        return -1;
    if (space == 0)
        return 0;
    do {
        ready = poll(&pfd, 1, 0);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0)
        return -1;
    if (ready == 0)
        return 0;
    if (!(pfd.revents & POLLIN))
        return (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) ? -1 : 0;
    do {
        got = read(fd, buffer, space);
    } while (got < 0 && errno == EINTR);
    if (got < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    if (got == 0)
        return -1;
    return (int)pl011_receive(uart, buffer, (size_t)got);
}

void pl011_flush(struct pl011 *uart)
{
    uart->unflushed = false;
    if (uart->out)
        fflush(uart->out);
}

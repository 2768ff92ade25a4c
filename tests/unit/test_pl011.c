/* Unit tests of the PL011 UART model (board/pl011.c) against the PL011 TRM (Arm DDI 0183G). */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board_suites.h"
#include "pl011.h"

#define UART_INTID 33

/* Records what the UART drives on its interrupt line. */
struct irq_recorder {
    unsigned calls;
    unsigned last_intid;
    bool level;
};

static void record_irq(void *ctx, unsigned intid, bool level)
{
    struct irq_recorder *recorder = ctx;

    recorder->calls++;
    recorder->last_intid = intid;
    recorder->level = level;
}

/* A UART whose output is captured in memory. */
struct fixture {
    struct pl011 *uart;
    struct irq_recorder irq;
    FILE *out;
    char *output;
    size_t output_len;
};

static void fixture_open(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->out = open_memstream(&f->output, &f->output_len);
    CU_ASSERT_FATAL(f->out != NULL);
    f->uart = pl011_create(f->out, (struct irq_line){record_irq, &f->irq, UART_INTID});
    CU_ASSERT_FATAL(f->uart != NULL);
}

static void fixture_close(struct fixture *f)
{
    pl011_destroy(f->uart);
    fclose(f->out);
    free(f->output);
}

static uint64_t rd(struct fixture *f, uint64_t offset, unsigned size)
{
    uint64_t value = 0xDEADBEEF;

    CU_ASSERT_TRUE(pl011_ops.read(f->uart, 0, offset, size, &value));
    return value;
}

static void wr(struct fixture *f, uint64_t offset, unsigned size, uint64_t value)
{
    CU_ASSERT_TRUE(pl011_ops.write(f->uart, 0, offset, size, value));
}

static const char *output_of(struct fixture *f)
{
    fflush(f->out);
    return f->output;
}

static void test_identification_registers(void)
{
    static const uint8_t expected[8] = {0x11, 0x10, 0x34, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
    struct fixture f;

    fixture_open(&f);
    for (unsigned i = 0; i < 8; i++)
        CU_ASSERT_EQUAL(rd(&f, 0xFE0 + 4 * i, 4), expected[i]);
    fixture_close(&f);
}

static void test_reset_values(void)
{
    struct fixture f;

    fixture_open(&f);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90); /* TXFE | RXFE */
    CU_ASSERT_EQUAL(rd(&f, PL011_CR, 4), 0x300);
    CU_ASSERT_EQUAL(rd(&f, PL011_IFLS, 4), 0x12);
    CU_ASSERT_EQUAL(rd(&f, PL011_LCR_H, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_IMSC, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_RSR_ECR, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 0); /* empty FIFO reads as zero */
    CU_ASSERT_EQUAL(f.irq.calls, 0);
    fixture_close(&f);
}

static void test_register_widths(void)
{
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_ILPR, 4, 0xFFFFFFFF);
    wr(&f, PL011_IBRD, 4, 0xFFFFFFFF);
    wr(&f, PL011_FBRD, 4, 0xFFFFFFFF);
    wr(&f, PL011_IFLS, 4, 0xFFFFFFFF);
    wr(&f, PL011_DMACR, 4, 0xFFFFFFFF);
    CU_ASSERT_EQUAL(rd(&f, PL011_ILPR, 4), 0xFF);
    CU_ASSERT_EQUAL(rd(&f, PL011_IBRD, 4), 0xFFFF);
    CU_ASSERT_EQUAL(rd(&f, PL011_FBRD, 4), 0x3F);
    CU_ASSERT_EQUAL(rd(&f, PL011_IFLS, 4), 0x3F);
    CU_ASSERT_EQUAL(rd(&f, PL011_DMACR, 4), 0x7);
    wr(&f, PL011_CR, 4, 0xFFFF0301);
    CU_ASSERT_EQUAL(rd(&f, PL011_CR, 4), 0x0301);
    wr(&f, PL011_LCR_H, 4, 0x170);
    CU_ASSERT_EQUAL(rd(&f, PL011_LCR_H, 4), 0x70);
    /* Read-only registers ignore writes. */
    wr(&f, PL011_FR, 4, 0);
    wr(&f, PL011_RIS, 4, 0x7FF);
    wr(&f, 0xFE0, 4, 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, 0xFE0, 4), 0x11);
    fixture_close(&f);
}

static void test_transmit_without_enabling(void)
{
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_CR, 4, 0); /* UARTEN, TXE clear: output still goes out */
    wr(&f, PL011_DR, 4, 'H');
    wr(&f, PL011_DR, 1, 'i');
    wr(&f, PL011_DR, 2, 0x0F00 | '!'); /* only bits 7:0 are data */
    wr(&f, PL011_DR, 4, '\n');
    CU_ASSERT_EQUAL(f.output_len, 4);
    CU_ASSERT_STRING_EQUAL(output_of(&f), "Hi!\n");
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90); /* never busy, never full */
    fixture_close(&f);
}

static void test_transmit_interrupt(void)
{
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_DR, 4, 'x');
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_TX);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), 0);
    CU_ASSERT_EQUAL(f.irq.calls, 0); /* masked: the line stays low */

    wr(&f, PL011_IMSC, 4, PL011_INT_TX);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), PL011_INT_TX);
    CU_ASSERT_EQUAL(f.irq.calls, 1);
    CU_ASSERT_EQUAL(f.irq.last_intid, UART_INTID);
    CU_ASSERT_TRUE(f.irq.level);

    wr(&f, PL011_ICR, 4, PL011_INT_TX);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), 0);
    CU_ASSERT_EQUAL(f.irq.calls, 2);
    CU_ASSERT_FALSE(f.irq.level);

    wr(&f, PL011_DR, 4, 'y'); /* the FIFO drains again: TXRIS, line high */
    CU_ASSERT_EQUAL(f.irq.calls, 3);
    CU_ASSERT_TRUE(f.irq.level);
    wr(&f, PL011_IMSC, 4, 0);
    CU_ASSERT_EQUAL(f.irq.calls, 4);
    CU_ASSERT_FALSE(f.irq.level);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_TX);
    fixture_close(&f);
}

static void test_receive_character_mode(void)
{
    static const uint8_t input[] = "ab";
    struct fixture f;

    fixture_open(&f);
    CU_ASSERT_EQUAL(pl011_rx_space(f.uart), 1);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 2), 1); /* FEN=0: one holding register */
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x80 | PL011_FR_RXFF);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input + 1, 1), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'a');
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input + 1, 1), 1);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'b');
    CU_ASSERT_EQUAL(rd(&f, PL011_RSR_ECR, 4), 0);
    fixture_close(&f);
}

static void test_receive_fifo_order_and_full(void)
{
    uint8_t input[20];
    struct fixture f;

    for (unsigned i = 0; i < sizeof(input); i++)
        input[i] = (uint8_t)('A' + i);
    fixture_open(&f);
    wr(&f, PL011_LCR_H, 4, PL011_LCR_H_FEN);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 5), 5);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x80); /* neither empty nor full */
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input + 5, 15), 11);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x80 | PL011_FR_RXFF);
    CU_ASSERT_EQUAL(pl011_rx_space(f.uart), 0);
    for (unsigned i = 0; i < 16; i++)
        CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'A' + i);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 0);
    /* The rejected bytes can be offered again and keep their order (the ring wraps). */
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input + 16, 4), 4);
    for (unsigned i = 16; i < 20; i++)
        CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'A' + i);
    fixture_close(&f);
}

static void test_fifo_enable_change_flushes(void)
{
    static const uint8_t input[] = "xyz";
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_LCR_H, 4, PL011_LCR_H_FEN);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 3), 3);
    wr(&f, PL011_LCR_H, 4, PL011_LCR_H_FEN | 0x60); /* FEN unchanged: data kept */
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'x');
    wr(&f, PL011_LCR_H, 4, 0x60);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), 0);
    fixture_close(&f);
}

static void test_receive_interrupts(void)
{
    static const uint8_t input[16] = "0123456789abcdef";
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_LCR_H, 4, PL011_LCR_H_FEN); /* IFLS reset 0x12: RX trigger at 8 of 16 */
    wr(&f, PL011_IMSC, 4, PL011_INT_RX | PL011_INT_RT);
    CU_ASSERT_EQUAL(f.irq.calls, 0);

    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 3), 3);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_RT); /* below trigger: timeout only */
    CU_ASSERT_EQUAL(f.irq.calls, 1);
    CU_ASSERT_TRUE(f.irq.level);

    CU_ASSERT_EQUAL(pl011_receive(f.uart, input + 3, 5), 5);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_RX | PL011_INT_RT);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), PL011_INT_RX | PL011_INT_RT);
    CU_ASSERT_EQUAL(f.irq.calls, 1); /* already high */

    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), '0'); /* 7 left: below the trigger level */
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_RT);
    for (unsigned i = 1; i < 7; i++)
        CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), input[i]);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_RT);
    CU_ASSERT_TRUE(f.irq.level);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), '7'); /* empty: timeout cleared, line low */
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), 0);
    CU_ASSERT_EQUAL(f.irq.calls, 2);
    CU_ASSERT_FALSE(f.irq.level);

    /* UARTICR clears the receive timeout while data remains. */
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 1), 1);
    CU_ASSERT_EQUAL(f.irq.calls, 3);
    wr(&f, PL011_ICR, 4, PL011_INT_RT);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), 0);
    CU_ASSERT_EQUAL(f.irq.calls, 4);
    CU_ASSERT_FALSE(f.irq.level);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x80);

    /* Trigger level 1/8 (RXIFLSEL=0): two bytes raise RXRIS. */
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), '0');
    wr(&f, PL011_IFLS, 4, 0x02);
    wr(&f, PL011_IMSC, 4, PL011_INT_RX);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 1), 1);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), 0);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 1), 1);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), PL011_INT_RX);
    CU_ASSERT_TRUE(f.irq.level);
    fixture_close(&f);
}

static void test_character_mode_receive_interrupt(void)
{
    static const uint8_t input[] = "q";
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_IMSC, 4, PL011_INT_RX);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 1), 1);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_RX | PL011_INT_RT);
    CU_ASSERT_EQUAL(rd(&f, PL011_MIS, 4), PL011_INT_RX);
    CU_ASSERT_TRUE(f.irq.level);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'q');
    CU_ASSERT_FALSE(f.irq.level);
    fixture_close(&f);
}

static void test_loopback(void)
{
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_CR, 4, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE | PL011_CR_LBE);
    wr(&f, PL011_DR, 4, 'L');
    CU_ASSERT_EQUAL(f.output_len, 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), PL011_INT_RX | PL011_INT_RT | PL011_INT_TX);
    wr(&f, PL011_DR, 4, 'M'); /* holding register full: overrun, byte lost */
    CU_ASSERT_EQUAL(rd(&f, PL011_RSR_ECR, 4), PL011_RSR_OE);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4) & PL011_INT_OE, PL011_INT_OE);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'L');
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90);
    wr(&f, PL011_RSR_ECR, 4, 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_RSR_ECR, 4), 0);
    wr(&f, PL011_CR, 4, 0x301);
    wr(&f, PL011_DR, 4, 'N');
    CU_ASSERT_STRING_EQUAL(output_of(&f), "N");
    fixture_close(&f);
}

static void test_narrow_and_odd_accesses(void)
{
    static const uint8_t input[] = "\xA5\x5A";
    uint64_t value = 7;
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_LCR_H, 1, PL011_LCR_H_FEN);
    CU_ASSERT_EQUAL(rd(&f, PL011_LCR_H, 2), PL011_LCR_H_FEN);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 2), 2);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 1), 0x80);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 2), 0x80);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR + 1, 1), 0); /* error-bit lane: no pop */
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 2), 0xA5);
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 1), 0x5A);
    CU_ASSERT_EQUAL(rd(&f, PL011_CR + 1, 1), 0x03); /* upper byte lane of 0x300 */
    CU_ASSERT_EQUAL(rd(&f, PL011_CR, 1), 0x00);
    CU_ASSERT_EQUAL(rd(&f, PL011_CR, 2), 0x300);
    CU_ASSERT_EQUAL(rd(&f, 0xFF4 + 2, 2), 0); /* PCellID1 upper half */

    /* 8-byte accesses, reserved offsets and odd sizes: read as zero, writes ignored. */
    CU_ASSERT_EQUAL(rd(&f, PL011_CR, 8), 0);
    CU_ASSERT_EQUAL(rd(&f, 0x100, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, 0x00C, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_ICR, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, 0x2000, 4), 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_CR + 2, 4), 0); /* crosses the word */
    CU_ASSERT_TRUE(pl011_ops.read(f.uart, 0, PL011_CR, 3, &value));
    CU_ASSERT_EQUAL(value, 0);
    wr(&f, PL011_CR, 8, 0);
    wr(&f, PL011_CR + 1, 1, 0);
    wr(&f, PL011_CR, 3, 0);
    wr(&f, 0x100, 4, 0xFFFFFFFF);
    CU_ASSERT_EQUAL(rd(&f, PL011_CR, 4), 0x300);
    wr(&f, PL011_DR + 1, 1, 'z');
    CU_ASSERT_EQUAL(f.output_len, 0);
    CU_ASSERT_EQUAL(rd(&f, PL011_RIS, 4), 0);
    fixture_close(&f);
}

static void test_poll_fd(void)
{
    int pipe_fds[2];
    struct fixture f;

    CU_ASSERT_FATAL(pipe(pipe_fds) == 0);
    fixture_open(&f);
    wr(&f, PL011_LCR_H, 4, PL011_LCR_H_FEN);
    CU_ASSERT_EQUAL(pl011_poll_fd(f.uart, pipe_fds[0]), 0); /* nothing yet; does not block */
    CU_ASSERT_EQUAL(write(pipe_fds[1], "hello, world, again!", 20), 20);
    CU_ASSERT_EQUAL(pl011_poll_fd(f.uart, pipe_fds[0]), 16);
    CU_ASSERT_EQUAL(pl011_poll_fd(f.uart, pipe_fds[0]), 0); /* FIFO full: left in the pipe */
    CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), 'h');
    CU_ASSERT_EQUAL(pl011_poll_fd(f.uart, pipe_fds[0]), 1);
    for (unsigned i = 1; i < 17; i++)
        CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), (uint8_t)"hello, world, again!"[i]);
    CU_ASSERT_EQUAL(pl011_poll_fd(f.uart, pipe_fds[0]), 3);
    close(pipe_fds[1]);
    for (unsigned i = 17; i < 20; i++)
        CU_ASSERT_EQUAL(rd(&f, PL011_DR, 4), (uint8_t)"hello, world, again!"[i]);
    CU_ASSERT_EQUAL(pl011_poll_fd(f.uart, pipe_fds[0]), -1); /* end of file */
    CU_ASSERT_EQUAL(pl011_poll_fd(f.uart, -1), -1);
    close(pipe_fds[0]);
    fixture_close(&f);
}

static void test_reset_clears_state(void)
{
    static const uint8_t input[] = "r";
    struct fixture f;

    fixture_open(&f);
    wr(&f, PL011_IMSC, 4, PL011_INT_RX);
    CU_ASSERT_EQUAL(pl011_receive(f.uart, input, 1), 1);
    CU_ASSERT_TRUE(f.irq.level);
    wr(&f, PL011_CR, 4, 0);
    pl011_reset(f.uart);
    CU_ASSERT_FALSE(f.irq.level);
    CU_ASSERT_EQUAL(rd(&f, PL011_FR, 4), 0x90);
    CU_ASSERT_EQUAL(rd(&f, PL011_CR, 4), 0x300);
    CU_ASSERT_EQUAL(rd(&f, PL011_IMSC, 4), 0);
    fixture_close(&f);
}

static void test_unconnected_irq_and_null_output(void)
{
    struct pl011 *uart = pl011_create(NULL, (struct irq_line){NULL, NULL, 0});
    uint64_t value;

    CU_ASSERT_FATAL(uart != NULL);
    CU_ASSERT_TRUE(pl011_ops.write(uart, 0, PL011_IMSC, 4, PL011_INT_TX));
    CU_ASSERT_TRUE(pl011_ops.write(uart, 0, PL011_DR, 4, 'a'));
    CU_ASSERT_TRUE(pl011_ops.read(uart, 0, PL011_MIS, 4, &value));
    CU_ASSERT_EQUAL(value, PL011_INT_TX);
    pl011_destroy(uart);
    pl011_destroy(NULL);
}

void register_pl011_tests(void)
{
    CU_pSuite suite = CU_add_suite("board/pl011", NULL, NULL);

    CU_add_test(suite, "identification registers (r1p5)", test_identification_registers);
    CU_add_test(suite, "reset values", test_reset_values);
    CU_add_test(suite, "register widths and read-only registers", test_register_widths);
    CU_add_test(suite, "transmit without enabling", test_transmit_without_enabling);
    CU_add_test(suite, "transmit interrupt and irq line", test_transmit_interrupt);
    CU_add_test(suite, "receive in character mode", test_receive_character_mode);
    CU_add_test(suite, "receive FIFO order and full", test_receive_fifo_order_and_full);
    CU_add_test(suite, "FEN change flushes the FIFO", test_fifo_enable_change_flushes);
    CU_add_test(suite, "receive and timeout interrupts", test_receive_interrupts);
    CU_add_test(suite, "character mode receive interrupt", test_character_mode_receive_interrupt);
    CU_add_test(suite, "loopback and overrun", test_loopback);
    CU_add_test(suite, "narrow, unaligned and unmapped accesses", test_narrow_and_odd_accesses);
    CU_add_test(suite, "poll a file descriptor", test_poll_fd);
    CU_add_test(suite, "reset clears state", test_reset_clears_state);
    CU_add_test(suite, "unconnected irq and no output", test_unconnected_irq_and_null_output);
}

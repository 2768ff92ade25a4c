/* GDB Remote Serial Protocol framing (see rsp.h). */
#include "rsp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rsp_receiver_init(struct rsp_receiver *rx)
{
    rx->state = RSP_IDLE;
    rx->len = 0;
    rx->payload[0] = 0;
}

int rsp_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void start_packet(struct rsp_receiver *rx)
{
    rx->state = RSP_DATA;
    rx->sum = 0;
    rx->len = 0;
    rx->oversized = false;
    rx->bad_digit = false;
}

static void append(struct rsp_receiver *rx, uint8_t byte)
{
    if (rx->len < RSP_MAX_PAYLOAD)
        rx->payload[rx->len++] = (char)byte;
    else
        rx->oversized = true;
}

enum rsp_event rsp_receive_byte(struct rsp_receiver *rx, uint8_t byte)
{
    switch (rx->state) {
    case RSP_IDLE:
        switch (byte) {
        case '$': start_packet(rx); return RSP_NONE;
        case 0x03: return RSP_INTERRUPT;
        case '+': return RSP_ACK;
        case '-': return RSP_NAK;
        default: return RSP_NONE; /* line noise between packets is ignored */
        }
    case RSP_DATA:
    case RSP_ESCAPE:
        if (byte == '$') {
            /* The packet being received never ended: it is lost; this '$' starts the next. */
            start_packet(rx);
            return RSP_TRUNCATED;
        }
        if (byte == '#') {
            if (rx->state == RSP_ESCAPE)
                rx->bad_digit = true; /* an escape with nothing to escape */
            rx->state = RSP_SUM1;
            return RSP_NONE;
        }
        rx->sum = (uint8_t)(rx->sum + byte);
        if (rx->state == RSP_ESCAPE) {
            append(rx, byte ^ 0x20);
            rx->state = RSP_DATA;
        } else if (byte == '}') {
            rx->state = RSP_ESCAPE;
        } else {
            append(rx, byte);
        }
        return RSP_NONE;
    case RSP_SUM1:
    case RSP_SUM2: {
        int d = rsp_hex_digit(byte);
        if (d < 0)
            rx->bad_digit = true;
        if (rx->state == RSP_SUM1) {
            rx->given = (uint8_t)((d < 0 ? 0 : d) << 4);
            rx->state = RSP_SUM2;
            return RSP_NONE;
        }
        rx->given = (uint8_t)(rx->given | (d < 0 ? 0 : d));
        rx->state = RSP_IDLE;
        rx->payload[rx->len] = 0;
        if (rx->bad_digit || rx->given != rx->sum) {
            rx->len = 0;
            rx->payload[0] = 0;
            return RSP_BAD_CHECKSUM;
        }
        if (rx->oversized) {
            rx->len = 0;
            rx->payload[0] = 0;
            return RSP_OVERSIZED;
        }
        return RSP_PACKET;
    }
    }
    return RSP_NONE;
}

void rsp_buf_init(struct rsp_buf *b, char *storage, size_t cap)
{
    b->data = storage;
    b->cap = cap;
    rsp_buf_reset(b);
}

void rsp_buf_reset(struct rsp_buf *b)
{
    b->len = 0;
    b->overflow = false;
}

void rsp_put(struct rsp_buf *b, const void *data, size_t len)
{
    size_t room = b->cap - b->len;
    if (len > room) {
        b->overflow = true;
        len = room;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void rsp_puts(struct rsp_buf *b, const char *s)
{
    rsp_put(b, s, strlen(s));
}

void rsp_printf(struct rsp_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof tmp) {
        b->overflow = true;
        n = sizeof tmp - 1;
    }
    rsp_put(b, tmp, (size_t)n);
}

void rsp_put_hex(struct rsp_buf *b, const void *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++) {
        char pair[2] = { digits[p[i] >> 4], digits[p[i] & 15] };
        rsp_put(b, pair, 2);
    }
}

void rsp_put_binary(struct rsp_buf *b, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '#' || p[i] == '$' || p[i] == '}' || p[i] == '*') {
            char esc[2] = { '}', (char)(p[i] ^ 0x20) };
            rsp_put(b, esc, 2);
        } else {
            rsp_put(b, &p[i], 1);
        }
    }
}

size_t rsp_frame(const char *payload, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t sum = 0;
    size_t n = 0;
    out[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        sum = (uint8_t)(sum + (uint8_t)payload[i]);
        out[n++] = payload[i];
    }
    out[n++] = '#';
    out[n++] = digits[sum >> 4];
    out[n++] = digits[sum & 15];
    return n;
}

bool rsp_parse_hex(const char **pos, const char *end, uint64_t *value)
{
    const char *p = *pos;
    uint64_t v = 0;
    unsigned n = 0;
    while (p < end && rsp_hex_digit((unsigned char)*p) >= 0) {
        if (++n > 16)
            return false;
        v = v << 4 | (uint64_t)rsp_hex_digit((unsigned char)*p);
        p++;
    }
    if (n == 0)
        return false;
    *pos = p;
    *value = v;
    return true;
}

bool rsp_parse_hex_bytes(const char *text, size_t digits, uint8_t *out)
{
    if (digits % 2)
        return false;
    for (size_t i = 0; i < digits; i += 2) {
        int hi = rsp_hex_digit((unsigned char)text[i]), lo = rsp_hex_digit((unsigned char)text[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

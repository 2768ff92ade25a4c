/* The GDB Remote Serial Protocol's framing: `$payload#cs` packets with escapes, acknowledgements
 * and the interrupt byte (gdb manual, "Overview" of "Remote Protocol"). The receiver is a byte-fed
 * state machine that never allocates and never fails: whatever arrives, it ends in one of the
 * events below with its buffers intact. */
#ifndef ELSIM_GDB_RSP_H
#define ELSIM_GDB_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest payload accepted (also what qSupported announces as PacketSize). */
enum { RSP_MAX_PAYLOAD = 0x4000 };

enum rsp_event {
    RSP_NONE,         /* byte consumed, nothing complete */
    RSP_PACKET,       /* a packet with a good checksum: rsp->payload, rsp->len */
    RSP_BAD_CHECKSUM, /* answer '-' (the sender retransmits) */
    RSP_TRUNCATED,    /* a '$' arrived inside a packet: the first one is lost; answer '-' */
    RSP_OVERSIZED,    /* a packet longer than RSP_MAX_PAYLOAD, checksum good: answer '+' and E02 */
    RSP_INTERRUPT,    /* 0x03 outside a packet (Ctrl-C) */
    RSP_ACK,          /* '+' */
    RSP_NAK,          /* '-': retransmit the last packet */
};

struct rsp_receiver {
    enum { RSP_IDLE, RSP_DATA, RSP_ESCAPE, RSP_SUM1, RSP_SUM2 } state;
    uint8_t sum;         /* running checksum of the raw bytes between '$' and '#' */
    uint8_t given;       /* checksum sent by the peer */
    bool bad_digit;      /* a non-hex checksum digit */
    bool oversized;
    size_t len;
    char payload[RSP_MAX_PAYLOAD + 1]; /* unescaped; NUL-terminated for convenience (may hold NULs) */
};

void rsp_receiver_init(struct rsp_receiver *rx);
enum rsp_event rsp_receive_byte(struct rsp_receiver *rx, uint8_t byte);

/* An outgoing payload under construction. Appending past the capacity sets `overflow` and keeps
 * what fits; callers check it once at the end. */
struct rsp_buf {
    char *data;
    size_t len, cap;
    bool overflow;
};
void rsp_buf_init(struct rsp_buf *b, char *storage, size_t cap);
void rsp_buf_reset(struct rsp_buf *b);
void rsp_put(struct rsp_buf *b, const void *data, size_t len);
void rsp_puts(struct rsp_buf *b, const char *s);
void rsp_printf(struct rsp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes as two lower-case hex digits each. */
void rsp_put_hex(struct rsp_buf *b, const void *data, size_t len);
/* Binary data escaped for a packet body ('#', '$', '}' and '*' become '}' byte^0x20). */
void rsp_put_binary(struct rsp_buf *b, const void *data, size_t len);

/* Frame a payload as `$payload#cs` into out (capacity at least len * 2 + 4); returns its length. */
size_t rsp_frame(const char *payload, size_t len, char *out);

/* Hex parsing of packet fields. All return false on a malformed field and never read past end. */
int rsp_hex_digit(int c);
/* A hex number of 1..16 digits, stopping at the first non-hex character (*pos moves past it). */
bool rsp_parse_hex(const char **pos, const char *end, uint64_t *value);
/* Exactly 2*len hex digits into len bytes. */
bool rsp_parse_hex_bytes(const char *text, size_t digits, uint8_t *out);

#endif

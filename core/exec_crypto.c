/* The Cryptographic Extension of ARMv8.0 (ARM ARM C4.1.6 "Cryptographic AES", "Cryptographic
 * three-register SHA", "Cryptographic two-register SHA"): AESE, AESD, AESMC, AESIMC, SHA1C,
 * SHA1P, SHA1M, SHA1SU0, SHA1H, SHA1SU1, SHA256H, SHA256H2, SHA256SU0, SHA256SU1. Pseudocode:
 * aarch64/instrs/vector/crypto/... (vector_crypto_aes_round / _aes_mix, _sha3op_sha1hash_*,
 * _sha3op_sha1sched0, _sha2op_sha1hash / _sha1sched1, _sha3op_sha256hash / _sha256sched1,
 * _sha2op_sha256sched0) with the shared functions AESSubBytes, AESShiftRows, AESMixColumns and
 * their inverses (FIPS 197: byte i of the register is state[i % 4][i / 4]), SHAchoose,
 * SHAparity, SHAmajority, SHAhashSIGMA0/1 and SHA256hash. The S-boxes are FIPS 197's tables.
 *
 * Operands: rd, rn, rm are V register numbers; cond selects the operation within a handler. */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "decode_gen.h"
#include "fp.h"
#include "insn.h"
#include "vreg.h"

static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e, 0x81, 0xf3, 0xd7, 0xfb,
    0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87, 0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb,
    0x54, 0x7b, 0x94, 0x32, 0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49, 0x6d, 0x8b, 0xd1, 0x25,
    0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16, 0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92,
    0x6c, 0x70, 0x48, 0x50, 0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05, 0xb8, 0xb3, 0x45, 0x06,
    0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02, 0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b,
    0x3a, 0x91, 0x11, 0x41, 0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8, 0x1c, 0x75, 0xdf, 0x6e,
    0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89, 0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b,
    0xfc, 0x56, 0x3e, 0x4b, 0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59, 0x27, 0x80, 0xec, 0x5f,
    0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d, 0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef,
    0xa0, 0xe0, 0x3b, 0x4d, 0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63, 0x55, 0x21, 0x0c, 0x7d,
};

/* --- AES --- */

/* Byte i of AESShiftRows(op) is byte aes_shift_rows[i] of op (row r = i % 4 rotates left by r
 * columns); aes_inv_shift_rows undoes it (AESInvShiftRows). */
static const uint8_t aes_shift_rows[16] = { 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11 };
static const uint8_t aes_inv_shift_rows[16] = { 0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3 };

/* Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS 197 xtime). */
static uint8_t xtime(uint8_t b)
{
    return (uint8_t)((b << 1) ^ ((b & 0x80) ? 0x1b : 0));
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    for (; b; b >>= 1, a = xtime(a))
        if (b & 1)
            r ^= a;
    return r;
}

/* AESMixColumns (coefficients 2 3 1 1) or AESInvMixColumns (14 11 13 9), column by column. */
static vreg_t aes_mix_columns(const vreg_t *in, bool inverse)
{
    static const uint8_t coef[2][4] = { { 2, 3, 1, 1 }, { 14, 11, 13, 9 } };
    const uint8_t *k = coef[inverse];
    vreg_t out;
    for (unsigned c = 0; c < 4; c++) {
        const uint8_t *s = &in->b[4 * c];
        for (unsigned r = 0; r < 4; r++)
            out.b[4 * c + r] = gf_mul(s[r], k[0]) ^ gf_mul(s[(r + 1) % 4], k[1]) ^
                               gf_mul(s[(r + 2) % 4], k[2]) ^ gf_mul(s[(r + 3) % 4], k[3]);
    }
    return out;
}

/* vector_crypto_aes_round: AESE = SubBytes(ShiftRows(Vd ^ Vn)), AESD = InvSubBytes(InvShiftRows(Vd ^ Vn)). */
static int exec_aes_round(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    bool decrypt = in->cond;
    const uint8_t *shift = decrypt ? aes_inv_shift_rows : aes_shift_rows;
    const uint8_t *sbox = decrypt ? aes_inv_sbox : aes_sbox;
    vreg_t x = vreg_read(cpu, in->rd), n = vreg_read(cpu, in->rn), out;
    x.d[0] ^= n.d[0];
    x.d[1] ^= n.d[1];
    for (unsigned i = 0; i < 16; i++)
        out.b[i] = sbox[x.b[shift[i]]];
    vreg_write(cpu, in->rd, &out, 1);
    return EXEC_NEXT;
}

/* vector_crypto_aes_mix: AESMC, AESIMC. */
static int exec_aes_mix(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    vreg_t out = aes_mix_columns(&n, in->cond);
    vreg_write(cpu, in->rd, &out, 1);
    return EXEC_NEXT;
}

/* op: 00 AESE, 01 AESD, 10 AESMC, 11 AESIMC. */
bool trans_CRYPTO_AES(struct insn *out, const struct arg_CRYPTO_AES *a)
{
    out->fn = (a->op & 2) ? exec_aes_mix : exec_aes_round;
    out->cond = (uint8_t)(a->op & 1);
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    return true;
}

/* --- SHA-1 and SHA-256 --- */

static uint32_t rol32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z)
{
    return x ^ y ^ z;
}

static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

/* SHA1C, SHA1P, SHA1M: four rounds of SHA-1 with the function f (vector_crypto_sha3op_sha1hash_*).
 * X = Vd holds a..d, Y = Sn holds e, W = Vm four schedule words plus constants. */
static void sha1_hash(struct cpu *cpu, const struct insn *in, uint32_t (*f)(uint32_t, uint32_t, uint32_t))
{
    vreg_t x = vreg_read(cpu, in->rd), w = vreg_read(cpu, in->rm);
    uint32_t y = (uint32_t)cpu->v[in->rn][0];
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t = f(x.s[1], x.s[2], x.s[3]);
        y = y + rol32(x.s[0], 5) + t + w.s[e];
        x.s[1] = rol32(x.s[1], 30);
        /* <Y, X> = ROL(Y:X, 32) */
        uint32_t top = x.s[3];
        x.s[3] = x.s[2];
        x.s[2] = x.s[1];
        x.s[1] = x.s[0];
        x.s[0] = y;
        y = top;
    }
    vreg_write(cpu, in->rd, &x, 1);
}

/* SHA1SU0 (vector_crypto_sha3op_sha1sched0): (Vn<63:0>:Vd<127:64>) ^ Vd ^ Vm. */
static void sha1_su0(struct cpu *cpu, const struct insn *in)
{
    vreg_t d = vreg_read(cpu, in->rd), n = vreg_read(cpu, in->rn), m = vreg_read(cpu, in->rm), out;
    out.d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
    out.d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
    vreg_write(cpu, in->rd, &out, 1);
}

enum sha1_op { SHA1C, SHA1P, SHA1M, SHA1SU0 };

static int exec_sha1_3(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    switch ((enum sha1_op)in->cond) {
    case SHA1C: sha1_hash(cpu, in, sha_choose); break;
    case SHA1P: sha1_hash(cpu, in, sha_parity); break;
    case SHA1M: sha1_hash(cpu, in, sha_majority); break;
    case SHA1SU0: sha1_su0(cpu, in); break;
    }
    return EXEC_NEXT;
}

bool trans_CRYPTO_SHA1_3(struct insn *out, const struct arg_CRYPTO_SHA1_3 *a)
{
    out->fn = exec_sha1_3;
    out->cond = (uint8_t)a->op;
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    out->rm = (uint8_t)a->rm;
    return true;
}

/* SHA1H (vector_crypto_sha2op_sha1hash): Sd = ROL(Sn, 30). */
static int exec_sha1h(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    fp_write_scalar(cpu, in->rd, rol32((uint32_t)cpu->v[in->rn][0], 30));
    return EXEC_NEXT;
}

/* SHA1SU1 (vector_crypto_sha2op_sha1sched1). */
static int exec_sha1su1(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t d = vreg_read(cpu, in->rd), n = vreg_read(cpu, in->rn), t, out;
    /* T = Vd ^ LSR(Vn, 32) */
    t.s[0] = d.s[0] ^ n.s[1];
    t.s[1] = d.s[1] ^ n.s[2];
    t.s[2] = d.s[2] ^ n.s[3];
    t.s[3] = d.s[3];
    out.s[0] = rol32(t.s[0], 1);
    out.s[1] = rol32(t.s[1], 1);
    out.s[2] = rol32(t.s[2], 1);
    out.s[3] = rol32(t.s[3], 1) ^ rol32(t.s[0], 2);
    vreg_write(cpu, in->rd, &out, 1);
    return EXEC_NEXT;
}

bool trans_CRYPTO_SHA1_2(struct insn *out, const struct arg_CRYPTO_SHA1_2 *a)
{
    out->fn = a->su1 ? exec_sha1su1 : exec_sha1h;
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    return true;
}

/* SHA256hash(X, Y, W, part1): four rounds of SHA-256; X holds a..d, Y holds e..h. */
static vreg_t sha256_hash(vreg_t x, vreg_t y, const vreg_t *w, bool part1)
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.s[0], y.s[1], y.s[2]);
        uint32_t maj = sha_majority(x.s[0], x.s[1], x.s[2]);
        uint32_t sigma1 = ror32(y.s[0], 6) ^ ror32(y.s[0], 11) ^ ror32(y.s[0], 25);
        uint32_t sigma0 = ror32(x.s[0], 2) ^ ror32(x.s[0], 13) ^ ror32(x.s[0], 22);
        uint32_t t = y.s[3] + sigma1 + chs + w->s[e];
        x.s[3] = t + x.s[3];
        y.s[3] = t + sigma0 + maj;
        /* <Y, X> = ROL(Y:X, 32): the top word of Y moves to the bottom of X, X's to Y's. */
        uint32_t xtop = x.s[3], ytop = y.s[3];
        for (unsigned i = 3; i > 0; i--) {
            x.s[i] = x.s[i - 1];
            y.s[i] = y.s[i - 1];
        }
        x.s[0] = ytop;
        y.s[0] = xtop;
    }
    return part1 ? x : y;
}

/* SHA256H: Vd = SHA256hash(Vd, Vn, Vm, TRUE); SHA256H2: Vd = SHA256hash(Vn, Vd, Vm, FALSE). */
static int exec_sha256h(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t d = vreg_read(cpu, in->rd), n = vreg_read(cpu, in->rn), w = vreg_read(cpu, in->rm);
    bool part1 = !in->cond;
    vreg_t out = part1 ? sha256_hash(d, n, &w, true) : sha256_hash(n, d, &w, false);
    vreg_write(cpu, in->rd, &out, 1);
    return EXEC_NEXT;
}

bool trans_CRYPTO_SHA256H(struct insn *out, const struct arg_CRYPTO_SHA256H *a)
{
    out->fn = exec_sha256h;
    out->cond = (uint8_t)a->p;
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    out->rm = (uint8_t)a->rm;
    return true;
}

/* SHA256SU0 (vector_crypto_sha2op_sha256sched0): T = Vn<31:0>:Vd<127:32>; elementwise
 * sigma0(T) + Vd. */
static int exec_sha256su0(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t d = vreg_read(cpu, in->rd), n = vreg_read(cpu, in->rn), out;
    const uint32_t t[4] = { d.s[1], d.s[2], d.s[3], n.s[0] };
    for (unsigned e = 0; e < 4; e++)
        out.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + d.s[e];
    vreg_write(cpu, in->rd, &out, 1);
    return EXEC_NEXT;
}

bool trans_CRYPTO_SHA256SU0(struct insn *out, const struct arg_CRYPTO_SHA256SU0 *a)
{
    out->fn = exec_sha256su0;
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    return true;
}

/* SHA256SU1 (vector_crypto_sha3op_sha256sched1): T0 = Vm<31:0>:Vn<127:32>; elements 0-1 from
 * sigma1 of Vm<127:64>, elements 2-3 from sigma1 of the two just computed. */
static int exec_sha256su1(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t d = vreg_read(cpu, in->rd), n = vreg_read(cpu, in->rn), m = vreg_read(cpu, in->rm), out;
    const uint32_t t0[4] = { n.s[1], n.s[2], n.s[3], m.s[0] };
    for (unsigned e = 0; e < 4; e++) {
        uint32_t elt = e < 2 ? m.s[2 + e] : out.s[e - 2];
        elt = ror32(elt, 17) ^ ror32(elt, 19) ^ (elt >> 10);
        out.s[e] = elt + d.s[e] + t0[e];
    }
    vreg_write(cpu, in->rd, &out, 1);
    return EXEC_NEXT;
}

bool trans_CRYPTO_SHA256SU1(struct insn *out, const struct arg_CRYPTO_SHA256SU1 *a)
{
    out->fn = exec_sha256su1;
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    out->rm = (uint8_t)a->rm;
    return true;
}

/* The Cryptographic Extension (core/exec_crypto.c): each of AESE, AESD, AESMC, AESIMC, SHA1C,
 * SHA1P, SHA1M, SHA1SU0, SHA1H, SHA1SU1, SHA256H, SHA256H2, SHA256SU0 and SHA256SU1 on
 * pseudo-random operands with the exact results of Unicorn (QEMU), including Vd as a source;
 * then known-answer tests run through the instructions as Linux's arm64 crypto code uses
 * them: FIPS 197 appendix C.1 (AES-128) encryption and decryption, and one block of SHA-1 and
 * SHA-256 of "abc" (FIPS 180-2 appendix examples). The vector additions of the round
 * constants, which are not crypto instructions, are done in C between the instructions. */
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "fixture.h"
#include "harness.h"
#include "simd_case.h"

static const struct simd_case crypto_cases[] = {
    {"aese v0.16b, v1.16b", 0x4e284820, 1, {{0, 0xf0d69fd90e6e6e1, 0x6669c42569faf7ad}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"aese v2.16b, v2.16b", 0x4e284842, 1, {{2, 0x6363636363636363, 0x6363636363636363}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"aesd v0.16b, v1.16b", 0x4e285820, 1, {{0, 0xa97e977bae7723a0, 0x63aeaea8359b7734}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"aesd v3.16b, v17.16b", 0x4e285a23, 1, {{3, 0x5320d0f46d408b93, 0x50f25682216a1c4c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"aesmc v0.16b, v1.16b", 0x4e286820, 1, {{0, 0xbddcf31586835ed8, 0x3b0ebdeb06635365}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"aesmc v4.16b, v4.16b", 0x4e286884, 1, {{4, 0x4a7b6a689f03cd90, 0x82a13c90a14f6426}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"aesimc v0.16b, v1.16b", 0x4e287820, 1, {{0, 0x9ed5d01ccbf413af, 0x15b79352497b1c7d}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"aesimc v5.16b, v18.16b", 0x4e287a45, 1, {{5, 0xdb92e5b4c475922b, 0x8c166a797f6b1c8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1c q0, s1, v2.4s", 0x5e020020, 1, {{0, 0xc8e66904e1695576, 0xf878e992afb3c66b}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1c q3, s3, v3.4s", 0x5e030063, 1, {{3, 0x5d9f039e4c56fefc, 0x7c0dd348f100bf7c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1p q0, s1, v2.4s", 0x5e021020, 1, {{0, 0x8a1eea7563947189, 0x18d330e0655dc68d}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1m q0, s1, v2.4s", 0x5e022020, 1, {{0, 0x6ea037c77829d92b, 0x45e907143df3c7e9}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1m q4, s20, v5.4s", 0x5e052284, 1, {{4, 0xd8581ec62ff3bf9f, 0x73eb49c215996c52}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1su0 v0.4s, v1.4s, v2.4s", 0x5e023020, 1, {{0, 0x9761bf398b0cdcc0, 0x3b775c7e55ce8251}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1su0 v6.4s, v6.4s, v7.4s", 0x5e0730c6, 1, {{6, 0xbd70da7c784d3f4d, 0x8c85eafdef9cf2ff}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1h s0, s1", 0x5e280820, 1, {{0, 0xe0025153, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1h s3, s3", 0x5e280863, 1, {{3, 0x47d14cb8, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1su1 v0.4s, v1.4s", 0x5e281820, 1, {{0, 0x20d853abfbb3216e, 0x2b977e09b265bab8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha1su1 v8.4s, v8.4s", 0x5e281908, 1, {{8, 0xacadfbb410f72012, 0xa6706e05d160d12d}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256h q0, q1, v2.4s", 0x5e024020, 1, {{0, 0xd3e3cc5a3f5d9510, 0xf78f7b0e1c310cbd}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256h q3, q3, v4.4s", 0x5e044063, 1, {{3, 0xa35289b04d1503c2, 0x1f40b4438857f597}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256h2 q0, q1, v2.4s", 0x5e025020, 1, {{0, 0x38c4d9360dae6a49, 0x22333758a368251d}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256h2 q5, q6, v5.4s", 0x5e0550c5, 1, {{5, 0x53abda517dad08e9, 0x906a9e8a46a6d3c0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256su0 v0.4s, v1.4s", 0x5e282820, 1, {{0, 0x862a1e54c0abfa8e, 0x4ccb788ba042df63}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256su0 v7.4s, v7.4s", 0x5e2828e7, 1, {{7, 0xdb357de9b8d33dc8, 0xa61990a18799714e}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256su1 v0.4s, v1.4s, v2.4s", 0x5e026020, 1, {{0, 0x10e07ba0071795df, 0xf2c14577d29ac528}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"sha256su1 v9.4s, v10.4s, v9.4s", 0x5e096149, 1, {{9, 0x63936c5a3107e6da, 0x376a75ef13022f98}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
};

static void test_crypto_table(void)
{
    for (size_t i = 0; i < sizeof crypto_cases / sizeof crypto_cases[0]; i++)
        simd_run_case(&crypto_cases[i]);
}

static void exec1(struct cpu *cpu, uint32_t insn)
{
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
}

static uint32_t rd_rn_rm(uint32_t op, unsigned d, unsigned n, unsigned m)
{
    return op | m << 16 | n << 5 | d;
}

enum {
    AESE = 0x4e284800, AESD = 0x4e285800, AESMC = 0x4e286800, AESIMC = 0x4e287800,
    SHA1C = 0x5e000000, SHA1P = 0x5e001000, SHA1M = 0x5e002000, SHA1SU0 = 0x5e003000,
    SHA256H = 0x5e004000, SHA256H2 = 0x5e005000, SHA256SU1 = 0x5e006000,
    SHA1H = 0x5e280800, SHA1SU1 = 0x5e281800, SHA256SU0 = 0x5e282800,
};

/* FIPS 197 appendix C.1: key 000102...0f; the expanded round keys 0-10 (bytes in memory
 * order, as little-endian halves of the V registers). */
static const uint64_t aes128_round_keys[11][2] = {
    {0x0706050403020100, 0x0f0e0d0c0b0a0908},
    {0xfa72afd2fd74aad6, 0xfe76abd6f178a6da},
    {0xf1bd3d640bcf92b6, 0xfeb3306800c59bbe},
    {0xbfc9c2d24e74ffb6, 0x41bf6904bf0c596c},
    {0x033e3595bcf7f747, 0xfd8d05fdbc326cf9},
    {0xeb9d9fa9e8a3aa3c, 0xaa22f6ad57aff350},
    {0x9692a6f77d0f395e, 0x6b1fa30ac13d55a7},
    {0x8ce25fe31a70f914, 0x26c0a94e4ddf0a44},
    {0xb9651ca435874347, 0xd27abfaef4ba16e0},
    {0x685785f0d1329954, 0x4e972cbe9ced9310},
    {0x174a94e37f1d1113, 0xc5302b4d8ba707f3},
};
/* plaintext 00112233445566778899aabbccddeeff, ciphertext 69c4e0d86a7b0430d8cdb78070b4c55a */
static const uint64_t aes_plain[2] = {0x7766554433221100, 0xffeeddccbbaa9988};
static const uint64_t aes_cipher[2] = {0x30047b6ad8e0c469, 0x5ac5b47080b7cdd8};

/* Round keys in V1-V11, the state in V0. */
static struct cpu *aes_setup(const uint64_t state[2])
{
    struct cpu *cpu = simd_setup();
    for (unsigned r = 0; r < 11; r++) {
        cpu->v[1 + r][0] = aes128_round_keys[r][0];
        cpu->v[1 + r][1] = aes128_round_keys[r][1];
    }
    cpu->v[0][0] = state[0];
    cpu->v[0][1] = state[1];
    return cpu;
}

static void test_aes128_encrypt(void)
{
    struct cpu *cpu = aes_setup(aes_plain);
    for (unsigned r = 0; r < 9; r++) {
        exec1(cpu, rd_rn_rm(AESE, 0, 1 + r, 0));
        exec1(cpu, rd_rn_rm(AESMC, 0, 0, 0));
    }
    exec1(cpu, rd_rn_rm(AESE, 0, 10, 0));
    CHECK_EQ_U64(cpu->v[0][0] ^ aes128_round_keys[10][0], aes_cipher[0]);
    CHECK_EQ_U64(cpu->v[0][1] ^ aes128_round_keys[10][1], aes_cipher[1]);
}

/* The equivalent inverse cipher: round keys 1-9 go through AESIMC first. */
static void test_aes128_decrypt(void)
{
    struct cpu *cpu = aes_setup(aes_cipher);
    for (unsigned r = 1; r <= 9; r++)
        exec1(cpu, rd_rn_rm(AESIMC, 1 + r, 1 + r, 0));
    exec1(cpu, rd_rn_rm(AESD, 0, 11, 0));
    for (unsigned r = 9; r >= 1; r--) {
        exec1(cpu, rd_rn_rm(AESIMC, 0, 0, 0));
        exec1(cpu, rd_rn_rm(AESD, 0, 1 + r, 0));
    }
    CHECK_EQ_U64(cpu->v[0][0] ^ aes128_round_keys[0][0], aes_plain[0]);
    CHECK_EQ_U64(cpu->v[0][1] ^ aes128_round_keys[0][1], aes_plain[1]);
}

/* One 512-bit block "abc" padded, as big-endian 32-bit words. */
static const uint32_t abc_block[16] = {0x61626380, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x18};

static void set_words(struct cpu *cpu, unsigned v, const uint32_t w[4])
{
    cpu->v[v][0] = (uint64_t)w[1] << 32 | w[0];
    cpu->v[v][1] = (uint64_t)w[3] << 32 | w[2];
}

static uint32_t word(const struct cpu *cpu, unsigned v, unsigned e)
{
    return (uint32_t)(cpu->v[v][e / 2] >> (32 * (e % 2)));
}

/* V3 = V[w] + k, lane by lane (the ADD .4s of the real code). */
static void add_constants(struct cpu *cpu, unsigned w, const uint32_t k[4])
{
    uint32_t t[4];
    for (unsigned e = 0; e < 4; e++)
        t[e] = word(cpu, w, e) + k[e];
    set_words(cpu, 3, t);
}

/* SHA-1: V0 = abcd, V1 = e (S register), V2 = the next e, V3 = W + K, V4-V7 = the schedule. */
static void test_sha1_abc(void)
{
    static const uint32_t h0[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    static const uint32_t k[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    static const uint32_t ops[4] = {SHA1C, SHA1P, SHA1M, SHA1P};
    static const uint32_t digest[5] = {0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d};
    struct cpu *cpu = simd_setup();
    set_words(cpu, 0, h0);
    cpu->v[1][0] = h0[4];
    cpu->v[1][1] = 0;
    for (unsigned i = 0; i < 4; i++)
        set_words(cpu, 4 + i, &abc_block[4 * i]);
    unsigned e_reg = 1;
    for (unsigned g = 0; g < 20; g++) {
        const uint32_t kk[4] = {k[g / 5], k[g / 5], k[g / 5], k[g / 5]};
        add_constants(cpu, 4 + g % 4, kk);
        unsigned next = e_reg == 1 ? 2 : 1;
        exec1(cpu, rd_rn_rm(SHA1H, next, 0, 0));
        exec1(cpu, rd_rn_rm(ops[g / 5], 0, e_reg, 3));
        e_reg = next;
        if (g < 16) {
            exec1(cpu, rd_rn_rm(SHA1SU0, 4 + g % 4, 4 + (g + 1) % 4, 4 + (g + 2) % 4));
            exec1(cpu, rd_rn_rm(SHA1SU1, 4 + g % 4, 4 + (g + 3) % 4, 0));
        }
    }
    for (unsigned i = 0; i < 4; i++)
        CHECK_EQ_U64((uint32_t)(word(cpu, 0, i) + h0[i]), digest[i]);
    CHECK_EQ_U64((uint32_t)(word(cpu, e_reg, 0) + h0[4]), digest[4]);
    CHECK_EQ_U64(cpu->v[e_reg][1], 0);
}

/* SHA-256: V0 = abcd, V1 = efgh, V2 = the copy of abcd for SHA256H2, V3 = W + K, V4-V7 = the
 * schedule. */
static void test_sha256_abc(void)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    static const uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };
    static const uint32_t digest[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                       0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
    struct cpu *cpu = simd_setup();
    set_words(cpu, 0, h0);
    set_words(cpu, 1, h0 + 4);
    for (unsigned i = 0; i < 4; i++)
        set_words(cpu, 4 + i, &abc_block[4 * i]);
    for (unsigned g = 0; g < 16; g++) {
        add_constants(cpu, 4 + g % 4, &k[4 * g]);
        cpu->v[2][0] = cpu->v[0][0];
        cpu->v[2][1] = cpu->v[0][1];
        exec1(cpu, rd_rn_rm(SHA256H, 0, 1, 3));
        exec1(cpu, rd_rn_rm(SHA256H2, 1, 2, 3));
        if (g < 12) {
            exec1(cpu, rd_rn_rm(SHA256SU0, 4 + g % 4, 4 + (g + 1) % 4, 0));
            exec1(cpu, rd_rn_rm(SHA256SU1, 4 + g % 4, 4 + (g + 2) % 4, 4 + (g + 3) % 4));
        }
    }
    for (unsigned i = 0; i < 8; i++)
        CHECK_EQ_U64((uint32_t)(word(cpu, i / 4, i % 4) + h0[i]), digest[i]);
}

UNIT_SUITE(crypto,
    UNIT_TEST(test_crypto_table),
    UNIT_TEST(test_aes128_encrypt),
    UNIT_TEST(test_aes128_decrypt),
    UNIT_TEST(test_sha1_abc),
    UNIT_TEST(test_sha256_abc))

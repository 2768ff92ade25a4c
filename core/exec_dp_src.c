/* Data Processing -- Register (ARM ARM C4.1.5, C6.2), the 1-, 2- and 3-source groups: bit and
 * byte reversal, leading zero/sign counts, division, variable shifts, CRC32/CRC32C, and the
 * multiply(-accumulate) instructions. */
#include <stdbool.h>
#include <stdint.h>

#include "alu.h"
#include "cpu.h"
#include "decode_gen.h"
#include "insn.h"

__extension__ typedef __int128 int128_t;
__extension__ typedef unsigned __int128 uint128_t;

/* Handlers whose result is a pure function of one or two register values: OP computes it from
 * `x` (and `y`), each taken from a 64-bit slot; 32-bit forms see the low word. */
#define DEFINE_UNARY(name, type, OP)                                                               \
    static int exec_##name(struct cpu *cpu, const struct insn *in)                                \
    {                                                                                              \
        type x = (type)cpu->r[in->rn];                                                             \
        cpu->r[in->rd] = (type)(OP);                                                               \
        return EXEC_NEXT;                                                                          \
    }
#define DEFINE_BINARY(name, type, OP)                                                              \
    static int exec_##name(struct cpu *cpu, const struct insn *in)                                \
    {                                                                                              \
        type x = (type)cpu->r[in->rn], y = (type)cpu->r[in->rm];                                   \
        cpu->r[in->rd] = (type)(OP);                                                               \
        return EXEC_NEXT;                                                                          \
    }

/* Fill rd and rn (and rm) of a register-to-register instruction and pick its 32- or 64-bit
 * handler. */
static bool trans_unary(struct insn *out, unsigned sf, unsigned rd, unsigned rn, exec_fn *fn32,
                        exec_fn *fn64)
{
    out->rd = reg_dst(rd);
    out->rn = reg_src(rn);
    out->fn = sf ? fn64 : fn32;
    return true;
}

static bool trans_rrr(struct insn *out, unsigned sf, unsigned rd, unsigned rn, unsigned rm,
                      exec_fn *fn32, exec_fn *fn64)
{
    out->rm = reg_src(rm);
    return trans_unary(out, sf, rd, rn, fn32, fn64);
}

/* --- Data-processing (1 source) --- */

/* Reverse the bits of each byte (and so, with a byte reversal, RBIT). */
static uint64_t reverse_bits_in_bytes(uint64_t x)
{
    x = (x >> 1 & 0x5555555555555555ull) | (x & 0x5555555555555555ull) << 1;
    x = (x >> 2 & 0x3333333333333333ull) | (x & 0x3333333333333333ull) << 2;
    return (x >> 4 & 0x0f0f0f0f0f0f0f0full) | (x & 0x0f0f0f0f0f0f0f0full) << 4;
}

/* Swap the bytes of each 16-bit halfword (REV16). */
static uint64_t reverse_bytes_in_halfwords(uint64_t x)
{
    return (x >> 8 & 0x00ff00ff00ff00ffull) | (x & 0x00ff00ff00ff00ffull) << 8;
}

DEFINE_UNARY(rbit64, uint64_t, __builtin_bswap64(reverse_bits_in_bytes(x)))
DEFINE_UNARY(rbit32, uint32_t, __builtin_bswap32((uint32_t)reverse_bits_in_bytes(x)))
DEFINE_UNARY(rev16_64, uint64_t, reverse_bytes_in_halfwords(x))
DEFINE_UNARY(rev16_32, uint32_t, reverse_bytes_in_halfwords(x))
DEFINE_UNARY(rev64, uint64_t, __builtin_bswap64(x))
DEFINE_UNARY(rev32_64, uint64_t, __builtin_bswap64(x) >> 32 | __builtin_bswap64(x) << 32)
DEFINE_UNARY(rev32, uint32_t, __builtin_bswap32(x))
/* CountLeadingZeroBits; CountLeadingSignBits(x) = CLZ(x<N-1:1> EOR x<N-2:0>), an N-1 bit value:
 * (x EOR x << 1) holds it in bits N-1:1, and bit 0 set stops the count at N-1. */
DEFINE_UNARY(clz64, uint64_t, x ? __builtin_clzll(x) : 64)
DEFINE_UNARY(clz32, uint32_t, x ? __builtin_clz(x) : 32)
DEFINE_UNARY(cls64, uint64_t, __builtin_clzll((x ^ x << 1) | 1))
DEFINE_UNARY(cls32, uint32_t, __builtin_clz((x ^ x << 1) | 1))

bool trans_RBIT(struct insn *out, const struct arg_RBIT *a)
{
    return trans_unary(out, a->sf, a->rd, a->rn, exec_rbit32, exec_rbit64);
}

bool trans_REV16(struct insn *out, const struct arg_REV16 *a)
{
    return trans_unary(out, a->sf, a->rd, a->rn, exec_rev16_32, exec_rev16_64);
}

/* opc<0> = 0: REV Wd (sf = 0) or REV32 Xd (sf = 1); opc<0> = 1: REV Xd, 64-bit only. */
bool trans_REV(struct insn *out, const struct arg_REV *a)
{
    if (a->opc0)
        return a->sf && trans_unary(out, 1, a->rd, a->rn, NULL, exec_rev64);
    return trans_unary(out, a->sf, a->rd, a->rn, exec_rev32, exec_rev32_64);
}

bool trans_CLZ(struct insn *out, const struct arg_CLZ *a)
{
    return trans_unary(out, a->sf, a->rd, a->rn, exec_clz32, exec_clz64);
}

bool trans_CLS(struct insn *out, const struct arg_CLS *a)
{
    return trans_unary(out, a->sf, a->rd, a->rn, exec_cls32, exec_cls64);
}

/* --- Data-processing (2 source) --- */

/* Division rounds towards zero; a zero divisor gives 0 (no trap in A64), and INT_MIN / -1
 * overflows to INT_MIN (done in unsigned arithmetic: C leaves it undefined). */
DEFINE_BINARY(udiv64, uint64_t, y ? x / y : 0)
DEFINE_BINARY(udiv32, uint32_t, y ? x / y : 0)
DEFINE_BINARY(sdiv64, uint64_t,
              !y ? 0 : y == ~0ull ? 0 - x : (uint64_t)((int64_t)x / (int64_t)y))
DEFINE_BINARY(sdiv32, uint32_t,
              !y ? 0 : y == ~0u ? 0 - x : (uint32_t)((int32_t)x / (int32_t)y))

bool trans_UDIV(struct insn *out, const struct arg_UDIV *a)
{
    return trans_rrr(out, a->sf, a->rd, a->rn, a->rm, exec_udiv32, exec_udiv64);
}

bool trans_SDIV(struct insn *out, const struct arg_SDIV *a)
{
    return trans_rrr(out, a->sf, a->rd, a->rn, a->rm, exec_sdiv32, exec_sdiv64);
}

/* LSLV, LSRV, ASRV, RORV: ShiftReg by Rm modulo the data size. */
DEFINE_BINARY(lslv64, uint64_t, x << (y & 63))
DEFINE_BINARY(lsrv64, uint64_t, x >> (y & 63))
DEFINE_BINARY(asrv64, uint64_t, asr64(x, y & 63))
DEFINE_BINARY(rorv64, uint64_t, ror64(x, y & 63))
DEFINE_BINARY(lslv32, uint32_t, x << (y & 31))
DEFINE_BINARY(lsrv32, uint32_t, x >> (y & 31))
DEFINE_BINARY(asrv32, uint32_t, asr32(x, y & 31))
DEFINE_BINARY(rorv32, uint32_t, ror32(x, y & 31))

static exec_fn *const shiftv_fns[2][4] = {
    {exec_lslv32, exec_lsrv32, exec_asrv32, exec_rorv32},
    {exec_lslv64, exec_lsrv64, exec_asrv64, exec_rorv64},
};

bool trans_SHIFTV(struct insn *out, const struct arg_SHIFTV *a)
{
    return trans_rrr(out, a->sf, a->rd, a->rn, a->rm, shiftv_fns[0][a->op2], shiftv_fns[1][a->op2]);
}

/* CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41). The pseudocode bit-reverses the
 * accumulator and the data, divides by the polynomial (Poly32Mod2) and reverses back; with the
 * bits reversed throughout, that is the reflected shift-right CRC update below, over the
 * `bits` low bits of the data, without the initial and final inversions of the CRC standards. */
#define CRC32_POLY_REFLECTED 0xEDB88320u
#define CRC32C_POLY_REFLECTED 0x82F63B78u

static uint32_t crc32_update(uint32_t acc, uint64_t data, unsigned bits, uint32_t poly)
{
    if (bits < 64)
        data &= (1ull << bits) - 1;
    acc ^= (uint32_t)data;
    data >>= 32;
    for (unsigned i = 0; i < bits; i++) {
        acc = (acc >> 1) ^ (poly & (0u - (acc & 1)));
        if (i == 31)
            acc ^= (uint32_t)data;
    }
    return acc;
}

/* in->size = log2 of the data size in bytes, in->imm = the reflected polynomial. */
static int exec_crc32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = crc32_update((uint32_t)cpu->r[in->rn], cpu->r[in->rm], 8u << in->size,
                                  (uint32_t)in->imm);
    return EXEC_NEXT;
}

/* sf = 1 with the 64-bit data size (CRC32X, CRC32CX) only. */
bool trans_CRC32(struct insn *out, const struct arg_CRC32 *a)
{
    if (a->sf != (a->sz == 3))
        return false;
    trans_rrr(out, 0, a->rd, a->rn, a->rm, exec_crc32, NULL);
    out->size = (uint8_t)a->sz;
    out->imm = a->c ? CRC32C_POLY_REFLECTED : CRC32_POLY_REFLECTED;
    return true;
}

/* --- Data-processing (3 source) --- */

static int exec_madd64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->ra] + cpu->r[in->rn] * cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_msub64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->ra] - cpu->r[in->rn] * cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_madd32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] =
        (uint32_t)((uint32_t)cpu->r[in->ra] + (uint32_t)cpu->r[in->rn] * (uint32_t)cpu->r[in->rm]);
    return EXEC_NEXT;
}

static int exec_msub32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] =
        (uint32_t)((uint32_t)cpu->r[in->ra] - (uint32_t)cpu->r[in->rn] * (uint32_t)cpu->r[in->rm]);
    return EXEC_NEXT;
}

/* SMADDL/SMSUBL/UMADDL/UMSUBL: Xa +/- the 64-bit product of two 32-bit values. */
static int exec_smaddl(struct cpu *cpu, const struct insn *in)
{
    int64_t p = (int64_t)(int32_t)cpu->r[in->rn] * (int32_t)cpu->r[in->rm];
    cpu->r[in->rd] = cpu->r[in->ra] + (uint64_t)p;
    return EXEC_NEXT;
}

static int exec_smsubl(struct cpu *cpu, const struct insn *in)
{
    int64_t p = (int64_t)(int32_t)cpu->r[in->rn] * (int32_t)cpu->r[in->rm];
    cpu->r[in->rd] = cpu->r[in->ra] - (uint64_t)p;
    return EXEC_NEXT;
}

static int exec_umaddl(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->ra] + (uint64_t)(uint32_t)cpu->r[in->rn] * (uint32_t)cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_umsubl(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->ra] - (uint64_t)(uint32_t)cpu->r[in->rn] * (uint32_t)cpu->r[in->rm];
    return EXEC_NEXT;
}

/* SMULH/UMULH: bits 127:64 of the 128-bit product. */
DEFINE_BINARY(smulh, uint64_t, (uint64_t)((uint128_t)((int128_t)(int64_t)x * (int64_t)y) >> 64))
DEFINE_BINARY(umulh, uint64_t, (uint64_t)((uint128_t)x * y >> 64))

static bool trans_rrrr(struct insn *out, unsigned ra, unsigned rn, unsigned rm, unsigned rd,
                       exec_fn *fn)
{
    out->ra = reg_src(ra);
    return trans_rrr(out, 1, rd, rn, rm, NULL, fn);
}

bool trans_MADD(struct insn *out, const struct arg_MADD *a)
{
    static exec_fn *const fns[2][2] = {{exec_madd32, exec_msub32}, {exec_madd64, exec_msub64}};
    return trans_rrrr(out, a->ra, a->rn, a->rm, a->rd, fns[a->sf][a->o0]);
}

bool trans_MADDL(struct insn *out, const struct arg_MADDL *a)
{
    static exec_fn *const fns[2][2] = {{exec_smaddl, exec_smsubl}, {exec_umaddl, exec_umsubl}};
    return trans_rrrr(out, a->ra, a->rn, a->rm, a->rd, fns[a->u][a->o0]);
}

bool trans_MULH(struct insn *out, const struct arg_MULH *a)
{
    return trans_rrr(out, 1, a->rd, a->rn, a->rm, NULL, a->u ? exec_umulh : exec_smulh);
}

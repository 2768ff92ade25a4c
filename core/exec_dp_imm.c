/* Data Processing -- Immediate (ARM ARM C4.1.2, C6.2): PC-relative addressing, add/subtract and
 * logical immediates, move wide, bitfield and extract. Immediates, masks and shift amounts are
 * prepared once by the trans_ functions so that each handler is a line or two. */
#include <stdbool.h>
#include <stdint.h>

#include "alu.h"
#include "cpu.h"
#include "decode_gen.h"
#include "insn.h"

static uint64_t ones(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

/* --- PC-relative addressing: ADR, ADRP --- */

static int exec_adr(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = insn_pc(cpu, in) + in->imm;
    return EXEC_NEXT;
}

static int exec_adrp(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (insn_pc(cpu, in) & ~0xfffull) + in->imm;
    return EXEC_NEXT;
}

bool trans_ADR(struct insn *out, const struct arg_ADR *a)
{
    out->imm = (uint64_t)(int64_t)(a->immhi * 4 + (int32_t)a->immlo);
    out->rd = reg_dst(a->rd);
    out->fn = exec_adr;
    return true;
}

bool trans_ADRP(struct insn *out, const struct arg_ADRP *a)
{
    out->imm = (uint64_t)((int64_t)a->immhi * 4 + a->immlo) << 12;
    out->rd = reg_dst(a->rd);
    out->fn = exec_adrp;
    return true;
}

/* --- Add/subtract (immediate) --- */

ALU_DEFINE_ADDSUB(imm, in->imm, in->imm)
static exec_fn *const addsub_imm[2][2][2] = ALU_ADDSUB_TABLE(imm);

/* SP may be the source, and the destination of the forms that do not set flags (so that
 * MOV SP and ADD SP, SP, #n work; CMP/CMN are ADDS/SUBS to XZR). */
bool trans_ADDSUB_imm(struct insn *out, const struct arg_ADDSUB_imm *a)
{
    out->imm = (uint64_t)a->imm12 << (a->sh ? 12 : 0);
    out->rn = reg_sp(a->rn);
    out->rd = a->s ? reg_dst(a->rd) : reg_sp(a->rd);
    out->fn = addsub_imm[a->sf][a->op][a->s];
    return true;
}

/* --- Logical (immediate) --- */

/* DecodeBitMasks(immN, imms, immr, immediate = TRUE), the wmask only: an element of 2..64 bits
 * holding S+1 ones rotated right by R, replicated over the data size. False for the reserved
 * encodings (no element size; an all-ones element). */
static bool decode_logical_imm(unsigned n, unsigned imms, unsigned immr, unsigned datasize,
                               uint64_t *mask)
{
    unsigned sel = n << 6 | (~imms & 0x3f);
    if (sel < 2)
        return false; /* HighestSetBit(immN:NOT(imms)) < 1 */
    unsigned len = 31 - (unsigned)__builtin_clz(sel);
    unsigned esize = 1u << len, levels = esize - 1;
    unsigned s = imms & levels, r = immr & levels;
    if (s == levels)
        return false;
    uint64_t elem = ones(s + 1);
    if (r)
        elem = (elem >> r | elem << (esize - r)) & ones(esize);
    for (unsigned width = esize; width < 64; width *= 2)
        elem |= elem << width;
    *mask = elem & ones(datasize);
    return true;
}

ALU_DEFINE_LOGIC(imm, in->imm, in->imm)
static exec_fn *const logic_imm[2][4] = ALU_LOGIC_TABLE(imm);

/* AND/ORR/EOR may write SP (e.g. aligning it); ANDS writes XZR (TST). */
bool trans_LOGIC_imm(struct insn *out, const struct arg_LOGIC_imm *a)
{
    if (!a->sf && a->n)
        return false;
    if (!decode_logical_imm(a->n, a->imms, a->immr, a->sf ? 64 : 32, &out->imm))
        return false;
    out->rn = reg_src(a->rn);
    out->rd = a->opc == 3 ? reg_dst(a->rd) : reg_sp(a->rd);
    out->fn = logic_imm[a->sf][a->opc];
    return true;
}

/* --- Move wide (immediate) --- */

static int exec_mov_imm(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = in->imm;
    return EXEC_NEXT;
}

static int exec_movk64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (cpu->r[in->rd] & ~(0xffffull << in->shift)) | in->imm;
    return EXEC_NEXT;
}

static int exec_movk32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = ((uint32_t)cpu->r[in->rd] & ~(0xffffu << in->shift)) | in->imm;
    return EXEC_NEXT;
}

/* The common decode of MOVN/MOVZ/MOVK: 32-bit forms only have hw = 0 or 1. */
static bool trans_move_wide(struct insn *out, unsigned sf, unsigned hw, unsigned imm16, unsigned rd)
{
    if (!sf && hw >= 2)
        return false;
    out->shift = (uint8_t)(hw * 16);
    out->imm = (uint64_t)imm16 << out->shift;
    out->rd = reg_dst(rd);
    return true;
}

bool trans_MOVN(struct insn *out, const struct arg_MOVN *a)
{
    if (!trans_move_wide(out, a->sf, a->hw, a->imm16, a->rd))
        return false;
    out->imm = ~out->imm & ones(a->sf ? 64 : 32);
    out->fn = exec_mov_imm;
    return true;
}

bool trans_MOVZ(struct insn *out, const struct arg_MOVZ *a)
{
    if (!trans_move_wide(out, a->sf, a->hw, a->imm16, a->rd))
        return false;
    out->fn = exec_mov_imm;
    return true;
}

bool trans_MOVK(struct insn *out, const struct arg_MOVK *a)
{
    if (!trans_move_wide(out, a->sf, a->hw, a->imm16, a->rd))
        return false;
    out->fn = a->sf ? exec_movk64 : exec_movk32;
    return true;
}

/* --- Bitfield: SBFM, BFM, UBFM --- */

/* SBFM/UBFM with S >= R extract bits S..R to the bottom (SBFX/UBFX, ASR, LSR, SXTB..., UXTB...);
 * with S < R they insert bits S..0 at datasize-R (SBFIZ/UBFIZ, LSL). Both are "shift the field's
 * top bit S up to the top of the register, then shift right (arithmetic for SBFM) to where the
 * field's bottom goes": in->shift = left shift, in->size = right shift. For 32-bit forms the
 * same is done on 32 bits; the bits of the 64-bit source above 31 are shifted out. */
static int exec_sbfm64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = asr64(cpu->r[in->rn] << in->shift, in->size);
    return EXEC_NEXT;
}

static int exec_sbfm32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = asr32((uint32_t)cpu->r[in->rn] << in->shift, in->size);
    return EXEC_NEXT;
}

static int exec_ubfm64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (cpu->r[in->rn] << in->shift) >> in->size;
    return EXEC_NEXT;
}

static int exec_ubfm32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)((uint32_t)cpu->r[in->rn] << in->shift) >> in->size;
    return EXEC_NEXT;
}

/* BFM: the bits of in->imm (wmask AND tmask of the pseudocode) take ROR(src, R); the others keep
 * the destination's value (BFXIL, BFI). */
static int exec_bfm64(struct cpu *cpu, const struct insn *in)
{
    uint64_t src = ror64(cpu->r[in->rn], in->shift);
    cpu->r[in->rd] = (cpu->r[in->rd] & ~in->imm) | (src & in->imm);
    return EXEC_NEXT;
}

static int exec_bfm32(struct cpu *cpu, const struct insn *in)
{
    uint32_t src = ror32((uint32_t)cpu->r[in->rn], in->shift);
    cpu->r[in->rd] = ((uint32_t)cpu->r[in->rd] & ~(uint32_t)in->imm) | (src & (uint32_t)in->imm);
    return EXEC_NEXT;
}

/* The allocated field combinations of the bitfield group: N = sf, and immr/imms below the data
 * size (which makes DecodeBitMasks(immediate = FALSE) always succeed). Fills rd, rn and the
 * shift pair of exec_sbfm/exec_ubfm. */
static bool trans_bitfield(struct insn *out, unsigned sf, unsigned n, unsigned immr, unsigned imms,
                           unsigned rn, unsigned rd)
{
    unsigned datasize = sf ? 64 : 32;
    if (n != sf || immr >= datasize || imms >= datasize)
        return false;
    out->rd = reg_dst(rd);
    out->rn = reg_src(rn);
    out->shift = (uint8_t)(datasize - 1 - imms);
    out->size = (uint8_t)(imms >= immr ? datasize - 1 - imms + immr : immr - imms - 1);
    return true;
}

bool trans_SBFM(struct insn *out, const struct arg_SBFM *a)
{
    if (!trans_bitfield(out, a->sf, a->n, a->immr, a->imms, a->rn, a->rd))
        return false;
    out->fn = a->sf ? exec_sbfm64 : exec_sbfm32;
    return true;
}

bool trans_UBFM(struct insn *out, const struct arg_UBFM *a)
{
    if (!trans_bitfield(out, a->sf, a->n, a->immr, a->imms, a->rn, a->rd))
        return false;
    out->fn = a->sf ? exec_ubfm64 : exec_ubfm32;
    return true;
}

bool trans_BFM(struct insn *out, const struct arg_BFM *a)
{
    if (!trans_bitfield(out, a->sf, a->n, a->immr, a->imms, a->rn, a->rd))
        return false;
    unsigned datasize = a->sf ? 64 : 32;
    out->shift = (uint8_t)a->immr;
    out->imm = a->imms >= a->immr ? ones(a->imms - a->immr + 1)
                                  : ones(a->imms + 1) << (datasize - a->immr);
    out->fn = a->sf ? exec_bfm64 : exec_bfm32;
    return true;
}

/* --- Extract: EXTR (and its alias ROR immediate, Rn = Rm) --- */

/* The register pair Rn:Rm shifted right by lsb (in->shift, nonzero). */
static int exec_extr64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->rm] >> in->shift | cpu->r[in->rn] << (64 - in->shift);
    return EXEC_NEXT;
}

static int exec_extr32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] =
        (uint32_t)((uint32_t)cpu->r[in->rm] >> in->shift | (uint32_t)cpu->r[in->rn] << (32 - in->shift));
    return EXEC_NEXT;
}

/* lsb = 0 selects Rm whole. */
static int exec_extr0_64(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = cpu->r[in->rm];
    return EXEC_NEXT;
}

static int exec_extr0_32(struct cpu *cpu, const struct insn *in)
{
    cpu->r[in->rd] = (uint32_t)cpu->r[in->rm];
    return EXEC_NEXT;
}

bool trans_EXTR(struct insn *out, const struct arg_EXTR *a)
{
    if (a->n != a->sf || a->imms >= (a->sf ? 64u : 32u))
        return false;
    out->rd = reg_dst(a->rd);
    out->rn = reg_src(a->rn);
    out->rm = reg_src(a->rm);
    out->shift = (uint8_t)a->imms;
    if (a->imms == 0)
        out->fn = a->sf ? exec_extr0_64 : exec_extr0_32;
    else
        out->fn = a->sf ? exec_extr64 : exec_extr32;
    return true;
}

/* Advanced SIMD copy, permute, extract and table lookup (ARM ARM C4.1.6: "Advanced SIMD copy",
 * "Advanced SIMD scalar copy", "Advanced SIMD permute", "Advanced SIMD extract", "Advanced SIMD
 * table lookup"): DUP (element, general; the scalar DUP / MOV), INS (general, element), UMOV,
 * SMOV, UZP1/2, TRN1/2, ZIP1/2, EXT, TBL, TBX. Pseudocode: aarch64/instrs/vector/transfer/...
 * (vector_transfer_vector_cpydup_sisd, _integer_dup, _integer_insert, _vector_insert,
 * _integer_move_unsigned / _signed, _vector_permute_unzip / _transpose / _zip,
 * _vector_extract, _vector_table).
 *
 * Operands: rd, rn, rm are register numbers (V registers, or X slots for the general forms);
 * size = log2 of the element size in bytes; flags = Q (bit 0); imm = an element index. Every
 * source is copied before the destination is written, so Vd may be a source. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "decode_gen.h"
#include "fp.h"
#include "insn.h"
#include "vreg.h"

enum { PERM_Q = 1 };

/* The copy forms' element size: LowestSetBit(imm5), or -1 for imm5 = x0000 (unallocated). */
static int copy_size(unsigned imm5)
{
    if (!(imm5 & 0xf))
        return -1;
    return __builtin_ctz(imm5);
}

/* imm5<4:size+1>: the element index of the copy forms. */
static unsigned copy_index(unsigned imm5, int size)
{
    return imm5 >> (size + 1);
}

static unsigned elements(const struct insn *in)
{
    return ((in->flags & PERM_Q) ? 16u : 8u) >> in->size;
}

/* --- DUP, INS, UMOV, SMOV --- */

/* vector_transfer_vector_cpydup_sisd with elements = 1: Vd = Vn[index], zero-extended. */
static int exec_dup_scalar(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    fp_write_scalar(cpu, in->rd, vreg_elem(&n, (unsigned)in->imm, in->size));
    return EXEC_NEXT;
}

static void dup_value(struct cpu *cpu, const struct insn *in, uint64_t element)
{
    vreg_t v = { .d = { 0, 0 } };
    for (unsigned e = 0; e < elements(in); e++)
        vreg_set_elem(&v, e, in->size, element);
    vreg_write(cpu, in->rd, &v, in->flags & PERM_Q);
}

/* vector_transfer_vector_cpydup_sisd (vector form). */
static int exec_dup_elem(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    dup_value(cpu, in, vreg_elem(&n, (unsigned)in->imm, in->size));
    return EXEC_NEXT;
}

/* vector_transfer_integer_dup. */
static int exec_dup_gen(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    dup_value(cpu, in, cpu->r[in->rn]);
    return EXEC_NEXT;
}

/* vector_transfer_integer_insert: the other elements, and bits 127:64, are kept. */
static int exec_ins_gen(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t d = vreg_read(cpu, in->rd);
    vreg_set_elem(&d, (unsigned)in->imm, in->size, cpu->r[in->rn]);
    vreg_write(cpu, in->rd, &d, 1);
    return EXEC_NEXT;
}

/* vector_transfer_vector_insert: Vd[imm] = Vn[cond]. */
static int exec_ins_elem(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), d = vreg_read(cpu, in->rd);
    vreg_set_elem(&d, (unsigned)in->imm, in->size, vreg_elem(&n, in->cond, in->size));
    vreg_write(cpu, in->rd, &d, 1);
    return EXEC_NEXT;
}

/* vector_transfer_integer_move_unsigned. */
static int exec_umov(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    cpu->r[in->rd] = vreg_elem(&n, (unsigned)in->imm, in->size);
    return EXEC_NEXT;
}

/* vector_transfer_integer_move_signed to a W register (Q = 0): the 32-bit result is
 * zero-extended into X. */
static int exec_smov_w(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    cpu->r[in->rd] = (uint32_t)vreg_elem_signed(&n, (unsigned)in->imm, in->size);
    return EXEC_NEXT;
}

static int exec_smov_x(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn);
    cpu->r[in->rd] = (uint64_t)vreg_elem_signed(&n, (unsigned)in->imm, in->size);
    return EXEC_NEXT;
}

/* Common part of the copy forms: size from imm5 (unallocated x0000 rejected), index, Q. */
static bool trans_copy(struct insn *out, exec_fn *fn, unsigned q, unsigned imm5, unsigned rn, unsigned rd)
{
    int size = copy_size(imm5);
    if (size < 0)
        return false;
    out->fn = fn;
    out->size = (uint8_t)size;
    out->imm = copy_index(imm5, size);
    out->flags = (uint8_t)(q ? PERM_Q : 0);
    out->rn = (uint8_t)rn;
    out->rd = (uint8_t)rd;
    return true;
}

bool trans_SCOPY_DUP(struct insn *out, const struct arg_SCOPY_DUP *a)
{
    return trans_copy(out, exec_dup_scalar, 0, a->imm5, a->rn, a->rd);
}

/* The vector DUPs: a 64-bit element in a 64-bit vector (size = 3, Q = 0) is unallocated. */
bool trans_COPY_DUP_ELEM(struct insn *out, const struct arg_COPY_DUP_ELEM *a)
{
    return trans_copy(out, exec_dup_elem, a->q, a->imm5, a->rn, a->rd) && (a->q || out->size != 3);
}

bool trans_COPY_DUP_GEN(struct insn *out, const struct arg_COPY_DUP_GEN *a)
{
    if (!trans_copy(out, exec_dup_gen, a->q, a->imm5, 0, a->rd) || (!a->q && out->size == 3))
        return false;
    out->rn = reg_src(a->rn);
    return true;
}

bool trans_COPY_INS_GEN(struct insn *out, const struct arg_COPY_INS_GEN *a)
{
    if (!trans_copy(out, exec_ins_gen, 1, a->imm5, 0, a->rd))
        return false;
    out->rn = reg_src(a->rn);
    return true;
}

/* Vd[imm5<4:size+1>] = Vn[imm4<3:size>]. */
bool trans_COPY_INS_ELEM(struct insn *out, const struct arg_COPY_INS_ELEM *a)
{
    if (!trans_copy(out, exec_ins_elem, 1, a->imm5, a->rn, a->rd))
        return false;
    out->cond = (uint8_t)(a->imm4 >> out->size);
    return true;
}

/* UMOV: B, H, S to W (Q = 0), D to X (Q = 1). SMOV: B, H to W (Q = 0), B, H, S to X (Q = 1). */
bool trans_COPY_MOV(struct insn *out, const struct arg_COPY_MOV *a)
{
    exec_fn *fn = a->u ? exec_umov : a->q ? exec_smov_x : exec_smov_w;
    if (!trans_copy(out, fn, a->q, a->imm5, a->rn, 0))
        return false;
    out->rd = reg_dst(a->rd);
    if (a->u)
        return a->q ? out->size == 3 : out->size != 3;
    return out->size < (a->q ? 3 : 2);
}

/* --- permutes: UZP, TRN, ZIP (vector_transfer_vector_permute_*) --- */

enum perm_op { PERM_UZP1, PERM_UZP2, PERM_TRN1, PERM_TRN2, PERM_ZIP1, PERM_ZIP2 };

static int exec_perm(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    vreg_t n = vreg_read(cpu, in->rn), m = vreg_read(cpu, in->rm), d = { .d = { 0, 0 } };
    unsigned esz = in->size, count = elements(in), pairs = count / 2;
    switch ((enum perm_op)in->cond) {
    case PERM_UZP1:
    case PERM_UZP2: {
        /* Elements 2e + part of the concatenation Vm:Vn. */
        unsigned part = in->cond == PERM_UZP2;
        for (unsigned e = 0; e < count; e++) {
            unsigned i = 2 * e + part;
            vreg_set_elem(&d, e, esz, i < count ? vreg_elem(&n, i, esz) : vreg_elem(&m, i - count, esz));
        }
        break;
    }
    case PERM_TRN1:
    case PERM_TRN2: {
        unsigned part = in->cond == PERM_TRN2;
        for (unsigned p = 0; p < pairs; p++) {
            vreg_set_elem(&d, 2 * p, esz, vreg_elem(&n, 2 * p + part, esz));
            vreg_set_elem(&d, 2 * p + 1, esz, vreg_elem(&m, 2 * p + part, esz));
        }
        break;
    }
    case PERM_ZIP1:
    case PERM_ZIP2: {
        unsigned base = in->cond == PERM_ZIP2 ? pairs : 0;
        for (unsigned p = 0; p < pairs; p++) {
            vreg_set_elem(&d, 2 * p, esz, vreg_elem(&n, base + p, esz));
            vreg_set_elem(&d, 2 * p + 1, esz, vreg_elem(&m, base + p, esz));
        }
        break;
    }
    }
    vreg_write(cpu, in->rd, &d, in->flags & PERM_Q);
    return EXEC_NEXT;
}

/* size:Q = 110 (64-bit elements in a 64-bit vector) is unallocated. */
static bool trans_perm(struct insn *out, enum perm_op op, unsigned q, unsigned size, unsigned rm, unsigned rn,
                       unsigned rd)
{
    if (size == 3 && !q)
        return false;
    out->fn = exec_perm;
    out->cond = (uint8_t)op;
    out->size = (uint8_t)size;
    out->flags = (uint8_t)(q ? PERM_Q : 0);
    out->rd = (uint8_t)rd;
    out->rn = (uint8_t)rn;
    out->rm = (uint8_t)rm;
    return true;
}

bool trans_PERM_UZP(struct insn *out, const struct arg_PERM_UZP *a)
{
    return trans_perm(out, a->part ? PERM_UZP2 : PERM_UZP1, a->q, a->size, a->rm, a->rn, a->rd);
}

bool trans_PERM_TRN(struct insn *out, const struct arg_PERM_TRN *a)
{
    static const enum perm_op ops[2][2] = { { PERM_TRN1, PERM_TRN2 }, { PERM_ZIP1, PERM_ZIP2 } };
    return trans_perm(out, ops[a->zip][a->part], a->q, a->size, a->rm, a->rn, a->rd);
}

/* --- EXT (vector_transfer_vector_extract): bytes imm.. of Vm:Vn --- */

static int exec_ext(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    unsigned bytes = (in->flags & PERM_Q) ? 16 : 8;
    vreg_t n = vreg_read(cpu, in->rn), m = vreg_read(cpu, in->rm), d = { .d = { 0, 0 } };
    for (unsigned i = 0; i < bytes; i++) {
        unsigned k = i + (unsigned)in->imm;
        d.b[i] = k < bytes ? n.b[k] : m.b[k - bytes];
    }
    vreg_write(cpu, in->rd, &d, in->flags & PERM_Q);
    return EXEC_NEXT;
}

/* A 64-bit EXT with imm4<3> = 1 is unallocated. */
bool trans_EXT(struct insn *out, const struct arg_EXT *a)
{
    if (!a->q && (a->imm4 & 8))
        return false;
    out->fn = exec_ext;
    out->imm = a->imm4;
    out->flags = (uint8_t)(a->q ? PERM_Q : 0);
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    out->rm = (uint8_t)a->rm;
    return true;
}

/* --- TBL, TBX (vector_transfer_vector_table): a table of `size` + 1 consecutive registers
 * from Vn, wrapping from V31 to V0; an out-of-range index gives 0 (TBL) or keeps the byte of
 * Vd (TBX, flags bit 1). --- */

enum { PERM_TBX = 2 };

static int exec_tbl(struct cpu *cpu, const struct insn *in)
{
    int r = fp_access_check(cpu, in);
    if (r != EXEC_NEXT)
        return r;
    uint8_t table[64];
    unsigned regs = in->size + 1u, bytes = (in->flags & PERM_Q) ? 16 : 8;
    for (unsigned i = 0; i < regs; i++) {
        vreg_t t = vreg_read(cpu, (in->rn + i) % 32);
        memcpy(table + 16 * i, t.b, 16);
    }
    vreg_t idx = vreg_read(cpu, in->rm), d = vreg_read(cpu, in->rd);
    for (unsigned i = 0; i < bytes; i++) {
        if (idx.b[i] < 16 * regs)
            d.b[i] = table[idx.b[i]];
        else if (!(in->flags & PERM_TBX))
            d.b[i] = 0;
    }
    vreg_write(cpu, in->rd, &d, in->flags & PERM_Q);
    return EXEC_NEXT;
}

bool trans_TBL(struct insn *out, const struct arg_TBL *a)
{
    out->fn = exec_tbl;
    out->size = (uint8_t)a->len;
    out->flags = (uint8_t)((a->q ? PERM_Q : 0) | (a->tbx ? PERM_TBX : 0));
    out->rd = (uint8_t)a->rd;
    out->rn = (uint8_t)a->rn;
    out->rm = (uint8_t)a->rm;
    return true;
}

/* Element access to the SIMD&FP registers V0-V31 for the Advanced SIMD executors (ARM ARM
 * Elem[] and V[] accessors): element e of size 8 << esize_log2 bits, and the rule that a write
 * of a 64-bit vector (Q = 0) zeroes bits 127:64. The registers are stored as two little-endian
 * 64-bit halves (struct cpu v[n][0] = bits 63:0), so on a little-endian host the bytes of
 * V[n] are in memory order. */
#ifndef ELSIM_CORE_VREG_H
#define ELSIM_CORE_VREG_H

#include <stdint.h>
#include <string.h>

#include "cpu.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "core/vreg.h assumes a little-endian host"
#endif

/* A 128-bit vector value held outside the register file (a source copy, so that a destination
 * that is also a source reads the old value). */
typedef union {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} vreg_t;

static inline vreg_t vreg_read(const struct cpu *cpu, unsigned n)
{
    vreg_t v;
    memcpy(&v, cpu->v[n], sizeof v);
    return v;
}

/* V[n] = value; with q == 0 only bits 63:0 are written and 127:64 are zeroed. */
static inline void vreg_write(struct cpu *cpu, unsigned n, const vreg_t *value, unsigned q)
{
    cpu->v[n][0] = value->d[0];
    cpu->v[n][1] = q ? value->d[1] : 0;
}

/* Elem[v, e, 8 << esize_log2], zero-extended. */
static inline uint64_t vreg_elem(const vreg_t *v, unsigned e, unsigned esize_log2)
{
    switch (esize_log2) {
    case 0: return v->b[e];
    case 1: return v->h[e];
    case 2: return v->s[e];
    default: return v->d[e];
    }
}

static inline void vreg_set_elem(vreg_t *v, unsigned e, unsigned esize_log2, uint64_t value)
{
    switch (esize_log2) {
    case 0: v->b[e] = (uint8_t)value; break;
    case 1: v->h[e] = (uint16_t)value; break;
    case 2: v->s[e] = (uint32_t)value; break;
    default: v->d[e] = value; break;
    }
}

/* Elem[] sign-extended to 64 bits. */
static inline int64_t vreg_elem_signed(const vreg_t *v, unsigned e, unsigned esize_log2)
{
    unsigned shift = 64 - (8u << esize_log2);
    return (int64_t)(vreg_elem(v, e, esize_log2) << shift) >> shift;
}

#endif

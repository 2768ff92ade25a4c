/* The A64 decoder generated from the core/decode pattern files by scripts/decodetree.py. */
#ifndef ELSIM_CORE_DECODE_H
#define ELSIM_CORE_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "insn.h"

struct decode_pattern {
    const char *name;
    uint32_t mask, match;
    unsigned group;   /* 0: none; patterns of one group may overlap and are tried in order */
    const char *origin; /* file:line of the pattern */
    bool (*decode)(uint32_t insn, struct insn *out);
};

extern const struct decode_pattern decode_patterns[];
extern const unsigned decode_pattern_count;

/* Fills *out for the instruction word (out->raw must already be set). Returns false for an
 * unallocated encoding: the caller makes it UNDEFINED. */
bool decode_a64(uint32_t insn, struct insn *out);
/* Index into decode_patterns of the first pattern after `after` that matches insn, or -1. */
int decode_a64_index(uint32_t insn, int after);

/* Make *out an UNDEFINED instruction (EC 0x00). */
void decode_undefined(struct insn *out);

#endif

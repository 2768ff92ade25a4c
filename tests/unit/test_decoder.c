/* The decoder generated from the core/decode pattern files: its pattern table is consistent
 * (no overlaps outside a group, every pattern reachable), and known words decode to the expected
 * pattern or to UNDEFINED. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "harness.h"
#include "insn.h"

/* Two patterns overlap iff some word matches both: no bit fixed by both differs. */
static void test_no_overlap(void)
{
    unsigned overlaps = 0;
    for (unsigned i = 0; i < decode_pattern_count; i++) {
        const struct decode_pattern *p = &decode_patterns[i];
        for (unsigned j = i + 1; j < decode_pattern_count; j++) {
            const struct decode_pattern *q = &decode_patterns[j];
            if (p->group != 0 && p->group == q->group)
                continue;
            if ((p->mask & q->mask & (p->match ^ q->match)) == 0) {
                fprintf(stderr, "overlap: %s (%s) and %s (%s)\n", p->name, p->origin, q->name,
                        q->origin);
                overlaps++;
            }
        }
    }
    CHECK_EQ_U64(overlaps, 0);
}

/* A pattern's own match word finds that pattern first, or an earlier member of its group. */
static void test_every_pattern_reached(void)
{
    unsigned unreached = 0;
    for (unsigned i = 0; i < decode_pattern_count; i++) {
        const struct decode_pattern *p = &decode_patterns[i];
        int found = decode_a64_index(p->match, -1);
        bool ok = found == (int)i ||
                  (found >= 0 && found < (int)i && p->group != 0 && decode_patterns[found].group == p->group);
        if (!ok) {
            fprintf(stderr, "unreached: %s (%s), found %d\n", p->name, p->origin, found);
            unreached++;
        }
    }
    CHECK_EQ_U64(unreached, 0);
}

struct known_word {
    uint32_t insn;
    const char *pattern; /* expected pattern name; NULL: UNDEFINED */
};

/* Data-processing words (register and immediate groups) and what they must decode to. */
static const struct known_word known_words[] = {
    {0x91000420, "ADDSUB_imm"}, /* add x0, x1, #1 */
    {0xf13ffc3f, "ADDSUB_imm"}, /* cmp x1, #4095 */
    {0x91810820, NULL},         /* addg x0, x1, #16, #2 (FEAT_MTE) */
    {0x91c00c20, NULL},         /* smax x0, x1, #3 (FEAT_CSSC) */
    {0x100091a0, "ADR"},        /* adr x0, .+0x1234 */
    {0xb0000023, "ADRP"},       /* adrp x3, .+0x5000 */
    {0x9200f020, "LOGIC_imm"},  /* and x0, x1, #0x5555555555555555 */
    {0x12400020, NULL},         /* logical immediate, sf = 0 with N = 1 */
    {0x9240fc20, NULL},         /* logical immediate, all-ones element (N = 1) */
    {0x9200fc20, NULL},         /* logical immediate, no element size (N = 0, imms = 111111) */
    {0x92800000, "MOVN"},       /* movn x0, #0 */
    {0x52c00000, NULL},         /* movz w0, #0, lsl #32 */
    {0x32800000, NULL},         /* move wide, opc = 01 */
    {0xf2e706e2, "MOVK"},       /* movk x2, #0x3837, lsl #48 */
    {0x937ffc20, "SBFM"},       /* asr x0, x1, #63 */
    {0xb3401c20, "BFM"},        /* bfxil x0, x1, #0, #8 */
    {0xd37ff820, "UBFM"},       /* lsl x0, x1, #1 */
    {0x93000020, NULL},         /* sbfm, sf = 1 with N = 0 */
    {0x13400020, NULL},         /* sbfm, sf = 0 with N = 1 */
    {0x13200020, NULL},         /* sbfm, sf = 0 with immr = 32 */
    {0x73000020, NULL},         /* bitfield, opc = 11 */
    {0x93c22020, "EXTR"},       /* extr x0, x1, x2, #8 */
    {0x13828020, NULL},         /* extr, sf = 0 with imms = 32 */
    {0x93e20020, NULL},         /* extr, o0 = 1 */
    {0xb3c20020, NULL},         /* extr, op21 = 01 */
    {0x8b020020, "ADDSUB_reg"}, /* add x0, x1, x2 */
    {0x8bc20420, NULL},         /* add (shifted register), ROR */
    {0x0b028020, NULL},         /* add w0, w1, w2, lsl #32 */
    {0x8b2263e0, "ADDSUB_ext"}, /* add x0, sp, x2 */
    {0xab225420, NULL},         /* adds (extended register), imm3 = 5 */
    {0x8b620020, NULL},         /* add (extended register), opt = 01 */
    {0xaa0203e0, "LOGIC_reg"},  /* mov x0, x2 */
    {0x0a028020, NULL},         /* and w0, w1, w2, lsl #32 */
    {0x9a1f03e7, "ADC"},        /* adc x7, xzr, xzr */
    {0x9a020420, NULL},         /* adc space, op3 = 000001 */
    {0xba018422, NULL},         /* rmif x1, #3, #2 (FEAT_FlagM) */
    {0x3a00082d, NULL},         /* setf8 w1 (FEAT_FlagM) */
    {0xfa420020, "CCMP_reg"},   /* ccmp x1, x2, #0, eq */
    {0xfa420820, "CCMP_imm"},   /* ccmp x1, #2, #0, eq */
    {0xda420020, NULL},         /* ccmp, S = 0 */
    {0xfa420420, NULL},         /* ccmp, o2 = 1 */
    {0xfa420030, NULL},         /* ccmp, o3 = 1 */
    {0x9a820020, "CSEL"},       /* csel x0, x1, x2, eq */
    {0xba820020, NULL},         /* csel, S = 1 */
    {0x9a820820, NULL},         /* csel, op2 = 10 */
    {0x9ac20820, "UDIV"},       /* udiv x0, x1, x2 */
    {0x1ac20c20, "SDIV"},       /* sdiv w0, w1, w2 */
    {0x9ac22c20, "SHIFTV"},     /* ror x0, x1, x2 */
    {0x9ac24c00, "CRC32"},      /* crc32x w0, w0, x2 */
    {0x1ac24c00, NULL},         /* crc32x, sf = 0 */
    {0x9ac24000, NULL},         /* crc32b, sf = 1 */
    {0x9ac20420, NULL},         /* 2-source opcode 000001 */
    {0x9ac21020, NULL},         /* irg x0, x1 (FEAT_MTE) */
    {0x9ac21420, NULL},         /* gmi x0, x1, x2 (FEAT_MTE) */
    {0x9ac20020, NULL},         /* subp x0, x1, x2 (FEAT_MTE) */
    {0xbac20020, NULL},         /* subps x0, x1, x2 (FEAT_MTE) */
    {0x9ac23020, NULL},         /* pacga x0, x1, x2 (FEAT_PAuth) */
    {0x9ac26c20, NULL},         /* umin x0, x1, x2 (FEAT_CSSC) */
    {0xdac00020, "RBIT"},       /* rbit x0, x1 */
    {0xdac00420, "REV16"},      /* rev16 x0, x1 */
    {0x5ac00820, "REV"},        /* rev w0, w1 */
    {0xdac00c20, "REV"},        /* rev x0, x1 */
    {0x5ac00c20, NULL},         /* rev (64-bit opcode), sf = 0 */
    {0xdac01020, "CLZ"},        /* clz x0, x1 */
    {0x5ac01420, "CLS"},        /* cls w0, w1 */
    {0xdac10020, NULL},         /* pacia x0, x1 (FEAT_PAuth) */
    {0xdac143e0, NULL},         /* xpaci x0 (FEAT_PAuth) */
    {0xdac11020, NULL},         /* autia x0, x1 (FEAT_PAuth) */
    {0xdac02020, NULL},         /* abs x0, x1 (FEAT_CSSC) */
    {0xdac01c20, NULL},         /* cnt x0, x1 (FEAT_CSSC) */
    {0x5ac01820, NULL},         /* ctz w0, w1 (FEAT_CSSC) */
    {0xdac20020, NULL},         /* 1-source, opcode2 = 00010 */
    {0x9b020c20, "MADD"},       /* madd x0, x1, x2, x3 */
    {0x9b220c20, "MADDL"},      /* smaddl x0, w1, w2, x3 */
    {0x9ba2fc20, "MADDL"},      /* umnegl x0, w1, w2 (UMSUBL with XZR) */
    {0x9b427c20, "MULH"},       /* smulh x0, x1, x2 */
    {0x9bc27c20, "MULH"},       /* umulh x0, x1, x2 */
    {0x1b220c20, NULL},         /* smaddl, sf = 0 */
    {0x9b42fc20, NULL},         /* smulh, o0 = 1 */
    {0x9bc2fc20, NULL},         /* umulh, o0 = 1 */
    {0xbb020c20, NULL},         /* 3-source, op54 = 01 */
    {0x9b620c20, NULL},         /* 3-source, op31 = 011 */
};

static void test_known_words(void)
{
    for (unsigned i = 0; i < sizeof known_words / sizeof known_words[0]; i++) {
        const struct known_word *k = &known_words[i];
        struct insn in;
        memset(&in, 0, sizeof in);
        in.raw = k->insn;
        bool decoded = decode_a64(k->insn, &in);
        int index = decode_a64_index(k->insn, -1);
        bool ok;
        if (k->pattern)
            ok = decoded && index >= 0 && strcmp(decode_patterns[index].name, k->pattern) == 0 &&
                 in.fn != NULL;
        else
            ok = !decoded;
        if (!ok)
            fprintf(stderr, "0x%08x: expected %s, got %s (%s)\n", k->insn,
                    k->pattern ? k->pattern : "UNDEFINED", decoded ? "decoded" : "UNDEFINED",
                    index >= 0 ? decode_patterns[index].name : "no pattern");
        CU_ASSERT(ok);
    }
}

UNIT_SUITE(decoder, UNIT_TEST(test_no_overlap), UNIT_TEST(test_every_pattern_reached),
           UNIT_TEST(test_known_words))

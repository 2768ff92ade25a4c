/* The cycle cost model: the default table, the classification of instruction words into cost
 * classes (a table keyed by decode pattern name, refined by a few encoding fields), and the
 * JSON overrides of --cost-model. The numbers and their reasoning: docs/cost-model.md. */
#include "cost_model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "decode.h"
#include "decode_gen.h"

/* --- The default table ----------------------------------------------------------------------- */

static const struct cost_model defaults = {
    .insn = {
        [COST_ALU] = 1, [COST_MUL] = 3, [COST_DIV] = 12, [COST_LOAD] = 4, [COST_STORE] = 1,
        [COST_BRANCH] = 1, [COST_FP] = 5, [COST_FP_DIV] = 12, [COST_SIMD] = 3, [COST_HINT] = 1,
        [COST_EXCEPTION_GEN] = 1, [COST_DMB] = 10, [COST_DSB] = 20, [COST_ISB] = 15,
        [COST_MSR_PSTATE] = 5, [COST_CACHE_MAINT] = 20, [COST_TLBI] = 30, [COST_AT] = 40,
        [COST_SYSREG_READ_PLAIN] = 2, [COST_SYSREG_READ_ID] = 2, [COST_SYSREG_READ_TRANSLATION] = 2,
        [COST_SYSREG_READ_EL2_CONTROL] = 2, [COST_SYSREG_READ_GIC] = 10, [COST_SYSREG_READ_TIMER] = 10,
        [COST_SYSREG_READ_PMU] = 3, [COST_SYSREG_READ_DEBUG] = 2,
        [COST_SYSREG_WRITE_PLAIN] = 3, [COST_SYSREG_WRITE_ID] = 3, [COST_SYSREG_WRITE_TRANSLATION] = 20,
        [COST_SYSREG_WRITE_EL2_CONTROL] = 20, [COST_SYSREG_WRITE_GIC] = 20, [COST_SYSREG_WRITE_TIMER] = 10,
        [COST_SYSREG_WRITE_PMU] = 5, [COST_SYSREG_WRITE_DEBUG] = 5,
        [COST_OTHER] = 1,
    },
    .exception_entry = 60,
    .exception_return = 40,
    .tlb_miss = 10,
    .walk_read = { 20, 20 },
    .mmio_default = 100,
    .mmio = {
        { "pl011", 100 },
        { "gicv2-distributor", 80 },
        { "gicv2-cpu", 50 },
        { "gicv2-hyp", 50 },
        { "gicv2-vcpu", 50 },
        { "gicv3-distributor", 80 },
        { "gicv3-redistributors", 80 },
    },
};

struct cost_model cost_model_current = defaults;

const struct cost_model *cost_model_defaults(void)
{
    return &defaults;
}

void cost_model_set(const struct cost_model *model)
{
    cost_model_current = *model;
}

static const char *const class_names[COST_CLASS_COUNT] = {
    [COST_ALU] = "insn.alu", [COST_MUL] = "insn.mul", [COST_DIV] = "insn.div",
    [COST_LOAD] = "insn.load", [COST_STORE] = "insn.store", [COST_BRANCH] = "insn.branch",
    [COST_FP] = "insn.fp", [COST_FP_DIV] = "insn.fp_div", [COST_SIMD] = "insn.simd",
    [COST_HINT] = "insn.hint", [COST_EXCEPTION_GEN] = "insn.exception_generating",
    [COST_DMB] = "insn.dmb", [COST_DSB] = "insn.dsb", [COST_ISB] = "insn.isb",
    [COST_MSR_PSTATE] = "insn.msr_pstate", [COST_CACHE_MAINT] = "insn.cache_maintenance",
    [COST_TLBI] = "insn.tlbi", [COST_AT] = "insn.at",
    [COST_SYSREG_READ_PLAIN] = "sysreg.read.plain", [COST_SYSREG_READ_ID] = "sysreg.read.id",
    [COST_SYSREG_READ_TRANSLATION] = "sysreg.read.translation",
    [COST_SYSREG_READ_EL2_CONTROL] = "sysreg.read.el2_control", [COST_SYSREG_READ_GIC] = "sysreg.read.gic",
    [COST_SYSREG_READ_TIMER] = "sysreg.read.timer", [COST_SYSREG_READ_PMU] = "sysreg.read.pmu",
    [COST_SYSREG_READ_DEBUG] = "sysreg.read.debug",
    [COST_SYSREG_WRITE_PLAIN] = "sysreg.write.plain", [COST_SYSREG_WRITE_ID] = "sysreg.write.id",
    [COST_SYSREG_WRITE_TRANSLATION] = "sysreg.write.translation",
    [COST_SYSREG_WRITE_EL2_CONTROL] = "sysreg.write.el2_control", [COST_SYSREG_WRITE_GIC] = "sysreg.write.gic",
    [COST_SYSREG_WRITE_TIMER] = "sysreg.write.timer", [COST_SYSREG_WRITE_PMU] = "sysreg.write.pmu",
    [COST_SYSREG_WRITE_DEBUG] = "sysreg.write.debug",
    [COST_OTHER] = "insn.other",
};

const char *cost_class_name(enum cost_class c)
{
    return c < COST_CLASS_COUNT ? class_names[c] : "?";
}

uint32_t cost_model_mmio_cycles(const char *device)
{
    for (unsigned i = 0; i < COST_MMIO_DEVICES && cost_model_current.mmio[i].device; i++)
        if (strcmp(cost_model_current.mmio[i].device, device) == 0)
            return cost_model_current.mmio[i].cycles;
    return cost_model_current.mmio_default;
}

/* --- Classification ---------------------------------------------------------------------------
 * A rule per decode pattern: most patterns have a fixed class; a few need a field of the word
 * (load or store, divide or not, which system register). */
enum rule {
    RULE_FIXED,        /* the class column */
    RULE_LDST_OPC,     /* integer single register: opc (bits 23:22) = 00 is a store */
    RULE_LDST_L,       /* bit 22 (L, or opc<0> for SIMD&FP) = 0 is a store */
    RULE_SYSREG_READ,  /* MRS: class of the register */
    RULE_SYSREG_WRITE, /* MSR: class of the register */
    RULE_SYS,          /* SYS/SYSL: cache maintenance, AT, TLBI */
    RULE_BARRIER,      /* DSB / DMB / ISB / CLREX by op2 */
    RULE_FP2,          /* FP 2-source: FDIV (opcode 0001) is a divide */
    RULE_FP1,          /* FP 1-source: FSQRT (opcode 000011) is a divide */
};

struct pattern_rule {
    const char *name;
    enum rule rule;
    enum cost_class cls;
};

static const struct pattern_rule pattern_rules[] = {
    { "B", RULE_FIXED, COST_BRANCH }, { "BL", RULE_FIXED, COST_BRANCH }, { "CB", RULE_FIXED, COST_BRANCH },
    { "TB", RULE_FIXED, COST_BRANCH }, { "B_cond", RULE_FIXED, COST_BRANCH }, { "BR", RULE_FIXED, COST_BRANCH },
    { "BLR", RULE_FIXED, COST_BRANCH }, { "RET", RULE_FIXED, COST_BRANCH }, { "ERET", RULE_FIXED, COST_BRANCH },
    { "DRPS", RULE_FIXED, COST_BRANCH },
    { "SVC", RULE_FIXED, COST_EXCEPTION_GEN }, { "HVC", RULE_FIXED, COST_EXCEPTION_GEN },
    { "SMC", RULE_FIXED, COST_EXCEPTION_GEN }, { "BRK", RULE_FIXED, COST_EXCEPTION_GEN },
    { "HLT", RULE_FIXED, COST_EXCEPTION_GEN }, { "DCPS", RULE_FIXED, COST_EXCEPTION_GEN },
    { "HINT", RULE_FIXED, COST_HINT }, { "BARRIER", RULE_BARRIER, COST_DSB },
    { "MSR_PSTATE", RULE_FIXED, COST_MSR_PSTATE },
    { "MRS", RULE_SYSREG_READ, COST_SYSREG_READ_PLAIN }, { "MSR_REG", RULE_SYSREG_WRITE, COST_SYSREG_WRITE_PLAIN },
    { "SYS", RULE_SYS, COST_CACHE_MAINT }, { "SYSL", RULE_SYS, COST_CACHE_MAINT },
    { "UDIV", RULE_FIXED, COST_DIV }, { "SDIV", RULE_FIXED, COST_DIV },
    { "MADD", RULE_FIXED, COST_MUL }, { "MADDL", RULE_FIXED, COST_MUL }, { "MULH", RULE_FIXED, COST_MUL },
    { "LDR_LIT", RULE_FIXED, COST_LOAD }, { "LDR_LIT_FP", RULE_FIXED, COST_LOAD },
    { "LDST_IMM9", RULE_LDST_OPC, COST_LOAD }, { "LDST_REG", RULE_LDST_OPC, COST_LOAD },
    { "LDST_UIMM", RULE_LDST_OPC, COST_LOAD },
    { "FP2_ARITH", RULE_FP2, COST_FP }, { "FP1_BASIC", RULE_FP1, COST_FP },
};

/* Patterns not in the table: by name prefix, then by pattern file. */
static enum rule default_rule(const struct decode_pattern *p, enum cost_class *cls)
{
    static const struct { const char *prefix; enum rule rule; enum cost_class cls; } prefixes[] = {
        { "LDST_", RULE_LDST_L, COST_LOAD },  /* pairs, exclusives, ordered, SIMD&FP, SIMD structures */
        { "FMOV_", RULE_FIXED, COST_FP },
        { "FCVT_", RULE_FIXED, COST_FP },
        { "FP", RULE_FIXED, COST_FP },
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        if (strncmp(p->name, prefixes[i].prefix, strlen(prefixes[i].prefix)) == 0) {
            *cls = prefixes[i].cls;
            return prefixes[i].rule;
        }
    }
    *cls = strstr(p->origin, "/simd_") ? COST_SIMD : strstr(p->origin, "/fp_scalar") ? COST_FP : COST_ALU;
    return RULE_FIXED;
}

static uint8_t rule_of[DECODE_PATTERN_COUNT];
static uint8_t class_of[DECODE_PATTERN_COUNT];
static bool rules_built;

static void build_rules(void)
{
    for (unsigned i = 0; i < decode_pattern_count; i++) {
        enum cost_class cls;
        enum rule rule = default_rule(&decode_patterns[i], &cls);
        for (size_t r = 0; r < sizeof pattern_rules / sizeof pattern_rules[0]; r++) {
            if (strcmp(pattern_rules[r].name, decode_patterns[i].name) == 0) {
                rule = pattern_rules[r].rule;
                cls = pattern_rules[r].cls;
            }
        }
        rule_of[i] = (uint8_t)rule;
        class_of[i] = (uint8_t)cls;
    }
    rules_built = true;
}

/* The register class of an MRS/MSR encoding (op0 = 2 + o0, op1, CRn, CRm, op2), as an offset
 * from the PLAIN entry of reads or writes. */
static unsigned sysreg_kind(uint32_t word)
{
    enum { PLAIN, ID, TRANSLATION, EL2_CONTROL, GIC, TIMER, PMU, DEBUG };
    unsigned op0 = 2 + (word >> 19 & 1), op1 = word >> 16 & 7, crn = word >> 12 & 15, crm = word >> 8 & 15,
             op2 = word >> 5 & 7;
    if (op0 == 2)
        return DEBUG;
    if (crn == 0)
        return ID;                                     /* MIDR, ID_*, CTR, DCZID, CLIDR, CCSIDR... */
    if (crn == 2 || crn == 10 || (crn == 1 && crm == 0 && op2 == 0))
        return TRANSLATION;                            /* TTBRn, TCR, VTTBR, VTCR, MAIR, SCTLR */
    if (op1 == 4 && crn == 1 && crm == 1)
        return EL2_CONTROL;                            /* HCR, MDCR, CPTR, HSTR, HACR _EL2 */
    if ((crn == 12 && crm >= 8) || (crn == 4 && crm == 6))
        return GIC;                                    /* ICC_*, ICH_*, ICC_PMR_EL1 */
    if (crn == 9 || (crn == 14 && crm >= 8))
        return PMU;                                    /* PM*, PMEVCNTRn, PMEVTYPERn, PMCCFILTR */
    if (crn == 14)
        return TIMER;                                  /* CNT* */
    return PLAIN;
}

static enum cost_class classify_system(uint32_t word)
{
    unsigned crn = word >> 12 & 15, crm = word >> 8 & 15;
    if (crn == 8)
        return COST_TLBI;
    if (crn == 7 && (crm == 8 || crm == 9))
        return COST_AT;
    if (crn == 7)
        return COST_CACHE_MAINT;
    return COST_SYSREG_WRITE_PLAIN;
}

enum cost_class cost_model_classify(uint32_t word)
{
    if (!rules_built)
        build_rules();
    int i = decode_a64_index(word, -1);
    if (i < 0)
        return COST_OTHER;
    enum cost_class cls = (enum cost_class)class_of[i];
    switch ((enum rule)rule_of[i]) {
    case RULE_FIXED:
        return cls;
    case RULE_LDST_OPC:
        return (word >> 22 & 3) == 0 ? COST_STORE : COST_LOAD;
    case RULE_LDST_L:
        return (word >> 22 & 1) ? COST_LOAD : COST_STORE;
    case RULE_SYSREG_READ:
        return (enum cost_class)(COST_SYSREG_READ_PLAIN + sysreg_kind(word));
    case RULE_SYSREG_WRITE:
        return (enum cost_class)(COST_SYSREG_WRITE_PLAIN + sysreg_kind(word));
    case RULE_SYS:
        return classify_system(word);
    case RULE_BARRIER: {
        static const enum cost_class by_op2[8] = { [2] = COST_ALU, [4] = COST_DSB, [5] = COST_DMB, [6] = COST_ISB };
        unsigned op2 = word >> 5 & 7;
        return by_op2[op2] ? by_op2[op2] : COST_OTHER;
    }
    case RULE_FP2:
        return (word >> 12 & 15) == 1 ? COST_FP_DIV : COST_FP;
    case RULE_FP1:
        return (word >> 15 & 0x3f) == 3 ? COST_FP_DIV : COST_FP;
    }
    return cls;
}

/* --- JSON overrides ----------------------------------------------------------------------------- */

enum { MAX_COST = 1000000 };

/* The entry a dotted key names in *m, or NULL. *min = the smallest value allowed. */
static uint32_t *entry_for_key(struct cost_model *m, const char *key, uint32_t *min)
{
    *min = 0;
    for (unsigned c = 0; c < COST_CLASS_COUNT; c++) {
        if (strcmp(key, class_names[c]) == 0) {
            *min = 1; /* an instruction takes at least a cycle: model time always advances */
            return &m->insn[c];
        }
    }
    static const struct { const char *name; size_t offset; } dynamic[] = {
        { "exception.entry", offsetof(struct cost_model, exception_entry) },
        { "exception.return", offsetof(struct cost_model, exception_return) },
        { "tlb.miss", offsetof(struct cost_model, tlb_miss) },
        { "walk.stage1", offsetof(struct cost_model, walk_read[0]) },
        { "walk.stage2", offsetof(struct cost_model, walk_read[1]) },
        { "mmio.default", offsetof(struct cost_model, mmio_default) },
    };
    for (size_t i = 0; i < sizeof dynamic / sizeof dynamic[0]; i++)
        if (strcmp(key, dynamic[i].name) == 0)
            return (uint32_t *)((char *)m + dynamic[i].offset);
    if (strncmp(key, "mmio.", 5) == 0)
        for (unsigned i = 0; i < COST_MMIO_DEVICES && m->mmio[i].device; i++)
            if (strcmp(key + 5, m->mmio[i].device) == 0)
                return &m->mmio[i].cycles;
    return NULL;
}

static bool apply_object(struct cost_model *m, const cJSON *object, const char *prefix, char *err, size_t errlen)
{
    for (const cJSON *item = object->child; item; item = item->next) {
        char key[128];
        int n = snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", item->string ? item->string : "");
        if (n < 0 || (size_t)n >= sizeof key) {
            snprintf(err, errlen, "key '%.60s...' is too long", key);
            return false;
        }
        if (cJSON_IsObject(item)) {
            if (!apply_object(m, item, key, err, errlen))
                return false;
            continue;
        }
        uint32_t min;
        uint32_t *entry = entry_for_key(m, key, &min);
        if (!entry) {
            snprintf(err, errlen, "unknown key '%s'", key);
            return false;
        }
        double v = cJSON_IsNumber(item) ? item->valuedouble : -1;
        if (!cJSON_IsNumber(item) || v != (double)(long long)v || v < min || v > MAX_COST) {
            snprintf(err, errlen, "key '%s' needs an integer from %u to %u", key, (unsigned)min, (unsigned)MAX_COST);
            return false;
        }
        *entry = (uint32_t)v;
    }
    return true;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            char *bigger = cap < (1u << 20) ? realloc(text, cap * 2) : NULL;
            if (!bigger) {
                free(text);
                text = NULL;
                snprintf(err, errlen, "'%s' is too large for a cost model", path);
                fclose(f);
                return NULL;
            }
            text = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    text[len] = 0;
    return text;
}

bool cost_model_load_json(const char *path, char *err, size_t errlen)
{
    char *text = read_file(path, err, errlen);
    if (!text)
        return false;
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!root || !cJSON_IsObject(root)) {
        snprintf(err, errlen, "'%s' is not a JSON object", path);
        cJSON_Delete(root);
        return false;
    }
    struct cost_model m = cost_model_current;
    char why[200];
    bool ok = apply_object(&m, root, "", why, sizeof why);
    cJSON_Delete(root);
    if (!ok) {
        snprintf(err, errlen, "%s: %s", path, why);
        return false;
    }
    cost_model_current = m;
    return true;
}

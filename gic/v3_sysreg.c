/* The GICv3 system register interface (IHI 0069 12.2 ICC_*, 12.3 ICV_*, 12.4 ICH_*): the
 * physical CPU interface, its virtual twin that EL1 reaches through the same encodings when
 * HCR_EL2.IMO (Group 1) / FMO (Group 0) is set, and the EL2 controls of the virtual interface.
 * One row per register: the class deciding its routing and traps at EL1, and its physical and
 * virtual accessors. */
#include "cpu.h"
#include "exception.h"
#include "gic_internal.h"
#include "sysreg.h"

#define ICC_SRE_SRE 1u
#define ICC_SRE_DFB 2u
#define ICC_SRE_DIB 4u
#define ICC_SRE_EL2_ENABLE 8u
#define ICC_CTLR_CBPR 1u
#define ICC_CTLR_EOIMODE 2u
/* ICC_CTLR_EL1 / ICV_CTLR_EL1 read-only fields: PRIbits (10:8) = 4 (5 bits), IDbits (13:11)
 * = 0 (16 bits), no SEIS, A3V, RSS. */
#define ICC_CTLR_RO ((GIC_PRIO_BITS - 1u) << 8)
/* ICH_VTR_EL2: ListRegs (4:0), TDS (19): ICH_HCR_EL2.TDIR supported, nV4 (20): no direct vLPI
 * injection, IDbits (25:23) = 16 bits, PREbits (28:26), PRIbits (31:29). */
#define ICH_VTR ((GIC_LR_COUNT - 1u) | 1u << 19 | 1u << 20 | (GIC_PRIO_BITS - 1u) << 26 | \
                 (GIC_PRIO_BITS - 1u) << 29)
#define ICH_HCR_MASK (0xffu | ICH_HCR_TC | ICH_HCR_TALL0 | ICH_HCR_TALL1 | ICH_HCR_TDIR | \
                      0x1fu << ICH_HCR_EOICOUNT_SHIFT)
/* ICH_VMCR_EL2: VENG0, VENG1, VFIQEn (RES1), VCBPR, VEOIM, VBPR1, VBPR0, VPMR (5 bits). */
#define ICH_VMCR_MASK (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1 | CTLR_CBPR | CTLR_EOIMODE | \
                       7u << VMCR_VBPR1_SHIFT | 7u << VMCR_VBPR0_SHIFT | \
                       (uint32_t)GIC_PRIO_MASK << VMCR_VPMR_SHIFT)
#define INTID_MASK 0xffffffu

/* Which controls apply to an access from EL1. */
enum access_class {
    CLASS_G0 = 1,  /* Group 0 registers: ICH_HCR_EL2.TALL0 traps; FMO selects ICV */
    CLASS_G1,      /* Group 1 registers: TALL1 traps; IMO selects ICV */
    CLASS_COMMON,  /* CTLR, PMR, RPR: TC traps; IMO or FMO selects ICV */
    CLASS_DIR,     /* DIR: TC or TDIR traps; IMO or FMO selects ICV */
    CLASS_SGI0,    /* SGI0R: TC, or FMO, traps (SGIs are not virtualized) */
    CLASS_SGI1,    /* SGI1R, ASGI1R: TC, or IMO, traps */
    CLASS_SRE,     /* ICC_SRE_EL1: ICC_SRE_EL2.Enable = 0 traps */
    CLASS_EL2,     /* ICC_SRE_EL2, ICH_*: EL2 only */
};

typedef uint64_t reg_read_fn(struct gic *gic, unsigned c, unsigned arg);
typedef void reg_write_fn(struct gic *gic, unsigned c, unsigned arg, uint64_t value);

struct sysreg_row {
    uint8_t cls;       /* enum access_class; 0 = not a GIC register */
    uint8_t arg;       /* the group, or the list register */
    reg_read_fn *read; /* ICC_ / ICH_ */
    reg_write_fn *write;
    reg_read_fn *vread; /* ICV_ */
    reg_write_fn *vwrite;
};

static unsigned clamp_bpr(uint64_t value, unsigned group)
{
    unsigned min = group ? GIC_BPR1_MIN : GIC_BPR0_MIN;
    unsigned bpr = (unsigned)value & 7;
    return bpr < min ? min : bpr;
}

/* --- ICC_*: the physical CPU interface ------------------------------------------------------- */

static uint64_t icc_pmr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic->cpu[c].pmr;
}

static void icc_pmr_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    gic->cpu[c].pmr = (uint8_t)(value & GIC_PRIO_MASK);
}

static uint64_t icc_iar_read(struct gic *gic, unsigned c, unsigned group)
{
    return gic_cif_acknowledge(gic, c, 1u << group, INTID_SPURIOUS);
}

static void icc_eoir_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    gic_cif_eoi(gic, c, (unsigned)(value & INTID_MASK), 1u << group);
}

static uint64_t icc_hppir_read(struct gic *gic, unsigned c, unsigned group)
{
    struct gic_hppi h;
    gic_hppi(gic, c, &h);
    return h.intid != INTID_SPURIOUS && h.group == group ? h.intid : INTID_SPURIOUS;
}

/* With CBPR = 1, ICC_BPR1_EL1 reads as ICC_BPR0_EL1 + 1 (saturated) and ignores writes. */
static uint64_t bpr_read(uint32_t ctlr, const uint8_t bpr[2], unsigned group)
{
    if (group == 1 && (ctlr & CTLR_CBPR))
        return bpr[0] < 7 ? bpr[0] + 1u : 7u;
    return bpr[group];
}

static uint64_t icc_bpr_read(struct gic *gic, unsigned c, unsigned group)
{
    return bpr_read(gic->cpu[c].ctlr, gic->cpu[c].bpr, group);
}

static void icc_bpr_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    struct gic_cpu *gc = &gic->cpu[c];
    if (group == 0 || !(gc->ctlr & CTLR_CBPR))
        gc->bpr[group] = (uint8_t)clamp_bpr(value, group);
}

static uint64_t icc_apr_read(struct gic *gic, unsigned c, unsigned group)
{
    return gic->cpu[c].apr[group];
}

static void icc_apr_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    gic->cpu[c].apr[group] = (uint32_t)value;
}

static void icc_dir_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    gic_deactivate(gic, c, (unsigned)(value & INTID_MASK));
    gic_update(gic);
}

static uint64_t icc_rpr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic_cif_running_priority(gic, c);
}

/* arg = the group generated: SGI0R Group 0, SGI1R Group 1; ASGI1R asks for Group 1 of the
 * other Security state, which with one Security state reaches only SGIs configured as
 * Group 0. */
static void icc_sgi_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    gic_v3_send_sgi(gic, c, value, group);
}

static uint64_t ctlr_read(uint32_t ctlr)
{
    return (ctlr & CTLR_CBPR ? ICC_CTLR_CBPR : 0) | (ctlr & CTLR_EOIMODE ? ICC_CTLR_EOIMODE : 0) |
           ICC_CTLR_RO;
}

static uint32_t ctlr_write(uint32_t ctlr, uint64_t value)
{
    ctlr &= ~(uint32_t)(CTLR_CBPR | CTLR_EOIMODE);
    return ctlr | (value & ICC_CTLR_CBPR ? CTLR_CBPR : 0) | (value & ICC_CTLR_EOIMODE ? CTLR_EOIMODE : 0);
}

static uint64_t icc_ctlr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return ctlr_read(gic->cpu[c].ctlr);
}

static void icc_ctlr_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    gic->cpu[c].ctlr = ctlr_write(gic->cpu[c].ctlr, value);
}

/* System register access only: SRE, DFB and DIB are RAO/WI. */
static uint64_t icc_sre_el1_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)gic;
    (void)c;
    (void)arg;
    return ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB;
}

static void ignore_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)gic;
    (void)c;
    (void)arg;
    (void)value;
}

static uint64_t icc_sre_el2_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic->cpu[c].sre_el2;
}

static void icc_sre_el2_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    gic->cpu[c].sre_el2 = ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | (value & ICC_SRE_EL2_ENABLE);
}

/* ICC_IGRPEN0/1_EL1 are the group enables of the interface (CTLR_ENABLE_GRPn). */
static uint64_t icc_igrpen_read(struct gic *gic, unsigned c, unsigned group)
{
    return gic->cpu[c].ctlr >> group & 1;
}

static void icc_igrpen_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    struct gic_cpu *gc = &gic->cpu[c];
    gc->ctlr = (gc->ctlr & ~(1u << group)) | (uint32_t)(value & 1) << group;
}

/* --- ICV_*: the virtual CPU interface, backed by the list registers and ICH_VMCR_EL2 ------- */

static uint64_t icv_pmr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic->cpu[c].vmcr >> VMCR_VPMR_SHIFT & GIC_PRIO_MASK;
}

static void icv_pmr_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    struct gic_cpu *gc = &gic->cpu[c];
    gc->vmcr = (gc->vmcr & ~(0xffu << VMCR_VPMR_SHIFT)) | (uint32_t)(value & GIC_PRIO_MASK) << VMCR_VPMR_SHIFT;
}

static uint64_t icv_iar_read(struct gic *gic, unsigned c, unsigned group)
{
    return gic_vif_acknowledge(gic, c, 1u << group, INTID_SPURIOUS);
}

static void icv_eoir_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    gic_vif_eoi(gic, c, (unsigned)(value & INTID_MASK), 1u << group);
}

static uint64_t icv_hppir_read(struct gic *gic, unsigned c, unsigned group)
{
    return gic_vif_highest_pending(&gic->cpu[c], 1u << group);
}

static void vbpr(const struct gic_cpu *gc, uint8_t bpr[2])
{
    bpr[0] = gc->vmcr >> VMCR_VBPR0_SHIFT & 7;
    bpr[1] = gc->vmcr >> VMCR_VBPR1_SHIFT & 7;
}

static uint64_t icv_bpr_read(struct gic *gic, unsigned c, unsigned group)
{
    uint8_t bpr[2];
    vbpr(&gic->cpu[c], bpr);
    return bpr_read(gic->cpu[c].vmcr, bpr, group);
}

static void icv_bpr_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    struct gic_cpu *gc = &gic->cpu[c];
    if (group == 1 && (gc->vmcr & CTLR_CBPR))
        return;
    unsigned shift = group ? VMCR_VBPR1_SHIFT : VMCR_VBPR0_SHIFT;
    gc->vmcr = (gc->vmcr & ~(7u << shift)) | clamp_bpr(value, group) << shift;
}

static uint64_t icv_apr_read(struct gic *gic, unsigned c, unsigned group)
{
    return gic->cpu[c].vapr[group];
}

static void icv_apr_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    gic->cpu[c].vapr[group] = (uint32_t)value;
}

static void icv_dir_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    gic_vif_deactivate(gic, c, (unsigned)(value & INTID_MASK));
}

static uint64_t icv_rpr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic_vif_running_priority(&gic->cpu[c]);
}

static uint64_t icv_ctlr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return ctlr_read(gic->cpu[c].vmcr);
}

static void icv_ctlr_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    gic->cpu[c].vmcr = ctlr_write(gic->cpu[c].vmcr, value);
}

static uint64_t icv_igrpen_read(struct gic *gic, unsigned c, unsigned group)
{
    return gic->cpu[c].vmcr >> group & 1;
}

static void icv_igrpen_write(struct gic *gic, unsigned c, unsigned group, uint64_t value)
{
    struct gic_cpu *gc = &gic->cpu[c];
    gc->vmcr = (gc->vmcr & ~(1u << group)) | (uint32_t)(value & 1) << group;
}

/* --- ICH_*_EL2: control of the virtual interface ------------------------------------------ */

static uint64_t ich_hcr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic->cpu[c].hcr;
}

static void ich_hcr_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    gic->cpu[c].hcr = (uint32_t)value & ICH_HCR_MASK;
}

static uint64_t ich_vtr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)gic;
    (void)c;
    (void)arg;
    return ICH_VTR;
}

static uint64_t ich_vmcr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic->cpu[c].vmcr;
}

static void ich_vmcr_write(struct gic *gic, unsigned c, unsigned arg, uint64_t value)
{
    (void)arg;
    uint32_t v = ((uint32_t)value & ICH_VMCR_MASK) | CTLR_FIQEN;
    unsigned b0 = clamp_bpr(v >> VMCR_VBPR0_SHIFT, 0), b1 = clamp_bpr(v >> VMCR_VBPR1_SHIFT, 1);
    v &= ~(7u << VMCR_VBPR0_SHIFT | 7u << VMCR_VBPR1_SHIFT);
    gic->cpu[c].vmcr = v | b0 << VMCR_VBPR0_SHIFT | b1 << VMCR_VBPR1_SHIFT;
}

static uint64_t ich_misr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic_vif_misr(&gic->cpu[c]);
}

static uint64_t ich_eisr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic_vif_eisr(&gic->cpu[c]);
}

static uint64_t ich_elrsr_read(struct gic *gic, unsigned c, unsigned arg)
{
    (void)arg;
    return gic_vif_elrsr(&gic->cpu[c]);
}

static uint64_t ich_lr_read(struct gic *gic, unsigned c, unsigned n)
{
    return gic_lr_to_v3(&gic->cpu[c].lr[n]);
}

static void ich_lr_write(struct gic *gic, unsigned c, unsigned n, uint64_t value)
{
    gic_lr_from_v3(&gic->cpu[c].lr[n], value);
    gic_notify(gic, c, &(struct gic_event){ .kind = GIC_EVENT_LR_WRITE, .intid = gic->cpu[c].lr[n].vintid,
                                            .lr = n, .value = value });
}

/* --- The table ---------------------------------------------------------------------------------- */

#define BOTH(cls, arg, icc, icv) { cls, arg, icc##_read, icc##_write, icv##_read, icv##_write }
#define BOTH_RO(cls, arg, icc, icv) { cls, arg, icc##_read, NULL, icv##_read, NULL }
#define BOTH_WO(cls, arg, icc, icv) { cls, arg, NULL, icc##_write, NULL, icv##_write }
#define EL2(arg, read, write) { CLASS_EL2, arg, read, write, NULL, NULL }

static const struct sysreg_row rows[SR_COUNT] = {
    [SR_ICC_PMR_EL1] = BOTH(CLASS_COMMON, 0, icc_pmr, icv_pmr),
    [SR_ICC_IAR0_EL1] = BOTH_RO(CLASS_G0, 0, icc_iar, icv_iar),
    [SR_ICC_EOIR0_EL1] = BOTH_WO(CLASS_G0, 0, icc_eoir, icv_eoir),
    [SR_ICC_HPPIR0_EL1] = BOTH_RO(CLASS_G0, 0, icc_hppir, icv_hppir),
    [SR_ICC_BPR0_EL1] = BOTH(CLASS_G0, 0, icc_bpr, icv_bpr),
    [SR_ICC_AP0R0_EL1] = BOTH(CLASS_G0, 0, icc_apr, icv_apr),
    [SR_ICC_AP1R0_EL1] = BOTH(CLASS_G1, 1, icc_apr, icv_apr),
    [SR_ICC_DIR_EL1] = BOTH_WO(CLASS_DIR, 0, icc_dir, icv_dir),
    [SR_ICC_RPR_EL1] = BOTH_RO(CLASS_COMMON, 0, icc_rpr, icv_rpr),
    [SR_ICC_SGI1R_EL1] = { CLASS_SGI1, 1, NULL, icc_sgi_write, NULL, NULL },
    [SR_ICC_ASGI1R_EL1] = { CLASS_SGI1, 0, NULL, icc_sgi_write, NULL, NULL },
    [SR_ICC_SGI0R_EL1] = { CLASS_SGI0, 0, NULL, icc_sgi_write, NULL, NULL },
    [SR_ICC_IAR1_EL1] = BOTH_RO(CLASS_G1, 1, icc_iar, icv_iar),
    [SR_ICC_EOIR1_EL1] = BOTH_WO(CLASS_G1, 1, icc_eoir, icv_eoir),
    [SR_ICC_HPPIR1_EL1] = BOTH_RO(CLASS_G1, 1, icc_hppir, icv_hppir),
    [SR_ICC_BPR1_EL1] = BOTH(CLASS_G1, 1, icc_bpr, icv_bpr),
    [SR_ICC_CTLR_EL1] = BOTH(CLASS_COMMON, 0, icc_ctlr, icv_ctlr),
    [SR_ICC_SRE_EL1] = { CLASS_SRE, 0, icc_sre_el1_read, ignore_write, NULL, NULL },
    [SR_ICC_IGRPEN0_EL1] = BOTH(CLASS_G0, 0, icc_igrpen, icv_igrpen),
    [SR_ICC_IGRPEN1_EL1] = BOTH(CLASS_G1, 1, icc_igrpen, icv_igrpen),
    [SR_ICC_SRE_EL2] = EL2(0, icc_sre_el2_read, icc_sre_el2_write),
    [SR_ICH_AP0R0_EL2] = EL2(0, icv_apr_read, icv_apr_write),
    [SR_ICH_AP1R0_EL2] = EL2(1, icv_apr_read, icv_apr_write),
    [SR_ICH_HCR_EL2] = EL2(0, ich_hcr_read, ich_hcr_write),
    [SR_ICH_VTR_EL2] = EL2(0, ich_vtr_read, NULL),
    [SR_ICH_MISR_EL2] = EL2(0, ich_misr_read, NULL),
    [SR_ICH_EISR_EL2] = EL2(0, ich_eisr_read, NULL),
    [SR_ICH_ELRSR_EL2] = EL2(0, ich_elrsr_read, NULL),
    [SR_ICH_VMCR_EL2] = EL2(0, ich_vmcr_read, ich_vmcr_write),
    [SR_ICH_LR0_EL2] = EL2(0, ich_lr_read, ich_lr_write),
    [SR_ICH_LR1_EL2] = EL2(1, ich_lr_read, ich_lr_write),
    [SR_ICH_LR2_EL2] = EL2(2, ich_lr_read, ich_lr_write),
    [SR_ICH_LR3_EL2] = EL2(3, ich_lr_read, ich_lr_write),
};

/* At EL1: does the access trap to EL2, and does it reach the virtual interface? (The
 * "Accessibility" pseudocode of each ICC_ register: ICH_HCR_EL2 traps come before the
 * HCR_EL2.{IMO,FMO} choice of ICV_.) */
static bool el1_controls(const struct cpu *cpu, const struct gic_cpu *gc, unsigned cls, bool *virt)
{
    uint64_t hcr = cpu->sr[SR_HCR_EL2];
    bool imo = hcr & HCR_IMO, fmo = hcr & HCR_FMO;
    uint32_t ich = gc->hcr;
    *virt = false;
    switch (cls) {
    case CLASS_G0:
        *virt = fmo;
        return ich & ICH_HCR_TALL0;
    case CLASS_G1:
        *virt = imo;
        return ich & ICH_HCR_TALL1;
    case CLASS_COMMON:
        *virt = imo || fmo;
        return ich & ICH_HCR_TC;
    case CLASS_DIR:
        *virt = imo || fmo;
        return ich & (ICH_HCR_TC | ICH_HCR_TDIR);
    case CLASS_SGI0:
        return (ich & ICH_HCR_TC) || fmo;
    case CLASS_SGI1:
        return (ich & ICH_HCR_TC) || imo;
    case CLASS_SRE:
        return !(gc->sre_el2 & ICC_SRE_EL2_ENABLE);
    default:
        return false;
    }
}

int gic_sysreg_access(struct gic *gic, struct cpu *cpu, const struct insn *in, unsigned sysreg_id,
                      bool read, uint64_t *value)
{
    const struct sysreg_row *row = sysreg_id < SR_COUNT ? &rows[sysreg_id] : NULL;
    unsigned c = cpu->index;
    bool virt = false;
    if (in) {
        bool absent = !row || !row->cls || c >= gic->cpu_count || !(read ? row->read != NULL : row->write != NULL);
        if (absent || cpu->el == 0 || (row->cls == CLASS_EL2 && cpu->el < 2))
            return raise_undefined(cpu, in);
        if (cpu->el == 1 && el1_controls(cpu, &gic->cpu[c], row->cls, &virt))
            return raise_sync(cpu, in, 2, esr_make(EC_SYSREG, true, sysreg_trap_iss(in->raw)));
    } else {
        if (!row || !row->cls || c >= gic->cpu_count || !(read ? row->read != NULL : row->write != NULL)) {
            *value = 0;
            return EXEC_NEXT;
        }
        if (cpu->el == 1)
            el1_controls(cpu, &gic->cpu[c], row->cls, &virt);
    }
    if (read) {
        *value = virt ? row->vread(gic, c, row->arg) : row->read(gic, c, row->arg);
        return EXEC_NEXT;
    }
    if (virt)
        row->vwrite(gic, c, row->arg, *value);
    else
        row->write(gic, c, row->arg, *value);
    gic_update_cpu(gic, c);
    return EXEC_NEXT;
}

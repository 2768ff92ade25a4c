/* The register set gdb sees and its target description (gdb manual, "Target Descriptions"):
 * the standard AArch64 core and FP/SIMD features, which gdb-multiarch needs by name to know the
 * architecture, and a feature of elsim's own with the system registers a hypervisor developer
 * looks at. gdb numbers registers in the order of target.xml; gdb_regs[] is that order. */
#include <stdio.h>
#include <string.h>

#include "gdb_target.h"
#include "rsp.h"

#define X(n) { "x" #n, GDB_REG_X, n, 64, true, GDB_FEATURE_CORE }
#define V(n) { "v" #n, GDB_REG_V, n, 128, true, GDB_FEATURE_FPU }
#define SYS(name, writable) { #name, GDB_REG_SYSREG, 0, 64, writable, GDB_FEATURE_SYSREGS }

const struct gdb_reg gdb_regs[] = {
    X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7), X(8), X(9), X(10), X(11), X(12), X(13), X(14), X(15),
    X(16), X(17), X(18), X(19), X(20), X(21), X(22), X(23), X(24), X(25), X(26), X(27), X(28), X(29), X(30),
    { "sp", GDB_REG_SP, 0, 64, true, GDB_FEATURE_CORE },
    { "pc", GDB_REG_PC, 0, 64, true, GDB_FEATURE_CORE },
    /* PSTATE as an SPSR: a debugger may change NZCV and DAIF; EL and SP selection stay. */
    { "cpsr", GDB_REG_CPSR, 0, 32, true, GDB_FEATURE_CORE },
    V(0), V(1), V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9), V(10), V(11), V(12), V(13), V(14), V(15),
    V(16), V(17), V(18), V(19), V(20), V(21), V(22), V(23), V(24), V(25), V(26), V(27), V(28), V(29), V(30),
    V(31),
    { "fpsr", GDB_REG_FPSR, 0, 32, true, GDB_FEATURE_FPU },
    { "fpcr", GDB_REG_FPCR, 0, 32, true, GDB_FEATURE_FPU },
    /* System registers. CurrentEL is read-only: the EL changes by exceptions and ERET only. */
    SYS(CurrentEL, false),
    { "SP_EL0", GDB_REG_SP_EL, 0, 64, true, GDB_FEATURE_SYSREGS },
    { "SP_EL1", GDB_REG_SP_EL, 1, 64, true, GDB_FEATURE_SYSREGS },
    { "SP_EL2", GDB_REG_SP_EL, 2, 64, true, GDB_FEATURE_SYSREGS },
    SYS(SPSR_EL1, true), SYS(ELR_EL1, true), SYS(ESR_EL1, true), SYS(FAR_EL1, true), SYS(VBAR_EL1, true),
    SYS(SCTLR_EL1, true), SYS(TCR_EL1, true), SYS(TTBR0_EL1, true), SYS(TTBR1_EL1, true),
    SYS(MAIR_EL1, true), SYS(PAR_EL1, true), SYS(CPACR_EL1, true), SYS(CONTEXTIDR_EL1, true),
    SYS(TPIDR_EL1, true), SYS(CNTKCTL_EL1, true), SYS(MPIDR_EL1, false),
    SYS(SPSR_EL2, true), SYS(ELR_EL2, true), SYS(ESR_EL2, true), SYS(FAR_EL2, true), SYS(HPFAR_EL2, true),
    SYS(VBAR_EL2, true), SYS(SCTLR_EL2, true), SYS(TCR_EL2, true), SYS(TTBR0_EL2, true),
    SYS(MAIR_EL2, true), SYS(TPIDR_EL2, true),
    SYS(HCR_EL2, true), SYS(VTTBR_EL2, true), SYS(VTCR_EL2, true), SYS(CPTR_EL2, true),
    SYS(MDCR_EL2, true), SYS(HSTR_EL2, true), SYS(VPIDR_EL2, true), SYS(VMPIDR_EL2, true),
    SYS(CNTHCTL_EL2, true), SYS(CNTVOFF_EL2, true), SYS(CNTHP_CTL_EL2, true), SYS(CNTV_CTL_EL0, true),
    SYS(CNTV_CVAL_EL0, true), SYS(CNTP_CTL_EL0, true), SYS(CNTP_CVAL_EL0, true), SYS(CNTPCT_EL0, false),
    SYS(CNTVCT_EL0, false),
};
const unsigned gdb_reg_count = sizeof gdb_regs / sizeof gdb_regs[0];
_Static_assert(sizeof gdb_regs / sizeof gdb_regs[0] > GDB_G_REG_COUNT, "the g packet covers the first registers");

/* Types of the vector registers and of cpsr, written for this file. */
static const char fpu_types[] =
    "<vector id=\"elsim_v2u64\" type=\"uint64\" count=\"2\"/>"
    "<vector id=\"elsim_v2f64\" type=\"ieee_double\" count=\"2\"/>"
    "<vector id=\"elsim_v4u32\" type=\"uint32\" count=\"4\"/>"
    "<vector id=\"elsim_v4f32\" type=\"ieee_single\" count=\"4\"/>"
    "<vector id=\"elsim_v8u16\" type=\"uint16\" count=\"8\"/>"
    "<vector id=\"elsim_v16u8\" type=\"uint8\" count=\"16\"/>"
    "<union id=\"elsim_vreg\">"
    "<field name=\"d\" type=\"elsim_v2u64\"/><field name=\"df\" type=\"elsim_v2f64\"/>"
    "<field name=\"s\" type=\"elsim_v4u32\"/><field name=\"sf\" type=\"elsim_v4f32\"/>"
    "<field name=\"h\" type=\"elsim_v8u16\"/><field name=\"b\" type=\"elsim_v16u8\"/>"
    "<field name=\"q\" type=\"uint128\"/>"
    "</union>";
static const char core_types[] =
    "<flags id=\"elsim_pstate\" size=\"4\">"
    "<field name=\"SP\" start=\"0\" end=\"0\"/><field name=\"EL\" start=\"2\" end=\"3\"/>"
    "<field name=\"F\" start=\"6\" end=\"6\"/><field name=\"I\" start=\"7\" end=\"7\"/>"
    "<field name=\"A\" start=\"8\" end=\"8\"/><field name=\"D\" start=\"9\" end=\"9\"/>"
    "<field name=\"IL\" start=\"20\" end=\"20\"/><field name=\"SS\" start=\"21\" end=\"21\"/>"
    "<field name=\"V\" start=\"28\" end=\"28\"/><field name=\"C\" start=\"29\" end=\"29\"/>"
    "<field name=\"Z\" start=\"30\" end=\"30\"/><field name=\"N\" start=\"31\" end=\"31\"/>"
    "</flags>";

static const char *reg_type(const struct gdb_reg *r)
{
    switch (r->cls) {
    case GDB_REG_SP: return "data_ptr";
    case GDB_REG_PC: return "code_ptr";
    case GDB_REG_CPSR: return "elsim_pstate";
    case GDB_REG_V: return "elsim_vreg";
    case GDB_REG_FPSR:
    case GDB_REG_FPCR: return "int";
    default: return r->bits == 64 ? "uint64" : "int";
    }
}

static char xml[24 * 1024];
static size_t xml_len;

const char *gdb_target_xml(size_t *len)
{
    if (!xml_len) {
        struct rsp_buf b;
        rsp_buf_init(&b, xml, sizeof xml - 1);
        rsp_puts(&b, "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
                     "<target version=\"1.0\"><architecture>aarch64</architecture>");
        static const char *const features[] = { "org.gnu.gdb.aarch64.core", "org.gnu.gdb.aarch64.fpu",
                                                "org.elsim.aarch64.sysregs" };
        for (unsigned f = 0; f < 3; f++) {
            rsp_printf(&b, "<feature name=\"%s\">", features[f]);
            if (f == GDB_FEATURE_CORE)
                rsp_puts(&b, core_types);
            if (f == GDB_FEATURE_FPU)
                rsp_puts(&b, fpu_types);
            for (unsigned i = 0; i < gdb_reg_count; i++) {
                const struct gdb_reg *r = &gdb_regs[i];
                if (r->feature != f)
                    continue;
                rsp_printf(&b, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\"", r->name, r->bits, reg_type(r));
                if (i == 0 || r->feature != gdb_regs[i - 1].feature)
                    rsp_printf(&b, " regnum=\"%u\"", i);
                if (f == GDB_FEATURE_SYSREGS)
                    rsp_puts(&b, " group=\"system\"");
                if (r->cls == GDB_REG_FPSR || r->cls == GDB_REG_FPCR)
                    rsp_puts(&b, " group=\"float\"");
                rsp_puts(&b, "/>");
            }
            rsp_puts(&b, "</feature>");
        }
        rsp_puts(&b, "</target>");
        xml_len = b.len;
        xml[xml_len] = 0;
    }
    *len = xml_len;
    return xml;
}

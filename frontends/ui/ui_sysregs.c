/* The system registers pane's table (ui_sysregs.h). Field positions: ARM ARM D13.2, ARMv8.0. */
#include <string.h>
#include <strings.h>

#include "sysreg.h"
#include "ui_sysregs.h"

#define END { NULL, 0, 0 }

static const struct ui_field sctlr_el1[] = {
    { "M", 0, 0 }, { "A", 1, 1 }, { "C", 2, 2 }, { "SA", 3, 3 }, { "SA0", 4, 4 }, { "UMA", 9, 9 },
    { "I", 12, 12 }, { "DZE", 14, 14 }, { "UCT", 15, 15 }, { "nTWI", 16, 16 }, { "nTWE", 18, 18 },
    { "WXN", 19, 19 }, { "E0E", 24, 24 }, { "EE", 25, 25 }, { "UCI", 26, 26 }, END,
};
static const struct ui_field sctlr_el2[] = {
    { "M", 0, 0 }, { "A", 1, 1 }, { "C", 2, 2 }, { "SA", 3, 3 }, { "I", 12, 12 }, { "WXN", 19, 19 },
    { "EE", 25, 25 }, END,
};
static const struct ui_field tcr_el1[] = {
    { "T0SZ", 5, 0 }, { "EPD0", 7, 7 }, { "IRGN0", 9, 8 }, { "ORGN0", 11, 10 }, { "SH0", 13, 12 },
    { "TG0", 15, 14 }, { "T1SZ", 21, 16 }, { "A1", 22, 22 }, { "EPD1", 23, 23 }, { "IRGN1", 25, 24 },
    { "ORGN1", 27, 26 }, { "SH1", 29, 28 }, { "TG1", 31, 30 }, { "IPS", 34, 32 }, { "AS", 36, 36 },
    { "TBI0", 37, 37 }, { "TBI1", 38, 38 }, END,
};
static const struct ui_field tcr_el2[] = {
    { "T0SZ", 5, 0 }, { "IRGN0", 9, 8 }, { "ORGN0", 11, 10 }, { "SH0", 13, 12 }, { "TG0", 15, 14 },
    { "PS", 18, 16 }, { "TBI", 20, 20 }, END,
};
static const struct ui_field ttbr[] = { { "BADDR", 47, 0 }, { "ASID", 63, 48 }, END };
static const struct ui_field vttbr[] = { { "BADDR", 47, 0 }, { "VMID", 55, 48 }, END };
static const struct ui_field mair[] = {
    { "Attr0", 7, 0 }, { "Attr1", 15, 8 }, { "Attr2", 23, 16 }, { "Attr3", 31, 24 },
    { "Attr4", 39, 32 }, { "Attr5", 47, 40 }, { "Attr6", 55, 48 }, { "Attr7", 63, 56 }, END,
};
static const struct ui_field vbar[] = { { "base", 63, 11 }, END };
static const struct ui_field esr[] = { { "EC", 31, 26 }, { "IL", 25, 25 }, { "ISS", 24, 0 }, END };
static const struct ui_field address[] = { { "address", 63, 0 }, END };
static const struct ui_field spsr[] = {
    { "M[3:0]", 3, 0 }, { "M[4] nRW", 4, 4 }, { "F", 6, 6 }, { "I", 7, 7 }, { "A", 8, 8 }, { "D", 9, 9 },
    { "IL", 20, 20 }, { "SS", 21, 21 }, { "V", 28, 28 }, { "C", 29, 29 }, { "Z", 30, 30 }, { "N", 31, 31 }, END,
};
static const struct ui_field hcr[] = {
    { "VM", 0, 0 }, { "SWIO", 1, 1 }, { "PTW", 2, 2 }, { "FMO", 3, 3 }, { "IMO", 4, 4 }, { "AMO", 5, 5 },
    { "VF", 6, 6 }, { "VI", 7, 7 }, { "VSE", 8, 8 }, { "FB", 9, 9 }, { "BSU", 11, 10 }, { "DC", 12, 12 },
    { "TWI", 13, 13 }, { "TWE", 14, 14 }, { "TID0", 15, 15 }, { "TID1", 16, 16 }, { "TID2", 17, 17 },
    { "TID3", 18, 18 }, { "TSC", 19, 19 }, { "TIDCP", 20, 20 }, { "TACR", 21, 21 }, { "TSW", 22, 22 },
    { "TPC", 23, 23 }, { "TPU", 24, 24 }, { "TTLB", 25, 25 }, { "TVM", 26, 26 }, { "TGE", 27, 27 },
    { "TDZ", 28, 28 }, { "HCD", 29, 29 }, { "TRVM", 30, 30 }, { "RW", 31, 31 }, { "CD", 32, 32 },
    { "ID", 33, 33 }, END,
};
static const struct ui_field vtcr[] = {
    { "T0SZ", 5, 0 }, { "SL0", 7, 6 }, { "IRGN0", 9, 8 }, { "ORGN0", 11, 10 }, { "SH0", 13, 12 },
    { "TG0", 15, 14 }, { "PS", 18, 16 }, END,
};
static const struct ui_field hpfar[] = { { "FIPA (IPA[47:12])", 39, 4 }, END };
static const struct ui_field cptr[] = { { "TFP", 10, 10 }, { "TTA", 20, 20 }, { "TCPAC", 31, 31 }, END };
static const struct ui_field mdcr[] = {
    { "HPMN", 4, 0 }, { "TPMCR", 5, 5 }, { "TPM", 6, 6 }, { "HPME", 7, 7 }, { "TDE", 8, 8 },
    { "TDA", 9, 9 }, { "TDOSA", 10, 10 }, { "TDRA", 11, 11 }, END,
};
static const struct ui_field cnthctl[] = {
    { "EL1PCTEN", 0, 0 }, { "EL1PCEN", 1, 1 }, { "EVNTEN", 2, 2 }, { "EVNTDIR", 3, 3 }, { "EVNTI", 7, 4 }, END,
};
static const struct ui_field count[] = { { "offset", 63, 0 }, END };

struct ui_sysreg ui_sysregs[] = {
    { "SCTLR_EL1", 1, sctlr_el1, -1 }, { "TCR_EL1", 1, tcr_el1, -1 }, { "TTBR0_EL1", 1, ttbr, -1 },
    { "TTBR1_EL1", 1, ttbr, -1 },      { "MAIR_EL1", 1, mair, -1 },   { "VBAR_EL1", 1, vbar, -1 },
    { "ESR_EL1", 1, esr, -1 },         { "FAR_EL1", 1, address, -1 }, { "ELR_EL1", 1, address, -1 },
    { "SPSR_EL1", 1, spsr, -1 },
    { "HCR_EL2", 2, hcr, -1 },         { "SCTLR_EL2", 2, sctlr_el2, -1 }, { "TCR_EL2", 2, tcr_el2, -1 },
    { "TTBR0_EL2", 2, ttbr, -1 },      { "VTTBR_EL2", 2, vttbr, -1 }, { "VTCR_EL2", 2, vtcr, -1 },
    { "VBAR_EL2", 2, vbar, -1 },       { "ESR_EL2", 2, esr, -1 },     { "FAR_EL2", 2, address, -1 },
    { "HPFAR_EL2", 2, hpfar, -1 },     { "ELR_EL2", 2, address, -1 }, { "SPSR_EL2", 2, spsr, -1 },
    { "CPTR_EL2", 2, cptr, -1 },       { "MDCR_EL2", 2, mdcr, -1 },   { "CNTHCTL_EL2", 2, cnthctl, -1 },
    { "CNTVOFF_EL2", 2, count, -1 },
};
const size_t ui_sysreg_count = sizeof ui_sysregs / sizeof ui_sysregs[0];

void ui_sysregs_init(void)
{
    for (size_t i = 0; i < ui_sysreg_count; i++)
        for (unsigned id = 0; id < SR_COUNT && ui_sysregs[i].id < 0; id++)
            if (strcmp(sysreg_name(id), ui_sysregs[i].name) == 0)
                ui_sysregs[i].id = (int)id;
}

int ui_sysreg_find(const char *name)
{
    for (size_t i = 0; i < ui_sysreg_count; i++)
        if (strcasecmp(name, ui_sysregs[i].name) == 0)
            return (int)i;
    return -1;
}

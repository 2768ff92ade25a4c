/* Decoding ESR_ELx (ARM ARM D17.2.37) into words: one small formatter per exception class,
 * chosen from a table. */
#include "esr_describe.h"

#include <stdio.h>

#include "exception.h"

typedef int describe_fn(uint32_t iss, char *buf, size_t len);

void esr_fault_status(unsigned fsc, char *buf, size_t len)
{
    static const char *const by_type[] = { "address size fault", "translation fault", "access flag fault",
                                           "permission fault" };
    if (fsc < 0x10)
        snprintf(buf, len, "%s, level %u", by_type[fsc >> 2], fsc & 3);
    else if (fsc >= 0x14 && fsc <= 0x17)
        snprintf(buf, len, "synchronous external abort on translation table walk, level %u", fsc & 3);
    else
        snprintf(buf, len, "%s", fsc == 0x10   ? "synchronous external abort"
                                 : fsc == 0x21 ? "alignment fault"
                                 : fsc == 0x30 ? "TLB conflict abort"
                                               : "reserved fault status");
}

static int describe_imm16(uint32_t iss, char *buf, size_t len) { return snprintf(buf, len, " #0x%x", iss & 0xffff); }

static int describe_wfx(uint32_t iss, char *buf, size_t len)
{
    return snprintf(buf, len, ": %s", iss & 1 ? "WFE" : "WFI");
}

static int describe_sysreg(uint32_t iss, char *buf, size_t len)
{
    unsigned op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7, crn = (iss >> 10) & 15,
             rt = (iss >> 5) & 31, crm = (iss >> 1) & 15;
    bool read = iss & 1;
    return snprintf(buf, len, ": %s S%u_%u_C%u_C%u_%u, X%u", read ? "MRS/SYSL read of" : "MSR/SYS write of", op0, op1,
                    crn, crm, op2, rt);
}

static int describe_abort(uint32_t iss, char *buf, size_t len, bool data)
{
    char status[96];
    esr_fault_status(iss & 0x3f, status, sizeof status);
    int n = snprintf(buf, len, ": %s", status);
    if (data && (iss & (1u << 6)))
        n += snprintf(buf + n, len > (size_t)n ? len - n : 0, ", write");
    else if (data)
        n += snprintf(buf + n, len > (size_t)n ? len - n : 0, ", read");
    if (iss & (1u << 7))
        n += snprintf(buf + n, len > (size_t)n ? len - n : 0, ", on a stage 1 walk (S1PTW)");
    if (data && (iss & (1u << 8)))
        n += snprintf(buf + n, len > (size_t)n ? len - n : 0, ", cache maintenance");
    if (data && (iss & (1u << 24))) {
        unsigned sas = (iss >> 22) & 3, srt = (iss >> 16) & 31;
        n += snprintf(buf + n, len > (size_t)n ? len - n : 0, ", %u-byte %s%s X%u (ISV)", 1u << sas,
                      iss & (1u << 21) ? "sign-extended " : "", iss & (1u << 6) ? "store from" : "load to", srt);
    }
    return n;
}

static int describe_data_abort(uint32_t iss, char *buf, size_t len) { return describe_abort(iss, buf, len, true); }
static int describe_insn_abort(uint32_t iss, char *buf, size_t len) { return describe_abort(iss, buf, len, false); }

static describe_fn *const describers[64] = {
    [EC_WFX] = describe_wfx,
    [EC_SVC64] = describe_imm16,
    [EC_HVC64] = describe_imm16,
    [EC_SMC64] = describe_imm16,
    [EC_SYSREG] = describe_sysreg,
    [EC_INSN_ABORT_LOWER] = describe_insn_abort,
    [EC_INSN_ABORT_SAME] = describe_insn_abort,
    [EC_DATA_ABORT_LOWER] = describe_data_abort,
    [EC_DATA_ABORT_SAME] = describe_data_abort,
    [EC_BRK64] = describe_imm16,
};

void esr_describe(uint32_t esr, char *buf, size_t len)
{
    unsigned ec = esr >> 26;
    uint32_t iss = esr & 0x1ffffff;
    int n = snprintf(buf, len, "%s", exception_class_name(ec));
    if (n < 0 || (size_t)n >= len)
        return;
    if (describers[ec])
        describers[ec](iss, buf + n, len - n);
    else if (iss)
        snprintf(buf + n, len - n, ", ISS 0x%x", iss);
}

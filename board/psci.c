/* The modelled EL3 firmware behind SMC: Arm PSCI 1.1 (DEN0022D) and the SMCCC discovery calls
 * (DEN0028), as QEMU's `virt,virtualization=on` offers them. Function IDs are a table. */
#include "interrupt.h"
#include "sysreg.h"
#include "virt.h"

/* PSCI return codes. */
enum {
    PSCI_SUCCESS = 0,
    PSCI_NOT_SUPPORTED = -1,
    PSCI_INVALID_PARAMETERS = -2,
    PSCI_DENIED = -3,
    PSCI_ALREADY_ON = -4,
    PSCI_ON_PENDING = -5,
};

/* AFFINITY_INFO states. */
enum { AFFINITY_ON = 0, AFFINITY_OFF = 1, AFFINITY_ON_PENDING = 2 };

#define SMC64 0x40000000u /* bit 30 of a function ID: the SMC64 calling convention */

struct psci_function {
    uint32_t id; /* the SMC32 form; SMC64 forms are accepted where `has64` */
    bool has64;
    int64_t (*call)(struct elsim *m, struct cpu *cpu, uint64_t a1, uint64_t a2, uint64_t a3);
};

static int64_t psci_version(struct elsim *m, struct cpu *cpu, uint64_t a1, uint64_t a2, uint64_t a3)
{
    (void)m, (void)cpu, (void)a1, (void)a2, (void)a3;
    return 0x10001; /* 1.1 */
}

/* The CPU with this MPIDR affinity (Aff3 in bits 39:32, Aff2:Aff1:Aff0 in 23:0), or -1. */
static int find_cpu(const struct elsim *m, uint64_t mpidr)
{
    if (mpidr & ~0xff00ffffffull)
        return -1;
    for (unsigned i = 0; i < m->cpu_count; i++)
        if (mpidr == m->cpus[i]->affinity)
            return (int)i;
    return -1;
}

static int64_t psci_cpu_on(struct elsim *m, struct cpu *cpu, uint64_t target, uint64_t entry, uint64_t context)
{
    int t = find_cpu(m, target);
    if (t < 0)
        return PSCI_INVALID_PARAMETERS;
    if (m->power[t] == CPU_POWER_ON)
        return PSCI_ALREADY_ON;
    struct cpu *c = m->cpus[t];
    /* The CPU starts at `entry` in the highest non-secure EL that exists and is enabled (EL2
     * here, whatever the caller's EL: PSCI 1.1 section 6.4), MMU off, x0 = context_id. */
    (void)cpu;
    cpu_reset(c, entry);
    c->r[0] = context;
    m->power[t] = CPU_POWER_ON;
    m->waiting[t] = STOP_NONE;
    return PSCI_SUCCESS;
}

static int64_t psci_cpu_off(struct elsim *m, struct cpu *cpu, uint64_t a1, uint64_t a2, uint64_t a3)
{
    (void)m, (void)a1, (void)a2, (void)a3;
    cpu->stop_reason = STOP_OFF;
    cpu->pending |= PENDING_STOP;
    return PSCI_SUCCESS; /* not seen by the caller: it does not return */
}

static int64_t psci_affinity_info(struct elsim *m, struct cpu *cpu, uint64_t target, uint64_t level, uint64_t a3)
{
    (void)cpu, (void)a3;
    if (level != 0)
        return PSCI_INVALID_PARAMETERS;
    int t = find_cpu(m, target);
    if (t < 0)
        return PSCI_INVALID_PARAMETERS;
    return m->power[t] == CPU_POWER_ON ? AFFINITY_ON : m->power[t] == CPU_POWER_OFF ? AFFINITY_OFF : AFFINITY_ON_PENDING;
}

static int64_t psci_cpu_suspend(struct elsim *m, struct cpu *cpu, uint64_t state, uint64_t entry, uint64_t ctx)
{
    (void)m, (void)state, (void)entry, (void)ctx;
    /* Standby: a power state that loses no context behaves like WFI and returns SUCCESS. */
    cpu->stop_reason = STOP_WFI;
    cpu->pending |= PENDING_STOP;
    return PSCI_SUCCESS;
}

static int64_t psci_migrate_info_type(struct elsim *m, struct cpu *cpu, uint64_t a1, uint64_t a2, uint64_t a3)
{
    (void)m, (void)cpu, (void)a1, (void)a2, (void)a3;
    return 2; /* no Trusted OS: migration not required */
}

static int64_t psci_system_off(struct elsim *m, struct cpu *cpu, uint64_t a1, uint64_t a2, uint64_t a3)
{
    (void)a1, (void)a2, (void)a3;
    virt_request_exit(m, cpu, 0);
    return PSCI_SUCCESS;
}

static int64_t psci_system_reset(struct elsim *m, struct cpu *cpu, uint64_t a1, uint64_t a2, uint64_t a3)
{
    (void)a1, (void)a2, (void)a3;
    /* Done by the run loop between quanta (virt_reset), since it rewrites every CPU. */
    m->reset_requested = true;
    cpu->stop_reason = STOP_REQUESTED;
    cpu->pending |= PENDING_STOP;
    return PSCI_SUCCESS;
}

static int64_t psci_features(struct elsim *m, struct cpu *cpu, uint64_t fid, uint64_t a2, uint64_t a3);

static int64_t smccc_version(struct elsim *m, struct cpu *cpu, uint64_t a1, uint64_t a2, uint64_t a3)
{
    (void)m, (void)cpu, (void)a1, (void)a2, (void)a3;
    return 0x10001; /* SMCCC 1.1 */
}

static int64_t smccc_arch_features(struct elsim *m, struct cpu *cpu, uint64_t fid, uint64_t a2, uint64_t a3)
{
    (void)m, (void)cpu, (void)a2, (void)a3;
    /* SMCCC_VERSION and SMCCC_ARCH_FEATURES itself; no CPU-erratum workaround calls. */
    return (uint32_t)fid == 0x80000000u || (uint32_t)fid == 0x80000001u ? 0 : PSCI_NOT_SUPPORTED;
}

static const struct psci_function functions[] = {
    { 0x84000000u, false, psci_version },
    { 0x84000001u, true, psci_cpu_suspend },
    { 0x84000002u, false, psci_cpu_off },
    { 0x84000003u, true, psci_cpu_on },
    { 0x84000004u, true, psci_affinity_info },
    { 0x84000006u, false, psci_migrate_info_type },
    { 0x84000008u, false, psci_system_off },
    { 0x84000009u, false, psci_system_reset },
    { 0x8400000Au, false, psci_features },
    { 0x80000000u, false, smccc_version },
    { 0x80000001u, false, smccc_arch_features },
};

static const struct psci_function *lookup(uint32_t fid)
{
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        if (functions[i].id == fid)
            return &functions[i];
        if (functions[i].has64 && (functions[i].id | SMC64) == fid)
            return &functions[i];
    }
    return NULL;
}

static int64_t psci_features(struct elsim *m, struct cpu *cpu, uint64_t fid, uint64_t a2, uint64_t a3)
{
    (void)m, (void)cpu, (void)a2, (void)a3;
    /* Every implemented function, SMCCC_VERSION included (SMCCC 1.1 discovery goes through
     * PSCI_FEATURES). For CPU_SUSPEND 0 means: original power-state format, no OS-initiated
     * mode. */
    return lookup((uint32_t)fid) ? 0 : PSCI_NOT_SUPPORTED;
}

void psci_call(struct elsim *m, struct cpu *cpu)
{
    uint32_t fid = (uint32_t)cpu->r[0];
    const struct psci_function *f = lookup(fid);
    if (!f) {
        cpu->r[0] = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
        return;
    }
    /* SMC32 calls pass 32-bit arguments. */
    uint64_t mask = fid & SMC64 ? UINT64_MAX : UINT32_MAX;
    int64_t r = f->call(m, cpu, cpu->r[1] & mask, cpu->r[2] & mask, cpu->r[3] & mask);
    if (f->call == psci_cpu_off || f->call == psci_system_reset)
        return; /* these do not return to the caller */
    /* Results are sign-extended to 64 bits for both conventions, as QEMU's firmware does. */
    cpu->r[0] = (uint64_t)r;
}

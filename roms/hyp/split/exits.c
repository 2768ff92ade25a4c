/*
 * What the host kernel does with a guest exit (KVM's handle_exit.c: kvm_handle_exit and the
 * arm_exit_handlers table indexed by ESR_EL2.EC, and mmio.c: io_mem_abort).  It runs at EL1
 * after the lowvisor has switched the host's world back in; the guest's registers are in the
 * vCPU's saved context, where the handlers read arguments and write results.
 */
#include "split.h"

#define ISS_ISV     BIT(24)
#define ISS_SAS(i)  (((i) >> 22) & 3)
#define ISS_SSE     BIT(21)
#define ISS_SRT(i)  (((i) >> 16) & 0x1F)
#define ISS_SF      BIT(15)
#define ISS_WNR     BIT(6)

/* ISS of a trapped MSR/MRS (EC 0x18) without Rt and direction: op0, op2, op1, CRn, CRm. */
#define SYSREG_ISS_MASK 0x3FFC1E
#define ISS_SYSREG_RT(i) (((i) >> 5) & 0x1F)
#define ISS_SYSREG_READ  BIT(0)
#define ICC_SGI1R_EL1_ISS ISS_SYSREG(3, 5, 0, 12, 0, 11, 0)

static uint64_t get_reg(struct vcpu *v, unsigned r)
{
	return r == 31 ? 0 : v->ctxt.x[r];
}

static void set_reg(struct vcpu *v, unsigned r, uint64_t val)
{
	if (r != 31)
		v->ctxt.x[r] = val;
}

/* The trapped instruction is done: step over it (all A64 instructions are 4 bytes). */
static void skip_instr(struct vcpu *v)
{
	v->ctxt.pc += 4;
}

/* HVC #0 (ABI.md "Hypercalls").  The preferred return of an HVC is the next instruction. */
static enum exit_action handle_hvc(struct vcpu *v)
{
	uint64_t fn = v->ctxt.x[0];
	v->ctxt.x[0] = 0;
	switch (fn) {
	case HC_NOP:
		return RESUME;
	case HC_YIELD:
		host_vcpu_yield(v);
		return RESCHEDULE;
	case HC_INJECT:
		if (v->ctxt.x[1] >= NR_VIRQS)
			host_panic(v, "INJECT of an INTID the vGIC does not have");
		vgic_inject(v, (unsigned)v->ctxt.x[1], v->idx);
		return RESUME;
	case HC_DONE:
		host_vcpu_done(v);
		return RESCHEDULE;
	}
	v->ctxt.x[0] = ~0UL; /* SMCCC NOT_SUPPORTED */
	return RESUME;
}

/* A stage-2 data abort: an access to an emulated device (io_mem_abort).  The syndrome gives
 * the access (ISV = 1 for single loads and stores), HPFAR_EL2 the faulting IPA page. */
static enum exit_action handle_dabt(struct vcpu *v)
{
	uint64_t iss = ESR_ISS(v->fault.esr);
	if (!(iss & ISS_ISV))
		host_panic(v, "stage-2 abort without a valid syndrome");
	uint64_t ipa = ((v->fault.hpfar >> 4) << 12) | (v->fault.far & 0xFFF);
	unsigned size = 1U << ISS_SAS(iss);
	unsigned rt = ISS_SRT(iss);
	bool write = iss & ISS_WNR;
	uint64_t val = 0;
	if (write) {
		val = get_reg(v, rt);
		if (size < 8)
			val &= (1UL << (8 * size)) - 1;
	}
	if (!vgic_mmio_access(v, ipa, size, write, &val) &&
	    !io_mmio_access(v, ipa, size, write, &val))
		host_panic(v, "access to an IPA with no device");
	if (!write) {
		if ((iss & ISS_SSE) && size < 8 && (val >> (8 * size - 1)) & 1)
			val |= ~0UL << (8 * size);
		if (!(iss & ISS_SF))
			val &= 0xFFFFFFFF;
		set_reg(v, rt, val);
	}
	skip_instr(v);
	return RESUME;
}

/* A trapped system register access: with GICv3 the guest's SGIs (ICC_SGI1R_EL1 writes
 * trap under HCR_EL2.IMO, vgic_v3_dispatch_sgi). */
static enum exit_action handle_sysreg(struct vcpu *v)
{
	uint64_t iss = ESR_ISS(v->fault.esr);
	if ((iss & SYSREG_ISS_MASK) != ICC_SGI1R_EL1_ISS || (iss & ISS_SYSREG_READ))
		host_panic(v, "trapped system register access the host does not emulate");
	vgic_v3_sgi1r(v, get_reg(v, ISS_SYSREG_RT(iss)));
	skip_instr(v);
	return RESUME;
}

typedef enum exit_action (*exit_handler_t)(struct vcpu *v);

static const exit_handler_t arm_exit_handlers[64] = {
	[EC_HVC64] = handle_hvc,
	[EC_DABT_LOW] = handle_dabt,
	[EC_SYSREG] = handle_sysreg,
};

enum exit_action handle_exit(struct vcpu *v, uint64_t code)
{
	switch (code) {
	case EXIT_IRQ:
		/* The physical interrupt was taken by the host when it unmasked IRQs. */
		return RESUME;
	case EXIT_TRAP: {
		exit_handler_t h = arm_exit_handlers[ESR_EC(v->fault.esr)];
		if (!h)
			host_panic(v, "guest exit with an exception class the host does not handle");
		return h(v);
	}
	}
	host_panic(v, "SError from the guest");
}

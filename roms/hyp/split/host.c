/*
 * The host kernel of split, at EL1 (what Linux + KVM/ARM is in the paper's set-up).
 *
 * Boot (pCPU0): main() at EL2 installs the lowvisor on this pCPU and leaves EL2 for the host
 * kernel for good (enter_host).  The host owns the physical GIC (it runs with
 * HCR_EL2.IMO = 0: its interrupts are taken at EL1 through its own vectors), creates the two
 * VMs (stage-2 tables, guest image loaded into their RAM, vCPU reset state: KVM_CREATE_VM,
 * KVM_ARM_VCPU_INIT), brings pCPU1 up through PSCI and runs the vCPUs of its pCPU.
 *
 * The run loop (kvm_arch_vcpu_ioctl_run): with interrupts masked, flush the vCPU's pending
 * virtual interrupts into its list registers, kvm_call_hyp(__kvm_vcpu_run), sync the list
 * registers, unmask (the physical interrupt that made an EXIT_IRQ is taken here, by the host's
 * handler), then handle the exit (exits.c).  pCPU0 runs VM 0's vCPU 0 and VM 1's vCPU and
 * switches between them when one YIELDs (the host scheduler); pCPU1 runs VM 0's vCPU 1.
 */
#include "split.h"
#include "pagetable.h"

#define HOST_STACK_SIZE 0x4000
#define PSCI_CPU_OFF    0x84000002UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_CPU_ON64   0xC4000003UL

struct vm vms[NR_VMS];
unsigned split_gic;
unsigned split_nr_lrs;

static char host_stacks[NR_PCPUS][HOST_STACK_SIZE] __attribute__((aligned(16)));
static struct pt_pool s2_pool;
static uint64_t vtcr;
static volatile unsigned guest_errors;

extern char guest_image[], guest_image_end[];
extern char rt_vectors_el1[];
void enter_host(uint64_t entry, uint64_t sp_el1, uint64_t arg) __attribute__((noreturn));
void secondary_entry(uint64_t cpu);
void secondary_el2(uint64_t cpu) __attribute__((noreturn));

/* The vCPUs each pCPU time-shares (the host scheduler's run queue). */
struct runqueue {
	struct vcpu *vcpus[2];
	unsigned n, cur;
};
static struct runqueue rq[NR_PCPUS];

unsigned host_cpu(void)
{
	return (unsigned)(read_sysreg(mpidr_el1) & 0xFF);
}

void host_panic(struct vcpu *v, const char *why)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
	rt_printf("split: host on pCPU%u: %s", host_cpu(), why);
	if (v)
		rt_printf(" (VM %u vCPU %u, PC 0x%lx, ESR_EL2 0x%lx, FAR 0x%lx, HPFAR 0x%lx)",
			  v->vm->id, v->idx, (unsigned long)v->ctxt.pc,
			  (unsigned long)v->fault.esr, (unsigned long)v->fault.far,
			  (unsigned long)v->fault.hpfar);
	rt_printf("\n");
	semihost_exit(0x7B);
}

/* ---- interrupts of the host ---- */

/* The host's IRQ handler: the only physical interrupt it enables is the kick SGI, whose job
 * is done by the exit it caused (the run loop flushes the new pending state next). */
static void host_irq(struct rt_frame *f)
{
	(void)f;
	uint32_t iar = gic_ack();
	unsigned intid = GICC_IAR_INTID(iar); /* GICv2 SGIs carry the source CPU above */
	if (intid == GIC_INTID_SPURIOUS)
		return;
	gic_eoi(iar);
	if (intid != HOST_KICK_SGI) {
		rt_printf("split: physical INTID %u\n", intid);
		host_panic(NULL, "unexpected physical interrupt");
	}
}

/* kvm_vcpu_kick: make v's pCPU leave its guest so that it flushes the new state. */
void host_kick(struct vcpu *v)
{
	gic_send_sgi(HOST_KICK_SGI, 1U << v->pcpu);
}

/* ---- VM creation ---- */

/* KVM's stage-2 set-up (kvm_alloc_stage2_pgd + the memslot and device mappings): RAM, the
 * pass-through UART, and with GICv2 the guest's GICC frame onto GICV. The distributor,
 * redistributors and the I/O device stay unmapped: their accesses are stage-2 aborts. */
static void vm_stage2(struct vm *vm)
{
	struct pt s2;
	const uint64_t dev = PT_S2_DEVICE_nGnRE | PT_S2AP_RW | PT_AF | PT_XN;
	if (pt_init_s2(&s2, &s2_pool, 4096, 40, 1) ||
	    pt_map(&s2, GUEST_RAM_IPA, GUEST_RAM_PA(vm->id), GUEST_RAM_SIZE, PT_S2_RAM_RW) ||
	    pt_map_pages(&s2, GUEST_UART_IPA, GUEST_UART_IPA, 0x1000, dev) ||
	    (split_gic == 2 && pt_map_pages(&s2, GUEST_GICC_IPA, GICV_BASE, 0x2000, dev)))
		host_panic(NULL, "stage 2 pool exhausted");
	vm->vmid = vm->id + 1;
	vm->vttbr = pt_vttbr(&s2, vm->vmid);
	vtcr = pt_vtcr(&s2, pt_ps_encoding(40));
}

/* KVM_ARM_VCPU_INIT: the reset state of ABI.md "Entry". */
static void vcpu_init(struct vm *vm, unsigned idx, unsigned pcpu)
{
	struct vcpu *v = &vm->vcpus[idx];
	v->vm = vm;
	v->idx = idx;
	v->pcpu = pcpu;
	v->ctxt.pc = GUEST_RAM_IPA;
	v->ctxt.pstate = PSR_MODE_EL1h | PSR_DAIF;
	v->ctxt.x[0] = idx;
	v->ctxt.x[1] = vm->id;
	v->ctxt.x[2] = split_gic;
	v->ctxt.x[3] = 1; /* design = split */
	v->ctxt.sys[SR_MPIDR] = BIT(31) | idx;
	v->ctxt.sys[SR_SCTLR] = SCTLR_EL1_RES1;
	v->ctxt.sys[SR_CPACR] = 3UL << CPACR_FPEN_SHIFT;
	/* HCR_EL2 of a guest (HCR_GUEST_FLAGS): stage 2, physical IRQ/FIQ/SError to EL2
	 * (virtual ones to the guest), SMC trapped.  WFI is not trapped (ABI.md's guest
	 * sleeps in it). */
	v->hcr_el2 = HCR_RW | HCR_VM | HCR_IMO | HCR_FMO | HCR_AMO | HCR_TSC;
	v->mdcr_el2 = (read_sysreg(pmcr_el0) >> 11) & 0x1F; /* HPMN = N (ABI.md) */
	v->vttbr_el2 = vm->vttbr;
	v->vgic.hcr = GIC_HCR_EN;
	v->vgic.sre = 0x7;
	vgic_init_vcpu(v);
	rq[pcpu].vcpus[rq[pcpu].n++] = v;
}

static void vm_create(unsigned id, unsigned nr_vcpus)
{
	struct vm *vm = &vms[id];
	vm->id = id;
	vm->nr_vcpus = nr_vcpus;
	vm_stage2(vm);
	memcpy((void *)GUEST_RAM_PA(id), guest_image, (size_t)(guest_image_end - guest_image));
	vgic_init_vm(vm);
	for (unsigned i = 0; i < nr_vcpus; i++)
		vcpu_init(vm, i, i); /* ABI.md: vCPU n on pCPU n */
}

/* ---- the scheduler ---- */

static bool all_done(void)
{
	for (unsigned m = 0; m < NR_VMS; m++)
		for (unsigned i = 0; i < vms[m].nr_vcpus; i++)
			if (!vms[m].vcpus[i].done)
				return false;
	return true;
}

/* The next runnable vCPU of this pCPU after the current one (round robin), or NULL. */
static struct vcpu *pick_next(struct runqueue *q, unsigned from)
{
	for (unsigned k = 1; k <= q->n; k++) {
		unsigned i = (from + k) % q->n;
		if (!q->vcpus[i]->done) {
			q->cur = i;
			return q->vcpus[i];
		}
	}
	return NULL;
}

/* HVC YIELD: the host scheduler hands this pCPU to the other vCPU it runs (kvm_vcpu_yield_to). */
void host_vcpu_yield(struct vcpu *v)
{
	struct runqueue *q = &rq[v->pcpu];
	pick_next(q, q->cur);
}

void host_vcpu_done(struct vcpu *v)
{
	guest_errors += (unsigned)v->ctxt.x[1];
	v->done = true;
	dsb_sy();
	__asm__ volatile("sev");
}

static void print_stats(void)
{
	for (unsigned m = 0; m < NR_VMS; m++) {
		for (unsigned i = 0; i < vms[m].nr_vcpus; i++)
			rt_printf("split: VM %u vCPU %u: %lu exits\n", m, i,
				  (unsigned long)vms[m].vcpus[i].exits);
		rt_printf("split: VM %u: %lu I/O notifications served by the host's backend\n", m,
			  (unsigned long)vms[m].io_notifies);
	}
}

/* kvm_arch_vcpu_ioctl_run for every vCPU of this pCPU, until they are all done. */
static void __attribute__((noreturn)) run_loop(unsigned pcpu)
{
	struct runqueue *q = &rq[pcpu];
	struct vcpu *v = q->n ? q->vcpus[q->cur] : NULL;
	while (v) {
		__asm__ volatile("msr daifset, #2" ::: "memory");
		/* IN_GUEST_MODE before the flush: an injector on the other pCPU either sees it
		 * and kicks, or made its interrupt pending early enough for this flush. */
		v->in_guest = 1;
		__asm__ volatile("dmb ish" ::: "memory");
		vgic_flush_hwstate(v);
		uint64_t code = kvm_call_hyp(HYP_VCPU_RUN, (uint64_t)v);
		v->in_guest = 0;
		v->exits++;
		vgic_sync_hwstate(v);
		__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
		if (handle_exit(v, code) == RESCHEDULE)
			v = q->vcpus[q->cur]->done ? pick_next(q, q->cur) : q->vcpus[q->cur];
	}
	if (pcpu != 0) {
		__asm__ volatile("msr daifset, #0xf" ::: "memory");
		rt_smc(PSCI_CPU_OFF, 0, 0, 0);
		host_panic(NULL, "CPU_OFF returned");
	}
	while (!all_done())
		__asm__ volatile("wfe" ::: "memory");
	print_stats();
	if (guest_errors) {
		rt_printf("split: the guest reported %u errors\n", guest_errors);
		semihost_exit(1);
	}
	rt_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	host_panic(NULL, "SYSTEM_OFF returned");
}

/* The host kernel's per-pCPU start at EL1. */
static void host_cpu_setup(void)
{
	write_sysreg(vbar_el1, (uint64_t)rt_vectors_el1);
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	write_sysreg(cpacr_el1, 3UL << CPACR_FPEN_SHIFT);
	isb();
	gic_enable(HOST_KICK_SGI);
	kvm_call_hyp(HYP_SET_VTCR, vtcr);
}

static void host_secondary(uint64_t cpu)
{
	host_cpu_setup();
	run_loop((unsigned)cpu);
}

static void host_main(uint64_t cpu)
{
	rt_set_handler(1, VEC_CUR_SPX + VEC_IRQ, host_irq);
	gic_init_dist();
	pt_pool_init(&s2_pool, S2_POOL_BASE, S2_POOL_SIZE);
	vm_create(0, 2);
	vm_create(1, 1);
	host_cpu_setup();
	rt_printf("split: KVM-like split-mode hypervisor, GICv%u, %u list registers; "
		  "host kernel at EL1, lowvisor at EL2\n", split_gic, split_nr_lrs);
	dsb_sy();
	if (rt_smc(PSCI_CPU_ON64, 1, (uint64_t)secondary_entry, 1))
		host_panic(NULL, "PSCI CPU_ON of pCPU1 failed");
	run_loop((unsigned)cpu);
}

/* pCPU1 at EL2, from secondary_entry. */
void secondary_el2(uint64_t cpu)
{
	lowvisor_init_cpu();
	enter_host((uint64_t)host_secondary, (uint64_t)host_stacks[cpu] + HOST_STACK_SIZE, cpu);
}

/* pCPU0 at EL2, from the runtime's start.S. */
int main(void)
{
	split_gic = gic_detect();
	if (split_gic != SPLIT_GIC_VERSION) {
		rt_printf("split-v%u needs a GICv%u board (this one has GICv%u)\n",
			  SPLIT_GIC_VERSION, SPLIT_GIC_VERSION, split_gic);
		return 2;
	}
	gic_version = split_gic;
	unsigned lrs = gic_version == 3 ? GIC_VTR_LISTREGS(read_sysreg(ich_vtr_el2))
					: GIC_VTR_LISTREGS(mmio_read32(GICH_BASE + GICH_VTR));
	split_nr_lrs = lrs < NR_LRS_MAX ? lrs : NR_LRS_MAX;
	lowvisor_init_cpu();
	enter_host((uint64_t)host_main, (uint64_t)host_stacks[0] + HOST_STACK_SIZE, 0);
}

/*
 * type1: boot, VM construction and the physical CPUs (Xen: setup.c start_xen,
 * domain_build.c construct_domain, smpboot.c start_secondary).
 *
 * pCPU 0 boots (the ROM runtime's start.S has given it a stack and zeroed .bss), brings the
 * physical distributor up, builds the three VMs (RAM with the guest image, stage-2 tables,
 * VMID, vGIC, vCPUs), powers pCPUs 1 and 2 on with PSCI and, like them, configures EL2 and
 * enters the first vCPU of its run queue.  pCPU 3 stays off (ABI.md, "Physical CPUs").
 */
#include <stdarg.h>

#include "hyp.h"

#define PSCI_CPU_ON64 0xC4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL

#ifndef GIC_VERSION
#error "build with -DGIC_VERSION=2 or 3"
#endif

struct vm vms[NR_VMS];
struct pcpu pcpus[NR_PCPUS];
static struct vcpu vcpus[4];
static char vcpu_stacks[4][HYP_STACK_SIZE] __attribute__((aligned(16)));
static struct pt_pool s2_pool;

void hyp_secondary_main(uint64_t id);
void hyp_bad_exception(uint64_t esr, uint64_t elr, uint64_t far, uint64_t vec);

void psci_system_off(void)
{
	rt_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void hyp_panic(const char *why, ...)
{
	va_list ap;
	va_start(ap, why);
	rt_printf("type1: pCPU %lu: ", read_sysreg(mpidr_el1) & 0xFF);
	rt_vprintf(why, ap);
	va_end(ap);
	rt_printf("\n");
	semihost_exit(1);
}

void hyp_bad_exception(uint64_t esr, uint64_t elr, uint64_t far, uint64_t vec)
{
	hyp_panic("exception at EL2 (vector 0x%lx): ESR 0x%lx (%s) ELR 0x%lx FAR 0x%lx", vec, esr,
		  rt_ec_name(ESR_EC(esr)), elr, far);
}

/* A VM (Xen: domain_create + the p2m of construct_domain): its RAM holds a fresh copy of
 * the guest image; stage 2 maps guest RAM, the GICv2 CPU interface onto GICV (so the guest
 * acknowledges and completes virtual interrupts without trapping) and the UART; the
 * distributor, redistributors and the I/O device stay unmapped, so they trap. */
static void build_vm(unsigned id, unsigned nr_vcpus, const unsigned *pcpu_of)
{
	static unsigned next_vcpu;
	struct vm *vm = &vms[id];
	vm->id = id;
	vm->vmid = id + 1;
	vm->nr_vcpus = nr_vcpus;

	memcpy((void *)VM_RAM_PA(id), guest_image, (size_t)(guest_image_end - guest_image));
	if (pt_init_s2(&vm->s2, &s2_pool, 4096, 40, 1) ||
	    pt_map(&vm->s2, GUEST_RAM_IPA, VM_RAM_PA(id), GUEST_RAM_SIZE, PT_S2_RAM_RW) ||
	    pt_map_pages(&vm->s2, GUEST_UART_IPA, GUEST_UART_IPA, 0x1000,
			 PT_S2_DEVICE_nGnRE | PT_S2AP_RW | PT_AF | PT_XN) ||
	    (GIC_VERSION == 2 &&
	     pt_map_pages(&vm->s2, GUEST_GICC_IPA, GICV_BASE, 0x2000,
			  PT_S2_DEVICE_nGnRE | PT_S2AP_RW | PT_AF | PT_XN)))
		hyp_panic("VM %u: stage-2 tables", id);
	vm->vttbr = pt_vttbr(&vm->s2, vm->vmid);
	/* vm->dist is in .bss: the distributor starts in its reset state, all disabled. */
	for (unsigned i = 0; i < nr_vcpus; i++) {
		struct vcpu *v = &vcpus[next_vcpu];
		vcpu_init(v, vm, i, pcpu_of[i], vcpu_stacks[next_vcpu] + HYP_STACK_SIZE);
		next_vcpu++;
		vm->vcpu[i] = v;
		struct pcpu *p = &pcpus[pcpu_of[i]];
		p->runq[p->nr_runq++] = v;
	}
}

/* EL2 of one pCPU, then its first vCPU (Xen: start_secondary / init_traps). */
static void pcpu_setup(unsigned id) __attribute__((noreturn));
static void pcpu_setup(unsigned id)
{
	struct pcpu *p = &pcpus[id];
	p->id = id;
	write_sysreg(tpidr_el2, p);
	write_sysreg(vbar_el2, hyp_vectors);
	/* Stage 2 geometry is the same for every VM (4K granule, 40-bit IPA). */
	write_sysreg(vtcr_el2, pt_vtcr(&vms[0].s2, pt_ps_encoding(40)));
	/* The PMU stays the guest's (ABI.md, "Counting"): HPMN = PMCR.N, no traps. */
	write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11) & 0x1F);
	/* EL1 may read the physical counter; CNTVOFF_EL2 = 0 for every VM. */
	write_sysreg(cnthctl_el2, 3);
	write_sysreg(cntvoff_el2, 0);
	isb();
	gic_init_cpu();
	gic_enable(SGI_KICK);
	gic_enable(GIC_INTID_MAINT);
	vgic_init_pcpu(p);
	idle_loop(p); /* which runs the first vCPU of the run queue at once */
}

void hyp_secondary_main(uint64_t id)
{
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1);
	isb();
	pcpu_setup((unsigned)id);
}

int main(void)
{
	gic_version = GIC_VERSION;
	if (gic_detect() != GIC_VERSION)
		hyp_panic("built for GICv%u, the machine has GICv%u", GIC_VERSION, gic_detect());
	rt_printf("type1: Xen-like hypervisor, GICv%u, 3 VMs (VM 0: 2 vCPUs on pCPU 0-1, "
		  "VM 1 on pCPU 0, dom0 on pCPU 2)\n", GIC_VERSION);
	gic_init_dist();
	pt_pool_init(&s2_pool, S2_POOL_PA, S2_POOL_SIZE);
	build_vm(0, 2, (const unsigned[]){ 0, 1 });
	build_vm(1, 1, (const unsigned[]){ 0 });
	build_vm(DOM0, 1, (const unsigned[]){ 2 });
	__asm__ volatile("dsb ishst\n\ttlbi alle1is\n\tdsb ish\n\tisb" ::: "memory");
	for (unsigned id = 1; id <= 2; id++)
		if (rt_smc(PSCI_CPU_ON64, id, (uint64_t)hyp_secondary_entry, id))
			hyp_panic("PSCI CPU_ON of pCPU %u failed", id);
	pcpu_setup(0);
}

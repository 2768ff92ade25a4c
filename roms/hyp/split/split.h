/*
 * split: a KVM/ARM-like split-mode hypervisor (ARMv8.0, no VHE), as measured by Dall et al.,
 * ISCA 2016.  Two halves in one image, as in Linux with KVM:
 *
 *   - the host kernel at EL1 (host.c, exits.c, vgic.c, io.c): boots the pCPUs, owns the
 *     physical GIC, builds the VMs' stage-2 tables, and runs the "kvm" loop of each vCPU
 *     (kvm_arch_vcpu_ioctl_run): enter the guest through the lowvisor, handle the exit
 *     (kvm_handle_exit), flush/sync the virtual GIC state (kvm_vgic_flush/sync_hwstate);
 *   - the lowvisor at EL2 (lowvisor.c, lowvisor.S): the host's HVC gate, and the world switch
 *     (__kvm_vcpu_run of arch/arm64/kvm/hyp/switch.c): on every entry and every exit it saves
 *     one EL1 world (GP, FP/SIMD, EL1 system registers, VGIC and timer state) and restores the
 *     other, and flips HCR_EL2/VTTBR_EL2 between "host" (stage 2 off) and "guest".
 *
 * This header holds what both halves share: the vCPU structure, whose first part (struct
 * kvm_cpu_context) is laid out for lowvisor.S.
 */
#ifndef SPLIT_H
#define SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gic.h"
#include "rt.h"

/* ---- the machine as the hypervisor uses it ---- */
#define NR_PCPUS      2          /* pCPU0 and pCPU1 run the host kernel (ABI.md) */
#define NR_VMS        2
#define MAX_VCPUS     2          /* per VM */
#define NR_VIRQS      64         /* INTIDs 0..63: SGIs, PPIs and 32 SPIs (GICD_TYPER = 1) */
#define NR_LRS_MAX    4          /* list registers the lowvisor saves (runtime helpers: 4) */

/* Guest physical memory (ABI.md): RAM at IPA 0x4000_0000, 16 MiB, backed per VM. */
#define GUEST_RAM_IPA   UL(0x40000000)
#define GUEST_RAM_SIZE  UL(0x01000000)
#define GUEST_RAM_PA(vm) (UL(0x44000000) + (uint64_t)(vm) * GUEST_RAM_SIZE)
#define S2_POOL_BASE    UL(0x46000000)  /* stage-2 tables of both VMs */
#define S2_POOL_SIZE    UL(0x00100000)
#define GUEST_GICD_IPA  GICD_BASE
#define GUEST_GICC_IPA  GICC_BASE
#define GUEST_GICR_IPA  GICR_BASE
#define GUEST_IODEV_IPA UL(0x0A000000)
#define GUEST_IODEV_SIZE UL(0x200)
#define GUEST_UART_IPA  UL(0x09000000)

/* The guest's hypercalls (ABI.md, "Hypercalls"). */
enum { HC_NOP = 0, HC_YIELD = 1, HC_INJECT = 2, HC_DONE = 3 };

/* The host's physical SGI that kicks another pCPU out of its guest (KVM's kvm_vcpu_kick,
 * an IPI_RESCHEDULE). */
#define HOST_KICK_SGI 8
#define SPI_IO        48          /* the I/O device's virtual SPI (ABI.md) */

/* ---- the world-switched state (KVM's struct kvm_cpu_context) ---- */

/* EL1 system registers, in the order sysreg-sr.c switches them. */
enum sysreg_index {
	SR_MPIDR, SR_CSSELR, SR_SCTLR, SR_ACTLR, SR_CPACR, SR_TTBR0, SR_TTBR1, SR_TCR,
	SR_ESR, SR_AFSR0, SR_AFSR1, SR_FAR, SR_MAIR, SR_VBAR, SR_CONTEXTIDR, SR_AMAIR,
	SR_CNTKCTL, SR_PAR, SR_TPIDR_EL0, SR_TPIDRRO_EL0, SR_TPIDR_EL1, SR_SP_EL0, SR_SP_EL1,
	SR_ELR_EL1, SR_SPSR_EL1,
	NR_SYSREGS
};

struct kvm_cpu_context {
	uint64_t x[31];          /* offset 0: x0..x30 (lowvisor.S) */
	uint64_t pc;             /* 248: ELR_EL2 of the guest */
	uint64_t pstate;         /* 256: SPSR_EL2 of the guest */
	uint64_t host_ctxt;      /* 264: while a guest runs, the context to return to */
	uint64_t vregs[64];      /* 272: V0..V31, two words each (stp q) */
	uint64_t fpsr, fpcr;     /* 784, 792 */
	uint64_t sys[NR_SYSREGS];
};
#define CTXT_X(n)      (8 * (n))
#define CTXT_HOST      264
#define CTXT_VREGS     272
#define CTXT_FPSR      784
_Static_assert(offsetof(struct kvm_cpu_context, host_ctxt) == CTXT_HOST, "lowvisor.S layout");
_Static_assert(offsetof(struct kvm_cpu_context, vregs) == CTXT_VREGS, "lowvisor.S layout");
_Static_assert(offsetof(struct kvm_cpu_context, fpsr) == CTXT_FPSR, "lowvisor.S layout");

/* The virtual CPU interface of the GIC (KVM's struct vgic_v2_cpu_if / vgic_v3_cpu_if). */
struct vgic_cpu_if {
	uint64_t hcr, vmcr, misr, eisr, elrsr;
	uint64_t ap0r, ap1r;   /* GICv2: ap1r holds GICH_APR */
	uint64_t sre;          /* GICv3: the guest's ICC_SRE_EL1 */
	uint64_t lr[NR_LRS_MAX];
};

/* The guest's virtual timer (KVM's struct arch_timer_cpu). */
struct vtimer {
	uint64_t cntv_ctl, cntv_cval;
};

/* Why the guest stopped (KVM's ARM_EXCEPTION_*). */
enum exit_code { EXIT_TRAP = 0, EXIT_IRQ = 1, EXIT_SERROR = 2 };

/* Fault state captured at the exit (KVM's struct kvm_vcpu_fault_info). */
struct fault_info {
	uint64_t esr, far, hpfar;
};

/* One virtual interrupt's distributor state (KVM's struct vgic_irq). */
struct vgic_irq {
	uint8_t prio, targets, group, cfg;
	bool enabled;
	uint64_t irouter;       /* GICv3: affinity the SPI is routed to */
};

struct vm;

struct vcpu {
	struct kvm_cpu_context ctxt;        /* first: lowvisor.S addresses it through x0 */
	/* Set by the host, read by the lowvisor when it enters the guest. */
	uint64_t hcr_el2, vttbr_el2, mdcr_el2;
	struct vgic_cpu_if vgic;
	struct vtimer timer;
	struct fault_info fault;
	/* Host-only state. */
	struct vm *vm;
	unsigned idx;                       /* vCPU index in the VM (the guest's MPIDR Aff0) */
	unsigned pcpu;                      /* physical CPU it runs on */
	volatile unsigned in_guest;         /* 1 from before the flush to the exit: kick it */
	volatile uint64_t pending;          /* virtual interrupts waiting for a list register */
	volatile uint8_t sgi_source[16];    /* GICv2: the sending vCPU of each pending SGI */
	struct vgic_irq private_irqs[32];   /* SGIs and PPIs are banked per vCPU */
	bool done;                          /* HVC DONE seen */
	uint64_t exits;                     /* statistics, printed at the end */
};

struct vm {
	unsigned id;                        /* VM index (ABI.md x1) */
	unsigned vmid;                      /* VTTBR_EL2.VMID */
	unsigned nr_vcpus;
	struct vcpu vcpus[MAX_VCPUS];
	uint64_t vttbr;
	/* The emulated distributor (KVM's struct vgic_dist). */
	uint32_t gicd_ctlr;
	struct vgic_irq spis[NR_VIRQS - 32];
	/* The I/O device's backend state (io.c). */
	volatile uint64_t io_timestamp;
	uint64_t io_notifies;
};

extern struct vm vms[NR_VMS];
extern unsigned split_gic;                  /* 2 or 3: the board's GIC */
extern unsigned split_nr_lrs;               /* list registers used */

/* ---- the lowvisor's host interface (kvm_call_hyp): function numbers ---- */
enum hyp_fn { HYP_VCPU_RUN = 0, HYP_SET_VTCR = 1 };
/* HVC #0 from the host kernel with x0 = fn (lowvisor.S). */
uint64_t kvm_call_hyp(uint64_t fn, uint64_t a1);

/* lowvisor.c: runs at EL2. */
uint64_t hyp_dispatch(uint64_t fn, uint64_t a1);
void lowvisor_init_cpu(void);
/* lowvisor.S */
uint64_t __guest_enter(struct kvm_cpu_context *guest, struct kvm_cpu_context *host);
void __fpsimd_save_state(uint64_t *vregs);
void __fpsimd_restore_state(const uint64_t *vregs);
extern char __kvm_hyp_vector[];

/* ---- the host kernel ---- */
/* vgic.c: distributor emulation and list-register management. */
void vgic_init_vm(struct vm *vm);
void vgic_init_vcpu(struct vcpu *v);
/* Make intid pending for v (from any pCPU) and kick v's pCPU if v is in its guest. */
void vgic_inject(struct vcpu *v, unsigned intid, unsigned source);
void vgic_flush_hwstate(struct vcpu *v);    /* pending -> list registers, before entry */
void vgic_sync_hwstate(struct vcpu *v);     /* list registers -> state, after exit */
/* MMIO emulation of the distributor / redistributors: true if the IPA is theirs. */
bool vgic_mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val);
/* GICv3 ICC_SGI1R_EL1 write trapped to EL2. */
void vgic_v3_sgi1r(struct vcpu *v, uint64_t val);
struct vcpu *vgic_spi_target(struct vm *vm, unsigned intid);

/* io.c: the virtual I/O device's backend. */
bool io_mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val);

/* exits.c: kvm_handle_exit; RESCHEDULE when the vCPU gave up its pCPU (YIELD, DONE). */
enum exit_action { RESUME, RESCHEDULE };
enum exit_action handle_exit(struct vcpu *v, uint64_t code);

/* host.c */
void host_kick(struct vcpu *v);
void host_vcpu_yield(struct vcpu *v);
void host_vcpu_done(struct vcpu *v);
void host_panic(struct vcpu *v, const char *why) __attribute__((noreturn));
unsigned host_cpu(void);

/* Atomic OR, for bits another pCPU sets (LDXR/STXR: no outline atomics in a ROM). */
static inline void atomic_or64(volatile uint64_t *p, uint64_t bits)
{
	uint64_t old, tmp;
	unsigned fail;
	__asm__ volatile("1:	ldaxr	%0, [%3]\n"
			 "	orr	%1, %0, %4\n"
			 "	stlxr	%w2, %1, [%3]\n"
			 "	cbnz	%w2, 1b\n"
			 : "=&r"(old), "=&r"(tmp), "=&r"(fail)
			 : "r"(p), "r"(bits)
			 : "memory");
}

/* Atomic AND-NOT. */
static inline void atomic_andnot64(volatile uint64_t *p, uint64_t bits)
{
	uint64_t old, tmp;
	unsigned fail;
	__asm__ volatile("1:	ldaxr	%0, [%3]\n"
			 "	bic	%1, %0, %4\n"
			 "	stlxr	%w2, %1, [%3]\n"
			 "	cbnz	%w2, 1b\n"
			 : "=&r"(old), "=&r"(tmp), "=&r"(fail)
			 : "r"(p), "r"(bits)
			 : "memory");
}

/* Atomically take and clear all bits. */
static inline uint64_t atomic_xchg_zero64(volatile uint64_t *p)
{
	uint64_t old;
	unsigned fail;
	__asm__ volatile("1:	ldaxr	%0, [%2]\n"
			 "	stlxr	%w1, xzr, [%2]\n"
			 "	cbnz	%w1, 1b\n"
			 : "=&r"(old), "=&r"(fail)
			 : "r"(p)
			 : "memory");
	return old;
}

#endif

/*
 * type1: a Xen-like type-1 hypervisor for the ISCA 2016 microbenchmarks (roms/hyp/ABI.md).
 *
 * Everything runs at EL2 (as Xen on ARM): there is no host kernel.  Three VMs run the shared
 * guest image: VM 0 (two vCPUs, on pCPU 0 and pCPU 1), VM 1 (one vCPU, sharing pCPU 0 with
 * VM 0's vCPU 0) and the driver VM "dom0" (VM 2, one vCPU, alone on pCPU 2), which runs the
 * I/O backend and is told about guest I/O by a virtual interrupt, Xen's event channel upcall.
 *
 * Map of the parts to Xen's (xen/arch/arm):
 *   entry.S   arm64/entry.S: guest vectors, save/restore of the guest's GP registers only
 *   traps.c   traps.c: do_trap_guest_sync by ESR class, the hypercall table, do_trap_irq
 *   sched.c   domain.c: context_switch (ctxt_switch_from / ctxt_switch_to), the vCPU
 *             scheduler's yield, and the idle vCPU
 *   vgic.c    vgic.c, vgic-v2.c, vgic-v3.c, gic.c: distributor / redistributor emulation,
 *             vgic_inject_irq, vcpu_kick, gic_inject (list registers)
 *   vio.c     ioreq.c + event_channel.c: a trapped device access forwarded to the backend in
 *             dom0 by an event, and the backend's notify back
 *   main.c    setup.c, domain_build.c, smpboot.c: boot, VM construction, secondary CPUs
 */
#ifndef TYPE1_HYP_H
#define TYPE1_HYP_H

#include <stdbool.h>
#include <stdint.h>

#include "gic.h"
#include "pagetable.h"
#include "rt.h"

#define NR_PCPUS 4
#define NR_VMS 3       /* VM 0, VM 1, dom0 */
#define DOM0 2         /* the driver VM's index (its vCPU enters with x1 = 2) */
#define MAX_VCPUS 2    /* per VM */
#define NR_LRS_MAX 4   /* list registers used (the runtime helpers reach LR0-3) */
#define VGIC_NR_IRQS 64 /* SGIs, PPIs and SPIs 32-63: GICD_TYPER.ITLinesNumber = 1 */

/* The guest's IPA map (ABI.md). */
#define GUEST_RAM_IPA   UL(0x40000000)
#define GUEST_RAM_SIZE  UL(0x01000000)
#define GUEST_GICC_IPA  UL(0x08010000)
#define GUEST_GICR_IPA  UL(0x080A0000)
#define GUEST_UART_IPA  UL(0x09000000)
#define GUEST_VIO_IPA   UL(0x0A000000)
#define GUEST_VIO_SIZE  UL(0x200)

/* The hypercalls (ABI.md; HVC_IO_SIGNAL is type1's own, for the driver VM). */
enum {
	HVC_NOP = 0,
	HVC_YIELD = 1,
	HVC_INJECT = 2,
	HVC_DONE = 3,
	HVC_IO_SIGNAL = 4,
	NR_HYPERCALLS
};
#define HVC_ENOSYS ((uint64_t)-38)

/* The virtual I/O device (ABI.md) and the interrupts that carry its notifications. */
#define VIO_QUEUE_NOTIFY 0x050 /* 32-bit write from VM 0 */
#define VIO_TIMESTAMP    0x100 /* 64-bit read: the backend's last timestamp */
#define IRQ_EVTCHN 31          /* PPI: dom0's event-channel upcall (Xen's GUEST_EVTCHN_PPI) */
#define IRQ_IO 48              /* SPI: the device's interrupt in VM 0 */

/* Host memory: each VM's RAM, and the pool for stage-2 tables. */
#define VM_RAM_PA(vm)   (UL(0x48000000) + (uint64_t)(vm) * GUEST_RAM_SIZE)
#define S2_POOL_PA      UL(0x4C000000)
#define S2_POOL_SIZE    UL(0x00100000)

/* The physical SGI one pCPU sends another when it made a virtual interrupt pending for a
 * vCPU running there (Xen's smp_send_event_check / vcpu_kick). */
#define SGI_KICK 0

/* ---- the guest's general-purpose registers, as the trap entry saves them ---- */
struct frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};
#define FRAME_SIZE 272

/* ---- per-vCPU state that is only switched on a vCPU context switch ---- */
struct fp_ctx {
	__uint128_t q[32];
	uint64_t fpsr, fpcr;
} __attribute__((aligned(16)));

struct el1_ctx {
	uint64_t sctlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1, elr, spsr;
	uint64_t esr, far, afsr0, afsr1, par, csselr, cntkctl, mdscr;
	uint64_t vmpidr;
};

struct timer_ctx {
	uint64_t cntv_ctl, cntv_cval;
};

/* The virtual CPU interface as saved when the vCPU is not running (gic_save_state). */
struct vgic_hw {
	uint64_t hcr, vmcr, apr0, apr1;
	uint64_t lr[NR_LRS_MAX];
};

/* A single-producer single-consumer queue of virtual interrupts for one vCPU, one per
 * sending pCPU: the hypervisor runs with its MMU off (Device memory, so no exclusives), so
 * cross-CPU injection uses these instead of Xen's locked inflight list. */
struct mailbox {
	volatile uint32_t head; /* written by the sender */
	volatile uint32_t tail; /* written by the target's pCPU */
	volatile uint32_t irq[16]; /* intid | source vCPU << 16 */
};

/* What a switch of hypervisor stacks keeps (Xen: struct vcpu_arch saved_context):
 * the callee-saved registers x19-x30 and SP of the suspended hypervisor code. */
struct switch_ctx {
	uint64_t x19_x30[12];
	uint64_t sp;
};

struct vm;

struct vcpu {
	/* Each vCPU has its own hypervisor stack, as in Xen: the trap entry saves the guest's
	 * registers in the frame at its top, and a vCPU switch is a switch of stacks. */
	struct frame *regs;         /* the frame slot at the top of this vCPU's stack */
	struct switch_ctx ctx;      /* its hypervisor context while another runs */
	struct fp_ctx fp;
	struct el1_ctx el1;
	struct timer_ctx timer;
	struct vgic_hw vgic_hw;
	struct vm *vm;
	unsigned id, pcpu;
	volatile bool done;
	bool blocked;               /* in a trapped WFI, waiting for an interrupt */
	/* Software vGIC state (vgic.c): owned by the vCPU's pCPU. */
	uint32_t banked_enabled;    /* SGIs and PPIs */
	uint8_t banked_prio[32];
	uint64_t pending;           /* interrupts pending but not yet in a list register */
	uint8_t sgi_source[16];     /* GICv2: the sending vCPU of a pending SGI */
	uint32_t gicr_waker;
	struct mailbox inbox[NR_PCPUS];
};

/* The emulated distributor of one VM (vgic-v2.c / vgic-v3.c). */
struct vgic_dist {
	uint32_t ctlr;
	uint32_t spi_enabled;       /* SPIs 32-63 */
	uint32_t group[2];
	uint8_t prio[VGIC_NR_IRQS];
	uint8_t target[VGIC_NR_IRQS]; /* SPI -> vCPU index (ITARGETSR / IROUTER) */
	uint32_t icfg[4];
};

struct vm {
	unsigned id, vmid, nr_vcpus;
	struct vcpu *vcpu[MAX_VCPUS];
	struct pt s2;
	uint64_t vttbr;
	struct vgic_dist dist;
};

/* One physical CPU (Xen's per-CPU data + its run queue). */
struct pcpu {
	unsigned id;
	struct vcpu *current;
	struct vcpu *runq[2];      /* the vCPUs assigned to this pCPU (round-robin on YIELD) */
	unsigned nr_runq;
	struct switch_ctx idle_ctx; /* the idle loop's context (on the pCPU's own stack) */
	unsigned nr_lrs;
};

extern struct vm vms[NR_VMS];
extern struct pcpu pcpus[NR_PCPUS];
extern const char guest_image[], guest_image_end[];

static inline struct pcpu *this_pcpu(void)
{
	return (struct pcpu *)read_sysreg(tpidr_el2);
}

/* entry.S */
void switch_stack(struct switch_ctx *save, const struct switch_ctx *load);
void vcpu_first_run(void);
void hyp_secondary_entry(void);
void fp_save(struct fp_ctx *c);
void fp_restore(const struct fp_ctx *c);
extern char hyp_vectors[];
#define HYP_STACK_SIZE 0x4000

/* main.c */
void hyp_panic(const char *why, ...) __attribute__((noreturn, format(printf, 1, 2)));
void psci_system_off(void) __attribute__((noreturn));

/* sched.c */
void vcpu_init(struct vcpu *v, struct vm *vm, unsigned id, unsigned pcpu, char *stack_top);
void sched_yield(struct frame *f);
void vcpu_done(struct frame *f);
void vcpu_block(struct frame *f);
void sched_wake(struct pcpu *p);
void idle_loop(struct pcpu *p) __attribute__((noreturn));

/* vgic.c */
void vgic_init_pcpu(struct pcpu *p);
void vgic_save(struct vcpu *v);
void vgic_restore(struct vcpu *v);
void vgic_inject(struct vcpu *target, unsigned intid, unsigned source);
void vgic_flush(struct vcpu *v);
bool vgic_vcpu_pending(const struct vcpu *v, bool running);
void vgic_maintenance(void);
bool vgic_dist_access(struct vcpu *v, uint64_t offset, bool write, unsigned size, uint64_t *val);
bool vgic_redist_access(struct vcpu *v, uint64_t offset, bool write, unsigned size,
			uint64_t *val);
void vgic_sgi1r(struct vcpu *v, uint64_t val);

/* vio.c */
bool vio_access(struct vcpu *v, uint64_t offset, bool write, unsigned size, uint64_t *val);
void vio_backend_signal(uint64_t timestamp);

/* traps.c */
void leave_hypervisor(struct pcpu *p);

#endif

/*
 * The benchmark guest's kernel: boot, the (virtual) GIC, the IRQ handler and the roles that
 * are not the benchmark driver (see guest.h).
 *
 * The GIC is programmed as a guest OS does it, through the interface the hypervisor gives
 * (ABI.md): the distributor (and with GICv3 the redistributor) at its architected guest
 * addresses, where every access traps and is emulated; the CPU interface through GICC at
 * 0x0801_0000 (GICv2, really the GICV frame) or the ICC_* system registers (GICv3, really
 * ICV_*), which do not trap.
 */
#include "guest.h"

struct guest_shared gs;
unsigned guest_design;
static unsigned guest_vcpu;

void guest_main(uint64_t vcpu, uint64_t vm, uint64_t gic, uint64_t design);
void guest_irq(void);
void guest_fault(uint64_t esr, uint64_t elr, uint64_t far) __attribute__((noreturn));

/* ---- GIC (IHI 0048B chapter 4 for v2; IHI 0069 chapters 9 and 12 for v3) ---- */

static void gic_setup(unsigned vcpu, uint32_t banked_enables, uint32_t spi_enables_32_63)
{
	if (gic_version == 3) {
		/* The system-register interface (ICC_SRE_EL1.SRE), then affinity routing. */
		write_sysreg(icc_sre_el1, 1);
		isb();
		if (vcpu == 0)
			mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_EN_GRP1);
		uint64_t rd = GICR_BASE + vcpu * GICR_STRIDE;
		mmio_write32(rd + GICR_WAKER, 0);
		mmio_write32(rd + GICR_SGI_OFFSET + GICD_ISENABLER, banked_enables);
		if (spi_enables_32_63) {
			for (unsigned i = 0; i < 32; i++)
				if (spi_enables_32_63 & (1U << i))
					mmio_write64(GICD_BASE + GICD_IROUTER + 8 * (32 + i), vcpu);
		}
	} else {
		if (vcpu == 0)
			mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_EN_GRP0);
		mmio_write32(GICD_BASE + GICD_ISENABLER, banked_enables);
		if (spi_enables_32_63) {
			for (unsigned i = 0; i < 32; i++)
				if (spi_enables_32_63 & (1U << i))
					mmio_write32(GICD_BASE + GICD_ITARGETSR + 32 + i,
						     1U << vcpu); /* one byte per SPI */
		}
	}
	if (spi_enables_32_63)
		mmio_write32(GICD_BASE + GICD_ISENABLER + 4, spi_enables_32_63);
	gic_init_cpu_iface(); /* PMR 0xFF, BPR minimum, EOImode 0, group enabled */
}

/* ---- interrupts ---- */

/* The IRQ handler (from start.S): acknowledge, timestamp (the "handler runs" instant of
 * Virtual IPI and I/O Latency In), act, EOI. */
void guest_irq(void)
{
	uint32_t iar = virq_ack();
	uint64_t now = counter_ticks();
	switch (GICC_IAR_INTID(iar)) {
	case GIC_INTID_SPURIOUS:
		return;
	case IRQ_IPI_PING:
		gs.ipi_t1 = now;
		gic_send_sgi(2, 1U << 0);
		break;
	case IRQ_IPI_PONG:
		gs.ipi_pong = 1;
		break;
	case IRQ_IPI_FINISH:
		gs.finish = 1;
		break;
	case IRQ_IO:
		gs.io_t = now;
		gs.io_done = 1;
		break;
	case IRQ_EVTCHN:
		/* The backend runs: its timestamp is both the end of I/O Latency Out and the
		 * start of I/O Latency In; signal the guest at once (Xen: the backend's
		 * notify_remote_via_evtchn after it consumed the request). */
		hvc(HVC_IO_SIGNAL, now);
		break;
	default:
		gs.unexpected++;
		break;
	}
	virq_eoi(iar);
}

void guest_wait_flag(volatile unsigned *flag)
{
	while (!*flag) {
		__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
	}
}

void guest_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	rt_printf("guest: vCPU %u unexpected exception ESR=0x%lx ELR=0x%lx FAR=0x%lx\n",
		  guest_vcpu, esr, elr, far);
	hvc(HVC_DONE, 1);
	for (;;)
		__asm__ volatile("wfi");
}

static void done(void) __attribute__((noreturn));
static void done(void)
{
	hvc(HVC_DONE, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* ---- the roles ---- */

void guest_main(uint64_t vcpu, uint64_t vm, uint64_t gic, uint64_t design)
{
	guest_vcpu = (unsigned)vcpu;
	gic_version = (unsigned)gic;
	guest_design = (unsigned)design;

	if (vm == 1) {
		/* VM Switch partner: one YIELD to hand the CPU back after booting, then one
		 * per YIELD of VM 0. */
		for (unsigned i = 0; i < VM1_YIELDS; i++)
			hvc(HVC_YIELD, 0);
		done();
	}
	if (vm == 2) {
		/* type1's driver VM: the I/O backend, woken by its event-channel upcall. */
		gic_setup(0, 1U << IRQ_EVTCHN, 0);
		static volatile unsigned never;
		guest_wait_flag(&never);
		done();
	}
	if (vcpu == 1) {
		gic_setup(1, (1U << IRQ_IPI_PING) | (1U << IRQ_IPI_FINISH), 0);
		gs.vcpu1_ready = 1;
		guest_wait_flag(&gs.finish);
		done();
	}
	gic_setup(0, 1U << IRQ_IPI_PONG, 1U << (IRQ_IO - 32));
	bench_main();
}

/*
 * The benchmark guest (roms/hyp/ABI.md): what its two files share.
 *
 * One image plays every role; the entry registers choose it:
 *   VM 0 vCPU 0  the benchmark driver (bench.c): runs the seven benchmarks, prints `paper:`
 *   VM 0 vCPU 1  the Virtual IPI target: answers SGI 1 with SGI 2, ends on SGI 3
 *   VM 1 vCPU 0  the other side of VM Switch: yields back as often as VM 0 yields to it
 *   VM 2 vCPU 0  type1 only: the driver VM's I/O backend ("dom0"), see ABI.md, "type1"
 */
#ifndef HYP_GUEST_H
#define HYP_GUEST_H

#include <stdint.h>

#include "gic.h"
#include "rt.h"

/* Hypercalls (ABI.md, "Hypercalls"): HVC #0, function in x0, result in x0. */
enum {
	HVC_NOP = 0,
	HVC_YIELD = 1,
	HVC_INJECT = 2,
	HVC_DONE = 3,
	HVC_IO_SIGNAL = 4, /* type1's driver VM only: x1 = timestamp; raise SPI 48 in VM 0 */
};

static inline uint64_t hvc(uint64_t fn, uint64_t arg)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = arg;
	__asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

/* Interrupts the guest uses. */
#define IRQ_IPI_PING   GIC_SGI(1) /* vCPU 0 -> vCPU 1: the Virtual IPI */
#define IRQ_IPI_PONG   GIC_SGI(2) /* vCPU 1 -> vCPU 0: "handled", ends vCPU 0's wait */
#define IRQ_IPI_FINISH GIC_SGI(3) /* vCPU 0 -> vCPU 1: the benchmarks are over */
#define IRQ_EVTCHN     GIC_PPI(15) /* INTID 31: the driver VM's event-channel upcall (Xen's) */
#define IRQ_IO         GIC_SPI(16) /* INTID 48: the virtual device's interrupt */

/* The virtual I/O device (ABI.md, "The virtual I/O device"). */
#define VIO_BASE        UL(0x0A000000)
#define VIO_QUEUE_NOTIFY 0x050 /* 32-bit write: notify the backend */
#define VIO_TIMESTAMP    0x100 /* 64-bit read: the backend's last timestamp (counter ticks) */

/* Iterations: warm-up ones are not counted. */
#define BENCH_WARMUP 10
#define BENCH_ITERS  1000 /* same-CPU benchmarks */
#define BENCH_CROSS_ITERS 200 /* cross-CPU benchmarks (Virtual IPI, I/O) */
/* VM 1 yields once to start (VM 0's first YIELD boots it), then once per VM 0 YIELD. */
#define VM1_YIELDS (1 + BENCH_WARMUP + BENCH_ITERS)

/* State shared by the vCPUs of VM 0 and written by the IRQ handler (guest.c). */
struct guest_shared {
	volatile unsigned vcpu1_ready;
	volatile unsigned ipi_pong;    /* vCPU 0: SGI 2 seen */
	volatile unsigned finish;      /* vCPU 1: SGI 3 seen */
	volatile unsigned io_done;     /* vCPU 0: SPI 48 seen */
	volatile uint64_t ipi_t1;      /* vCPU 1: CNTVCT when its SGI 1 handler ran */
	volatile uint64_t io_t;        /* vCPU 0: CNTVCT when its SPI 48 handler ran */
	volatile unsigned unexpected;  /* interrupts nobody asked for */
};
extern struct guest_shared gs;
extern unsigned guest_design;

static inline uint64_t counter_ticks(void)
{
	uint64_t v;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

/* Acknowledge and complete a (virtual) interrupt the way Linux's GIC drivers do
 * (gic_handle_irq / gic_eoi_irq): GICv2 with relaxed accesses to GICC_IAR / GICC_EOIR (here
 * the GICV frame), GICv3 with ICC_IAR1_EL1 then DSB SY, ICC_EOIR1_EL1 then ISB.  Neither
 * traps: this is all of Virtual IRQ Completion. */
static inline uint32_t virq_ack(void)
{
	uint64_t iar;
	if (gic_version == 3)
		__asm__ volatile("mrs %0, icc_iar1_el1\n\tdsb sy" : "=r"(iar)::"memory");
	else
		iar = mmio_read32(GICC_BASE + GICC_IAR);
	return (uint32_t)iar;
}

static inline void virq_eoi(uint32_t iar)
{
	if (gic_version == 3)
		__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" ::"r"((uint64_t)iar) : "memory");
	else
		mmio_write32(GICC_BASE + GICC_EOIR, iar);
}

/* Wait, interrupts masked between checks, until *flag is set: WFI (not trapped: the
 * physical CPU sleeps, so it costs no model time), then open the IRQ window. */
void guest_wait_flag(volatile unsigned *flag);

void bench_main(void) __attribute__((noreturn));

#endif

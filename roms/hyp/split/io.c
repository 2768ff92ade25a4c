/*
 * The benchmark's virtual I/O device (ABI.md, "The virtual I/O device") and its backend, which
 * in split runs in the host kernel, on the pCPU that took the guest's trap: KVM's ioeventfd
 * path straight into an in-kernel backend (vhost), then irqfd injection of the device's
 * interrupt (kvm_vgic_inject_irq), which reaches the guest through a list register when the
 * host re-enters it.
 */
#include "split.h"
#include "timer.h"

#define VIO_QUEUE_NOTIFY 0x050
#define VIO_TIMESTAMP    0x100

/* The backend: it runs now (its timestamp ends I/O Latency Out), consumes the request
 * (there is nothing in it) and signals the guest at once (the start of I/O Latency In). */
static void io_backend_notify(struct vcpu *v)
{
	struct vm *vm = v->vm;
	vm->io_timestamp = timer_cntvct();
	vm->io_notifies++;
	vgic_inject(vgic_spi_target(vm, SPI_IO), SPI_IO, 0);
}

bool io_mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val)
{
	if (ipa < GUEST_IODEV_IPA || ipa >= GUEST_IODEV_IPA + GUEST_IODEV_SIZE)
		return false;
	uint64_t off = ipa - GUEST_IODEV_IPA;
	if (write && off == VIO_QUEUE_NOTIFY && size == 4)
		io_backend_notify(v);
	else if (!write && off == VIO_TIMESTAMP && size == 8)
		*val = v->vm->io_timestamp;
	else
		host_panic(v, "unhandled access to the I/O device");
	return true;
}

/*
 * The benchmark's virtual I/O device and its backend in the driver VM (Xen: an ioreq server
 * in dom0 notified through an event channel, and the backend's notify back).
 *
 * VM 0's QueueNotify write traps (the device is not mapped at stage 2); the hypervisor does
 * no device work itself: it raises dom0's event-channel upcall, a virtual PPI (INTID 31, as
 * Xen's GUEST_EVTCHN_PPI), on dom0's vCPU, which runs on pCPU 2, so the upcall crosses pCPUs
 * with a physical SGI (vgic_inject).  The backend answers with HVC_IO_SIGNAL: its
 * timestamp becomes the device's word at 0x100 and the device interrupt, SPI 48, is made
 * pending in VM 0's vCPU that the SPI is routed to (on pCPU 0: another SGI).
 */
#include "hyp.h"

static volatile uint64_t backend_timestamp;

bool vio_access(struct vcpu *v, uint64_t off, bool write, unsigned size, uint64_t *val)
{
	if (v->vm->id != 0)
		return false; /* only VM 0 has the device */
	if (off == VIO_QUEUE_NOTIFY && write && size == 4) {
		struct vcpu *backend = vms[DOM0].vcpu[0];
		vgic_inject(backend, IRQ_EVTCHN, 0);
		return true;
	}
	if (off == VIO_TIMESTAMP && !write && size == 8) {
		*val = backend_timestamp;
		return true;
	}
	return false;
}

void vio_backend_signal(uint64_t timestamp)
{
	backend_timestamp = timestamp;
	dsb_sy(); /* the timestamp is visible before the interrupt that announces it */
	struct vm *guest = &vms[0];
	vgic_inject(guest->vcpu[guest->dist.target[IRQ_IO]], IRQ_IO, 0);
}

/* What the ROMs that run a guest under a virtual GIC share: the guest's stage 2. */
#ifndef VGIC_TEST_H
#define VGIC_TEST_H

#include "gic.h"
#include "mmu-test.h"

/* VMID 1, 40-bit IPA, 4K granule: RAM identity-mapped, and with GICv2 the guest's GICC frame
 * mapped onto GICV (as KVM does), so the guest's CPU interface is the virtual one; stage 2 and
 * physical IRQ/FIQ routing to EL2 on. */
static inline void vgic_guest_stage2(struct pt_pool *pool, struct pt *s2)
{
	pt_pool_init(pool, MMU_POOL_BASE, MMU_POOL_SIZE);
	pt_init_s2(s2, pool, 4096, 40, 1);
	pt_map(s2, 0x40000000, 0x40000000, 0x40000000, PT_S2_RAM_RW);
	if (GIC_VERSION == 2)
		pt_map_pages(s2, GICC_BASE, GICV_BASE, 0x2000,
			     PT_S2_DEVICE_nGnRE | PT_S2AP_RW | PT_AF | PT_XN);
	write_sysreg(vtcr_el2, pt_vtcr(s2, pt_ps_encoding(40)));
	write_sysreg(vttbr_el2, pt_vttbr(s2, 1));
	write_sysreg(hcr_el2, HCR_RW | HCR_VM | HCR_IMO | HCR_FMO);
	isb();
	tlbi_vmalls12e1is();
}

#endif

/*
 * Boot glue of split: how a pCPU goes from the firmware's EL2 entry to the host kernel at
 * EL1 (Linux's el2_setup + the KVM init, in one step), and the embedded guest image.
 *
 * pCPU0 enters through the runtime's start.S (EL2, SP_EL2 = the runtime's EL2 stack) and
 * main(); the host brings pCPU1 up with PSCI CPU_ON at secondary_entry (EL2, x0 = the pCPU
 * number), which takes its own EL2 stack and calls secondary_el2().
 */
#include "asm.h"

#define EL2_STACK_SIZE	0x4000
#define PSR_EL1H_DAIF	0x3c5	/* SPSR: EL1h with D, A, I, F masked */

	.text
	.global	secondary_entry
secondary_entry:
	percpu_stack el2_stacks, EL2_STACK_SIZE
	bl	secondary_el2
1:	b	1b

	/* void enter_host(uint64_t entry, uint64_t sp_el1, uint64_t arg): leave EL2 for good,
	 * continuing at entry(arg) at EL1h, interrupts masked, SP_EL1 = sp_el1.  From now on
	 * EL2 is only reached by exceptions: the lowvisor's vectors. */
	.global	enter_host
enter_host:
	msr	sp_el1, x1
	msr	elr_el2, x0
	mov	x3, #PSR_EL1H_DAIF
	msr	spsr_el2, x3
	mov	x0, x2
	eret

	.bss
	.balign	16
el2_stacks:
	.skip	2 * EL2_STACK_SIZE	/* pCPU1's (the pCPU0 slot is unused: start.S's) */

	/* The guest kernel image the host loads into each VM (build/roms/hyp/guest/guest.bin). */
	.section .rodata.guest, "a"
	.balign	16
	.global	guest_image, guest_image_end
guest_image:
	.incbin	"guest.bin"
guest_image_end:

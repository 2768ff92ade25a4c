/*
 * MMIO emulation from the instruction syndrome (issue 3, ROM test (d)).
 *
 * The hypervisor leaves the guest's "device" page (IPA DEV_IPA, nothing behind it) unmapped
 * at stage 2.  Each guest access there is a stage 2 Translation fault (level 1: the level-1
 * entry is empty) taken to EL2 as EC 0x24.  For a single general-purpose load or store
 * without writeback the ESR_EL2 carries a valid instruction syndrome (ISV=1): SAS (access
 * size), SSE (sign-extend), SRT (the register, 31 = XZR/WZR), SF (64-bit register), AR
 * and WnR (ARM ARM, ESR_ELx ISS encoding for a Data Abort).  Like KVM, the hypervisor
 * emulates the access from the syndrome alone, on a 64-byte little-endian register file,
 * using the address IPA = HPFAR_EL2.FIPA:FAR_EL2[11:0]; it writes a loaded value
 * (extended as SSE/SF say) into the guest's saved Xt, and steps ELR_EL2 over the
 * instruction.  Load pair and writeback forms have no syndrome (ISV=0): the hypervisor
 * records them and skips them.
 */
#include "mmu-test.h"

#define DEV_IPA UL(0x20000000) /* level 1 index 0: no stage 2 table below it */

/* The guest: x0 = device base; it stores its registers in results[] at the end. */
__asm__(
	".pushsection .text.mmu_mmio_guest, \"ax\"\n"
	".global mmio_guest\n"
	"mmio_guest:\n"
	"	adrp	x1, results\n"
	"	add	x1, x1, :lo12:results\n"
	"	movz	x2, #0x2211\n"
	"	movk	x2, #0x4433, lsl #16\n"
	"	movk	x2, #0x6655, lsl #32\n"
	"	movk	x2, #0x8877, lsl #48\n"
	"	str	x2, [x0]\n"                 /*  0: 8-byte store, SRT=2 */
	"	movz	w3, #0xbeef\n"
	"	movk	w3, #0xdead, lsl #16\n"
	"	str	w3, [x0, #0x08]\n"         /*  1: 4-byte store, SRT=3 */
	"	mov	w4, #0xa55a\n"
	"	strh	w4, [x0, #0x0c]\n"         /*  2: 2-byte store, SRT=4 */
	"	mov	w5, #0x7e\n"
	"	strb	w5, [x0, #0x0f]\n"         /*  3: 1-byte store, SRT=5 */
	"	str	xzr, [x0, #0x10]\n"        /*  4: SRT=31 stores 0 */
	"	str	wzr, [x0, #0x18]\n"        /*  5: SRT=31, 4 bytes */
	"	ldr	x6, [x0]\n"                /*  6: SAS=3 SF=1 */
	"	ldr	w7, [x0, #0x04]\n"         /*  7: SAS=2 SF=0 */
	"	ldrh	w8, [x0, #0x02]\n"         /*  8: SAS=1 */
	"	ldrb	w10, [x0, #0x07]\n"        /*  9: SAS=0 */
	"	ldrsb	x11, [x0, #0x07]\n"        /* 10: SSE=1 SF=1 */
	"	ldrsb	w12, [x0, #0x07]\n"        /* 11: SSE=1 SF=0 */
	"	ldrsh	x13, [x0, #0x06]\n"        /* 12: SSE=1 SF=1, SAS=1 */
	"	ldrsw	x14, [x0, #0x04]\n"        /* 13: SSE=1 SF=1, SAS=2 */
	"	ldrsh	w15, [x0, #0x0c]\n"        /* 14: SSE=1 SF=0: 0xffffa55a */
	"	ldr	x16, [x0, #0x10]\n"        /* 15: the 0 stored from XZR */
	"	mov	x9, #2\n"
	"	ldr	w17, [x0, x9, lsl #2]\n"   /* 16: register offset, still ISV=1 */
	"	ldr	x28, [x0, #0x20]\n"        /* 17: preset by the hypervisor, SRT=28 */
	"	ldr	xzr, [x0, #0x28]\n"        /* 18: SRT=31, value discarded */
	"	ldrb	w19, [x0, #0x0f]\n"        /* 19: the byte stored by 3 */
	"	ldar	x20, [x0, #0]\n"            /* 20: no offset allowed: x0 itself, AR=1 */
	"	mov	x21, #0x55\n"
	"	mov	x22, #0x66\n"
	"	ldp	x21, x22, [x0, #0x20]\n"   /* 21: load pair: ISV=0 */
	"	mov	x23, x0\n"
	"	mov	x24, #0x77\n"
	"	ldr	x24, [x23, #8]!\n"         /* 22: pre-index writeback: ISV=0 */
	"	str	x2, [x23], #8\n"           /* 23: post-index writeback: ISV=0 */
	"	stp	x6, x7, [x1, #0x00]\n"
	"	stp	x8, x10, [x1, #0x10]\n"
	"	stp	x11, x12, [x1, #0x20]\n"
	"	stp	x13, x14, [x1, #0x30]\n"
	"	stp	x15, x16, [x1, #0x40]\n"
	"	stp	x17, x28, [x1, #0x50]\n"
	"	stp	x19, x20, [x1, #0x60]\n"
	"	stp	x21, x22, [x1, #0x70]\n"
	"	stp	x23, x24, [x1, #0x80]\n"
	"	mov	x0, #0\n"
	"	ret\n"
	".popsection\n");
extern char mmio_guest[];

static struct pt_pool pool;
static struct pt s2;

/* The emulated device: 64 bytes of registers, little-endian. */
static uint8_t dev[64] __attribute__((aligned(16)));

#define MAX_LOG 32
static struct s2_exc mlog[MAX_LOG];
static unsigned nlog;
uint64_t results[18] __attribute__((aligned(16), used));

static uint64_t sign_extend(uint64_t v, unsigned bits)
{
	uint64_t m = UL(1) << (bits - 1);
	return (v ^ m) - m;
}

static void mmio_handler(struct rt_frame *f)
{
	if (f->vec != VEC_LOWER_A64 + VEC_SYNC || ESR_EC(f->esr) != EC_DABT_LOW)
		mmu_test_abort("mmio: unexpected exception at EL2", f);
	if (nlog == MAX_LOG)
		mmu_test_abort("mmio: too many faults", f);
	struct s2_exc *e = &mlog[nlog++];
	e->esr = f->esr;
	e->far = f->far;
	e->hpfar = read_sysreg(hpfar_el2);
	e->elr = f->elr;

	const uint64_t iss = ESR_ISS(f->esr);
	const uint64_t ipa = ((e->hpfar >> 4) << 12) | (f->far & 0xFFF);
	f->elr += 4;
	if (!(iss & ISS_ISV) || ipa < DEV_IPA || ipa >= DEV_IPA + sizeof(dev))
		return; /* cannot emulate: skipped (and the log says so) */

	const unsigned size = 1u << ((iss >> 22) & 3);
	const unsigned srt = (iss >> 16) & 31;
	const unsigned off = (unsigned)(ipa - DEV_IPA);
	if (off + size > sizeof(dev))
		return;
	if (iss & ISS_WNR) {
		uint64_t v = srt == 31 ? 0 : f->x[srt];
		for (unsigned i = 0; i < size; i++)
			dev[off + i] = (uint8_t)(v >> (8 * i));
	} else {
		uint64_t v = 0;
		for (unsigned i = 0; i < size; i++)
			v |= (uint64_t)dev[off + i] << (8 * i);
		if ((iss & ISS_SSE) && size < 8)
			v = sign_extend(v, 8 * size);
		if (!(iss & ISS_SF))
			v &= 0xFFFFFFFF;
		if (srt != 31)
			f->x[srt] = v;
	}
}

struct expect {
	const char *name;
	uint64_t iss;
	unsigned off;
};

int main(void)
{
	rt_record_all();
	rt_set_handler(2, VEC_LOWER_A64 + VEC_SYNC, mmio_handler);
	pt_pool_init(&pool, MMU_POOL_BASE, MMU_POOL_SIZE);
	pt_init_s2(&s2, &pool, 4096, 40, 1);
	pt_map(&s2, 0x40000000, 0x40000000, 0x400000, PT_S2_RAM_RW);

	for (unsigned i = 0; i < sizeof(dev); i++)
		dev[i] = (uint8_t)(0xC0 + i);
	write_sysreg(vtcr_el2, pt_vtcr(&s2, pt_ps_encoding(40)));
	write_sysreg(vttbr_el2, pt_vttbr(&s2, 3));
	write_sysreg(hcr_el2, HCR_RW | HCR_VM);
	isb();
	tlbi_vmalls12e1is();

	uint64_t r = rt_run_el1((rt_lower_fn)(void *)mmio_guest, DEV_IPA);

	write_sysreg(hcr_el2, HCR_RW);
	isb();
	tlbi_vmalls12e1is();
	CHECK("mmio-guest-returned", r, 0);

	const uint64_t T = FSC_TRANS(1);
	const struct expect exp[] = {
		{ "str-x2", ISS_DABT_ISV(3, 0, 2, 1, 1, T), 0x00 },
		{ "str-w3", ISS_DABT_ISV(2, 0, 3, 0, 1, T), 0x08 },
		{ "strh-w4", ISS_DABT_ISV(1, 0, 4, 0, 1, T), 0x0c },
		{ "strb-w5", ISS_DABT_ISV(0, 0, 5, 0, 1, T), 0x0f },
		{ "str-xzr", ISS_DABT_ISV(3, 0, 31, 1, 1, T), 0x10 },
		{ "str-wzr", ISS_DABT_ISV(2, 0, 31, 0, 1, T), 0x18 },
		{ "ldr-x6", ISS_DABT_ISV(3, 0, 6, 1, 0, T), 0x00 },
		{ "ldr-w7", ISS_DABT_ISV(2, 0, 7, 0, 0, T), 0x04 },
		{ "ldrh-w8", ISS_DABT_ISV(1, 0, 8, 0, 0, T), 0x02 },
		{ "ldrb-w10", ISS_DABT_ISV(0, 0, 10, 0, 0, T), 0x07 },
		{ "ldrsb-x11", ISS_DABT_ISV(0, 1, 11, 1, 0, T), 0x07 },
		{ "ldrsb-w12", ISS_DABT_ISV(0, 1, 12, 0, 0, T), 0x07 },
		{ "ldrsh-x13", ISS_DABT_ISV(1, 1, 13, 1, 0, T), 0x06 },
		{ "ldrsw-x14", ISS_DABT_ISV(2, 1, 14, 1, 0, T), 0x04 },
		{ "ldrsh-w15", ISS_DABT_ISV(1, 1, 15, 0, 0, T), 0x0c },
		{ "ldr-x16", ISS_DABT_ISV(3, 0, 16, 1, 0, T), 0x10 },
		{ "ldr-w17-regoff", ISS_DABT_ISV(2, 0, 17, 0, 0, T), 0x08 },
		{ "ldr-x28", ISS_DABT_ISV(3, 0, 28, 1, 0, T), 0x20 },
		{ "ldr-xzr", ISS_DABT_ISV(3, 0, 31, 1, 0, T), 0x28 },
		{ "ldrb-w19", ISS_DABT_ISV(0, 0, 19, 0, 0, T), 0x0f },
		{ "ldar-x20", ISS_DABT_ISV(3, 0, 20, 1, 0, T) | ISS_AR, 0x00 },
		{ "ldp-isv0", T, 0x20 },
		{ "ldr-preindex-isv0", T, 0x08 },
		{ "str-postindex-isv0", ISS_WNR | T, 0x00 },
	};
	const unsigned n = sizeof(exp) / sizeof(exp[0]);
	CHECK("mmio-fault-count", nlog, n);
	for (unsigned i = 0; i < n && i < nlog; i++) {
		rt_check_field(exp[i].name, "esr", mlog[i].esr, ESR_MAKE(EC_DABT_LOW, exp[i].iss));
		rt_check_field(exp[i].name, "far", mlog[i].far, DEV_IPA + exp[i].off);
		rt_check_field(exp[i].name, "hpfar", mlog[i].hpfar, HPFAR_OF(DEV_IPA));
	}

	/* What the guest read (through the emulation) and what the device holds. */
	const uint64_t v0 = 0x8877665544332211;
	struct {
		const char *name;
		uint64_t expected;
	} res[] = {
		{ "x6-ldr", v0 },
		{ "x7-ldr-w", 0x88776655 },
		{ "x8-ldrh", 0x4433 },
		{ "x10-ldrb", 0x88 },
		{ "x11-ldrsb-x", 0xFFFFFFFFFFFFFF88 },
		{ "x12-ldrsb-w", 0xFFFFFF88 },
		{ "x13-ldrsh-x", 0xFFFFFFFFFFFF8877 },
		{ "x14-ldrsw", 0xFFFFFFFF88776655 },
		{ "x15-ldrsh-w", 0xFFFFA55A },
		{ "x16-xzr-stored", 0 },
		{ "x17-regoff", 0xDEADBEEF },
		{ "x28-preset", 0xE7E6E5E4E3E2E1E0 },
		{ "x19-ldrb", 0x7E },
		{ "x20-ldar", v0 },
		{ "x21-ldp-skipped", 0x55 },
		{ "x22-ldp-skipped", 0x66 },
		{ "x23-no-writeback", DEV_IPA },
		{ "x24-preindex-skipped", 0x77 },
	};
	for (unsigned i = 0; i < sizeof(res) / sizeof(res[0]); i++)
		rt_check_field("mmio-result", res[i].name, results[i], res[i].expected);
	uint64_t d0 = 0, d1 = 0, d2 = 0;
	for (unsigned i = 0; i < 8; i++) {
		d0 |= (uint64_t)dev[i] << (8 * i);
		d1 |= (uint64_t)dev[8 + i] << (8 * i);
		d2 |= (uint64_t)dev[16 + i] << (8 * i);
	}
	CHECK("mmio-dev-reg0", d0, v0);
	CHECK("mmio-dev-reg1", d1, 0x7ECEA55ADEADBEEF);
	CHECK("mmio-dev-reg2-xzr", d2, 0);
	CHECK("mmio-dev-reg3-wzr", dev[0x18] | dev[0x19] | dev[0x1a] | dev[0x1b], 0);
	CHECK("mmio-dev-reg3-high-kept", dev[0x1c], 0xDC);
	return rt_summary("mmu-mmio-emulation");
}

/*
 * Describing an exception in words: the exception class of ESR_ELx, the fields of its
 * syndrome (ISS), the vector entry that was used and the saved PSTATE (SPSR_ELx).
 * Used by el-tour and by the default handler for unexpected exceptions.
 */
#include "rt.h"

const char *rt_ec_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "Unknown reason (UNDEFINED instruction)";
	case 0x01: return "WFI or WFE trapped";
	case 0x07: return "FP/SIMD access trapped (CPACR_EL1.FPEN or CPTR_EL2.TFP)";
	case 0x0E: return "Illegal Execution state (PSTATE.IL was set)";
	case 0x15: return "SVC instruction in AArch64 state";
	case 0x16: return "HVC instruction in AArch64 state";
	case 0x17: return "SMC instruction in AArch64 state (trapped)";
	case 0x18: return "MSR, MRS or system instruction trapped";
	case 0x20: return "Instruction Abort from a lower Exception level";
	case 0x21: return "Instruction Abort taken without a change in Exception level";
	case 0x22: return "PC alignment fault";
	case 0x24: return "Data Abort from a lower Exception level";
	case 0x25: return "Data Abort taken without a change in Exception level";
	case 0x26: return "SP alignment fault";
	case 0x2F: return "SError interrupt";
	case 0x3C: return "BRK instruction in AArch64 state";
	default: return "(another exception class)";
	}
}

const char *rt_vector_name(unsigned vec)
{
	static const char *const group[4] = {
		"current EL with SP_EL0", "current EL with SP_ELx",
		"lower EL using AArch64", "lower EL using AArch32",
	};
	static const char *const kind[4] = { "Synchronous", "IRQ", "FIQ", "SError" };
	static char buf[64];
	const char *g = group[(vec >> 9) & 3], *k = kind[(vec >> 7) & 3];
	char *p = buf;
	while (*k)
		*p++ = *k++;
	*p++ = ',';
	*p++ = ' ';
	while (*g && p < buf + sizeof buf - 1)
		*p++ = *g++;
	*p = 0;
	return buf;
}

const char *rt_mode_name(uint64_t spsr)
{
	if (spsr & 0x10)
		return "AArch32";
	switch (spsr & 0xF) {
	case PSR_MODE_EL0t: return "EL0t";
	case PSR_MODE_EL1t: return "EL1t";
	case PSR_MODE_EL1h: return "EL1h";
	case PSR_MODE_EL2t: return "EL2t";
	case PSR_MODE_EL2h: return "EL2h";
	default: return "reserved mode";
	}
}

static void describe_data_abort(uint64_t iss, int is_data)
{
	unsigned fsc = iss & 0x3F;
	const char *what = fsc == 0x10 ? "synchronous external abort"
			 : fsc == 0x21 ? "alignment fault"
			 : (fsc & 0x3C) == 0x04 ? "translation fault"
			 : (fsc & 0x3C) == 0x0C ? "permission fault"
			 : "other fault";
	rt_printf("      %s 0x%02x = %s", is_data ? "DFSC" : "IFSC", fsc, what);
	if (is_data)
		rt_printf(", WnR=%lu (%s)", (iss >> 6) & 1, (iss >> 6) & 1 ? "write" : "read");
	rt_printf(", ISV=%lu, EA=%lu, FnV=%lu (FAR %s)\n", (iss >> 24) & 1, (iss >> 9) & 1,
		  (iss >> 10) & 1, (iss >> 10) & 1 ? "not valid" : "valid");
}

static void describe_iss(unsigned ec, uint64_t iss)
{
	switch (ec) {
	case EC_SVC64:
	case EC_HVC64:
	case EC_SMC64:
	case EC_BRK64:
		rt_printf("      ISS holds the instruction's immediate: #0x%lx\n", iss & 0xFFFF);
		break;
	case EC_WFX:
		rt_printf("      CV=%lu COND=0x%lx TI=%lu (%s)\n", (iss >> 24) & 1, (iss >> 20) & 0xF,
			  iss & 1, iss & 1 ? "WFE" : "WFI");
		break;
	case EC_SYSREG:
		rt_printf("      %s Op0=%lu Op1=%lu CRn=%lu CRm=%lu Op2=%lu Rt=x%lu\n",
			  iss & 1 ? "read (MRS)" : "write (MSR)", (iss >> 20) & 3, (iss >> 14) & 7,
			  (iss >> 10) & 0xF, (iss >> 1) & 0xF, (iss >> 17) & 7, (iss >> 5) & 0x1F);
		break;
	case EC_IABT_LOW:
	case EC_IABT_CUR:
		describe_data_abort(iss, 0);
		break;
	case EC_DABT_LOW:
	case EC_DABT_CUR:
		describe_data_abort(iss, 1);
		break;
	default:
		break;
	}
}

void rt_describe_exception(const struct rt_frame *f)
{
	unsigned kind = (unsigned)(f->vec >> 7) & 3;
	rt_printf("    taken to EL%lu via VBAR_EL%lu + 0x%03lx (%s)\n", f->el, f->el, f->vec,
		  rt_vector_name((unsigned)f->vec));
	if (kind == 0 || kind == 3) { /* ESR is only written for synchronous and SError */
		unsigned ec = ESR_EC(f->esr);
		rt_printf("    ESR_EL%lu = 0x%08lx: EC 0x%02x = %s, IL=%lu, ISS=0x%07lx\n", f->el,
			  f->esr, ec, rt_ec_name(ec), (f->esr >> 25) & 1, ESR_ISS(f->esr));
		describe_iss(ec, ESR_ISS(f->esr));
		if (ec == EC_IABT_LOW || ec == EC_IABT_CUR || ec == EC_DABT_LOW ||
		    ec == EC_DABT_CUR || ec == EC_PC_ALIGN)
			rt_printf("    FAR_EL%lu = 0x%lx (the faulting address)\n", f->el, f->far);
	}
	rt_printf("    ELR_EL%lu = 0x%lx (where to return)\n", f->el, f->elr);
	rt_printf("    SPSR_EL%lu = 0x%08lx: came from %s, NZCV=%lx, DAIF=%lx%s\n", f->el, f->spsr,
		  rt_mode_name(f->spsr), (f->spsr >> 28) & 0xF, (f->spsr >> 6) & 0xF,
		  f->spsr & PSR_IL ? ", IL=1" : "");
}

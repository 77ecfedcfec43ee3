#include "core/hw/esr.h"

const char *esr_class_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "unknown reason (undefined instruction)";
	case EC_WFX:
		return "WFI/WFE";
	case EC_FP_ASIMD:
		return "FP/SIMD access";
	case EC_ILLEGAL:
		return "illegal execution state";
	case EC_SVC64:
		return "SVC";
	case EC_HVC64:
		return "HVC";
	case EC_SMC64:
		return "SMC";
	case EC_SYS64:
		return "system register access";
	case EC_SVE:
		return "SVE access";
	case EC_IABT_LOW:
		return "instruction abort from a lower EL";
	case EC_IABT_CUR:
		return "instruction abort at the same EL";
	case EC_PC_ALIGN:
		return "PC alignment fault";
	case EC_DABT_LOW:
		return "data abort from a lower EL";
	case EC_DABT_CUR:
		return "data abort at the same EL";
	case EC_SP_ALIGN:
		return "SP alignment fault";
	case EC_SERROR:
		return "SError";
	case EC_BRK64:
		return "BRK instruction";
	default:
		return "other exception class";
	}
}

const char *esr_fault_name(unsigned fsc)
{
	static const char *const level_faults[][4] = {
		{ "address size fault, level 0", "address size fault, level 1", "address size fault, level 2",
		  "address size fault, level 3" },
		{ "translation fault, level 0", "translation fault, level 1", "translation fault, level 2",
		  "translation fault, level 3" },
		{ "access flag fault, level 0", "access flag fault, level 1", "access flag fault, level 2",
		  "access flag fault, level 3" },
		{ "permission fault, level 0", "permission fault, level 1", "permission fault, level 2",
		  "permission fault, level 3" },
	};

	if (fsc < 0x10)
		return level_faults[fsc >> 2][fsc & 3];
	switch (fsc) {
	case 0x10:
		return "synchronous external abort";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	default:
		return "other fault";
	}
}

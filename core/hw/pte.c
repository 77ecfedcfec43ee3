#include "core/hw/pte.h"

static bool mem_known(enum pte_mem mem)
{
	return mem == PTE_MEM_NORMAL || mem == PTE_MEM_DEVICE_nGnRE || mem == PTE_MEM_DEVICE_nGnRnE;
}

static bool mem_is_device(enum pte_mem mem)
{
	return mem != PTE_MEM_NORMAL;
}

static bool perms_known(unsigned perms)
{
	return (perms & ~PTE_PERM_RWX) == 0;
}

/* Instruction fetches may be speculative; letting them reach MMIO could read a register with
 * side effects, so Device memory is never executable. */
static bool common_attrs_valid(enum pte_mem mem, unsigned perms)
{
	return mem_known(mem) && perms_known(perms) && !(mem_is_device(mem) && (perms & PTE_PERM_X));
}

bool pte_s1_attrs_valid(enum pte_mem mem, unsigned perms)
{
	/* The EL2 regime cannot express write-only or no-access (AP[2] only chooses RO or RW), and
	 * the hypervisor never needs memory it can both write and execute. */
	bool w_and_x = (perms & PTE_PERM_W) && (perms & PTE_PERM_X);

	return common_attrs_valid(mem, perms) && (perms & PTE_PERM_R) && !w_and_x;
}

bool pte_s2_attrs_valid(enum pte_mem mem, unsigned perms)
{
	/* A mapping without any access would only fault: refuse it as a caller mistake. */
	return common_attrs_valid(mem, perms) && perms != 0;
}

uint64_t pte_table(pa_t next)
{
	return PTE_VALID | PTE_TYPE_TABLE | (pa_val(next) & PTE_ADDR);
}

/* The bits every leaf has, or 0 when `out` cannot be a leaf at `level`. */
static uint64_t leaf_common(pa_t out, unsigned level)
{
	uint64_t addr = pa_val(out);

	if (!pte_level_has_leaves(level) || !is_aligned(addr, pte_level_size(level)) || (addr & ~PTE_ADDR) != 0)
		return 0;
	return PTE_VALID | (level == PTE_LAST_LEVEL ? PTE_TYPE_PAGE : 0) | addr | PTE_AF |
	       FIELD_PREP(PTE_SH, PTE_SH_INNER);
}

static uint64_t s1_attr_index(enum pte_mem mem)
{
	switch (mem) {
	case PTE_MEM_NORMAL:
		return FIELD_PREP(PTE_S1_ATTRINDX, MAIR_IDX_NORMAL);
	case PTE_MEM_DEVICE_nGnRE:
		return FIELD_PREP(PTE_S1_ATTRINDX, MAIR_IDX_DEVICE_nGnRE);
	case PTE_MEM_DEVICE_nGnRnE:
		break;
	}
	return FIELD_PREP(PTE_S1_ATTRINDX, MAIR_IDX_DEVICE_nGnRnE);
}

uint64_t pte_s1_leaf(pa_t out, enum pte_mem mem, unsigned perms, unsigned level)
{
	uint64_t desc = leaf_common(out, level);

	if (desc == 0 || !pte_s1_attrs_valid(mem, perms))
		return 0;
	desc |= s1_attr_index(mem);
	desc |= (perms & PTE_PERM_W) ? FIELD_PREP(PTE_S1_AP, PTE_S1_AP_RW) : FIELD_PREP(PTE_S1_AP, PTE_S1_AP_RO);
	if (!(perms & PTE_PERM_X))
		desc |= PTE_S1_XN;
	return desc;
}

static uint64_t s2_memattr(enum pte_mem mem)
{
	switch (mem) {
	case PTE_MEM_NORMAL:
		return FIELD_PREP(PTE_S2_MEMATTR, PTE_S2_MEMATTR_NORMAL_WB);
	case PTE_MEM_DEVICE_nGnRE:
		return FIELD_PREP(PTE_S2_MEMATTR, PTE_S2_MEMATTR_DEVICE_nGnRE);
	case PTE_MEM_DEVICE_nGnRnE:
		break;
	}
	return FIELD_PREP(PTE_S2_MEMATTR, PTE_S2_MEMATTR_DEVICE_nGnRnE);
}

static uint64_t s2ap(unsigned perms)
{
	return ((perms & PTE_PERM_R) ? FIELD_PREP(PTE_S2_S2AP, PTE_S2_S2AP_READ) : 0) |
	       ((perms & PTE_PERM_W) ? FIELD_PREP(PTE_S2_S2AP, PTE_S2_S2AP_WRITE) : 0);
}

uint64_t pte_s2_leaf(pa_t out, enum pte_mem mem, unsigned perms, unsigned level)
{
	uint64_t desc = leaf_common(out, level);

	if (desc == 0 || !pte_s2_attrs_valid(mem, perms))
		return 0;
	desc |= s2_memattr(mem);
	desc |= s2ap(perms);
	if (!(perms & PTE_PERM_X))
		desc |= FIELD_PREP(PTE_S2_XN, PTE_S2_XN_NONE);
	return desc;
}

/* Descriptor bits [1:0]. */
static unsigned desc_kind(uint64_t desc)
{
	return (unsigned)(desc & (PTE_VALID | PTE_TYPE_TABLE));
}

bool pte_is_table(uint64_t desc, unsigned level)
{
	return level < PTE_LAST_LEVEL && desc_kind(desc) == (PTE_VALID | PTE_TYPE_TABLE);
}

bool pte_is_leaf(uint64_t desc, unsigned level)
{
	if (level == PTE_LAST_LEVEL)
		return desc_kind(desc) == (PTE_VALID | PTE_TYPE_PAGE);
	return pte_level_has_leaves(level) && desc_kind(desc) == PTE_VALID;
}

bool pte_s1_decode(uint64_t desc, enum pte_mem *mem, unsigned *perms)
{
	switch (FIELD_GET(PTE_S1_ATTRINDX, desc)) {
	case MAIR_IDX_NORMAL:
		*mem = PTE_MEM_NORMAL;
		break;
	case MAIR_IDX_DEVICE_nGnRE:
		*mem = PTE_MEM_DEVICE_nGnRE;
		break;
	case MAIR_IDX_DEVICE_nGnRnE:
		*mem = PTE_MEM_DEVICE_nGnRnE;
		break;
	default:
		return false;
	}
	switch (FIELD_GET(PTE_S1_AP, desc)) {
	case PTE_S1_AP_RW:
		*perms = PTE_PERM_RW;
		break;
	case PTE_S1_AP_RO:
		*perms = PTE_PERM_R;
		break;
	default: /* AP[1] clear: it is RES1 in the EL2 regime */
		return false;
	}
	if (!(desc & PTE_S1_XN))
		*perms |= PTE_PERM_X;
	return true;
}

bool pte_s2_decode(uint64_t desc, enum pte_mem *mem, unsigned *perms)
{
	uint64_t ap = FIELD_GET(PTE_S2_S2AP, desc);
	uint64_t xn = FIELD_GET(PTE_S2_XN, desc);

	switch (FIELD_GET(PTE_S2_MEMATTR, desc)) {
	case PTE_S2_MEMATTR_NORMAL_WB:
		*mem = PTE_MEM_NORMAL;
		break;
	case PTE_S2_MEMATTR_DEVICE_nGnRE:
		*mem = PTE_MEM_DEVICE_nGnRE;
		break;
	case PTE_S2_MEMATTR_DEVICE_nGnRnE:
		*mem = PTE_MEM_DEVICE_nGnRnE;
		break;
	default:
		return false;
	}
	/* The other XN values (FEAT_XNX's per-level execute rights) are never written here. */
	if (xn != 0 && xn != PTE_S2_XN_NONE)
		return false;
	*perms = 0;
	if (ap & PTE_S2_S2AP_READ)
		*perms |= PTE_PERM_R;
	if (ap & PTE_S2_S2AP_WRITE)
		*perms |= PTE_PERM_W;
	if (xn == 0)
		*perms |= PTE_PERM_X;
	return true;
}

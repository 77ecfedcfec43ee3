#include "core/hw/vtcr.h"

#include <stdbool.h>

#include "core/mm/pgtable.h"

unsigned vtcr_parange_bits(unsigned parange)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return parange < sizeof(bits) / sizeof(bits[0]) ? bits[parange] : 0;
}

/* PS uses PARange's encoding. 52 bits would need FEAT_LPA2 descriptors with a 4 KiB granule,
 * which the builder does not write, so 48 bits is the most it programs. */
static bool ps_for(uint64_t id_aa64mmfr0, unsigned *ps, unsigned *pa_bits)
{
	unsigned parange = (unsigned)FIELD_GET(ID_AA64MMFR0_PARANGE, id_aa64mmfr0);

	if (vtcr_parange_bits(parange) == 0)
		return false;
	*ps = parange < TCR_PS_48 ? parange : TCR_PS_48;
	*pa_bits = vtcr_parange_bits(*ps);
	return true;
}

/* Page-table walks go through the inner shareable Write-Back caches, where the tables are
 * written, so building them needs no cache maintenance. */
static uint64_t walk_attrs_4k(void)
{
	return FIELD_PREP(VTCR_EL2_IRGN0, TCR_RGN_WBWA) | FIELD_PREP(VTCR_EL2_ORGN0, TCR_RGN_WBWA) |
	       FIELD_PREP(VTCR_EL2_SH0, TCR_SH_INNER) | FIELD_PREP(VTCR_EL2_TG0, TCR_TG0_4K);
}

int vtcr_compute(uint64_t id_aa64mmfr0, uint64_t id_aa64mmfr1, unsigned ipa_bits_wanted, struct vtcr_config *cfg)
{
	struct pgtable_geometry geo;
	unsigned ps, pa_bits, ipa_bits;
	bool vmid16 = FIELD_GET(ID_AA64MMFR1_VMIDBITS, id_aa64mmfr1) == ID_AA64MMFR1_VMIDBITS_16;

	if (!ps_for(id_aa64mmfr0, &ps, &pa_bits))
		return VTCR_ERR_PARANGE;
	if (ipa_bits_wanted < PGTABLE_MIN_INPUT_BITS)
		return VTCR_ERR_IPA_BITS;
	ipa_bits = ipa_bits_wanted < pa_bits ? ipa_bits_wanted : pa_bits;
	if (!pgtable_geometry_for(PGTABLE_STAGE2, ipa_bits, &geo))
		return VTCR_ERR_IPA_BITS;

	cfg->vtcr_el2 = FIELD_PREP(VTCR_EL2_T0SZ, 64 - ipa_bits) |
			FIELD_PREP(VTCR_EL2_SL0, VTCR_SL0_4K(geo.start_level)) | walk_attrs_4k() |
			FIELD_PREP(VTCR_EL2_PS, ps) | (vmid16 ? VTCR_EL2_VS : 0) | VTCR_EL2_RES1;
	cfg->ipa_bits = ipa_bits;
	cfg->pa_bits = pa_bits;
	cfg->vmid_bits = vmid16 ? 16 : 8;
	return VTCR_OK;
}

int tcr_el2_compute(uint64_t id_aa64mmfr0, uint64_t *tcr_el2)
{
	unsigned ps, pa_bits;

	if (!ps_for(id_aa64mmfr0, &ps, &pa_bits))
		return VTCR_ERR_PARANGE;
	/* TCR_EL2 shares VTCR_EL2's layout for these fields (T0SZ, IRGN0, ORGN0, SH0, TG0, PS). */
	*tcr_el2 = FIELD_PREP(TCR_EL2_T0SZ, 64 - PGTABLE_EL2_VA_BITS) | walk_attrs_4k() | FIELD_PREP(TCR_EL2_PS, ps) |
		   TCR_EL2_RES1;
	return VTCR_OK;
}

uint64_t vttbr_el2_value(pa_t root, unsigned vmid)
{
	return (pa_val(root) & VTTBR_EL2_BADDR) | FIELD_PREP(VTTBR_EL2_VMID, vmid);
}

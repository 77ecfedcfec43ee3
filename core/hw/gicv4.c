/* GICv4.0 virtual LPI registers (gicv4.h). */
#include "core/hw/gicv4.h"

#include <stddef.h>

uint64_t gicv4_vprop_bytes(unsigned id_bits)
{
	if (id_bits < GICV4_MIN_ID_BITS || id_bits > GICV4_MAX_ID_BITS)
		return 0;
	return (UINT64_C(1) << id_bits) - GICV4_VLPI_FIRST;
}

uint64_t gicv4_vpt_bytes(unsigned id_bits)
{
	if (id_bits < GICV4_MIN_ID_BITS || id_bits > GICV4_MAX_ID_BITS)
		return 0;
	return (UINT64_C(1) << id_bits) / 8;
}

unsigned gicv4_vpt_take_pending(uint64_t *vpt, unsigned id_bits, uint32_t *vlpi, unsigned max)
{
	uint64_t words = gicv4_vpt_bytes(id_bits) / 8;
	unsigned n = 0;

	/* Little-endian doublewords: bit b of doubleword w is vINTID 64 * w + b. */
	for (uint64_t w = GICV4_VLPI_FIRST / 64; w < words && n < max; w++) {
		uint64_t bits = __atomic_load_n(&vpt[w], __ATOMIC_RELAXED);

		for (; bits && n < max; bits &= bits - 1) {
			uint64_t bit = bits & -bits;

			__atomic_fetch_and(&vpt[w], ~bit, __ATOMIC_RELAXED);
			vlpi[n++] = (uint32_t)(64 * w + (unsigned)__builtin_ctzll(bit));
		}
	}
	return n;
}

uint64_t gicv4_vpropbaser(uint64_t table_pa, unsigned id_bits, struct gicv4_mem_attr attr)
{
	return FIELD_PREP(GICR_VPROPBASER_IDBITS, id_bits - 1) |
	       FIELD_PREP(GICR_VPROPBASER_INNER_CACHE, attr.inner_cache) |
	       FIELD_PREP(GICR_VPROPBASER_SHAREABILITY, attr.shareability) | (table_pa & GICR_VPROPBASER_PA);
}

uint64_t gicv4_vpendbaser_resident(uint64_t vpt_pa, struct gicv4_mem_attr attr, bool pending_last, bool idai)
{
	return GICR_VPENDBASER_VALID | (idai ? GICR_VPENDBASER_IDAI : 0) |
	       (pending_last ? GICR_VPENDBASER_PENDING_LAST : 0) |
	       FIELD_PREP(GICR_VPENDBASER_INNER_CACHE, attr.inner_cache) |
	       FIELD_PREP(GICR_VPENDBASER_SHAREABILITY, attr.shareability) | (vpt_pa & GICR_VPENDBASER_PA);
}

bool gicv4_vpendbaser_busy(uint64_t v)
{
	return (v & GICR_VPENDBASER_DIRTY) != 0;
}

uint64_t gicv4_redist_bytes(uint64_t gicr_typer)
{
	return (gicr_typer & GICV4_GICR_TYPER_VLPIS) ? GICR_FRAMES_V4 : GICR_FRAMES_V3;
}

const char *gicv4_missing(const struct gicv4_support *s)
{
	if (!s->its_virtual)
		return "GITS_TYPER.Virtual clear";
	if (!s->its_vpe_table)
		return "no vPE table (GITS_BASER type 2)";
	if (s->n_cpus == 0 || s->cpus_vlpis < s->n_cpus)
		return "a redistributor without GICR_TYPER.VLPIS";
	if (s->cpuif_nv4)
		return "ICH_VTR_EL2.nV4 set";
	return NULL;
}

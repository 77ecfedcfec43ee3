/* SMMUv1/v2 stream matching (IHI 0062, SMMU_SMRn): an entry (id, mask) matches stream ID s when
 * (s ^ id) & ~mask == 0. Shared by the SMMUv2 driver, which programs the entries, and the groups
 * check, which predicts offline which entries it will refuse. */
#ifndef BULKHEAD_CORE_HW_SMR_H
#define BULKHEAD_CORE_HW_SMR_H

#include <stdbool.h>
#include <stdint.h>

/* Some stream ID matches both entries. */
static inline bool smr_overlap(uint32_t id1, uint32_t mask1, uint32_t id2, uint32_t mask2)
{
	return ((id1 ^ id2) & ~(mask1 | mask2)) == 0;
}

/* Every stream ID (id, mask) matches is matched by (outer_id, outer_mask). */
static inline bool smr_contains(uint32_t outer_id, uint32_t outer_mask, uint32_t id, uint32_t mask)
{
	return (mask & ~outer_mask) == 0 && ((id ^ outer_id) & ~outer_mask) == 0;
}

/* Entries are installed in decreasing mask weight, so that an entry containing another is always
 * installed first and the contained one then reuses it, whatever order the DT lists them in. */
static inline unsigned smr_mask_weight(uint32_t mask)
{
	unsigned n = 0;

	/* Not __builtin_popcount: on arm64 that is a SIMD instruction, which the hypervisor never uses. */
	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

#endif

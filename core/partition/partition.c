/* Lookups on a partition's spec (partition.h). */
#include "core/partition/partition.h"

#include "core/base/addr.h"

bool part_ipa_to_pa(const struct partition_spec *s, uint64_t ipa, uint64_t len, uint64_t *pa)
{
	for (unsigned i = 0; i < s->n_mem; i++) {
		const struct part_mem *m = &s->mem[i];

		if (range_within(ipa, len ? len : 1, m->ipa, m->size)) {
			*pa = m->pa + (ipa - m->ipa);
			return true;
		}
	}
	return false;
}

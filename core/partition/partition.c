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

const struct part_channel *part_channel_at(const struct partition_spec *s, uint64_t ipa)
{
	for (unsigned i = 0; i < s->n_channels; i++)
		if (range_within(ipa, 1, s->channels[i].ipa, s->channels[i].size))
			return &s->channels[i];
	return NULL;
}

unsigned part_dma_windows(const struct partition_spec *s, struct part_dma_window *out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->n_mem && n < max; i++)
		out[n++] = (struct part_dma_window){ s->mem[i].ipa, s->mem[i].pa, s->mem[i].size, true };
	for (unsigned i = 0; i < s->n_channels && n < max; i++) {
		const struct part_channel *c = &s->channels[i];

		if (c->dma)
			out[n++] = (struct part_dma_window){ c->ipa, c->pa, c->size, !c->read_only };
	}
	return n;
}

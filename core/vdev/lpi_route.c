/* Physical LPI routes (lpi_route.h). */
#include "core/vdev/lpi_route.h"

#include <string.h>

static bool is_lpi(uint32_t intid)
{
	return intid >= LPI_ROUTE_FIRST_INTID;
}

bool lpi_route_init(struct lpi_route_table *t, uint32_t first, uint32_t count, struct lpi_route *ent)
{
	memset(t, 0, sizeof(*t));
	if (!is_lpi(first) || count > LPI_ROUTE_MAX || first + count < first || (count && !ent))
		return false;
	memset(ent, 0, count * sizeof(*ent));
	t->first = first;
	t->count = count;
	t->ent = ent;
	return true;
}

bool lpi_route_alloc(struct lpi_route_table *t, unsigned part, unsigned vcpu, uint32_t vlpi, uint32_t *plpi)
{
	if (!is_lpi(vlpi) || part > UINT8_MAX || vcpu > UINT8_MAX || t->in_use >= t->count) {
		t->stats.exhausted += t->in_use >= t->count;
		return false;
	}
	for (uint32_t k = 0; k < t->count; k++) {
		uint32_t i = (t->next + k) % t->count;

		if (t->ent[i].used)
			continue;
		t->ent[i] = (struct lpi_route){ true, (uint8_t)part, (uint8_t)vcpu, vlpi };
		t->next = (i + 1) % t->count;
		t->in_use++;
		*plpi = t->first + i;
		return true;
	}
	return false; /* unreachable: in_use < count */
}

static struct lpi_route *entry(struct lpi_route_table *t, uint32_t plpi)
{
	if (plpi < t->first || plpi - t->first >= t->count)
		return NULL;
	return &t->ent[plpi - t->first];
}

bool lpi_route_free(struct lpi_route_table *t, uint32_t plpi)
{
	struct lpi_route *e = entry(t, plpi);

	if (!e || !e->used)
		return false;
	e->used = false;
	t->in_use--;
	return true;
}

const struct lpi_route *lpi_route_lookup(struct lpi_route_table *t, uint32_t plpi)
{
	struct lpi_route *e = entry(t, plpi);

	if (e && e->used)
		return e;
	t->stats.stale += e != NULL;
	return NULL;
}

bool lpi_route_move(struct lpi_route_table *t, uint32_t plpi, unsigned vcpu)
{
	struct lpi_route *e = entry(t, plpi);

	if (!e || !e->used || vcpu > UINT8_MAX)
		return false;
	e->vcpu = (uint8_t)vcpu;
	return true;
}

unsigned lpi_route_free_partition(struct lpi_route_table *t, unsigned part)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < t->count; i++)
		if (t->ent[i].used && t->ent[i].part == part) {
			t->ent[i].used = false;
			t->in_use--;
			n++;
		}
	return n;
}

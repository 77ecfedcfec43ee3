/* Platform discovery: a node's interrupts, found the way Linux's of_irq_parse_one() finds them.
 *
 * The interrupt parent is of_irq_find_parent()'s: the node's `interrupt-parent` if it has one,
 * else its parent node, repeated until a node that has `#interrupt-cells`. A parent that is not an
 * interrupt controller but has an `interrupt-map` (a nexus) translates the specifier to the next
 * parent, as of_irq_parse_raw() does. Only interrupts that end at the GIC are ours to route; the
 * others (GPIO, PMIC or wakeup controllers) are left to whoever owns that controller. */
#include <libfdt.h>
#include <string.h>

#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/platform/platform.h"
#include "core/platform/platform_internal.h"

#define MAX_HOPS 16      /* parent walks and nexus translations; a DT loop stops here */
#define MAX_SPEC_CELLS 8 /* unit address + specifier cells one nexus step carries */

/* A GIC specifier in host byte order: <type number flags...>. */
static bool decode_gic_cells(const uint32_t *c, unsigned cells, struct plat_irq *out)
{
	if (cells < 2)
		return false;
	if (c[0] == 0 && c[1] < PLAT_SPI_INTID_END - 32) { /* SPI: INTIDs 32..1019 */
		out->intid = 32 + c[1];
		out->ppi = false;
	} else if (c[0] == 1 && c[1] < 16) { /* PPI: INTIDs 16..31 */
		out->intid = 16 + c[1];
		out->ppi = true;
	} else {
		return false;
	}
	out->flags = cells >= 3 ? c[2] : 0;
	return true;
}

bool plat_decode_gic_spec(const uint32_t *spec, unsigned cells, struct plat_irq *out)
{
	uint32_t c[MAX_SPEC_CELLS] = { 0 };

	if (cells > MAX_SPEC_CELLS)
		cells = MAX_SPEC_CELLS; /* cells past the flags carry nothing bulkhead uses */
	for (unsigned k = 0; k < cells; k++)
		c[k] = fdtp_cell(spec, k);
	return decode_gic_cells(c, cells, out);
}

static bool has_prop(const void *fdt, int node, const char *prop)
{
	return fdtp_getprop(fdt, node, prop, NULL) != NULL;
}

/* of_irq_find_parent(): `interrupt-parent` or the parent node, until one with #interrupt-cells. */
int plat_irq_parent(const void *fdt, int node)
{
	for (int hop = 0; hop < MAX_HOPS && node >= 0; hop++) {
		uint32_t ph;
		int p;

		if (fdtp_u32(fdt, node, "interrupt-parent", &ph, NULL) == FDTP_OK)
			p = fdtp_by_phandle(fdt, ph);
		else
			p = fdtp_parent(fdt, node);
		if (p < 0)
			return -1;
		if (has_prop(fdt, p, "#interrupt-cells"))
			return p;
		node = p;
	}
	return -1;
}

/* #address-cells as of_irq_parse_raw() reads it for a unit address: the node's own, else the
 * nearest ancestor's, else 2. */
static uint32_t nexus_addr_cells(const void *fdt, int node)
{
	for (; node >= 0; node = fdtp_parent(fdt, node)) {
		uint32_t v;

		if (fdtp_u32(fdt, node, "#address-cells", &v, NULL) == FDTP_OK)
			return v;
	}
	return 2;
}

/* One step through `ctrl`'s interrupt-map: the entry matching `match` (unit address, then
 * specifier: `n` cells) gives the next parent, its unit address (`*out_acells` cells of `out`) and
 * specifier (the rest, up to `*out_n`). False if no entry matches or the map does not decode. */
static bool nexus_step(const void *fdt, int ctrl, const uint32_t *match, uint32_t n, int *next, uint32_t *out,
		       uint32_t *out_acells, uint32_t *out_n)
{
	const uint32_t *map, *mask = NULL;
	size_t len, mlen = 0;

	if (fdtp_cells(fdt, ctrl, "interrupt-map", 1, &map, &len, NULL) != FDTP_OK)
		return false;
	if (fdtp_cells(fdt, ctrl, "interrupt-map-mask", 1, &mask, &mlen, NULL) == FDTP_OK && mlen != n)
		return false;
	for (size_t i = 0; i + n + 1 <= len;) {
		bool hit = true;
		uint32_t pa = 0, pi = 0;
		int par;

		for (uint32_t k = 0; k < n; k++) {
			uint32_t m = mask ? fdtp_cell(mask, k) : 0xffffffffu;

			if (((match[k] ^ fdtp_cell(map, i + k)) & m) != 0)
				hit = false;
		}
		par = fdtp_by_phandle(fdt, fdtp_cell(map, i + n));
		if (par < 0 || fdtp_u32(fdt, par, "#interrupt-cells", &pi, NULL) != FDTP_OK)
			return false;
		fdtp_u32(fdt, par, "#address-cells", &pa, NULL); /* absent: 0, as in Linux */
		if (pa + pi > MAX_SPEC_CELLS || i + n + 1 + pa + pi > len)
			return false;
		if (hit) {
			for (uint32_t k = 0; k < pa + pi; k++)
				out[k] = fdtp_cell(map, i + n + 1 + k);
			*next = par;
			*out_acells = pa;
			*out_n = pa + pi;
			return true;
		}
		i += n + 1 + pa + pi;
	}
	return false;
}

/* Follow one specifier (`cells` big-endian cells) from controller `ctrl` to the GIC. 1: decoded
 * into *out; 0: it ends at another controller or matches no nexus entry (Linux would not route it
 * to the GIC either). `unit` is the device's `reg` (its unit address), for nexus matching. */
static int resolve_spec(const void *fdt, const struct platform *plat, int ctrl, const uint32_t *unit, size_t unit_cells,
			const uint32_t *spec, uint32_t cells, struct plat_irq *out)
{
	uint32_t addr[MAX_SPEC_CELLS], cur[MAX_SPEC_CELLS]; /* host order: unit address, specifier */
	uint32_t acells = 0, n = cells;

	if (cells > MAX_SPEC_CELLS)
		return 0;
	for (uint32_t k = 0; k < cells; k++)
		cur[k] = fdtp_cell(spec, k);
	for (size_t k = 0; k < unit_cells && k < MAX_SPEC_CELLS; k++)
		addr[k] = fdtp_cell(unit, k);
	acells = unit_cells < MAX_SPEC_CELLS ? (uint32_t)unit_cells : MAX_SPEC_CELLS;
	for (int hop = 0; hop < MAX_HOPS && ctrl >= 0; hop++) {
		uint32_t match[MAX_SPEC_CELLS * 2], next[MAX_SPEC_CELLS], na, nn;

		if (ctrl == plat->gic.node)
			return decode_gic_cells(cur, n, out) ? 1 : 0;
		if (!has_prop(fdt, ctrl, "interrupt-map")) {
			if (has_prop(fdt, ctrl, "interrupt-controller"))
				return 0; /* another interrupt controller's line */
			ctrl = plat_irq_parent(fdt, ctrl);
			continue;
		}
		na = nexus_addr_cells(fdt, ctrl);
		if (na > MAX_SPEC_CELLS)
			return 0;
		for (uint32_t k = 0; k < na; k++)
			match[k] = k < acells ? addr[k] : 0;
		for (uint32_t k = 0; k < n; k++)
			match[na + k] = cur[k];
		if (!nexus_step(fdt, ctrl, match, na + n, &ctrl, next, &na, &nn))
			return 0;
		for (uint32_t k = 0; k < na; k++)
			addr[k] = next[k];
		for (uint32_t k = na; k < nn; k++)
			cur[k - na] = next[k];
		acells = na;
		n = nn - na;
	}
	return 0;
}

static void bad_irqs(const void *fdt, int node, const char *prop, struct diag_list *dl, const char *fmt,
		     unsigned long a, unsigned long b)
{
	char p[256];

	diag_error(dl, "dt-bad-interrupts", fdtp_path(fdt, node, p, sizeof(p)), prop, fmt, a, b);
}

int plat_decode_irqs(const void *fdt, int node, const struct platform *plat, struct plat_irq *out, int max,
		     struct diag_list *dl)
{
	const uint32_t *cells, *unit = NULL;
	size_t n, unit_cells = 0;
	uint32_t icells;
	int count = 0, parent, len;
	enum fdtp_status st;

	if (plat->gic.version == GIC_NONE)
		return 0;
	unit = fdtp_getprop(fdt, node, "reg", &len);
	if (unit && len > 0)
		unit_cells = (size_t)len / 4;

	st = fdtp_cells(fdt, node, "interrupts-extended", 1, &cells, &n, dl);
	if (st == FDTP_OK) {
		/* <phandle specifier...> entries, each specifier as long as its controller says. */
		for (size_t i = 0, entry = 0; i < n && count < max; entry++) {
			int ctrl = fdtp_by_phandle(fdt, fdtp_cell(cells, i));

			if (ctrl < 0 || fdtp_u32(fdt, ctrl, "#interrupt-cells", &icells, NULL) != FDTP_OK ||
			    i + 1 + icells > n) {
				bad_irqs(fdt, node, "interrupts-extended", dl,
					 "entry %lu (cell %lu) names no interrupt controller or is truncated", entry,
					 i);
				return -1;
			}
			count += resolve_spec(fdt, plat, ctrl, unit, unit_cells, cells + i + 1, icells, &out[count]);
			i += 1 + icells;
		}
		return count;
	}
	if (st == FDTP_BAD)
		return -1;

	if (!has_prop(fdt, node, "interrupts"))
		return 0;
	parent = plat_irq_parent(fdt, node);
	if (parent < 0 || fdtp_u32(fdt, parent, "#interrupt-cells", &icells, NULL) != FDTP_OK)
		return 0; /* no interrupt parent: Linux maps none of these either */
	if (icells == 0 || icells > MAX_SPEC_CELLS) {
		bad_irqs(fdt, node, "interrupts", dl, "interrupt parent has #interrupt-cells = %lu (1 to %lu expected)",
			 icells, MAX_SPEC_CELLS);
		return -1;
	}
	st = fdtp_cells(fdt, node, "interrupts", icells, &cells, &n, dl);
	if (st != FDTP_OK)
		return st == FDTP_ABSENT ? 0 : -1;
	for (size_t i = 0; i + icells <= n && count < max; i += icells)
		count += resolve_spec(fdt, plat, parent, unit, unit_cells, cells + i, icells, &out[count]);
	return count;
}

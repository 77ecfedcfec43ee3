#include "core/fdt/fdt_index.h"

#include <libfdt.h>
#include <stdlib.h>

struct node_entry {
	int offset;
	int parent; /* -FDT_ERR_NOTFOUND for the root */
};

struct phandle_entry {
	unsigned phandle;
	int offset;
};

static struct {
	const void *fdt;
	struct node_entry *nodes; /* ascending offsets: the order fdt_next_node() visits them */
	int n_nodes;
	struct phandle_entry *phandles; /* ascending phandles */
	int n_phandles;
} idx;

#define MAX_DEPTH 64 /* deeper blobs are not indexed: libfdt answers for them */

static int cmp_phandle(const void *a, const void *b)
{
	const struct phandle_entry *x = a, *y = b;

	if (x->phandle != y->phandle)
		return x->phandle < y->phandle ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset; /* duplicates: the first node, as libfdt */
}

bool fdt_index_build(const void *fdt)
{
	int stack[MAX_DEPTH];
	int node, depth = 0, n = 0, cap = 0;

	fdt_index_release();
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0; node = fdt_next_node(fdt, node, &depth))
		cap++;
	if (cap == 0)
		return false;
	idx.nodes = malloc((size_t)cap * sizeof(*idx.nodes));
	idx.phandles = malloc((size_t)cap * sizeof(*idx.phandles));
	if (!idx.nodes || !idx.phandles)
		goto fail;
	depth = 0;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0 && n < cap; node = fdt_next_node(fdt, node, &depth)) {
		unsigned ph;

		if (depth < 0 || depth >= MAX_DEPTH)
			goto fail;
		stack[depth] = node;
		idx.nodes[n++] = (struct node_entry){ node, depth > 0 ? stack[depth - 1] : -FDT_ERR_NOTFOUND };
		ph = fdt_get_phandle(fdt, node);
		if (ph != 0 && ph != (unsigned)-1)
			idx.phandles[idx.n_phandles++] = (struct phandle_entry){ ph, node };
	}
	idx.n_nodes = n;
	qsort(idx.phandles, (size_t)idx.n_phandles, sizeof(*idx.phandles), cmp_phandle);
	idx.fdt = fdt;
	return true;
fail:
	fdt_index_release();
	return false;
}

void fdt_index_release(void)
{
	free(idx.nodes);
	free(idx.phandles);
	idx.fdt = NULL;
	idx.nodes = NULL;
	idx.phandles = NULL;
	idx.n_nodes = idx.n_phandles = 0;
}

int fdtp_parent(const void *fdt, int node)
{
	int lo = 0, hi = idx.n_nodes - 1;

	if (fdt != idx.fdt)
		return fdt_parent_offset(fdt, node);
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (idx.nodes[mid].offset == node)
			return idx.nodes[mid].parent;
		if (idx.nodes[mid].offset < node)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return fdt_parent_offset(fdt, node); /* not a node start: let libfdt report it */
}

int fdtp_by_phandle(const void *fdt, unsigned phandle)
{
	int lo = 0, hi = idx.n_phandles - 1;

	if (fdt != idx.fdt)
		return fdt_node_offset_by_phandle(fdt, phandle);
	if (phandle == 0 || phandle == (unsigned)-1)
		return -FDT_ERR_BADPHANDLE;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (idx.phandles[mid].phandle == phandle) {
			while (mid > 0 && idx.phandles[mid - 1].phandle == phandle)
				mid--;
			return idx.phandles[mid].offset;
		}
		if (idx.phandles[mid].phandle < phandle)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -FDT_ERR_NOTFOUND;
}

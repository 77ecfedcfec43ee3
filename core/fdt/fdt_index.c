#include "core/fdt/fdt_index.h"

#include "core/fdt/fdt_check.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

struct node_entry {
	int offset;
	int parent; /* -FDT_ERR_NOTFOUND for the root */
	int depth;  /* 0 for the root */
	int name_len;
	const char *name;
	int first_prop; /* its properties: props[first_prop .. first_prop + n_props) in blob order */
	int n_props;
	int compat; /* props[compat] is its first "compatible" (what libfdt finds), -1 if none: the
		     * property the compatible searches read of every node */
};

struct prop_entry {
	const char *name;
	const void *value;
	int len;
	char first; /* name[0], kept here: a lookup skips most names without reading them */
};

struct phandle_entry {
	unsigned phandle;
	int offset;
};

static struct {
	const void *fdt;
	struct node_entry *nodes; /* ascending offsets: the order fdt_next_node() visits them */
	int n_nodes;
	struct prop_entry *props;
	int n_props;
	struct phandle_entry *phandles; /* ascending phandles */
	int n_phandles;
	const struct node_entry *last; /* the node entry_of() found last */
} idx;

#define MAX_DEPTH 64 /* deeper blobs are not indexed: libfdt answers for them */

static int cmp_phandle(const void *a, const void *b)
{
	const struct phandle_entry *x = a, *y = b;

	if (x->phandle != y->phandle)
		return x->phandle < y->phandle ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset; /* duplicates: the first node, as libfdt */
}

/* `arr` (holding n elements of `size` bytes, room for *cap) with room for one more: itself, or
 * a copy twice as large; NULL if out of memory (arr is then left as it was). */
static void *grow(void *arr, int n, int *cap, size_t size)
{
	void *a;

	if (n < *cap)
		return arr;
	a = realloc(arr, (size_t)(*cap ? *cap * 2 : 64) * size);
	if (a)
		*cap = *cap ? *cap * 2 : 64;
	return a;
}

/* fdt_get_phandle() of an indexed node. */
static uint32_t entry_phandle(const struct node_entry *e);

/* The node starting at `offset`, at `depth`, appended to idx.nodes; NULL if out of memory. */
static struct node_entry *add_node(const void *fdt, int offset, int depth, const int *stack, int *cap)
{
	struct node_entry *e = grow(idx.nodes, idx.n_nodes, cap, sizeof(*e));

	if (!e)
		return NULL;
	idx.nodes = e;
	e = &idx.nodes[idx.n_nodes];
	*e = (struct node_entry){
		offset, depth > 0 ? stack[depth - 1] : -FDT_ERR_NOTFOUND, depth, 0, NULL, idx.n_props, 0, -1
	};
	e->name = fdt_get_name(fdt, offset, &e->name_len);
	if (!e->name)
		return NULL;
	idx.n_nodes++;
	return e;
}

/* strcmp(a, b) == 0 without a call. */
static inline bool same_name(const char *a, const char *b)
{
	for (; *a == *b; a++, b++)
		if (!*a)
			return true;
	return false;
}

/* The property at `offset` appended to idx.props (and to the last node's); false if out of
 * memory. */
static bool add_prop(const void *fdt, int offset, int *cap)
{
	struct prop_entry *e = grow(idx.props, idx.n_props, cap, sizeof(*e));
	struct node_entry *node;

	if (!e)
		return false;
	idx.props = e;
	e = &idx.props[idx.n_props];
	e->value = fdt_getprop_by_offset(fdt, offset, &e->name, &e->len);
	if (!e->value)
		return false;
	e->first = e->name[0];
	node = &idx.nodes[idx.n_nodes - 1];
	if (node->compat < 0 && e->first == 'c' && same_name(e->name, "compatible"))
		node->compat = idx.n_props;
	idx.n_props++;
	node->n_props++;
	return true;
}

/* A node's phandle, if it has one, appended to idx.phandles; false if out of memory. */
static bool add_phandle(const struct node_entry *e, int *cap)
{
	unsigned ph = entry_phandle(e);
	struct phandle_entry *phs;

	if (ph == 0 || ph == (unsigned)-1)
		return true;
	phs = grow(idx.phandles, idx.n_phandles, cap, sizeof(*phs));
	if (!phs)
		return false;
	idx.phandles = phs;
	idx.phandles[idx.n_phandles++] = (struct phandle_entry){ ph, e->offset };
	return true;
}

bool fdt_index_build(const void *fdt)
{
	int stack[MAX_DEPTH];
	int offset = 0, next, depth = -1, cap = 0, prop_cap = 0, phandle_cap = 0;
	bool props_open = false; /* the tags since the last node's start were all properties */

	fdt_index_release();
	if (fdt_check_blob(fdt, fdt_totalsize(fdt)) != 0)
		return false;
	/* One walk over the tags with libfdt's fdt_next_tag(), the arrays grown as it goes. A node's
	 * properties are the ones right after its start, as libfdt's property iterators see them;
	 * leaving the root ends the walk, as it ends fdt_next_node()'s. */
	for (;; offset = next) {
		uint32_t tag = fdt_next_tag(fdt, offset, &next);

		if (next < 0)
			goto fail;
		if (tag == FDT_BEGIN_NODE) {
			struct node_entry *prev = idx.n_nodes ? &idx.nodes[idx.n_nodes - 1] : NULL;

			if (prev && !add_phandle(prev, &phandle_cap))
				goto fail;
			if (++depth >= MAX_DEPTH || !add_node(fdt, offset, depth, stack, &cap))
				goto fail;
			stack[depth] = offset;
			props_open = true;
		} else if (tag == FDT_PROP) {
			if (props_open && !add_prop(fdt, offset, &prop_cap))
				goto fail;
		} else if (tag == FDT_END_NODE) {
			props_open = false;
			if (--depth < 0)
				break;
		} else if (tag != FDT_NOP) {
			break; /* FDT_END: no root, or an unterminated one (refused by the check) */
		}
	}
	if (idx.n_nodes == 0 || depth >= 0 || !add_phandle(&idx.nodes[idx.n_nodes - 1], &phandle_cap))
		goto fail;
	if (idx.n_phandles > 1)
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
	free(idx.props);
	free(idx.phandles);
	memset(&idx, 0, sizeof(idx));
}

bool fdt_index_covers(const void *fdt)
{
	return fdt && fdt == idx.fdt;
}

/* The index entry of node offset `node` of the indexed blob `fdt`; NULL if `fdt` is not indexed or
 * `node` is not the start of a node (then libfdt answers, errors included). */
static const struct node_entry *entry_of(const void *fdt, int node)
{
	int lo = 0, hi = idx.n_nodes - 1;

	if (fdt != idx.fdt || !fdt)
		return NULL;
	/* Readers ask about the same node several times in a row (its reg, status, compatible...). */
	if (idx.last && idx.last->offset == node)
		return idx.last;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (idx.nodes[mid].offset == node)
			return idx.last = &idx.nodes[mid];
		if (idx.nodes[mid].offset < node)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static const struct prop_entry *entry_prop(const struct node_entry *e, const char *name)
{
	const struct prop_entry *p;
	char first = name[0];

	/* A tree with no property at all has no props array to point into. */
	if (e->n_props == 0)
		return NULL;
	p = &idx.props[e->first_prop];
	for (int i = 0; i < e->n_props; i++)
		if (p[i].first == first && same_name(p[i].name, name))
			return &p[i];
	return NULL;
}

static uint32_t entry_phandle(const struct node_entry *e)
{
	const struct prop_entry *p = entry_prop(e, "phandle");

	if (!p || p->len != (int)sizeof(fdt32_t)) {
		p = entry_prop(e, "linux,phandle");
		if (!p || p->len != (int)sizeof(fdt32_t))
			return 0;
	}
	return fdt32_ld(p->value);
}

static int entry_compatible(const struct node_entry *e, const char *compatible)
{
	const struct prop_entry *p = e->compat >= 0 ? &idx.props[e->compat] : NULL;

	if (!p)
		return -FDT_ERR_NOTFOUND;
	return !fdt_stringlist_contains(p->value, p->len, compatible);
}

int fdtp_parent(const void *fdt, int node)
{
	const struct node_entry *e = entry_of(fdt, node);

	return e ? e->parent : fdt_parent_offset(fdt, node);
}

int fdtp_by_phandle(const void *fdt, unsigned phandle)
{
	int lo = 0, hi = idx.n_phandles - 1;

	if (fdt != idx.fdt || !fdt)
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

const void *fdtp_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	const struct node_entry *e = entry_of(fdt, node);
	const struct prop_entry *p;

	if (!e)
		return fdt_getprop(fdt, node, name, lenp);
	p = entry_prop(e, name);
	if (lenp)
		*lenp = p ? p->len : -FDT_ERR_NOTFOUND;
	return p ? p->value : NULL;
}

const char *fdtp_get_name(const void *fdt, int node, int *lenp)
{
	const struct node_entry *e = entry_of(fdt, node);

	if (!e)
		return fdt_get_name(fdt, node, lenp);
	if (lenp)
		*lenp = e->name_len;
	return e->name;
}

uint32_t fdtp_get_phandle(const void *fdt, int node)
{
	const struct node_entry *e = entry_of(fdt, node);

	return e ? entry_phandle(e) : fdt_get_phandle(fdt, node);
}

int fdtp_node_check_compatible(const void *fdt, int node, const char *compatible)
{
	const struct node_entry *e = entry_of(fdt, node);

	return e ? entry_compatible(e, compatible) : fdt_node_check_compatible(fdt, node, compatible);
}

/* Index position of the node after `start` in blob order (start -1: the root); -1 if libfdt must
 * answer (not indexed, or `start` is no node). */
static int first_after(const void *fdt, int start)
{
	const struct node_entry *e;

	if (fdt != idx.fdt || !fdt)
		return -1;
	if (start < 0)
		return 0;
	e = entry_of(fdt, start);
	return e ? (int)(e - idx.nodes) + 1 : -1;
}

int fdtp_node_offset_by_compatible(const void *fdt, int start, const char *compatible)
{
	int i = first_after(fdt, start);

	if (i < 0)
		return fdt_node_offset_by_compatible(fdt, start, compatible);
	for (; i < idx.n_nodes; i++)
		if (entry_compatible(&idx.nodes[i], compatible) == 0)
			return idx.nodes[i].offset;
	return -FDT_ERR_NOTFOUND;
}

int fdtp_node_offset_by_prop_value(const void *fdt, int start, const char *name, const void *val, int len)
{
	int i = first_after(fdt, start);

	if (i < 0)
		return fdt_node_offset_by_prop_value(fdt, start, name, val, len);
	for (; i < idx.n_nodes; i++) {
		const struct prop_entry *p = entry_prop(&idx.nodes[i], name);

		if (p && p->len == len && memcmp(p->value, val, (size_t)len) == 0)
			return idx.nodes[i].offset;
	}
	return -FDT_ERR_NOTFOUND;
}

/* libfdt's rule for a path component: the whole name, or the name without its unit address when
 * the component has none. */
static bool name_matches(const struct node_entry *e, const char *s, int len)
{
	if (e->name_len < len || memcmp(e->name, s, (size_t)len) != 0)
		return false;
	return e->name[len] == '\0' || (!memchr(s, '@', (size_t)len) && e->name[len] == '@');
}

int fdtp_path_offset(const void *fdt, const char *path)
{
	const char *p = path, *end;
	int i = 0; /* the root */

	/* Aliases (no leading '/') are libfdt's. */
	if (fdt != idx.fdt || !fdt || path[0] != '/')
		return fdt_path_offset(fdt, path);
	end = path + strlen(path);
	while (p < end) {
		const char *q;
		int depth = idx.nodes[i].depth, j;

		while (*p == '/') {
			if (++p == end)
				return idx.nodes[i].offset;
		}
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		for (j = i + 1; j < idx.n_nodes && idx.nodes[j].depth > depth; j++)
			if (idx.nodes[j].depth == depth + 1 && name_matches(&idx.nodes[j], p, (int)(q - p)))
				break;
		if (j == idx.n_nodes || idx.nodes[j].depth <= depth)
			return -FDT_ERR_NOTFOUND;
		i = j;
		p = q;
	}
	return idx.nodes[i].offset;
}

int fdtp_get_path(const void *fdt, int node, char *buf, int buflen)
{
	const struct node_entry *chain[MAX_DEPTH];
	const struct node_entry *e = entry_of(fdt, node);
	int n = 0, need = 0, p = 0;

	if (!e)
		return fdt_get_path(fdt, node, buf, buflen);
	for (; n < MAX_DEPTH; n++) {
		chain[n] = e;
		need += e->name_len + 1; /* the name and the '/' after it (the root's name is empty) */
		if (e->parent < 0)
			break;
		e = entry_of(fdt, e->parent);
	}
	/* fdt_get_path() fails unless every name fits with its '/' and the terminator takes the
	 * place of the last '/'. */
	if (buflen < 2 || need > buflen || n == MAX_DEPTH)
		return -FDT_ERR_NOSPACE;
	for (int k = n; k >= 0; k--) {
		memcpy(buf + p, chain[k]->name, (size_t)chain[k]->name_len);
		p += chain[k]->name_len;
		buf[p++] = '/';
	}
	if (p > 1) /* the root's path is "/", not "" */
		p--;
	buf[p] = '\0';
	return 0;
}

int fdtp_next_node(const void *fdt, int node, int *depth)
{
	const struct node_entry *e, *next;

	if (node < 0 && fdt == idx.fdt && fdt) {
		if (depth)
			(*depth)++;
		return idx.nodes[0].offset;
	}
	e = entry_of(fdt, node);
	/* The end of the tree, and a depth that would drop below zero on the way (libfdt then
	 * returns the offset after that END_NODE), are libfdt's to answer. */
	if (!e || e + 1 == idx.nodes + idx.n_nodes)
		return fdt_next_node(fdt, node, depth);
	next = e + 1;
	if (depth) {
		if (*depth < 0 || *depth + next->depth - 1 - e->depth < 0)
			return fdt_next_node(fdt, node, depth);
		*depth += next->depth - e->depth;
	}
	return next->offset;
}

int fdtp_first_subnode(const void *fdt, int node)
{
	const struct node_entry *e = entry_of(fdt, node);
	int i;

	if (!e)
		return fdt_first_subnode(fdt, node);
	i = (int)(e - idx.nodes) + 1;
	return i < idx.n_nodes && idx.nodes[i].depth == e->depth + 1 ? idx.nodes[i].offset : -FDT_ERR_NOTFOUND;
}

int fdtp_next_subnode(const void *fdt, int node)
{
	const struct node_entry *e = entry_of(fdt, node);
	int i;

	if (!e)
		return fdt_next_subnode(fdt, node);
	for (i = (int)(e - idx.nodes) + 1; i < idx.n_nodes && idx.nodes[i].depth > e->depth; i++)
		;
	return i < idx.n_nodes && idx.nodes[i].depth == e->depth ? idx.nodes[i].offset : -FDT_ERR_NOTFOUND;
}

/* One walk of a DTB, then lookups from the index instead of libfdt's scans.
 *
 * libfdt finds a node's parent, a phandle's node, a path or a compatible by walking the structure
 * block from the start, and a property by walking the node's properties with every offset
 * re-checked (a node name is read one byte per call), so discovery on a real board spends almost
 * all its time there. fdt_index_build() walks the blob once with libfdt's iterators and records
 * every node (offset, parent, depth, name) and every property (name, value, length); while it is
 * active for a blob, the fdtp_ functions below answer from it: a binary search for the node, then
 * a short scan of its properties or of the index. The blob must not change while indexed. Any
 * other blob (a config, a guest DT under construction) falls back to libfdt, so a stale index can
 * never answer for it, and every answer is the one libfdt would give (tests/unit/test_fdt_index.c
 * compares them node by node). */
#ifndef BULKHEAD_CORE_FDT_INDEX_H
#define BULKHEAD_CORE_FDT_INDEX_H

#include <stdbool.h>
#include <stdint.h>

/* Check `fdt` with fdt_check_blob() over its totalsize (which the caller has made sure lies inside
 * its buffer), then index it. False if it is malformed (nothing indexed) or out of memory: lookups
 * then use libfdt, which is slower but gives the same answers. */
bool fdt_index_build(const void *fdt);
void fdt_index_release(void);
/* Is `fdt` the indexed blob? It then passed fdt_check_blob() over its totalsize: the boot checks
 * the board DT once, not at every step that reads it. */
bool fdt_index_covers(const void *fdt);

/* The libfdt function of the same name without the prefix, from the index when it covers `fdt`:
 * fdt_parent_offset(), fdt_node_offset_by_phandle(), fdt_getprop(), fdt_get_name(),
 * fdt_get_phandle(), fdt_node_check_compatible(), fdt_node_offset_by_compatible(),
 * fdt_node_offset_by_prop_value(), fdt_path_offset(), fdt_get_path(), fdt_next_node(),
 * fdt_first_subnode(), fdt_next_subnode(). */
int fdtp_parent(const void *fdt, int node);
int fdtp_by_phandle(const void *fdt, unsigned phandle);
const void *fdtp_getprop(const void *fdt, int node, const char *name, int *lenp);
const char *fdtp_get_name(const void *fdt, int node, int *lenp);
uint32_t fdtp_get_phandle(const void *fdt, int node);
int fdtp_node_check_compatible(const void *fdt, int node, const char *compatible);
int fdtp_node_offset_by_compatible(const void *fdt, int start, const char *compatible);
int fdtp_node_offset_by_prop_value(const void *fdt, int start, const char *name, const void *val, int len);
int fdtp_path_offset(const void *fdt, const char *path);
int fdtp_get_path(const void *fdt, int node, char *buf, int buflen);
int fdtp_next_node(const void *fdt, int node, int *depth);
int fdtp_first_subnode(const void *fdt, int node);
int fdtp_next_subnode(const void *fdt, int node);

/* fdt_for_each_subnode() through the index. */
#define fdtp_for_each_subnode(node, fdt, parent) \
	for ((node) = fdtp_first_subnode((fdt), (parent)); (node) >= 0; (node) = fdtp_next_subnode((fdt), (node)))

#endif

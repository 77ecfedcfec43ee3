/* Parents and phandles of one DTB, looked up in O(log n) instead of libfdt's O(n) scans.
 *
 * libfdt finds a node's parent or a phandle's node by walking the structure block from the start,
 * so discovery on a board of a few thousand nodes spends almost all its time there (every
 * interrupt parent, every `ranges` translation, every path). fdt_index_build() records both in one
 * walk; while it is active for a blob, fdtp_parent() and fdtp_by_phandle() answer from it. The
 * blob must not change while indexed. Any other blob (a guest DT under construction) falls back
 * to libfdt, so a stale index can never answer for it. */
#ifndef BULKHEAD_CORE_FDT_INDEX_H
#define BULKHEAD_CORE_FDT_INDEX_H

#include <stdbool.h>

/* Index `fdt` (already checked by fdt_check_blob()). False if out of memory: lookups then use
 * libfdt, which is slower but gives the same answers. */
bool fdt_index_build(const void *fdt);
void fdt_index_release(void);

/* fdt_parent_offset() and fdt_node_offset_by_phandle(), from the index when it covers `fdt`. */
int fdtp_parent(const void *fdt, int node);
int fdtp_by_phandle(const void *fdt, unsigned phandle);

#endif

/* Typed device-tree property readers. Every property goes through one of these: they check the
 * length against the cells it must hold and report a truncated or malformed property as a
 * diagnostic naming the node path and property, never by reading past its end. */
#ifndef BULKHEAD_CORE_FDT_PROPS_H
#define BULKHEAD_CORE_FDT_PROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/diag.h"

enum fdtp_status {
	FDTP_OK,
	FDTP_ABSENT, /* property not present: the caller decides whether that is an error */
	FDTP_BAD,    /* present but malformed: a diagnostic was recorded */
};

/* Node path into buf (always terminated); "<bad node>" if libfdt cannot name it. */
const char *fdtp_path(const void *fdt, int node, char *buf, size_t len);
/* Node path as a malloc'd string (NULL on OOM). */
char *fdtp_path_dup(const void *fdt, int node);

/* #address-cells / #size-cells a node declares for its children (defaults 2 and 1, as in the
 * DT spec). More than 3 address cells or 2 size cells, or a malformed value, is an error. */
enum fdtp_status fdtp_child_addr_cells(const void *fdt, int node, uint32_t *cells, struct diag_list *dl);
enum fdtp_status fdtp_child_size_cells(const void *fdt, int node, uint32_t *cells, struct diag_list *dl);

enum fdtp_status fdtp_u32(const void *fdt, int node, const char *prop, uint32_t *out, struct diag_list *dl);
/* A property of 1 or 2 cells, read as a 64-bit number. */
enum fdtp_status fdtp_u64(const void *fdt, int node, const char *prop, uint64_t *out, struct diag_list *dl);
/* A NUL-terminated string property (the first string of a list). */
enum fdtp_status fdtp_string(const void *fdt, int node, const char *prop, const char **out, struct diag_list *dl);
bool fdtp_bool(const void *fdt, int node, const char *prop);

/* A property that is an array of u32 cells whose count must be a multiple of `stride` cells.
 * *cells points into the blob (big-endian); use fdtp_cell() to read. */
enum fdtp_status fdtp_cells(const void *fdt, int node, const char *prop, unsigned stride, const uint32_t **cells,
			    size_t *ncells, struct diag_list *dl);
uint32_t fdtp_cell(const uint32_t *cells, size_t i);
/* Combine `n` (1 to 3) cells starting at cells[i] into a number: with 3, the low two (the top
 * cell of a 3-cell address names its address space). */
uint64_t fdtp_read_number(const uint32_t *cells, size_t i, uint32_t n);

/* A node's `reg` as (base, size) pairs decoded with the parent's #address-cells/#size-cells.
 * Returns the number of pairs (0 when absent) or -1 after recording a diagnostic. */
struct fdtp_reg {
	uint64_t base;
	uint64_t size;
};
int fdtp_reg(const void *fdt, int node, struct fdtp_reg *out, int max, struct diag_list *dl);
/* How `reg` of parent's children is read, for messages: "read with #address-cells = 2 and
 * #size-cells = 1 of PATH", saying which are absent and the DT defaults (2 and 1) when one is. */
const char *fdtp_cells_used(const void *fdt, int parent, char *buf, size_t len);

/* First compatible string of the node matching any in `list` (NULL-terminated)? */
bool fdtp_compatible_any(const void *fdt, int node, const char *const *list);

#endif

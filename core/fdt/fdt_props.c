#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"

const char *fdtp_path(const void *fdt, int node, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (fdtp_get_path(fdt, node, buf, (int)len) < 0) {
		strncpy(buf, "<bad node>", len - 1);
		buf[len - 1] = '\0';
	}
	return buf;
}

char *fdtp_path_dup(const void *fdt, int node)
{
	char buf[256];

	return strdup(fdtp_path(fdt, node, buf, sizeof(buf)));
}

/* dl may be NULL: callers that only probe a property (status, interrupt-parent, a bus's cells
 * while translating) refuse a malformed value without reporting it. */
static void bad(const void *fdt, int node, const char *prop, struct diag_list *dl, const char *code, const char *what)
{
	if (dl) {
		char path[256];

		diag_error(dl, code, fdtp_path(fdt, node, path, sizeof(path)), prop, "%s", what);
	}
}

static enum fdtp_status cells_prop(const void *fdt, int node, const char *prop, uint32_t dflt, uint32_t max,
				   uint32_t *cells, struct diag_list *dl)
{
	uint32_t v;
	enum fdtp_status st = fdtp_u32(fdt, node, prop, &v, dl);

	if (st == FDTP_ABSENT) {
		*cells = dflt;
		return FDTP_OK;
	}
	if (st != FDTP_OK)
		return st;
	if (v > max) {
		if (dl) {
			char path[256];

			diag_error(dl, "dt-bad-cells", fdtp_path(fdt, node, path, sizeof(path)), prop,
				   "%u cells: bulkhead handles 1 to %u", v, max);
		}
		return FDTP_BAD;
	}
	*cells = v;
	return FDTP_OK;
}

/* Three address cells are a bus with several address spaces (PCI, fsl-mc): the top cell says
 * which, the other two are a 64-bit address. Sizes are 64 bits at most. */
enum fdtp_status fdtp_child_addr_cells(const void *fdt, int node, uint32_t *cells, struct diag_list *dl)
{
	return cells_prop(fdt, node, "#address-cells", 2, 3, cells, dl);
}

enum fdtp_status fdtp_child_size_cells(const void *fdt, int node, uint32_t *cells, struct diag_list *dl)
{
	return cells_prop(fdt, node, "#size-cells", 1, 2, cells, dl);
}

enum fdtp_status fdtp_u32(const void *fdt, int node, const char *prop, uint32_t *out, struct diag_list *dl)
{
	int len;
	const fdt32_t *p = fdtp_getprop(fdt, node, prop, &len);

	if (!p)
		return FDTP_ABSENT;
	if (len != 4) {
		bad(fdt, node, prop, dl, "dt-truncated-property", "expected one 32-bit cell");
		return FDTP_BAD;
	}
	*out = fdt32_ld(p);
	return FDTP_OK;
}

enum fdtp_status fdtp_u64(const void *fdt, int node, const char *prop, uint64_t *out, struct diag_list *dl)
{
	int len;
	const fdt32_t *p = fdtp_getprop(fdt, node, prop, &len);

	if (!p)
		return FDTP_ABSENT;
	if (len == 4) {
		*out = fdt32_ld(p);
	} else if (len == 8) {
		*out = ((uint64_t)fdt32_ld(p) << 32) | fdt32_ld(p + 1);
	} else {
		bad(fdt, node, prop, dl, "dt-truncated-property", "expected one or two 32-bit cells");
		return FDTP_BAD;
	}
	return FDTP_OK;
}

enum fdtp_status fdtp_string(const void *fdt, int node, const char *prop, const char **out, struct diag_list *dl)
{
	int len;
	const char *p = fdtp_getprop(fdt, node, prop, &len);

	if (!p)
		return FDTP_ABSENT;
	if (len < 1 || memchr(p, '\0', (size_t)len) == NULL) {
		bad(fdt, node, prop, dl, "dt-bad-string", "not a NUL-terminated string");
		return FDTP_BAD;
	}
	*out = p;
	return FDTP_OK;
}

bool fdtp_bool(const void *fdt, int node, const char *prop)
{
	return fdtp_getprop(fdt, node, prop, NULL) != NULL;
}

enum fdtp_status fdtp_cells(const void *fdt, int node, const char *prop, unsigned stride, const uint32_t **cells,
			    size_t *ncells, struct diag_list *dl)
{
	int len;
	const void *p = fdtp_getprop(fdt, node, prop, &len);

	if (!p)
		return FDTP_ABSENT;
	if (stride == 0 || len % 4 != 0 || ((size_t)len / 4) % stride != 0) {
		char what[96];

		fmt_snprintf(what, sizeof(what), "length %d is not a multiple of %u cells", len, stride);
		bad(fdt, node, prop, dl, "dt-truncated-property", what);
		return FDTP_BAD;
	}
	*cells = p;
	*ncells = (size_t)len / 4;
	return FDTP_OK;
}

uint32_t fdtp_cell(const uint32_t *cells, size_t i)
{
	return fdt32_ld((const fdt32_t *)&cells[i]);
}

uint64_t fdtp_read_number(const uint32_t *cells, size_t i, uint32_t n)
{
	uint64_t v = 0;

	/* A third (top) cell selects an address space; the number is the low two. */
	for (uint32_t k = n > 2 ? n - 2 : 0; k < n; k++)
		v = (v << 32) | fdtp_cell(cells, i + k);
	return v;
}

const char *fdtp_cells_used(const void *fdt, int parent, char *buf, size_t len)
{
	uint32_t ac = 2, sc = 1;
	bool has_ac = fdtp_u32(fdt, parent, "#address-cells", &ac, NULL) == FDTP_OK;
	bool has_sc = fdtp_u32(fdt, parent, "#size-cells", &sc, NULL) == FDTP_OK;
	char path[128];

	fdtp_path(fdt, parent, path, sizeof(path));
	if (has_ac && has_sc)
		fmt_snprintf(buf, len, "read with #address-cells = %u and #size-cells = %u of %s", ac, sc, path);
	else
		fmt_snprintf(buf, len,
			     "read with #address-cells = %u and #size-cells = %u: %s sets %s, and the DT defaults "
			     "are 2 and 1",
			     has_ac ? ac : 2, has_sc ? sc : 1, path,
			     has_ac   ? "no #size-cells"
			     : has_sc ? "no #address-cells"
				      : "neither");
	return buf;
}

int fdtp_reg(const void *fdt, int node, struct fdtp_reg *out, int max, struct diag_list *dl)
{
	int parent = fdtp_parent(fdt, node);
	uint32_t ac, sc;
	const uint32_t *cells;
	size_t n;
	int count = 0;
	enum fdtp_status st;

	if (parent < 0)
		parent = 0;
	if (!fdtp_getprop(fdt, node, "reg", NULL))
		return 0; /* the parent's cells only matter to a reg (Linux reads them no sooner) */
	if (fdtp_child_addr_cells(fdt, parent, &ac, dl) != FDTP_OK ||
	    fdtp_child_size_cells(fdt, parent, &sc, dl) != FDTP_OK)
		return -1;
	if (ac == 0) {
		bad(fdt, node, "reg", dl, "dt-bad-cells", "parent has #address-cells = 0");
		return -1;
	}
	st = fdtp_cells(fdt, node, "reg", ac + sc, &cells, &n, NULL);
	if (st == FDTP_ABSENT)
		return 0;
	if (st != FDTP_OK) {
		char what[256], used[160];
		int len;

		fdtp_getprop(fdt, node, "reg", &len);
		fmt_snprintf(what, sizeof(what), "length %d is not a multiple of %u cells (%s)", len, ac + sc,
			     fdtp_cells_used(fdt, parent, used, sizeof(used)));
		bad(fdt, node, "reg", dl, "dt-truncated-property", what);
		return -1;
	}
	for (size_t i = 0; i + ac + sc <= n && count < max; i += ac + sc) {
		out[count].base = fdtp_read_number(cells, i, ac);
		out[count].size = sc ? fdtp_read_number(cells, i + ac, sc) : 0;
		count++;
	}
	return count;
}

bool fdtp_compatible_any(const void *fdt, int node, const char *const *list)
{
	for (; *list; list++)
		if (fdtp_node_check_compatible(fdt, node, *list) == 0)
			return true;
	return false;
}

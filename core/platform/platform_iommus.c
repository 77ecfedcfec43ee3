/* Platform discovery: a device's `iommus`, read as Linux's of_iommu_configure() reads it.
 *
 * Each entry is <phandle specifier>, the specifier as long as the IOMMU's #iommu-cells. Entries
 * for an SMMU bulkhead programs become streams. An IOMMU bulkhead has no driver for leaves the
 * device a DMA master it cannot isolate (refused for any partition by config validation); an IOMMU
 * with status = "disabled" translates nothing, so the device's DMA goes straight to memory, as
 * under Linux. Neither is an error in the board: each is one warning naming the IOMMU. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/platform/platform.h"
#include "core/platform/platform_internal.h"

#define MAX_LISTED 3 /* devices a warning names before "and N more" */

enum iommu_kind { IOMMU_PROGRAMMED, IOMMU_DISABLED, IOMMU_FOREIGN, IOMMU_MISSING };

/* What the IOMMU node `target` is to bulkhead; *smmu its index when programmed. */
static enum iommu_kind kind_of(const void *fdt, const struct platform *plat, int target, int *smmu)
{
	*smmu = -1;
	if (target < 0)
		return IOMMU_MISSING;
	for (size_t i = 0; i < plat->n_smmus; i++) {
		if (plat->smmus[i].node == target) {
			*smmu = (int)i;
			return IOMMU_PROGRAMMED;
		}
	}
	return plat_node_enabled(fdt, target) ? IOMMU_FOREIGN : IOMMU_DISABLED;
}

void plat_decode_iommus(const void *fdt, int node, struct platform *plat, struct plat_device *d, struct diag_list *dl)
{
	const uint32_t *cells;
	size_t n;

	if (fdtp_cells(fdt, node, "iommus", 1, &cells, &n, dl) != FDTP_OK)
		return;
	for (size_t i = 0, entry = 0; i < n; entry++) {
		uint32_t ph = fdtp_cell(cells, i), nc = 0;
		int target = fdtp_by_phandle(fdt, ph), s;
		enum iommu_kind kind = kind_of(fdt, plat, target, &s);

		if (kind == IOMMU_MISSING || fdtp_u32(fdt, target, "#iommu-cells", &nc, NULL) != FDTP_OK) {
			diag_error(dl, "dt-bad-iommus", d->path, "iommus",
				   kind == IOMMU_MISSING ? "entry %zu references phandle 0x%x, which names no node"
							 : "entry %zu references phandle 0x%x, a node without "
							   "#iommu-cells",
				   entry, ph);
			return; /* the rest cannot be told apart; the device stays a DMA master */
		}
		if (kind == IOMMU_PROGRAMMED)
			nc = plat->smmus[s].iommu_cells;
		if (i + 1 + nc > n) {
			char p[256];

			diag_error(dl, "dt-truncated-property", d->path, "iommus",
				   "entry %zu needs %u cells after the phandle (#iommu-cells of %s)", entry, nc,
				   fdtp_path(fdt, target, p, sizeof(p)));
			return;
		}
		if (kind == IOMMU_FOREIGN && !d->foreign_iommu) {
			const char *compat;

			d->foreign_iommu = fdtp_path_dup(fdt, target);
			if (fdtp_string(fdt, target, "compatible", &compat, NULL) == FDTP_OK)
				d->foreign_iommu_compatible = strdup(compat);
			if (!d->foreign_iommu)
				dl->out_of_memory = true;
		}
		if (kind == IOMMU_PROGRAMMED) {
			if (!PLAT_PUSH(d->streams, d->n_streams)) {
				dl->out_of_memory = true;
				return;
			}
			d->streams[d->n_streams - 1] = (struct plat_stream){
				.smmu = s,
				.sid = fdtp_cell(cells, i + 1),
				.mask = nc == 2 ? fdtp_cell(cells, i + 2) : plat->smmus[s].stream_match_mask,
			};
		}
		i += 1 + (size_t)nc;
	}
}

/* The IOMMU node of each device's first unusable `iommus` entry of `kind`, or -1. */
static int unusable_target(const void *fdt, const struct platform *plat, const struct plat_device *d,
			   enum iommu_kind want)
{
	const uint32_t *cells;
	size_t n;

	if (fdtp_cells(fdt, d->node, "iommus", 1, &cells, &n, NULL) != FDTP_OK)
		return -1;
	for (size_t i = 0; i < n;) {
		int target = fdtp_by_phandle(fdt, fdtp_cell(cells, i)), s;
		uint32_t nc;

		/* An entry past the end (a huge #iommu-cells, too) was reported as dt-truncated-property;
		 * 1 + nc in 32 bits would wrap to 0 and never move on. */
		if (target < 0 || fdtp_u32(fdt, target, "#iommu-cells", &nc, NULL) != FDTP_OK || i + 1 + (size_t)nc > n)
			return -1; /* not an IOMMU: reported as dt-bad-iommus */
		if (kind_of(fdt, plat, target, &s) == want)
			return target;
		i += 1 + (size_t)nc;
	}
	return -1;
}

static void warn_one(const void *fdt, const struct platform *plat, int target, enum iommu_kind kind, const int *devs,
		     size_t ndev, struct diag_list *dl)
{
	char path[256], list[512];
	const char *compat = "?";
	size_t len = 0;

	fdtp_string(fdt, target, "compatible", &compat, NULL);
	list[0] = '\0';
	for (size_t k = 0; k < ndev && k < MAX_LISTED; k++)
		len += (size_t)fmt_snprintf(list + len, sizeof(list) - len, "%s%s", k ? ", " : "",
					    plat->devices[devs[k]].path);
	if (ndev > MAX_LISTED && len < sizeof(list))
		fmt_snprintf(list + len, sizeof(list) - len, " and %zu more", ndev - MAX_LISTED);
	fdtp_path(fdt, target, path, sizeof(path));
	if (kind == IOMMU_FOREIGN)
		diag_warn(dl, "dt-iommu-unsupported", path, "compatible",
			  "\"%s\" is no IOMMU bulkhead can program: the DMA of %zu device%s behind it (%s) cannot "
			  "be isolated; a config giving one to a partition is refused",
			  compat, ndev, ndev == 1 ? "" : "s", list);
	else
		diag_warn(dl, "dt-iommu-disabled", path, "status",
			  "IOMMU (\"%s\") is disabled: the DMA of %zu device%s behind it (%s) is not translated "
			  "(DMA masters without IOMMU)",
			  compat, ndev, ndev == 1 ? "" : "s", list);
}

void plat_report_unusable_iommus(const void *fdt, const struct platform *plat, struct diag_list *dl)
{
	static const enum iommu_kind kinds[] = { IOMMU_FOREIGN, IOMMU_DISABLED };
	int *target = calloc(plat->n_devices + 1, sizeof(*target));
	int *devs = calloc(plat->n_devices + 1, sizeof(*devs));

	if (!target || !devs) {
		dl->out_of_memory = true;
		goto out;
	}
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (size_t i = 0; i < plat->n_devices; i++)
			target[i] = unusable_target(fdt, plat, &plat->devices[i], kinds[k]);
		/* One warning per IOMMU, in the order its first device appears. */
		for (size_t i = 0; i < plat->n_devices; i++) {
			size_t ndev = 0;
			int t = target[i];

			if (t < 0)
				continue;
			for (size_t j = i; j < plat->n_devices; j++) {
				if (target[j] == t) {
					devs[ndev++] = (int)j;
					target[j] = -1;
				}
			}
			warn_one(fdt, plat, t, kinds[k], devs, ndev, dl);
		}
	}
out:
	free(target);
	free(devs);
}

/* Devices behind an IOMMU bulkhead cannot program: no partition may be given them.
 *
 * Two kinds: an IOMMU bulkhead has no driver for at all (platform_iommus.c records it per device
 * as foreign_iommu), and an SMMU bulkhead recognises but cannot program (smmu_programmable():
 * an unsupported model or integration). Either leaves the device's DMA wherever the IOMMU, as firmware set
 * it up, sends it. A guest may not hold such a device at all; the host only by default, never by
 * name; trusted-devices does not change that. */
#include "core/base/format.h"
#include "core/config/validate_internal.h"

#define MAX_LISTED 3

static bool refused_holder(const struct vctx *v, int owner, int named_by)
{
	return vctx_is_guest(v, owner) || (owner >= 0 && named_by == owner);
}

static void check_foreign_iommus(struct vctx *v)
{
	for (size_t d = 0; d < v->plat->n_devices; d++) {
		const struct plat_device *dev = &v->plat->devices[d];
		int owner = v->map->device_owner[d];

		if (!dev->foreign_iommu || !refused_holder(v, owner, v->device_named_by[d]))
			continue;
		diag_error(v->dl, "cfg-iommu-unsupported", v->cfg->parts[owner].path, "devices",
			   "%s is behind %s (\"%s\"), an IOMMU bulkhead cannot program: its DMA cannot be "
			   "isolated, so no partition may be given it",
			   dev->path, dev->foreign_iommu,
			   dev->foreign_iommu_compatible ? dev->foreign_iommu_compatible : "?");
	}
}

static bool on_smmu(const struct dma_master *m, size_t smmu)
{
	for (size_t k = 0; k < m->n_streams; k++)
		if (m->streams[k].smmu >= 0 && (size_t)m->streams[k].smmu == smmu)
			return true;
	return false;
}

/* One error per partition and SMMU, naming the SMMU and the partition's masters behind it. */
static void check_smmu(struct vctx *v, size_t smmu, size_t part)
{
	const struct plat_smmu *s = &v->plat->smmus[smmu];
	char list[400];
	const char *why = "";
	size_t len = 0, n = 0;

	list[0] = '\0';
	if (smmu_programmable(s, &why))
		return;
	for (size_t m = 0; m < v->gs->n_masters; m++) {
		const struct dma_master *dm = &v->gs->masters[m];
		int owner = v->map->master_owner[m];

		if ((size_t)owner != part || owner < 0 || !on_smmu(dm, smmu) ||
		    !refused_holder(v, owner, v->master_named_by[m]))
			continue;
		if (n < MAX_LISTED && len < sizeof(list))
			len += (size_t)fmt_snprintf(list + len, sizeof(list) - len, "%s%s", n ? ", " : "", dm->name);
		n++;
	}
	if (n == 0)
		return;
	if (n > MAX_LISTED && len < sizeof(list))
		fmt_snprintf(list + len, sizeof(list) - len, " and %zu more", n - MAX_LISTED);
	diag_error(v->dl, "cfg-smmu-unsupported", v->cfg->parts[part].path, "devices",
		   "%s is behind %s, an %s bulkhead cannot program (%s): its streams would not be isolated, so "
		   "no partition may be given %s",
		   list, s->path, smmu_model_name(s->model), why, n == 1 ? "it" : "them");
}

void validate_unusable_iommus(struct vctx *v)
{
	check_foreign_iommus(v);
	for (size_t s = 0; s < v->plat->n_smmus; s++)
		for (size_t p = 0; p < v->cfg->n_parts; p++)
			check_smmu(v, s, p);
}

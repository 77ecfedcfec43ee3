/* Which of a partition's PCI functions get MSIs: those whose requester ID reaches the board's
 * ITS through their host bridge's msi-map (vpci.h). The device ID found is the one bulkhead
 * programs into the physical ITS for the function (MAPD), and the only one its MSIs can carry:
 * the ITS takes it from the write itself, not from anything the partition controls. */
#include "core/pci/vpci.h"

/* A virtual ITS takes the board ITS's 128 KiB frame (control and translation pages) in the
 * partition's IPA space (docs/msi.md); a smaller frame cannot hold it. */
#define ITS_FRAME_BYTES 0x20000u

bool pci_its_devid(const struct plat_pci_host *h, uint32_t its_phandle, uint16_t rid, uint32_t *devid)
{
	uint32_t id = rid & h->msi_map_mask;

	if (!h->has_msi_map)
		return false;
	for (size_t i = 0; i < h->n_msi_map; i++) {
		const struct plat_id_map *m = &h->msi_map[i];

		if (id < m->rid_base || id - m->rid_base >= m->length)
			continue;
		/* The first entry covering the ID decides, as in Linux's of_map_id. */
		if (m->phandle != its_phandle)
			return false;
		*devid = m->id_base + (id - m->rid_base);
		return true;
	}
	return false;
}

void vpci_bus_drop_msi(struct vpci_bus *bus)
{
	bus->msi = false;
	for (unsigned i = 0; i < bus->n_fns; i++)
		bus->fns[i].msi = false;
}

void vpci_bus_resolve_msi(struct vpci_bus *bus, const struct platform *plat)
{
	const struct plat_gic *gic = &plat->gic;

	bus->msi = false;
	for (unsigned i = 0; i < bus->n_fns; i++) {
		struct vpci_fn *f = &bus->fns[i];

		f->msi = gic->version == GIC_V3 && gic->its.size >= ITS_FRAME_BYTES && gic->its_phandle &&
			 f->host < plat->n_pci_hosts &&
			 pci_its_devid(&plat->pci_hosts[f->host], gic->its_phandle, f->phys_bdf, &f->its_devid);
		bus->msi |= f->msi;
	}
}

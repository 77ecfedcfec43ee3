/* Each partition's virtual PCI host bridge (core/pci/vpci.h): its owned endpoints placed on
 * virtual bus 0, their BARs and INTx resolved. The map records the placement, so the report,
 * bulkhead-check and the hypervisor all show the same physical -> virtual BDFs; the INTx lines
 * become the partition's SPIs in validate_irqs.c, which refuses a line shared by two partitions. */
#include <stdlib.h>

#include "core/config/validate_internal.h"
#include "core/pci/vpci.h"

static void place_partition(struct vctx *v, size_t i, struct vpci_bus *bus, size_t *owned)
{
	struct pmap_partition *p = &v->map->parts[i];
	size_t n = 0;

	/* The functions the partition holds (named, or the host's by default): in a map that splits
	 * a group they differ from its groups' members, and the split is the error to report. */
	for (size_t k = 0; k < v->gs->n_masters; k++) {
		const struct dma_master *m = &v->gs->masters[k];

		if (v->map->master_owner[k] == (int)i && m->kind == MASTER_PCI && m->pci_fn >= 0 &&
		    (size_t)m->pci_fn < v->pci->n_fns)
			owned[n++] = (size_t)m->pci_fn;
	}
	if (!n)
		return;
	vpci_bus_build(bus, v->plat, v->pci, owned, n, v->cfg->parts[i].path, v->dl);
	if (!bus->n_fns)
		return;
	p->pci = calloc(bus->n_fns, sizeof(*p->pci));
	if (!p->pci) {
		v->dl->out_of_memory = true;
		return;
	}
	p->n_pci = bus->n_fns;
	p->pci_ecam_ipa = bus->ecam_ipa;
	for (unsigned k = 0; k < bus->n_fns; k++) {
		const struct vpci_fn *f = &bus->fns[k];

		p->pci[k] = (struct pmap_pci){ .fn = f->topo_index, .vdevfn = f->vdevfn, .intx = f->intx_intid };
		pci_fn_name(&v->pci->fns[f->topo_index], p->pci[k].name, sizeof(p->pci[k].name));
		for (unsigned b = 0; b < PCI_MAX_BARS; b++)
			p->pci[k].bars[b] = (struct mem_range){ f->bars[b].addr, f->bars[b].size };
	}
}

void validate_pci(struct vctx *v)
{
	struct vpci_bus *bus;
	size_t *owned;

	if (!v->pci || !v->pci->n_fns)
		return;
	bus = malloc(sizeof(*bus));
	owned = malloc(v->pci->n_fns * sizeof(*owned));
	if (!bus || !owned) {
		v->dl->out_of_memory = true;
	} else {
		for (size_t i = 0; i < v->cfg->n_parts; i++)
			place_partition(v, i, bus, owned);
	}
	free(bus);
	free(owned);
}

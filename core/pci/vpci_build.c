/* Placing a partition's PCI functions on its virtual bus (the rules are in vpci.h). */
#include <stdlib.h>
#include <string.h>

#include "core/pci/vpci.h"

#define HEADER_TYPE_MASK 0x7f
#define FOUR_GIB (UINT64_C(1) << 32)

/* A memory BAR's CPU address, through the memory windows of its host bridge's `ranges`. */
bool pci_bar_cpu_address(const struct plat_pci_host *h, const struct pci_bar *bar, uint64_t *cpu)
{
	for (size_t i = 0; i < h->n_ranges; i++) {
		const struct plat_pci_range *r = &h->ranges[i];

		if ((r->space == 2 || r->space == 3) && bar->addr >= r->pci_addr &&
		    bar->addr - r->pci_addr <= r->size && bar->size <= r->size - (bar->addr - r->pci_addr)) {
			*cpu = bar->addr - r->pci_addr + r->cpu_addr;
			return true;
		}
	}
	return false;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static bool same_device(const struct pci_function *a, const struct pci_function *b)
{
	return a->segment == b->segment && a->host == b->host && a->bus == b->bus && a->dev == b->dev;
}

/* Whether function 0 of f's physical device is among the owned functions. */
static bool fn0_owned(const struct pci_topology *topo, const size_t *owned, size_t n, const struct pci_function *f)
{
	for (size_t i = 0; i < n; i++) {
		const struct pci_function *g = &topo->fns[owned[i]];

		if (same_device(g, f) && g->fn == 0)
			return true;
	}
	return false;
}

static bool presentable(const struct pci_function *f)
{
	return !f->is_bridge && (f->header_type & HEADER_TYPE_MASK) == 0;
}

/* A BAR the partition cannot be shown (unassigned by firmware, outside the host bridge's windows,
 * or a 32-bit BAR the CPU sees above 4 GiB) reads as unimplemented, with a warning: the function
 * is still the partition's, its driver may manage without that BAR. */
static void place_bars(struct vpci_fn *v, const struct plat_pci_host *h, const struct pci_function *f, const char *who,
		       struct diag_list *dl)
{
	char name[PCI_NAME_LEN];

	for (unsigned b = 0; b < PCI_MAX_BARS; b++) {
		const struct pci_bar *bar = &f->bars[b];
		uint64_t cpu;

		if (!bar->size || bar->io)
			continue;
		if (!pci_bar_cpu_address(h, bar, &cpu)) {
			diag_warn(dl, "cfg-pci-bar", who, "devices",
				  "BAR %u of %s (bus address 0x%llx, 0x%llx bytes) is in no memory window of %s; the "
				  "partition does not see it",
				  b, pci_fn_name(f, name, sizeof(name)), (unsigned long long)bar->addr,
				  (unsigned long long)bar->size, h->path);
			continue;
		}
		if (!bar->mem64 && cpu + bar->size > FOUR_GIB) {
			diag_warn(dl, "cfg-pci-bar", who, "devices",
				  "32-bit BAR %u of %s is at CPU address 0x%llx, which a 32-bit BAR cannot hold; the "
				  "partition does not see it",
				  b, pci_fn_name(f, name, sizeof(name)), (unsigned long long)cpu);
			continue;
		}
		v->bars[b] = (struct vpci_bar){ cpu, bar->size, bar->mem64, bar->prefetch };
	}
}

static void place_intx(struct vpci_fn *v, const struct platform *plat, const struct pci_topology *topo, size_t i,
		       const char *who, struct diag_list *dl)
{
	const struct pci_function *f = &topo->fns[i];
	struct plat_irq irq;

	if (!f->int_pin)
		return;
	if (!vpci_intx_route(plat, topo, i, f->int_pin, &irq)) {
		char name[PCI_NAME_LEN];

		diag_warn(dl, "cfg-pci-intx-unrouted", who, "devices",
			  "INT%c of %s is routed to no GIC interrupt by %s's interrupt-map; the partition sees no "
			  "interrupt pin",
			  'A' + f->int_pin - 1, pci_fn_name(f, name, sizeof(name)), plat->pci_hosts[f->host].path);
		return;
	}
	v->pin = f->int_pin;
	v->intx_intid = irq.intid;
	v->intx_flags = irq.flags;
}

bool vpci_bus_build(struct vpci_bus *bus, const struct platform *plat, const struct pci_topology *topo,
		    const size_t *owned, size_t n_owned, const char *who, struct diag_list *dl)
{
	size_t *order = malloc((n_owned ? n_owned : 1) * sizeof(*order));
	const struct pci_function *prev = NULL;
	bool ok = true, prev_shared = false;
	unsigned slot = 0;

	memset(bus, 0, sizeof(*bus));
	if (plat->n_pci_hosts)
		bus->ecam_ipa = plat->pci_hosts[0].ecam.base;
	if (!order) {
		dl->out_of_memory = true;
		return false;
	}
	if (n_owned)
		memcpy(order, owned, n_owned * sizeof(*order));
	qsort(order, n_owned, sizeof(*order), cmp_size); /* canonical topology order */
	for (size_t k = 0; k < n_owned; k++) {
		const struct pci_function *f = &topo->fns[order[k]];
		bool shared = fn0_owned(topo, order, n_owned, f);
		struct vpci_fn *v;

		if (!presentable(f) || (k && order[k] == order[k - 1]))
			continue;
		/* A new slot unless f is another function of the previous slot's device. */
		if (prev && !(shared && prev_shared && same_device(prev, f)))
			slot++;
		if (slot >= 32 || bus->n_fns >= VPCI_MAX_FNS) {
			diag_error(dl, "cfg-pci-too-many", who, "devices",
				   "more PCI functions than one virtual bus holds (%u functions, 32 devices)",
				   VPCI_MAX_FNS);
			ok = false;
			break;
		}
		v = &bus->fns[bus->n_fns++];
		v->topo_index = order[k];
		v->host = (unsigned)f->host;
		v->phys_bdf = PCI_RID(f->bus, PCI_DEVFN(f->dev, f->fn));
		v->vdevfn = PCI_DEVFN(slot, shared ? f->fn : 0);
		place_bars(v, &plat->pci_hosts[f->host], f, who, dl);
		place_intx(v, plat, topo, order[k], who, dl);
		prev = f;
		prev_shared = shared;
	}
	free(order);
	vpci_bus_resolve_msi(bus, plat);
	return ok;
}

struct vpci_fn *vpci_find(struct vpci_bus *bus, uint8_t vdevfn)
{
	for (unsigned i = 0; i < bus->n_fns; i++)
		if (bus->fns[i].vdevfn == vdevfn)
			return &bus->fns[i];
	return NULL;
}

void vpci_bus_restart(struct vpci_bus *bus)
{
	for (unsigned i = 0; i < bus->n_fns; i++) {
		struct vpci_fn *f = &bus->fns[i];

		f->probing = 0;
		f->int_line = 0;
		f->caps_known = false;
		f->n_caps = 0;
	}
}

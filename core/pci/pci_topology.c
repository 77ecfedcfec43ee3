/* The PCI topology container: canonical order, invariants, lookups and the per-function facts
 * grouping needs (names, types, Linux's ACS test). */
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/pci/pci.h"

void pci_topology_init(struct pci_topology *topo)
{
	memset(topo, 0, sizeof(*topo));
}

void pci_topology_free(struct pci_topology *topo)
{
	free(topo->fns);
	free(topo->host_flags);
	pci_topology_init(topo);
}

bool pci_topology_begin(struct pci_topology *topo, size_t n_hosts, struct diag_list *dl)
{
	pci_topology_init(topo);
	if (!n_hosts)
		return true;
	topo->host_flags = calloc(n_hosts, 1);
	if (!topo->host_flags) {
		dl->out_of_memory = true;
		return false;
	}
	topo->n_hosts = n_hosts;
	return true;
}

struct pci_function *pci_topology_add(struct pci_topology *t, struct diag_list *dl)
{
	if (t->n_fns == t->cap_fns) {
		size_t cap = t->cap_fns ? t->cap_fns * 2 : 32;
		struct pci_function *p = realloc(t->fns, cap * sizeof(*p));

		if (!p) {
			dl->out_of_memory = true;
			return NULL;
		}
		t->fns = p;
		t->cap_fns = cap;
	}
	memset(&t->fns[t->n_fns], 0, sizeof(t->fns[0]));
	return &t->fns[t->n_fns++];
}

char *pci_fn_name(const struct pci_function *f, char *buf, size_t len)
{
	fmt_snprintf(buf, len, "%04x:%02x:%02x.%x", f->segment, f->bus, f->dev, f->fn);
	return buf;
}

static const char *const pcie_type_names[16] = {
	[PCI_EXP_TYPE_ENDPOINT] = "endpoint",
	[PCI_EXP_TYPE_LEG_END] = "legacy-endpoint",
	[2] = "pcie-type-2",
	[3] = "pcie-type-3",
	[PCI_EXP_TYPE_ROOT_PORT] = "root-port",
	[PCI_EXP_TYPE_UPSTREAM] = "upstream-port",
	[PCI_EXP_TYPE_DOWNSTREAM] = "downstream-port",
	[PCI_EXP_TYPE_PCI_BRIDGE] = "pcie-pci-bridge",
	[PCI_EXP_TYPE_PCIE_BRIDGE] = "pci-pcie-bridge",
	[PCI_EXP_TYPE_RC_END] = "rc-endpoint",
	[PCI_EXP_TYPE_RC_EC] = "rc-event-collector",
	[11] = "pcie-type-11",
	[12] = "pcie-type-12",
	[13] = "pcie-type-13",
	[14] = "pcie-type-14",
	[15] = "pcie-type-15",
};

const char *pci_type_name(const struct pci_function *f)
{
	if (!f->is_pcie)
		return f->is_bridge ? "pci-bridge" : "conventional";
	return pcie_type_names[f->pcie_type & 0xf];
}

int pci_type_from_name(const char *name, bool *is_pcie, uint8_t *type)
{
	if (strcmp(name, "conventional") == 0 || strcmp(name, "pci-bridge") == 0) {
		*is_pcie = false;
		*type = 0;
		return 0;
	}
	for (unsigned i = 0; i < 16; i++) {
		if (strcmp(name, pcie_type_names[i]) == 0) {
			*is_pcie = true;
			*type = (uint8_t)i;
			return 0;
		}
	}
	return -1;
}

/* Linux's pci_acs_flags_enabled(): flags the capability does not advertise are hard-wired
 * (except egress control, which we never ask for). */
static bool acs_flags_enabled(const struct pci_function *f, uint16_t flags)
{
	if (!f->acs_cap_offset)
		return false;
	flags &= (uint16_t)(f->acs_cap | PCI_ACS_EC);
	return (f->acs_ctrl & flags) == flags;
}

bool pci_acs_isolated(const struct pci_function *f)
{
	/* Conventional PCI: any device on the bus can receive or snoop DMA. */
	if (!f->is_pcie)
		return false;
	switch (f->pcie_type) {
	case PCI_EXP_TYPE_PCIE_BRIDGE:
	case PCI_EXP_TYPE_PCI_BRIDGE:
	case PCI_EXP_TYPE_RC_EC:
		return false;
	case PCI_EXP_TYPE_DOWNSTREAM:
	case PCI_EXP_TYPE_ROOT_PORT:
		return acs_flags_enabled(f, PCI_ACS_ISOLATION);
	case PCI_EXP_TYPE_ENDPOINT:
	case PCI_EXP_TYPE_UPSTREAM:
	case PCI_EXP_TYPE_LEG_END:
	case PCI_EXP_TYPE_RC_END:
		if (!f->multifunction)
			break;
		return acs_flags_enabled(f, PCI_ACS_ISOLATION);
	default:
		break;
	}
	/* ACS is not applicable to other single-function devices. */
	return true;
}

static int key_cmp(const struct pci_function *a, const struct pci_function *b)
{
	uint8_t da = PCI_DEVFN(a->dev, a->fn), db = PCI_DEVFN(b->dev, b->fn);

	if (a->segment != b->segment)
		return a->segment < b->segment ? -1 : 1;
	if (a->host != b->host)
		return a->host < b->host ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (da != db)
		return da < db ? -1 : 1;
	return 0;
}

/* qsort has no context argument: sort (key, original index) records instead. */
struct sort_rec {
	const struct pci_function *f;
	size_t idx;
};

static int sort_rec_cmp(const void *a, const void *b)
{
	const struct sort_rec *x = a, *y = b;
	int c = key_cmp(x->f, y->f);

	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

bool pci_topology_finish(struct pci_topology *topo, const struct platform *plat, struct diag_list *dl)
{
	size_t n = topo->n_fns;
	struct sort_rec *recs;
	size_t *newpos;
	struct pci_function *out;
	bool ok = true;
	char name[PCI_NAME_LEN], pname[PCI_NAME_LEN];

	if (n == 0)
		return true;
	recs = malloc(n * sizeof(*recs));
	newpos = malloc(n * sizeof(*newpos));
	out = malloc(n * sizeof(*out));
	if (!recs || !newpos || !out) {
		free(recs);
		free(newpos);
		free(out);
		dl->out_of_memory = true;
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		struct pci_function *f = &topo->fns[i];

		if (plat && f->host >= 0 && (size_t)f->host < plat->n_pci_hosts)
			f->segment = plat->pci_hosts[f->host].segment;
		recs[i] = (struct sort_rec){ f, i };
	}
	qsort(recs, n, sizeof(*recs), sort_rec_cmp);
	for (size_t i = 0; i < n; i++)
		newpos[recs[i].idx] = i;
	for (size_t i = 0; i < n; i++) {
		out[i] = *recs[i].f;
		if (out[i].parent >= 0)
			out[i].parent = (int)newpos[out[i].parent];
	}
	free(recs);
	free(newpos);
	free(topo->fns);
	topo->fns = out;

	for (size_t i = 0; i < n; i++) {
		struct pci_function *f = &out[i];

		if (f->fn > 0)
			f->multifunction = true; /* as Linux's pci_scan_slot() does */
		if (i > 0 && out[i - 1].segment == f->segment && out[i - 1].host != f->host) {
			diag_error(dl, "pci-duplicate-segment", pci_fn_name(f, name, sizeof(name)), NULL,
				   "two host bridges use segment %u", f->segment);
			ok = false;
		}
		if (i > 0 && key_cmp(&out[i - 1], f) == 0) {
			diag_error(dl, "pci-duplicate-function", pci_fn_name(f, name, sizeof(name)), NULL,
				   "two functions at the same address");
			ok = false;
		}
		if (f->parent < 0)
			continue;
		if ((size_t)f->parent >= i || !out[f->parent].is_bridge || out[f->parent].secondary != f->bus ||
		    out[f->parent].host != f->host) {
			diag_error(dl, "pci-bad-bus-number", pci_fn_name(f, name, sizeof(name)), NULL,
				   "below %s, whose secondary bus is %u: a bridge's secondary bus must be "
				   "greater than its own and hold the functions below it",
				   pci_fn_name(&out[f->parent], pname, sizeof(pname)), out[f->parent].secondary);
			f->parent = -1;
			ok = false;
		}
	}
	return ok;
}

int pci_find_function(const struct pci_topology *topo, uint16_t segment, uint8_t bus, uint8_t devfn)
{
	size_t lo = 0, hi = topo->n_fns;
	unsigned want = (unsigned)bus << 8 | devfn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pci_function *f = &topo->fns[mid];
		unsigned have = (unsigned)f->bus << 8 | PCI_DEVFN(f->dev, f->fn);

		if (f->segment == segment && have == want)
			return (int)mid;
		if (f->segment < segment || (f->segment == segment && have < want))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

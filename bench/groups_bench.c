/* Grouping at scale: a synthetic board with N DMA masters (about 10% platform devices on an
 * SMMUv2 with some shared and masked streams, the rest PCI functions behind several host
 * bridges in every topology the rules know), timed through groups_build() and groups_report().
 *
 *   groups_bench N      prints one line: masters, groups, build and report time, peak RSS
 *
 * Run by bench/run-groups-bench.sh (README.md there). Built with -O2, no sanitizers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/base/console.h"
#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"

static size_t console_bytes;

void console_write(const char *s, size_t n)
{
	(void)s;
	console_bytes += n;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss; /* KiB on Linux */
}

struct gen {
	struct pci_topology *t;
	size_t cap;
	int host;
	unsigned next_bus; /* next free bus on this host */
	unsigned rp;       /* next root-port devfn on bus 0 (dev 1..31, fn 0..7) */
};

static int add(struct gen *g, uint8_t bus, uint8_t dev, uint8_t fn, int parent, bool pcie, uint8_t type, bool bridge,
	       uint8_t sec, bool multi, uint16_t acs_ctrl)
{
	struct pci_function *f;

	if (g->t->n_fns == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->t->fns = realloc(g->t->fns, g->cap * sizeof(*g->t->fns));
		if (!g->t->fns)
			abort();
	}
	f = &g->t->fns[g->t->n_fns];
	memset(f, 0, sizeof(*f));
	f->bus = bus;
	f->dev = dev;
	f->fn = fn;
	f->vendor = 0x1b36;
	f->device = 0x10;
	f->class_code = bridge ? 0x060400 : 0x020000;
	f->is_pcie = pcie;
	f->pcie_type = type;
	f->is_bridge = bridge;
	f->secondary = f->subordinate = sec;
	f->multifunction = multi;
	f->header_type = (uint8_t)((bridge ? 1 : 0) | (multi ? 0x80 : 0));
	f->parent = parent;
	f->host = g->host;
	if (acs_ctrl) {
		f->acs_cap_offset = 0x148;
		f->acs_cap = 0x5f;
		f->acs_ctrl = acs_ctrl;
	}
	return (int)g->t->n_fns++;
}

/* One root port on bus 0 with one of four subtrees below. Returns false when the host is full. */
static bool add_unit(struct gen *g, unsigned kind)
{
	static const unsigned buses_needed[4] = { 2, 1, 1, 6 };
	unsigned rp_dev = 1 + g->rp / 8, rp_fn = g->rp % 8, b = g->next_bus;
	int rp, x;

	if (rp_dev > 31 || b + buses_needed[kind] > 256)
		return false;
	g->rp++;
	g->next_bus += buses_needed[kind];
	rp = add(g, 0, (uint8_t)rp_dev, (uint8_t)rp_fn, -1, true, PCI_EXP_TYPE_ROOT_PORT, true, (uint8_t)b, true,
		 kind == 1 ? 0 : 0x1d);
	g->t->fns[rp].subordinate = (uint8_t)(b + buses_needed[kind] - 1);
	switch (kind) {
	case 0: /* PCIe-to-PCI bridge with a full conventional bus: one alias group of 257 */
		x = add(g, (uint8_t)b, 0, 0, rp, true, PCI_EXP_TYPE_PCI_BRIDGE, true, (uint8_t)(b + 1), false, 0);
		for (unsigned d = 0; d < 32; d++)
			for (unsigned f = 0; f < 8; f++)
				add(g, (uint8_t)(b + 1), (uint8_t)d, (uint8_t)f, x, false, 0, false, 0, true, 0);
		break;
	case 1: /* root port without ACS, 8-function endpoint below: all in the port's group */
		for (unsigned f = 0; f < 8; f++)
			add(g, (uint8_t)b, 0, (uint8_t)f, rp, true, PCI_EXP_TYPE_ENDPOINT, false, 0, true, 0);
		break;
	case 2: /* 8-function endpoint with ACS: isolated functions */
		for (unsigned f = 0; f < 8; f++)
			add(g, (uint8_t)b, 0, (uint8_t)f, rp, true, PCI_EXP_TYPE_ENDPOINT, false, 0, true, 0x1d);
		break;
	case 3: { /* switch: upstream port, 4 downstream ports without ACS, an endpoint each */
		int up = add(g, (uint8_t)b, 0, 0, rp, true, PCI_EXP_TYPE_UPSTREAM, true, (uint8_t)(b + 1), false, 0);

		g->t->fns[up].subordinate = (uint8_t)(b + 5);
		for (unsigned d = 0; d < 4; d++) {
			int dn = add(g, (uint8_t)(b + 1), (uint8_t)d, 0, up, true, PCI_EXP_TYPE_DOWNSTREAM, true,
				     (uint8_t)(b + 2 + d), false, 0);

			add(g, (uint8_t)(b + 2 + d), 0, 0, dn, true, PCI_EXP_TYPE_ENDPOINT, false, 0, false, 0);
		}
		break;
	}
	}
	return true;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000, n_plat = n / 10, n_pci = n - n_plat;
	struct platform plat;
	struct pci_topology topo;
	struct group_set gs;
	struct diag_list dl;
	struct gen g = { .t = &topo };
	size_t max_hosts = 64, kind = 0;
	double t0, t1, t2;
	long rss_input, rss_build;

	memset(&plat, 0, sizeof(plat));
	pci_topology_init(&topo);
	diag_init(&dl);
	plat.smmus = calloc(2, sizeof(*plat.smmus));
	plat.smmus[0] = (struct plat_smmu){ .model = SMMU_MODEL_V3, .path = "/smmuv3@9050000", .iommu_cells = 1 };
	plat.smmus[1] = (struct plat_smmu){ .model = SMMU_MODEL_MMU500, .path = "/iommu@5000000", .iommu_cells = 2 };
	plat.n_smmus = 2;
	plat.pci_hosts = calloc(max_hosts, sizeof(*plat.pci_hosts));

	/* PCI: hosts filled with root-port units in rotation; host h maps RIDs to SIDs h << 16 + RID. */
	while (topo.n_fns < n_pci) {
		struct plat_pci_host *h = &plat.pci_hosts[plat.n_pci_hosts];
		struct plat_id_map *m = calloc(1, sizeof(*m));
		char *path = malloc(32);

		if (plat.n_pci_hosts == max_hosts)
			break;
		snprintf(path, 32, "/pcie@%zx", 0x10000000 + plat.n_pci_hosts * 0x1000000);
		*m = (struct plat_id_map){ 0, 1, 0, (uint32_t)plat.n_pci_hosts << 16, 0x10000 };
		*h = (struct plat_pci_host){ .path = path,
					     .segment = (uint16_t)plat.n_pci_hosts,
					     .bus_end = 255,
					     .has_iommu_map = true,
					     .iommu_map_mask = 0xffffffffu,
					     .iommu_map = m,
					     .n_iommu_map = 1 };
		g.host = (int)plat.n_pci_hosts++;
		g.next_bus = 1;
		g.rp = 0;
		add(&g, 0, 0, 0, -1, false, 0, false, 0, false, 0); /* host bridge function */
		while (topo.n_fns < n_pci && add_unit(&g, kind % 4))
			kind++;
	}
	if (!pci_topology_finish(&topo, &plat, &dl)) {
		fprintf(stderr, "bench: bad synthetic topology\n");
		diag_print(&dl);
		return 1;
	}
	/* Platform devices: one stream each on the MMU-500; every 50th shares the previous one's
	 * stream, every 20th has an SMR mask of 0x3, every 100th is DMA-capable without iommus. */
	plat.devices = calloc(n_plat, sizeof(*plat.devices));
	for (size_t i = 0; i < n_plat; i++) {
		struct plat_device *d = &plat.devices[i];

		d->path = malloc(40);
		snprintf(d->path, 40, "/soc/dev@%zx", 0x10000000 + i * 0x1000);
		d->role = DEV_ROLE_OTHER;
		d->dma_capable = true;
		if (i % 100 == 99)
			continue;
		d->streams = calloc(1, sizeof(*d->streams));
		d->n_streams = 1;
		d->streams[0] = (struct plat_stream){ 1, (uint32_t)(i % 50 == 49 ? (i - 1) * 4 : i * 4),
						      i % 20 == 19 ? 0x3u : 0 };
	}
	plat.n_devices = n_plat;
	rss_input = peak_rss_kib();

	t0 = now_ms();
	if (!groups_build(&plat, &topo, &gs, &dl)) {
		fprintf(stderr, "bench: groups_build failed\n");
		diag_print(&dl);
		return 1;
	}
	t1 = now_ms();
	rss_build = peak_rss_kib();
	groups_report(&gs, &plat);
	t2 = now_ms();
	printf("masters %7zu (%zu pci in %zu hosts, %zu platform)  groups %7zu  build %7.1f ms  report %7.1f ms"
	       " (%zu bytes)  peak rss %6ld KiB (input %ld KiB, +%ld KiB grouping)\n",
	       gs.n_masters, topo.n_fns, plat.n_pci_hosts, n_plat, gs.n_groups, t1 - t0, t2 - t1, console_bytes,
	       peak_rss_kib(), rss_input, rss_build - rss_input);
	return 0;
}

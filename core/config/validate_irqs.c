/* Interrupt rules: a shared peripheral interrupt (SPI) line is passed through to one owner only,
 * so no SPI may be used by devices of two partitions, or by a partition's device and one of the
 * hypervisor's (console, SMMU). A PCI function's INTx line (validate_pci.c resolved it) belongs
 * to the function's partition; two partitions' functions on one line are refused
 * (cfg-shared-intx); INTx lines no owned function uses stay the hypervisor's. PPIs are per CPU
 * and belong to whoever runs there. Fills each partition's `spis`. */
#include <stdlib.h>

#include "core/config/validate_internal.h"
#include "core/vdev/vgicd.h"

/* Every SPI a board can name is one the virtual GIC forwards: nothing to refuse here. (An SPI the
 * physical GIC lacks, past GICD_TYPER.ITLinesNumber, is not in the DT: the boot finds it, and then
 * starts no partition.) */
_Static_assert(VGICD_MAX_INTIDS >= PLAT_SPI_INTID_END, "the virtual GIC models every SPI a board can name");

struct spi_use {
	uint32_t intid;
	int owner;
	const char *who; /* device path, or a PCI function's name for its INTx */
	size_t seq;      /* collection order: ties sort stably */
	bool intx;
};

static int cmp_use(const void *a, const void *b)
{
	const struct spi_use *x = a, *y = b;

	if (x->intid != y->intid)
		return x->intid < y->intid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool add(struct vctx *v, struct spi_use **uses, size_t *n, size_t *cap, struct spi_use u)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct spi_use *q = realloc(*uses, ncap * sizeof(*q));

		if (!q) {
			v->dl->out_of_memory = true;
			return false;
		}
		*uses = q;
		*cap = ncap;
	}
	u.seq = *n;
	(*uses)[(*n)++] = u;
	return true;
}

static bool intx_used(const struct spi_use *uses, size_t n, uint32_t intid)
{
	for (size_t i = 0; i < n; i++)
		if (uses[i].intx && uses[i].intid == intid)
			return true;
	return false;
}

static bool collect_intx(struct vctx *v, struct spi_use **uses, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		const struct pmap_partition *p = &v->map->parts[i];

		for (size_t k = 0; k < p->n_pci; k++) {
			struct spi_use u = {
				.intid = p->pci[k].intx, .owner = (int)i, .who = p->pci[k].name, .intx = true
			};

			if (u.intid && !add(v, uses, n, cap, u))
				return false;
		}
	}
	return true;
}

static bool collect(struct vctx *v, struct spi_use **uses, size_t *n)
{
	size_t cap = 0;

	if (!collect_intx(v, uses, n, &cap))
		return false;
	for (size_t d = 0; d < v->plat->n_devices; d++) {
		const struct plat_device *dev = &v->plat->devices[d];

		for (size_t k = 0; k < dev->n_irqs; k++)
			if (!dev->irqs[k].ppi && dev->irqs[k].intid >= 32 &&
			    !add(v, uses, n, &cap,
				 (struct spi_use){ .intid = dev->irqs[k].intid,
						   .owner = v->map->device_owner[d],
						   .who = dev->path }))
				return false;
	}
	for (size_t h = 0; h < v->plat->n_pci_hosts; h++) {
		const struct plat_pci_host *host = &v->plat->pci_hosts[h];

		for (size_t k = 0; k < host->n_irqs; k++)
			if (!host->irqs[k].ppi && host->irqs[k].intid >= 32 &&
			    !intx_used(*uses, *n, host->irqs[k].intid) &&
			    !add(v, uses, n, &cap,
				 (struct spi_use){
					 .intid = host->irqs[k].intid, .owner = PMAP_HYPERVISOR, .who = host->path }))
				return false;
	}
	return true;
}

void validate_irqs(struct vctx *v)
{
	struct spi_use *uses = NULL;
	size_t n = 0;

	if (!collect(v, &uses, &n)) {
		free(uses);
		return;
	}
	if (n)
		qsort(uses, n, sizeof(*uses), cmp_use);
	for (size_t i = 0; i < n;) {
		size_t end = i + 1;

		while (end < n && uses[end].intid == uses[i].intid)
			end++;
		/* Within one INTID, each pair of owners once, reported at the guest's side when
		 * there is one: a guest against anyone, the host only against the hypervisor. */
		for (size_t a = i; a < end; a++) {
			bool a_guest = uses[a].owner >= 0 && uses[a].owner != v->host;

			if (uses[a].owner < 0)
				continue;
			for (size_t b = i; b < end; b++) {
				bool b_guest = uses[b].owner >= 0 && uses[b].owner != v->host;

				/* A device nobody holds is mapped nowhere: nothing can make it raise its line. */
				if (uses[b].owner == uses[a].owner || uses[b].owner == VCTX_NOBODY ||
				    (!a_guest && uses[b].owner >= 0) || (a_guest && b_guest && b < a))
					continue;
				char who[64];

				if (uses[a].intx && uses[b].intx) {
					diag_error(v->dl, "cfg-shared-intx", v->cfg->parts[uses[a].owner].path,
						   "devices",
						   "INTx of %s (partition '%s') and INTx of %s (%s) are both interrupt "
						   "%u (SPI %u); a line has one owner",
						   uses[a].who, v->cfg->parts[uses[a].owner].name, uses[b].who,
						   vctx_owner(v, uses[b].owner, who, sizeof(who)), uses[a].intid,
						   uses[a].intid - 32);
					break;
				}
				diag_error(v->dl, "cfg-irq-shared", v->cfg->parts[uses[a].owner].path, "devices",
					   "interrupt %u (SPI %u) of %s is also used by %s, which belongs to %s; a "
					   "line has one owner",
					   uses[a].intid, uses[a].intid - 32, uses[a].who, uses[b].who,
					   vctx_owner(v, uses[b].owner, who, sizeof(who)));
				break;
			}
		}
		/* The owner's list: each INTID once. */
		for (size_t a = i; a < end; a++) {
			struct pmap_partition *p;
			bool seen = false;

			if (uses[a].owner < 0)
				continue;
			for (size_t b = i; b < a; b++)
				seen = seen || uses[b].owner == uses[a].owner;
			if (seen)
				continue;
			p = &v->map->parts[uses[a].owner];
			if (!vctx_push_u32(v, &p->spis, &p->n_spis, uses[a].intid))
				break;
		}
		i = end;
	}
	free(uses);
}

/* Shared between the validate*.c files; not for other modules.
 *
 * cfg_validate() (validate.c) runs the passes in a fixed order so diagnostics come out in a
 * stable order: partitions and hosts, CPUs, devices and groups, interrupts, memory, images. Each
 * pass reads what the previous ones resolved from struct vctx and fills its part of the map. */
#ifndef BULKHEAD_CORE_VALIDATE_INTERNAL_H
#define BULKHEAD_CORE_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/config/config.h"
#include "core/pci/pci.h"

#define VCTX_NOBODY PMAP_NOBODY /* no owner: unnamed, and unisolated DMA or there is no host */

struct vctx {
	const struct config *cfg;
	const struct platform *plat;
	const struct pci_topology *pci; /* may be NULL */
	const struct group_set *gs;
	const struct cfg_limits *lim;
	struct partition_map *map;
	struct diag_list *dl;
	int host; /* index of the (first) host partition, or -1 */

	/* Filled by validate_devices.c. */
	int *device_master;   /* per platform device: its DMA master, or -1 */
	int *master_named_by; /* per master: partition that named it, or -1 */
	int *device_named_by; /* per platform device: partition that named it, or -1 */
	bool *device_trusted; /* per platform device: listed in its owner's trusted-devices */
	bool *master_trusted; /* per master: same (the map's array) */
};

/* "partition 'NAME'", "the hypervisor" or "no partition", for messages. */
const char *vctx_owner(const struct vctx *v, int owner, char *buf, size_t len);

/* True for devices bulkhead keeps for itself: never assignable, never the host's. */
bool vctx_device_is_hypervisors(const struct plat_device *d);

/* Append x to a malloc'd array of size_t / uint32_t; false on OOM (flagged in v->dl). */
bool vctx_push_size(struct vctx *v, size_t **arr, size_t *n, size_t x);
bool vctx_push_u32(struct vctx *v, uint32_t **arr, size_t *n, uint32_t x);

/* A PCI function's memory BAR as a CPU physical range, through its host bridge's `ranges`
 * (where the partition owning it sees it: IPA == PA). */
bool vctx_bar_to_cpu(const struct vctx *v, const struct pci_function *f, const struct pci_bar *b,
		     struct mem_range *out);

/* The first IPA past the guest address space stage 2 is built for (2^ipa_bits). */
uint64_t vctx_ipa_limit(const struct vctx *v);

/* "0x40000000-0x4fffffff" into buf. */
const char *vctx_range(char *buf, size_t len, uint64_t base, uint64_t size);

/* A partition other than the host. */
static inline bool vctx_is_guest(const struct vctx *v, int owner)
{
	return owner >= 0 && owner != v->host;
}

/* A physical range the allocator keeps clear of; `region` indexes the caller's array of
 * regions, or SIZE_MAX for what is not one (the hypervisor, reservations). */
struct vctx_span {
	uint64_t base, size;
	size_t region;
};
/* What no allocation may take: the hypervisor's region and the board's reservations, into ex
 * (room for 1 + plat->n_reserved); returns how many. */
size_t vctx_kept_spans(const struct vctx *v, struct vctx_span *ex);
/* qsort order of spans: by base, then region. */
int vctx_cmp_span(const void *x, const void *y);
/* Lowest `align`-aligned base of `size` bytes inside one RAM bank avoiding `ex` (sorted with
 * vctx_cmp_span); false when none fits. The allocator of validate_memory.c. */
bool vctx_lowest_fit(const struct platform *plat, const struct vctx_span *ex, size_t n_ex, uint64_t size,
		     uint64_t align, uint64_t *out);

/* What partition `part` sees at board addresses that overlaps [base, base + size): its device
 * registers, PCI BARs, virtual GIC, virtual PCI ECAM window, virtual console and management
 * window. The lowest is named, the others counted. */
struct vctx_ipa_hits {
	char what[96];
	uint64_t base, size;
	size_t n;
};
void vctx_ipa_board_hits(const struct vctx *v, size_t part, uint64_t base, uint64_t size, struct vctx_ipa_hits *h);

void validate_cpus(struct vctx *v);
/* Devices behind an IOMMU bulkhead cannot program (validate_iommus.c); run by validate_devices. */
void validate_unusable_iommus(struct vctx *v);
void validate_devices(struct vctx *v);
void validate_pci(struct vctx *v);
void validate_irqs(struct vctx *v);
void validate_memory(struct vctx *v);
void validate_limits(struct vctx *v);
/* Shared-memory channels (validate_channels.c): after memory, so they are placed after every
 * partition region and checked against every partition's guest-physical map. */
void validate_channels(struct vctx *v);
/* What validate_channels put in the map (pmap_free's part). */
void pmap_free_channels(struct partition_map *map);
void validate_image_fit(struct vctx *v, const struct config_blobs *images);
void validate_guest_dt(struct vctx *v, const void *board_fdt, const struct config_blobs *images);

#endif

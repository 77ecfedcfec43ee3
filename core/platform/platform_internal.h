/* Shared between the platform_*.c discovery files; not for other modules. */
#ifndef BULKHEAD_CORE_PLATFORM_INTERNAL_H
#define BULKHEAD_CORE_PLATFORM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/base/diag.h"
#include "core/platform/platform.h"

/* Grow a malloc'd array by one element. Capacity doubles whenever the count reaches a power of
 * two, so n pushes cost O(n) copies without a separate capacity field. */
bool plat_grow(void **array, size_t *count, size_t elem_size);
#define PLAT_PUSH(arr, count) plat_grow((void **)&(arr), &(count), sizeof(*(arr)))

/* Decode a node's `interrupts-extended` or `interrupts` into INTIDs, as Linux resolves them
 * (platform_irq.c): only the ones that end at the GIC. Returns the number decoded (0 if none),
 * or -1 after a diagnostic. */
int plat_decode_irqs(const void *fdt, int node, const struct platform *plat, struct plat_irq *out, int max,
		     struct diag_list *dl);
/* A node's interrupt parent as Linux's of_irq_find_parent() finds it, or -1. */
int plat_irq_parent(const void *fdt, int node);
/* Same for one GIC interrupt specifier of `cells` cells. */
bool plat_decode_gic_spec(const uint32_t *spec, unsigned cells, struct plat_irq *out);

/* Translate a bus address of `node`'s `reg` to a CPU physical address through the parents'
 * `ranges`. False when some ancestor has no `ranges` (not memory-mapped) or no entry matches. */
bool plat_translate(const void *fdt, int node, uint64_t addr, uint64_t *out);

/* A device's `iommus`: streams on the SMMUs bulkhead programs (platform_iommus.c). Entries for
 * other IOMMUs set d->foreign_iommu; a disabled IOMMU leaves the device untranslated. */
void plat_decode_iommus(const void *fdt, int node, struct platform *plat, struct plat_device *d, struct diag_list *dl);
/* One warning per IOMMU bulkhead cannot use (unsupported or disabled), naming its devices. */
void plat_report_unusable_iommus(const void *fdt, const struct platform *plat, struct diag_list *dl);
bool plat_node_enabled(const void *fdt, int node);

/* platform_smmu.c: whether `node` is an SMMU bulkhead recognises, and which. */
bool plat_smmu_match(const void *fdt, int node, enum smmu_model *model, enum smmu_impl *impl);
void plat_discover_smmus(const void *fdt, struct platform *plat, struct diag_list *dl);
void plat_discover_pci_hosts(const void *fdt, struct platform *plat, struct diag_list *dl);
void plat_discover_devices(const void *fdt, struct platform *plat, struct diag_list *dl);

#endif

/* A partition's RAM, prepared on first touch (docs/security.md, "Memory prepared on first touch").
 *
 * The RAM is tracked in 2 MiB blocks (core/partition/lazy_mem.h). A block is mapped in the
 * partition's stage 2 only once it is prepared: zeroed, overlaid with the bytes of the images
 * (kernel, initrd, DT) that fall into it, copied from their pristine copies, all of it cleaned to
 * the point of coherency (the guest may run with caches off) and the instruction caches
 * invalidated where image bytes were written. A stage-2 translation fault on an unprepared block
 * prepares and maps it; the hypervisor's own accesses to partition RAM go through
 * guest_mem_access(), which prepares first; before any of the partition's devices may do DMA,
 * guest_mem_prepare_all() prepares the rest.
 *
 * A partition whose regions are not whole 2 MiB blocks (or whose CPU tables were set to pages only:
 * nothing does that since no SMMU walks them) is not lazy: its RAM is mapped at creation and zeroed and
 * loaded whole at every start (partition_run.c), as before. */
#ifndef BULKHEAD_ARCH_MM_GUEST_MEM_H
#define BULKHEAD_ARCH_MM_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/cpu/spinlock.h"
#include "core/mm/pgtable.h"
#include "core/partition/lazy_mem.h"

#define GUEST_MEM_IMAGES 3 /* kernel, initrd, DT */

struct guest_mem {
	const struct partition_spec *spec;
	struct pgtable *s2;
	struct lazy_layout layout;
	uint64_t *prepared; /* a bit per block; NULL: not lazy (everything mapped at creation) */
	unsigned n_prepared;
	struct lazy_image images[GUEST_MEM_IMAGES]; /* what the current instance's blocks get */
	size_t n_images;
	struct spinlock lock; /* prepared, n_prepared, images, and the RAM leaves of s2 */
};

/* At creation: the partition's RAM in its stage 2, either as reserved level-2 tables and nothing
 * mapped (lazy, with the block bitmap from the heap) or mapped whole. False (after printing why,
 * naming the partition) if the heap cannot hold the tables or the bitmap. */
bool guest_mem_build(struct guest_mem *m, const struct partition_spec *spec, struct pgtable *s2);

static inline bool guest_mem_is_lazy(const struct guest_mem *m)
{
	return m->prepared != NULL;
}

/* A (re)start of a lazy partition, no vCPU running, its streams closed and its PCI functions not
 * mastering: every RAM block unmapped (the VMID's TLB entries invalidated, vttbr is its
 * VTTBR_EL2) and unprepared; the new instance's images are `img` (those that do not fit its
 * memory are named and left out). */
void guest_mem_restart(struct guest_mem *m, uint64_t vttbr, const struct lazy_image *img, size_t n_img);

/* A stage-2 translation fault at `ipa`: true if it lies in a block of the partition's lazy RAM,
 * which is prepared and mapped on return (by this call or a concurrent one); the faulting
 * instruction is to be retried. False for anything else. */
bool guest_mem_first_touch(struct guest_mem *m, uint64_t ipa);

/* The DMA gate: every block prepared and mapped. Cheap once done. */
void guest_mem_prepare_all(struct guest_mem *m);

/* The hypervisor reading or writing [ipa, ipa + len) of the partition's RAM for it: false unless
 * the range lies in one region; else its blocks are prepared and *pa is where it is (identity
 * mapped at EL2). The only way to a pointer into partition RAM. */
bool guest_mem_access(struct guest_mem *m, uint64_t ipa, uint64_t len, uint64_t *pa);

#endif

/* A partition's RAM, prepared on first touch (docs/security.md, "Memory prepared on first touch").
 *
 * The RAM is tracked in 2 MiB blocks of 64 KiB chunks (core/partition/lazy_mem.h). Memory is
 * mapped in the partition's stage 2 only once it is prepared: zeroed, overlaid with the bytes of
 * the images (kernel, initrd, DT) that fall into it, copied from their pristine copies, all of it
 * cleaned to the point of coherency (the guest may run with caches off) and the instruction caches
 * invalidated where image bytes were written.
 *
 * A stage-2 translation fault prepares the 64 KiB chunk it hit: its block gets a level-3 table (one
 * of GUEST_MEM_SPLIT_TABLES spares set aside at creation) and the chunk 16 pages in it. When the
 * last chunk of a block is prepared, the block becomes one 2 MiB descriptor again (break, TLB
 * invalidation, make) and its table a spare. With no spare left, a fault prepares its whole block,
 * as it always did. The hypervisor's own accesses to partition RAM go through guest_mem_access(),
 * which prepares first; before any of the partition's devices may do DMA, guest_mem_prepare_all()
 * prepares the rest.
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

/* Blocks that may be half prepared at once: 4 KiB of level-3 table each, from the heap at creation.
 * Linux reaches its first TLB maintenance (where QEMU's round robin lets the next CPU run) after
 * first touches in four blocks. */
#define GUEST_MEM_SPLIT_TABLES 8

struct guest_mem {
	const struct partition_spec *spec;
	struct pgtable *s2;
	struct lazy_layout layout;
	uint64_t *prepared; /* a bit per block, all of it prepared; NULL: not lazy (all mapped at creation) */
	uint64_t *split;    /* a bit per block mapped through a level-3 table (chunk by chunk) */
	uint32_t *chunks;   /* per block, a bit per prepared chunk while it is split */
	struct lazy_image images[GUEST_MEM_IMAGES]; /* what the current instance's blocks get */
	size_t n_images;
	struct spinlock lock; /* the bitmaps, images, and the RAM entries of s2 */
};

/* At creation: the partition's RAM in its stage 2, either as reserved level-2 tables, the spare
 * level-3 ones and nothing mapped (lazy, with the bitmaps from the heap) or mapped whole. False
 * (after printing why, naming the partition) if the heap cannot hold the tables or the bitmaps. */
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

/* A stage-2 translation fault at `ipa`, taken from the partition (its VTTBR_EL2 is loaded: a
 * block made whole again invalidates its VMID's TLB entries): true if it lies in the partition's
 * lazy RAM, whose chunk (or block) is prepared and mapped on return (by this call or a concurrent
 * one); the faulting instruction is to be retried. False for anything else. */
bool guest_mem_first_touch(struct guest_mem *m, uint64_t ipa);

/* The DMA gate: every block prepared and mapped. Cheap once done. */
void guest_mem_prepare_all(struct guest_mem *m);

/* The hypervisor reading or writing [ipa, ipa + len) of the partition's RAM for it: false unless
 * the range lies in one region; else its blocks are prepared and *pa is where it is (identity
 * mapped at EL2). The only way to a pointer into partition RAM. */
bool guest_mem_access(struct guest_mem *m, uint64_t ipa, uint64_t len, uint64_t *pa);

#endif

/* DMA policy on SMMUv2 / MMU-500 (drivers/smmu/smmuv2.c): the same policy smmu_setup.c applies
 * to SMMUv3. Every stream of an owned group is routed to a context bank that walks its
 * partition's devices' own stage-2 tables (smmu_dma_map.c: memory, `dma;` channels, the MSI
 * doorbell) with its VMID; every other stream faults; bypass never.
 * Instances behind one node (Tegra) are programmed as one by the driver.
 *
 * QEMU has no SMMUv2: this file is exercised only on hardware. The driver under it is proven on
 * the host against tests/unit/smmuv2_model.c (docs/smmuv2.md). */
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/spinlock.h"
#include "arch/arm64/mm/heap_pages.h"
#include "arch/arm64/vm/boot_partitions.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/vm/partition.h"
#include "arch/arm64/vm/smmu_dma_map.h"
#include "arch/arm64/vm/smmuv2_setup.h"
#include "arch/arm64/vm/stage2.h"
#include "core/base/log.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/hw/smr.h"
#include "core/mm/pgtable.h"
#include "drivers/smmu/smmuv2.h"
#include "drivers/smmu/smmuv2_mmio.h"

#define FAULT_LINES_PER_BURST 6
#define SMMU_IRQ_PRIORITY 0xa0

struct v2_instance {
	struct smmuv2 dev;
	struct smmuv2_mmio mmio;
	size_t plat_index;
	struct spinlock lock;
};

/* From the heap (smmuv2_setup_alloc), one per SMMUv2-family SMMU of the board: n_v2 are up. */
static struct v2_instance *v2s;
static size_t n_v2, max_v2;
static struct boot_inputs inputs;

/* The master whose stream (sid, mask) on SMMU `smmu` matches `sid`, or NULL. */
static const struct dma_master *master_matching(size_t smmu, uint32_t sid)
{
	const struct group_set *gs = inputs.groups;

	for (size_t i = 0; i < gs->n_masters; i++) {
		for (size_t k = 0; k < gs->masters[i].n_streams; k++) {
			const struct master_stream *st = &gs->masters[i].streams[k];

			if ((size_t)st->smmu == smmu && ((st->sid ^ sid) & ~st->mask) == 0)
				return &gs->masters[i];
		}
	}
	return NULL;
}

static void report_fault(void *ctx, const struct smmuv2 *dev, unsigned inst, const struct smmuv2_fault *f)
{
	const struct v2_instance *s = ctx;
	const struct dma_master *m = master_matching(s->plat_index, f->sid);
	const struct partition_map *map = inputs.map;
	const char *owner = "none";
	char line[256];

	if (m) {
		int o = map->master_owner[m - inputs.groups->masters];

		if (o >= 0 && (size_t)o < map->n_parts)
			owner = map->parts[o].name;
	}
	smmuv2_fault_format(line, sizeof(line), f, owner, m ? m->name : "unknown");
	if (dev->p.n_inst > 1)
		log_printf("smmu: %s (instance %u)\n", line, inst);
	else
		log_printf("smmu: %s\n", line);
}

/* Every SMMUv2's faults, whichever interrupt fired: Tegra nodes may share INTIDs, and a scan of
 * a quiet SMMU costs a few register reads. */
static void fault_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	(void)intid;
	(void)ctx;
	(void)f;
	for (size_t j = 0; j < n_v2; j++) {
		struct v2_instance *s = &v2s[j];
		unsigned n;

		spin_lock(&s->lock);
		n = smmuv2_handle_faults(&s->dev, report_fault, s, FAULT_LINES_PER_BURST);
		if (n > FAULT_LINES_PER_BURST)
			log_printf("smmu: %s: %u more faults in this burst not shown\n", s->dev.p.path,
				   n - FAULT_LINES_PER_BURST);
		spin_unlock(&s->lock);
	}
}

/* Global and context interrupts; Tegra repeats one INTID for many banks, and an INTID another
 * SMMU already registered is already served (fault_irq scans them all). */
static void enable_irqs(const struct plat_smmu *ps, uint64_t irq_target)
{
	for (size_t i = 0; i < ps->n_irqs; i++) {
		bool seen = false;

		for (size_t k = 0; k < i; k++)
			seen |= ps->irqs[k].intid == ps->irqs[i].intid;
		if (!seen && !ps->irqs[i].ppi && irq_register(ps->irqs[i].intid, fault_irq, NULL, false))
			gic_spi_enable(ps->irqs[i].intid, false, irq_target, SMMU_IRQ_PRIORITY);
	}
}

struct stream_ref {
	const struct dma_master *m;
	const struct master_stream *st;
};

/* Heavier masks first, then by ID: the order core/groups/groups_smr.c predicts, so an entry
 * inside another reuses it whatever the DT order, and a refused one is the one it warned about. */
static int install_order(const void *a, const void *b)
{
	const struct stream_ref *x = a, *y = b;
	unsigned wx = smr_mask_weight(x->st->mask), wy = smr_mask_weight(y->st->mask);

	if (wx != wy)
		return wx > wy ? -1 : 1;
	if (x->st->sid != y->st->sid)
		return x->st->sid < y->st->sid ? -1 : 1;
	if (x->st->mask != y->st->mask)
		return x->st->mask < y->st->mask ? -1 : 1;
	return x->m < y->m ? -1 : x->m > y->m;
}

static void attach_one(struct v2_instance *s, const struct stream_ref *r, const struct partition_rt *p)
{
	const struct master_stream *st = r->st;
	enum smmuv2_status res = SMMUV2_E_RANGE;
	unsigned cb = 0;

	const struct pgtable *t = smmu_dma_stage2(p);

	if (t && st->sid <= 0xffff && st->mask <= 0xffff)
		res = smmuv2_attach_context(&s->dev, (uint16_t)p->spec.vmid, pa_val(pgtable_root_pa(t)), guest_vtcr,
					    &cb);
	if (res == SMMUV2_OK)
		res = smmuv2_add_stream(&s->dev, cb, (uint16_t)st->sid, (uint16_t)st->mask);
	if (res == SMMUV2_OK)
		log_detail("smmu: sid 0x%x/0x%x (%s) -> partition %s, its devices' own stage 2 (context bank %u)\n",
			   st->sid, st->mask, r->m->name, p->spec.name, cb);
	else
		log_printf("smmu: sid 0x%x/0x%x (%s): not attached (%s): it faults\n", st->sid, st->mask, r->m->name,
			   smmuv2_status_name(res));
}

static void attach_owned_streams(struct v2_instance *s, struct partition_rt *parts, size_t n_parts)
{
	const struct group_set *gs = inputs.groups;
	const struct partition_map *map = inputs.map;
	struct stream_ref *refs;
	size_t n = 0;

	for (size_t i = 0; i < gs->n_masters; i++)
		n += gs->masters[i].n_streams;
	refs = malloc((n + 1) * sizeof(*refs));
	if (!refs) {
		log_printf("smmu: %s: out of memory: every stream faults\n", s->dev.p.path);
		return;
	}
	n = 0;
	for (size_t i = 0; i < gs->n_masters; i++)
		for (size_t k = 0; k < gs->masters[i].n_streams; k++)
			if ((size_t)gs->masters[i].streams[k].smmu == s->plat_index)
				refs[n++] = (struct stream_ref){ &gs->masters[i], &gs->masters[i].streams[k] };
	qsort(refs, n, sizeof(*refs), install_order);
	for (size_t i = 0; i < n; i++) {
		int owner = refs[i].m->group < map->n_groups ? map->group_owner[refs[i].m->group] : -1;

		/* Unowned, or its partition is not running: the stream keeps faulting. */
		if (owner >= 0 && (size_t)owner < n_parts && parts[owner].dtb)
			attach_one(s, &refs[i], &parts[owner]);
	}
	free(refs);
}

bool smmuv2_setup_alloc(const struct platform *plat)
{
	for (size_t i = 0; i < plat->n_smmus; i++)
		max_v2 += plat->smmus[i].model != SMMU_MODEL_V3;
	if (!max_v2)
		return true;
	v2s = calloc(max_v2, sizeof(*v2s));
	if (v2s)
		return true;
	log_printf("smmu: out of memory for %zu SMMUv2 instances: no partition starts\n", max_v2);
	return false;
}

bool smmuv2_setup_one(size_t index, const struct boot_inputs *in, struct partition_rt *parts, size_t n_parts,
		      uint64_t irq_target)
{
	const struct plat_smmu *ps = &in->plat->smmus[index];
	struct v2_instance *s;
	struct smmuv2_params params;
	enum smmuv2_status st;

	if (n_v2 == max_v2)
		return false; /* smmuv2_setup_alloc() did not run, or failed */
	inputs = *in;
	s = &v2s[n_v2];
	memset(&s->mmio, 0, sizeof(s->mmio));
	for (unsigned i = 0; i < ps->n_inst && i < SMMUV2_MAX_INSTANCES; i++)
		s->mmio.base[i] = (uintptr_t)ps->inst[i].base;
	s->plat_index = index;
	params = (struct smmuv2_params){ .path = ps->path,
					 .ops = &smmuv2_mmio_ops,
					 .ctx = &s->mmio,
					 .n_inst = ps->n_inst,
					 .window_size = ps->inst[0].size,
					 .mmu500 = ps->model == SMMU_MODEL_MMU500,
					 .nvidia = ps->impl == SMMU_IMPL_NVIDIA };
	st = smmuv2_probe(&s->dev, &params);
	if (st == SMMUV2_OK)
		st = smmuv2_reset(&s->dev);
	if (st != SMMUV2_OK) {
		log_printf("smmu: %s: cannot be set up (%s): its streams are NOT isolated\n", ps->path,
			   smmuv2_status_name(st));
		return false;
	}
	n_v2++;
	log_printf("smmu: %s: up, %u instance%s, %u SMRs, %u context banks, every stream faults until assigned\n",
		   ps->path, ps->n_inst, ps->n_inst == 1 ? "" : "s in lockstep", s->dev.idr.num_smrg,
		   s->dev.idr.num_cb);
	attach_owned_streams(s, parts, n_parts);
	enable_irqs(ps, irq_target);
	return true;
}

static void route_partition(const struct partition_rt *p, bool translate)
{
	for (size_t j = 0; j < n_v2; j++) {
		enum smmuv2_status st;

		spin_lock(&v2s[j].lock);
		st = translate ? smmuv2_streams_translate(&v2s[j].dev, (uint16_t)p->spec.vmid)
			       : smmuv2_streams_fault(&v2s[j].dev, (uint16_t)p->spec.vmid);
		spin_unlock(&v2s[j].lock);
		if (st != SMMUV2_OK)
			log_printf("smmu: %s: partition %s: %s\n", v2s[j].dev.p.path, p->spec.name,
				   smmuv2_status_name(st));
	}
}

void smmuv2_setup_quiesce(const struct partition_rt *p)
{
	route_partition(p, false);
}

void smmuv2_setup_resume(const struct partition_rt *p)
{
	route_partition(p, true);
}

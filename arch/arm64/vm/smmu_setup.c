/* DMA policy: every stream of every group is translated into the memory of the partition that
 * owns the group, every other stream aborts, and global bypass is never left on.
 *
 * What a partition's devices reach is core/partition/part_maps.h's DMA view: its memory, the
 * channels mapped `dma;`, and, for a partition with a virtual ITS, the one MSI doorbell it may
 * ring: the vITS translation page's IPA -> the physical ITS's translation page (GITS_TRANSLATER).
 * The physical ITS takes the device ID from the write itself, so a device raises only the events
 * bulkhead mapped for it. Where the SMMU implements stage 2 (IDR0.S2P) that view is a stage 2 of
 * the devices' own with the partition's VMID (smmu_dma_map.c), not the CPUs' tables, which cannot
 * hold the doorbell (a CPU's store there must trap to the emulation). QEMU 7.2's SMMUv3 has stage
 * 1 only; there it is a stage-1 table with the partition's VMID as ASID. Either way a device is
 * programmed with guest-physical addresses and cannot reach anything else.
 *
 * Faults arrive as event records on the eventq interrupt; each becomes one console line naming
 * partition, device, stream, address and access. A storm is cut to a few lines per burst, and
 * what was not shown is counted on a line of its own; the lines about a partition's device are
 * charged to that partition's console budget (part_log.c). The eventq interrupt follows the
 * culprit: after a burst whose events all came from one partition's devices it is routed to that
 * partition's first CPU, so the next bursts are handled on the faulting partition's time, not on
 * another's (docs/security-partition-bounds.md).
 *
 * A partition's streams on each SMMUv3 form a gate (drivers/smmu/smmuv3_gate.h): closed when it
 * stops or before it restarts, first thing, and opened again only once its memory is scrubbed and
 * reloaded, just before its first instruction (partition_run.c). A closed stream aborts every
 * transaction and the SMMU records C_BAD_STE for each: the first one after a stop is reported,
 * the rest of that stop's are not. */
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/spinlock.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/mm/heap_pages.h"
#include "arch/arm64/vm/boot_partitions.h"
#include "arch/arm64/vm/partition.h"
#include "arch/arm64/vm/smmu.h"
#include "arch/arm64/vm/smmu_dma_map.h"
#include "arch/arm64/vm/smmuv2_setup.h"
#include "arch/arm64/vm/stage2.h"
#include "core/base/log.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/partition/dma_streams.h"
#include "core/hw/pte.h"
#include "drivers/smmu/smmuv3.h"
#include "drivers/smmu/smmuv3_regs.h"
#include "drivers/smmu/smmuv3_gate.h"

#define EVENT_LINES_PER_BURST 6
#define SMMU_IRQ_PRIORITY 0xa0
#define DOORBELL_PAGE 0x1000u /* the 4 KiB page of GITS_TRANSLATER (offset 0x40) */

struct smmu_instance {
	struct smmuv3 dev;
	size_t plat_index;
	bool up;
	struct spinlock lock;
	unsigned burst_suppressed;
	unsigned burst_stopped; /* events of stopped partitions' streams in this burst */
	uint32_t evq_intid;
	uint64_t evq_default_target; /* MPIDR: the host's first CPU */
	uint64_t evq_target;         /* MPIDR the eventq interrupt is routed to now */
	int burst_owner;             /* partition index of this burst's events, or BURST_* */
};

#define BURST_NONE (-1)  /* no event yet */
#define BURST_MIXED (-2) /* several partitions, or a device nobody owns */

/* A partition's view for DMA on stage-1-only SMMUs: its IPA map as a stage-1 table, one CD. */
struct dma_context {
	struct pgtable s1;
	uint64_t *cd;
	bool built;
};

/* From the heap (alloc_instances), as many as the board has SMMUv3s: n_smmus of them are up. */
static struct smmu_instance *smmus;
static size_t n_smmus, max_smmus;
static struct smmuv3_gate *gates; /* [partition * max_smmus + smmus[] index] */
/* Whether the DMA of a partition's devices since its last stop has been reported yet. */
static bool stopped_dma_reported[MAX_PARTITIONS];
static struct dma_context dma_ctx[MAX_PARTITIONS];
static struct boot_inputs inputs;
static struct partition_rt *parts;
static size_t n_parts;

/* No clearing here: the driver writes every table and queue it allocates before use (smmuv3.h),
 * and picolibc's allocator has cleared the block already; a third pass would only cost time. */
static bool smmu_alloc(void *ctx, uint64_t size, uint64_t align, pa_t *out)
{
	void *p = aligned_alloc(align, align_up(size, align));

	(void)ctx;
	if (!p)
		return false;
	*out = pa((uint64_t)p);
	return true;
}

/* The index in parts[] of the partition owning m's group, or -1. */
static int owner_index(const struct dma_master *m)
{
	int owner;

	if (!m || !inputs.map->group_owner || m->group >= inputs.map->n_groups)
		return -1;
	owner = inputs.map->group_owner[m->group];
	return owner >= 0 && (size_t)owner < n_parts ? owner : -1;
}

static const char *event_reason(uint8_t type)
{
	switch (type) {
	case 0x10:
		return "translation fault: not in the partition's memory";
	case 0x11:
		return "address size fault";
	case 0x12:
		return "access flag fault";
	case 0x13:
		return "permission fault";
	case 0x02:
		return "stream ID outside the stream table";
	case 0x04:
		return "invalid stream table entry";
	case 0x0a:
		return "invalid context descriptor";
	case 0x0b:
		return "external abort on a table walk";
	default:
		return "SMMU configuration or fetch error";
	}
}

/* A transaction on a closed gate's stream: its partition is stopped or restarting. One line per
 * stop, charged to the partition; burst lines and counts are not spent on it. */
static void report_stopped_dma(struct smmu_instance *s, int owner, const struct dma_master *m,
			       const struct smmuv3_event *ev)
{
	s->burst_stopped++;
	if (stopped_dma_reported[owner])
		return;
	stopped_dma_reported[owner] = true;
	part_log_printf(&parts[owner].log,
			"smmu: %s: partition %s, device %s, sid 0x%x: stream aborted: partition stopped\n", ev->name,
			parts[owner].spec.name, m->name, ev->sid);
}

static void report_event(void *ctx, const struct smmuv3 *dev, const uint32_t rec[8])
{
	struct smmu_instance *s = ctx;
	struct smmuv3_event ev = smmuv3_event_decode(rec);
	const struct dma_master *m = dma_master_of(inputs.groups, (int)s->plat_index, ev.sid);

	int owner = owner_index(m);

	(void)dev;
	if (owner < 0)
		s->burst_owner = BURST_MIXED;
	else if (s->burst_owner == BURST_NONE)
		s->burst_owner = owner;
	else if (s->burst_owner != owner)
		s->burst_owner = BURST_MIXED;
	/* Only a closed gate leaves an owned stream's STE invalid (an unowned one aborts silently). */
	if (owner >= 0 && ev.type == EVT_ID_C_BAD_STE) {
		report_stopped_dma(s, owner, m, &ev);
		return;
	}
	if (s->burst_suppressed++ >= EVENT_LINES_PER_BURST)
		return;
	if (owner >= 0 && !part_log_allow(&parts[owner].log))
		return;
	if (ev.has_addr)
		log_printf("smmu: %s: partition %s, device %s, sid 0x%x: %s IOVA 0x%llx: %s\n", ev.name,
			   dma_owner_name(inputs.map, m), m ? m->name : "unknown", ev.sid,
			   ev.read ? "read from" : "write to", (unsigned long long)ev.addr, event_reason(ev.type));
	else
		log_printf("smmu: %s: partition %s, device %s, sid 0x%x: %s\n", ev.name, dma_owner_name(inputs.map, m),
			   m ? m->name : "unknown", ev.sid, event_reason(ev.type));
}

/* After a burst: the next ones interrupt the CPU of the partition whose devices caused this one,
 * or the host's when nobody (or several partitions) did. Lock held. */
static void route_events(struct smmu_instance *s)
{
	uint64_t target = s->evq_default_target;
	const struct partition_rt *p = s->burst_owner >= 0 ? &parts[s->burst_owner] : NULL;

	if (p && p->spec.n_vcpus && p->spec.pcpu[0] < MAX_CPUS)
		target = percpu_data[p->spec.pcpu[0]].mpidr;
	if (target == s->evq_target || !s->evq_intid)
		return;
	gic_spi_set_target(s->evq_intid, target);
	s->evq_target = target;
	if (p)
		part_log_printf(&parts[s->burst_owner].log,
				"smmu: %s: event interrupt now taken on the CPU of partition %s (its device faulted)\n",
				s->dev.path, p->spec.name);
	else
		log_printf("smmu: %s: event interrupt back on the host's CPU\n", s->dev.path);
}

static void eventq_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	struct smmu_instance *s = ctx;
	unsigned n;

	(void)intid;
	(void)f;
	spin_lock(&s->lock);
	s->burst_suppressed = 0;
	s->burst_stopped = 0;
	s->burst_owner = BURST_NONE;
	n = smmuv3_drain_events(&s->dev, report_event, s);
	if (n - s->burst_stopped > EVENT_LINES_PER_BURST &&
	    (s->burst_owner < 0 || part_log_allow(&parts[s->burst_owner].log)))
		log_printf("smmu: %s: %u more events in this burst not shown\n", s->dev.path,
			   n - s->burst_stopped - EVENT_LINES_PER_BURST);
	if (n)
		route_events(s);
	spin_unlock(&s->lock);
}

static void gerror_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	struct smmu_instance *s = ctx;

	(void)intid;
	(void)f;
	spin_lock(&s->lock);
	smmuv3_handle_gerror(&s->dev);
	/* An event queue overflow raises GERROR: drain what is there now. */
	s->burst_suppressed = 0;
	s->burst_owner = BURST_NONE;
	smmuv3_drain_events(&s->dev, report_event, s);
	spin_unlock(&s->lock);
}

/* The SMMU's named interrupt as an INTID, 0 if the DT does not give it. */
static uint32_t named_irq(const struct plat_smmu *ps, const char *name)
{
	for (size_t i = 0; i < ps->n_irqs; i++)
		if (ps->irq_names[i] && strcmp(ps->irq_names[i], name) == 0)
			return ps->irqs[i].intid;
	return 0;
}

/* SMMUs (platform indices) that failed to come up: a guest with a stream on one cannot run
 * isolated, so boot starts nothing (smmu_setup's verdict). */
static uint64_t failed_mask;

static void failed_up(size_t index)
{
	if (index < 64)
		failed_mask |= UINT64_C(1) << index;
}

/* A guest's master with a stream on an SMMU that failed: named, and false. */
static bool guests_isolated(void)
{
	const struct group_set *gs = inputs.groups;
	bool ok = true;

	for (size_t m = 0; m < gs->n_masters; m++) {
		int owner = inputs.map->master_owner[m];

		if (owner < 0 || (size_t)owner == inputs.map->host)
			continue;
		for (size_t k = 0; k < gs->masters[m].n_streams; k++) {
			int s = gs->masters[m].streams[k].smmu;

			if (s >= 0 && s < 64 && (failed_mask >> s) & 1) {
				log_printf("smmu: %s of partition %s is behind %s, which did not come up\n",
					   gs->masters[m].name, inputs.map->parts[owner].name,
					   inputs.plat->smmus[s].path);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

/* Partition pi's gate on smmus[j]. */
static struct smmuv3_gate *gate(size_t pi, size_t j)
{
	return &gates[pi * max_smmus + j];
}

static void bring_up(size_t index, uint64_t irq_target)
{
	const struct plat_smmu *ps = &inputs.plat->smmus[index];
	struct smmu_instance *s = &smmus[n_smmus];
	struct smmuv3_params params = { .max_sid = dma_max_sid(inputs.groups, (int)index),
					.irqs = true,
					.alloc = smmu_alloc };
	enum smmuv3_status st;
	uint32_t evq = named_irq(ps, "eventq"), gerr = named_irq(ps, "gerror");

	if (ps->model != SMMU_MODEL_V3) {
		const char *why;

		if (smmu_programmable(ps, &why)) {
			if (!smmuv2_setup_one(index, &inputs, parts, n_parts, irq_target))
				failed_up(index); /* its partitions' masters are not isolated: refused */
		} else
			log_printf("smmu: %s: %s not programmable (%s): its streams are NOT isolated\n", ps->path,
				   smmu_model_name(ps->model), why);
		return;
	}
	s->plat_index = index;
	st = smmuv3_probe(&s->dev, ps, &smmuv3_mmio_ops);
	if (st == SMMUV3_OK)
		st = smmuv3_init(&s->dev, &params);
	if (st != SMMUV3_OK) {
		log_printf("smmu: %s: cannot be set up (%s): its streams are NOT isolated\n", ps->path,
			   smmuv3_status_name(st));
		failed_up(index);
		return;
	}
	s->up = true;
	n_smmus++;
	/* QEMU's SMMU pulses its wired interrupts: edge-triggered, or they are lost. */
	s->evq_default_target = s->evq_target = irq_target;
	if (evq && irq_register(evq, eventq_irq, s, false)) {
		s->evq_intid = evq;
		gic_spi_enable(evq, true, irq_target, SMMU_IRQ_PRIORITY);
	}
	if (gerr && irq_register(gerr, gerror_irq, s, false))
		gic_spi_enable(gerr, true, irq_target, SMMU_IRQ_PRIORITY);
	log_printf("smmu: %s: up, stage %s, %u-bit output, stream table for SIDs 0-0x%x, every stream aborts until "
		   "assigned\n",
		   ps->path, s->dev.feat.s2p ? "2" : "1 only", s->dev.feat.oas_bits, params.max_sid);
}

/* The stage-1 mirror of a partition's memory map, and its context descriptor. */
static bool build_dma_context(size_t pi, const struct smmu_instance *s)
{
	struct dma_context *c = &dma_ctx[pi];
	const struct partition_spec *spec = &parts[pi].spec;
	struct part_doorbell db;
	bool has_db = smmu_doorbell_of(&parts[pi], &db);
	struct smmuv3_cd_cfg cfg;
	pa_t cd_pa;
	int err;

	if (c->built)
		return true;
	err = pgtable_init(&c->s1, PGTABLE_STAGE1_EL2, PGTABLE_EL2_VA_BITS, &heap_page_alloc);
	/* Its memory, only the channels whose mapping says `dma;`, and its MSI doorbell (stage 1 has
	 * no write-only permission: the page is read/write; reads of it return 0). */
	if (!err)
		err = part_map_dma(&c->s1, spec, has_db ? &db : NULL);
	if (!err && has_db)
		log_printf("smmu: partition %s: MSI doorbell IOVA 0x%llx -> GITS_TRANSLATER page 0x%llx\n", spec->name,
			   (unsigned long long)db.ipa, (unsigned long long)db.pa);
	if (err || !smmu_alloc(NULL, 64, 64, &cd_pa)) {
		log_printf("smmu: partition %s: cannot build its DMA tables (%s)\n", spec->name,
			   err ? pgtable_strerror(err) : "out of memory");
		return false;
	}
	c->cd = (uint64_t *)pa_val(cd_pa);
	cfg = (struct smmuv3_cd_cfg){ .ttb0 = pgtable_root_pa(&c->s1),
				      .t0sz = 64 - PGTABLE_EL2_VA_BITS,
				      .ips_bits = s->dev.feat.oas_bits,
				      .asid = (uint16_t)spec->vmid,
				      .mair = MAIR_EL2_VALUE };
	if (!smmuv3_cd_s1(c->cd, &cfg))
		return false;
	c->built = true;
	return true;
}

/* Test-only builds (bench/smmu-dma-bench.sh) put assigned streams in bypass, to measure what
 * translation costs. Never set for a real image. Both paths are always compiled. */
#ifdef BULKHEAD_TEST_SMMU_BYPASS
#define SMMU_TEST_BYPASS 1
#else
#define SMMU_TEST_BYPASS 0
#endif

/* The STE that translates for partition pi on s. */
static bool translating_ste(struct smmu_instance *s, size_t pi, uint64_t ste[8])
{
	const struct partition_spec *spec = &parts[pi].spec;

	if (SMMU_TEST_BYPASS) {
		smmuv3_ste_bypass(ste);
		return true;
	}
	if (s->dev.feat.s2p) {
		const struct pgtable *t = smmu_dma_stage2(&parts[pi]);
		struct smmuv3_s2_cfg cfg = { .vmid = (uint16_t)spec->vmid, .vtcr = guest_vtcr };

		if (!t)
			return false;
		cfg.vttb = pgtable_root_pa(t);
		return smmuv3_ste_for_s2(&s->dev, &cfg, ste) == SMMUV3_OK;
	}
	return build_dma_context(pi, s) && smmuv3_ste_for_s1(&s->dev, pa((uint64_t)dma_ctx[pi].cd), ste) == SMMUV3_OK;
}

/* The stream joins its partition's gate on s, which installs its translating STE. */
static bool attach(struct smmu_instance *s, size_t pi, uint32_t sid)
{
	struct smmuv3_gate *g = gate(pi, (size_t)(s - smmus));

	if (!g->n_sids) {
		uint64_t ste[8];

		if (!translating_ste(s, pi, ste))
			return false;
		/* The TLB tag: the VMID under stage 2, the ASID (= VMID, build_dma_context) under stage 1. */
		smmuv3_gate_init(g, ste, (uint16_t)parts[pi].spec.vmid);
	}
	return smmuv3_gate_add(&s->dev, g, sid) == SMMUV3_OK;
}

/* Owned streams of running partitions that could not be attached (out of memory, an SMMU that
 * did not answer): the partition would run without that device's DMA, so none starts. */
static unsigned unattached;

/* One stream of the DMA policy (core/partition/dma_streams.c): translated into its owner's
 * memory, or left aborting. */
static void assign_stream(void *ctx, const struct dma_stream *st)
{
	const struct dma_master *m = &inputs.groups->masters[st->master];
	struct smmu_instance *s = NULL;

	(void)ctx;
	if (st->owner < 0)
		return; /* unowned, or its partition is not running: the STE stays abort */
	for (size_t j = 0; j < n_smmus; j++)
		if ((int)smmus[j].plat_index == st->smmu)
			s = &smmus[j];
	if (!s)
		return;
	if (attach(s, (size_t)st->owner, st->sid))
		log_detail("smmu: sid 0x%x (%s) -> partition %s, %s\n", st->sid, m->name, parts[st->owner].spec.name,
			   s->dev.feat.s2p ? "its devices' own stage 2" : "stage-1 mirror of its memory map");
	else {
		log_printf("smmu: sid 0x%x (%s): could not be attached: it stays aborted\n", st->sid, m->name);
		unattached++;
	}
}

static void assign_streams(void)
{
	bool running[MAX_PARTITIONS] = { false };

	for (size_t i = 0; i < n_parts; i++)
		running[i] = parts[i].dtb != NULL;
	dma_streams_assign(inputs.groups, inputs.map, running, n_parts, assign_stream, NULL);
}

/* An instance per SMMUv3 of the board and a gate per (partition, SMMUv3), none without one; false
 * (said) if the heap cannot hold them. */
static bool alloc_instances(const struct platform *plat, size_t n)
{
	for (size_t i = 0; i < plat->n_smmus; i++)
		max_smmus += plat->smmus[i].model == SMMU_MODEL_V3;
	if (!smmuv2_setup_alloc(plat))
		return false;
	if (!max_smmus)
		return true;
	smmus = calloc(max_smmus, sizeof(*smmus));
	gates = n ? calloc(n * max_smmus, sizeof(*gates)) : NULL;
	if (smmus && (gates || !n))
		return true;
	log_printf("smmu: out of memory for %zu SMMUv3 instances and %zu partitions' stream gates: no partition "
		   "starts\n",
		   max_smmus, n);
	return false;
}

bool smmu_setup(const struct boot_inputs *in, struct partition_rt *partitions, size_t n)
{
	uint64_t irq_target = percpu_data[this_cpu()->index].mpidr;

	inputs = *in;
	parts = partitions;
	n_parts = n;
	/* Events go to the first CPU of the host partition at first (route_events() moves them to
	 * a guest's CPU once its device faults): it runs guest code, where interrupts are taken
	 * (the hypervisor itself runs with them masked). */
	for (size_t i = 0; i < n; i++)
		if (partitions[i].spec.is_host && partitions[i].dtb && partitions[i].spec.pcpu[0] < MAX_CPUS)
			irq_target = percpu_data[partitions[i].spec.pcpu[0]].mpidr;
	if (SMMU_TEST_BYPASS)
		log_printf("smmu: TEST BUILD: assigned streams BYPASS translation (bench only)\n");
	if (!alloc_instances(in->plat, n))
		return false;
	for (size_t i = 0; i < in->plat->n_smmus; i++)
		bring_up(i, irq_target);
	assign_streams();
	if (unattached) {
		log_printf("smmu: %u owned stream%s could not be attached (above): no partition starts\n", unattached,
			   unattached == 1 ? "" : "s");
		return false;
	}
	return guests_isolated();
}

/* Selftest "quiesce-bus-master-only" or "quiesce-none": stopped partitions' streams keep
 * translating, to show what the other layer does alone. */
static bool selftest_keep_streams;

void smmu_selftest_keep_streams(void)
{
	selftest_keep_streams = true;
}

void smmu_partition_quiesce(const struct partition_rt *p)
{
	size_t pi = (size_t)(p - parts);

	if (selftest_keep_streams)
		return;
	stopped_dma_reported[pi] = false;
	smmuv2_setup_quiesce(p);
	for (size_t j = 0; j < n_smmus; j++) {
		enum smmuv3_status st;

		spin_lock(&smmus[j].lock);
		st = smmuv3_gate_close(&smmus[j].dev, gate(pi, j));
		spin_unlock(&smmus[j].lock);
		if (st != SMMUV3_OK)
			log_printf("smmu: %s: partition %s: its streams could not all be stopped (%s)\n",
				   smmus[j].dev.path, p->spec.name, smmuv3_status_name(st));
	}
}

void smmu_partition_resume(const struct partition_rt *p)
{
	size_t pi = (size_t)(p - parts);

	smmuv2_setup_resume(p);
	for (size_t j = 0; j < n_smmus; j++) {
		enum smmuv3_status st;

		spin_lock(&smmus[j].lock);
		st = smmuv3_gate_open(&smmus[j].dev, gate(pi, j));
		spin_unlock(&smmus[j].lock);
		if (st != SMMUV3_OK)
			log_printf("smmu: %s: partition %s: its streams could not all be restored (%s)\n",
				   smmus[j].dev.path, p->spec.name, smmuv3_status_name(st));
	}
}

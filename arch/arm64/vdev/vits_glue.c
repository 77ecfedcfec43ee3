/* The virtual ITS on the hardware (vits_glue.h). Locks: a partition's vits_part.lock, then the
 * physical ITS's its_lock (the driver, the LPI routes); the LPI interrupt takes its_lock alone,
 * then the vGIC's locks. */
#include "arch/arm64/vdev/vits_glue.h"

#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/part_log.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/vdev/vits_direct.h"
#include "core/base/log.h"
#include "core/hw/gicv4.h"
#include "core/pci/vpci.h"
#include "core/vdev/lpi_route.h"

/* A partition mapping every event it may cannot exhaust the physical LPIs of another. */
_Static_assert((uint64_t)PART_MAX_PARTITIONS *VITS_MAX_ITES <= LPI_ROUTE_MAX, "a pLPI for every event");

static struct gicv3_its *phys_its;    /* from the heap, when the board has an ITS */
static struct lpi_route_table routes; /* its entries from the heap too */
static struct spinlock its_lock;
static bool its_up;
static struct vits_part *registry[PART_MAX_PARTITIONS];
static unsigned n_registered;

static bool heap_alloc(void *ctx, uint64_t size, uint64_t align, pa_t *out)
{
	void *p = aligned_alloc(align, (size + align - 1) / align * align);

	(void)ctx;
	if (!p)
		return false;
	*out = pa((uint64_t)(uintptr_t)p);
	return true;
}

/* An unmapped device's ITT (its size depends on the guest's MAPD) goes back to the heap. */
static void heap_free(void *ctx, pa_t p, uint64_t size)
{
	(void)ctx;
	(void)size;
	free((void *)(uintptr_t)pa_val(p));
}

static void lpi_irq(uint32_t intid, void *ctx, struct trap_frame *f);

static bool selftest_no_memory;

void vits_selftest_no_memory(void)
{
	selftest_no_memory = true;
}

/* Why partitions' MSIs take the emulated path (one exit each) rather than GICv4.0 direct
 * injection: the piece the board lacks, or that bulkhead does not drive it yet. */
static const char *msi_path_reason = "no physical ITS";

/* n_cpus CPUs, of which those in `absent` are not up: only the redistributors of the others are
 * looked at (a vPE is only ever made resident on a CPU that is up). */
static void detect_gicv4(const struct platform *plat, unsigned n_cpus, uint64_t absent)
{
	struct gicv4_support sup = { .its_virtual = phys_its->feat.virt,
				     .its_vpe_table = phys_its->vpe_table_ids != 0,
				     .cpuif_nv4 = !vgic_cpuif_direct_vlpis() };
	const char *missing;

	for (unsigned c = 0; c < n_cpus; c++) {
		if ((absent >> c) & 1)
			continue;
		sup.n_cpus++;
		if (sup.cpus_vlpis + 1 == sup.n_cpus && (gic_redist_typer(c) & GICV4_GICR_TYPER_VLPIS))
			sup.cpus_vlpis++;
	}
	missing = gicv4_missing(&sup);
	if (!missing && vits_direct_init(n_cpus, &missing)) {
		msi_path_reason = NULL;
		log_printf("its: %s: GICv4.0 (GITS_TYPER.Virtual, vPE table, VLPIS on %u redistributors, "
			   "ICH_VTR_EL2.nV4 "
			   "clear): partitions' MSIs are injected directly, one vPE per CPU\n",
			   plat->gic.its_path, sup.n_cpus);
		return;
	}
	if (missing) {
		msi_path_reason = missing;
		log_printf("its: %s: no GICv4.0 direct injection (%s): partitions' MSIs are emulated\n",
			   plat->gic.its_path, missing);
	} else {
		msi_path_reason = "GICv4.0 direct injection not driven yet";
		log_printf("its: %s: GICv4.0 present (GITS_TYPER.Virtual, vPE table, VLPIS on %u redistributors, "
			   "ICH_VTR_EL2.nV4 clear), direct injection not driven yet: partitions' MSIs are emulated\n",
			   plat->gic.its_path, sup.n_cpus);
	}
}

enum vits_global vits_global_init(const struct platform *plat, unsigned n_its_parts)
{
	struct its_params p = { .alloc = heap_alloc, .free = heap_free };
	static enum vits_global answer = VITS_GLOBAL_NONE;
	static bool tried;
	uint32_t n_routes = n_its_parts * VITS_MAX_ITES;
	unsigned n_up = 0;
	struct lpi_route *ent;
	enum its_status st;

	if (tried)
		return answer;
	tried = true;
	if (!gic_lpi_available() || plat->gic.its.size < VITS_FRAME_SIZE)
		return answer;
	if (n_routes > LPI_ROUTE_MAX)
		n_routes = LPI_ROUTE_MAX;
	phys_its = selftest_no_memory ? NULL : malloc(sizeof(*phys_its));
	ent = phys_its ? malloc(n_routes * sizeof(*ent)) : NULL;
	if (!phys_its || !ent) {
		log_printf("its: %s: out of memory for its state and %u LPI routes\n", plat->gic.its_path, n_routes);
		answer = VITS_GLOBAL_NO_MEMORY;
		return answer;
	}
	/* A collection for each CPU that is up, collection i on CPU i. A CPU that failed to start
	 * (partitions cannot run on it: smp_partition_cpus_online) gets none, and the CPUs after it
	 * keep theirs. */
	for (unsigned c = 0; c < plat->n_cpus && c < MAX_CPUS && c < ITS_MAX_CPUS; c++) {
		if (!gic_redist_info(c, &p.proc_num[c], &p.redist_pa[c])) {
			p.absent |= UINT64_C(1) << c;
			continue;
		}
		p.n_cpus = c + 1;
		n_up++;
	}
	st = its_probe(phys_its, (uintptr_t)plat->gic.its.base, plat->gic.its_path, &gic_its_mmio_ops);
	if (st == ITS_OK)
		st = its_init(phys_its, &p);
	if (st != ITS_OK) {
		log_printf("its: %s: cannot be set up (%s): partitions get no MSIs\n", plat->gic.its_path,
			   its_status_name(st));
		return answer;
	}
	lpi_route_init(&routes, GIC_LPI_FIRST, n_routes, ent);
	irq_register_lpi(lpi_irq, NULL);
	its_up = true;
	log_printf("its: %s: up, %u collections (one per CPU), device IDs below 0x%x, LPIs %u-%u for partitions\n",
		   plat->gic.its_path, n_up, phys_its->dev_table_ids, GIC_LPI_FIRST, GIC_LPI_FIRST + n_routes - 1);
	detect_gicv4(plat, p.n_cpus, p.absent);
	answer = VITS_GLOBAL_UP;
	return answer;
}

/* ---- The guest's memory ------------------------------------------------------------------- */

static bool mem_read(void *ctx, uint64_t ipa, void *buf, uint64_t len)
{
	struct vits_part *v = ctx;
	uint64_t pa_addr;

	if (!guest_mem_access(v->mem, ipa, len, &pa_addr))
		return false;
	memcpy(buf, (const void *)(uintptr_t)pa_addr, len);
	return true;
}

static bool mem_write(void *ctx, uint64_t ipa, const void *buf, uint64_t len)
{
	struct vits_part *v = ctx;
	uint64_t pa_addr;

	if (!guest_mem_access(v->mem, ipa, len, &pa_addr))
		return false;
	memcpy((void *)(uintptr_t)pa_addr, buf, len);
	return true;
}

static const struct vits_mem_ops guest_mem = { mem_read, mem_write };

/* ---- Delivery ---------------------------------------------------------------------------------- */

static void queue_vlpi(struct vits_part *v, unsigned vcpu, uint32_t vlpi, uint8_t prio)
{
	struct vgic_part *g = v->vgic;
	bool ok;

	spin_lock(&g->qlock[vcpu]);
	ok = vgic_queue_inject(&g->q[vcpu], vlpi, false, 0, prio);
	spin_unlock(&g->qlock[vcpu]);
	if (ok)
		v->count.delivered++;
	vgic_kick(g, vcpu);
}

/* vLPI vlpi became pending at vCPU vcpu: queued if the guest has LPIs on and that one enabled,
 * with its priority from the guest's own property table, read now; kept pending if disabled
 * (core/vdev/vlpi.h), until the guest's INV or INVALL. An edge interrupt, not backed by the
 * physical LPI (which has no active state to hand over). */
static void deliver(struct vits_part *v, unsigned vcpu, uint32_t vlpi)
{
	struct vgic_part *g = v->vgic;
	uint8_t prio = 0;
	bool now;

	if (vcpu >= v->spec->n_vcpus)
		return;
	spin_lock(&g->lock);
	now = vlpi_pending_arrive(&v->pend[vcpu], &g->r[vcpu].lpi, vlpi, &guest_mem, v, &prio);
	spin_unlock(&g->lock);
	if (now)
		queue_vlpi(v, vcpu, vlpi, prio);
	else
		v->count.undeliverable++;
}

static void lpi_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	const struct lpi_route *r;
	struct lpi_route route;

	(void)ctx;
	(void)f;
	spin_lock(&its_lock);
	r = lpi_route_lookup(&routes, intid);
	if (r)
		route = *r;
	spin_unlock(&its_lock);
	if (!r || route.part >= n_registered)
		return; /* unmapped since it was raised (counted as stale) */
	registry[route.part]->count.lpis++;
	deliver(registry[route.part], route.vcpu, route.vlpi);
}

/* ---- The physical side of the partition's commands ------------------------------------------ */

static int err_of(struct vits_part *v, enum its_status st)
{
	if (st == ITS_OK)
		return 0;
	v->count.phys_errors++;
	return -(int)st;
}

static unsigned pcpu_of(const struct vits_part *v, unsigned vcpu)
{
	return v->spec->pcpu[vcpu < v->spec->n_vcpus ? vcpu : 0];
}

static int phys_map_device(void *ctx, uint32_t pdevid, unsigned event_bits)
{
	struct vits_part *v = ctx;
	enum its_status st;

	spin_lock(&its_lock);
	st = its_map_device(phys_its, pdevid, event_bits);
	spin_unlock(&its_lock);
	return err_of(v, st);
}

static int phys_unmap_device(void *ctx, uint32_t pdevid)
{
	struct vits_part *v = ctx;
	enum its_status st;

	spin_lock(&its_lock);
	st = its_unmap_device(phys_its, pdevid);
	spin_unlock(&its_lock);
	return err_of(v, st);
}

/* The physical LPI of an event is kept with the event in the model (vits_set_phys; 0: none;
 * PHYS_DIRECT | vLPI: mapped as that virtual LPI with VMAPTI, no physical LPI). */
#define PHYS_DIRECT 0x80000000u /* beyond every LPI INTID */
static int phys_unmap_event(void *ctx, uint32_t pdevid, uint32_t eventid)
{
	struct vits_part *v = ctx;
	enum its_status st = ITS_OK;
	uint32_t plpi;

	if (!vits_phys(&v->its, pdevid, eventid, &plpi))
		return err_of(v, ITS_E_RANGE);
	if (!plpi)
		return 0;
	spin_lock(&its_lock);
	st = its_discard(phys_its, pdevid, eventid);
	if (!(plpi & PHYS_DIRECT))
		lpi_route_free(&routes, plpi);
	spin_unlock(&its_lock);
	vits_set_phys(&v->its, pdevid, eventid, 0);
	return err_of(v, st);
}

/* The guest's property byte of vlpi at vCPU vcpu as the GIC reads one: priority [7:2], RES1,
 * Enable; disabled when the guest's table does not give it. */
static uint8_t guest_prop_byte(struct vits_part *v, unsigned vcpu, uint32_t vlpi)
{
	struct vgic_part *g = v->vgic;
	enum vlpi_config c;
	uint8_t prio = 0;

	spin_lock(&g->lock);
	c = vlpi_config_of(&g->r[vcpu].lpi, vlpi, &guest_mem, v, &prio);
	spin_unlock(&g->lock);
	return (uint8_t)((prio & LPI_PROP_PRIORITY) | 0x2 | (c == VLPI_ENABLED ? LPI_PROP_ENABLE : 0));
}

static int direct_map_event(struct vits_part *v, uint32_t pdevid, uint32_t eventid, uint32_t vlpi, unsigned vcpu)
{
	uint8_t prop = guest_prop_byte(v, vcpu, vlpi);
	enum its_status st;

	spin_lock(&its_lock);
	st = vits_direct_map(phys_its, pdevid, eventid, vlpi, pcpu_of(v, vcpu), prop);
	spin_unlock(&its_lock);
	if (st == ITS_OK)
		vits_set_phys(&v->its, pdevid, eventid, PHYS_DIRECT | vlpi);
	return err_of(v, st);
}

static int phys_map_event(void *ctx, uint32_t pdevid, uint32_t eventid, uint32_t vlpi, unsigned vcpu)
{
	struct vits_part *v = ctx;
	enum its_status st;
	uint32_t plpi;

	if (!vits_phys(&v->its, pdevid, eventid, &plpi) || vcpu >= v->spec->n_vcpus)
		return err_of(v, ITS_E_RANGE);
	if (plpi)
		phys_unmap_event(ctx, pdevid, eventid); /* a remap replaces the translation */
	if (vits_direct_enabled())
		return direct_map_event(v, pdevid, eventid, vlpi, vcpu);
	spin_lock(&its_lock);
	if (!lpi_route_alloc(&routes, v->index, vcpu, vlpi, &plpi)) {
		spin_unlock(&its_lock);
		return err_of(v, ITS_E_RANGE);
	}
	st = its_map_event(phys_its, pdevid, eventid, plpi, pcpu_of(v, vcpu));
	if (st != ITS_OK)
		lpi_route_free(&routes, plpi);
	spin_unlock(&its_lock);
	if (st == ITS_OK)
		vits_set_phys(&v->its, pdevid, eventid, plpi);
	return err_of(v, st);
}

static int phys_move_event(void *ctx, uint32_t pdevid, uint32_t eventid, unsigned vcpu)
{
	struct vits_part *v = ctx;
	enum its_status st;
	uint32_t plpi;

	if (!vits_phys(&v->its, pdevid, eventid, &plpi) || !plpi)
		return err_of(v, ITS_E_RANGE);
	if (plpi & PHYS_DIRECT) {
		uint32_t vlpi = plpi & ~PHYS_DIRECT;
		uint8_t prop = guest_prop_byte(v, vcpu, vlpi);

		spin_lock(&its_lock);
		st = vits_direct_move(phys_its, pdevid, eventid, vlpi, pcpu_of(v, vcpu), prop);
		spin_unlock(&its_lock);
		return err_of(v, st);
	}
	spin_lock(&its_lock);
	st = its_move_event(phys_its, pdevid, eventid, pcpu_of(v, vcpu));
	if (st == ITS_OK)
		lpi_route_move(&routes, plpi, vcpu);
	spin_unlock(&its_lock);
	return err_of(v, st);
}

static void phys_inject(void *ctx, unsigned vcpu, uint32_t vlpi)
{
	deliver(ctx, vcpu, vlpi);
}

static void phys_clear(void *ctx, uint32_t pdevid, uint32_t eventid, unsigned vcpu, uint32_t vlpi)
{
	struct vits_part *v = ctx;
	struct vgic_part *g = v->vgic;
	uint32_t plpi;

	if (vcpu >= v->spec->n_vcpus)
		return;
	/* Injected directly: a pending instance is in the vPE's table, out of bulkhead's reach; the
	 * physical ITS clears it for the event (a CLEAR of a VMAPTI'd event acts on its vLPI), and
	 * only a VSYNC of that vPE waits for it. */
	if (vits_phys(&v->its, pdevid, eventid, &plpi) && (plpi & PHYS_DIRECT)) {
		enum its_status st;

		spin_lock(&its_lock);
		st = vits_direct_clear(phys_its, pdevid, eventid, pcpu_of(v, vcpu));
		spin_unlock(&its_lock);
		(void)err_of(v, st);
	}
	spin_lock(&g->lock);
	vlpi_pending_clear(&v->pend[vcpu], vlpi);
	spin_unlock(&g->lock);
	spin_lock(&g->qlock[vcpu]);
	vgic_queue_retract(&g->q[vcpu], vlpi);
	spin_unlock(&g->qlock[vcpu]);
}

/* The guest changed its property table: the property byte is read on every delivery, so only
 * the LPIs kept pending while disabled need a look; those now enabled are queued. */
/* GICv4: the guest's property byte of vLPI l, copied into vCPU vcpu's vPE property table. */
static void copy_direct_prop(struct vits_part *v, unsigned vcpu, uint32_t l)
{
	uint8_t prop = guest_prop_byte(v, vcpu, l);

	spin_lock(&its_lock);
	vits_direct_copy_prop(pcpu_of(v, vcpu), l, prop);
	spin_unlock(&its_lock);
}

static void phys_invalidate(void *ctx, unsigned vcpu, uint32_t vlpi)
{
	struct vits_part *v = ctx;
	struct vgic_part *g = v->vgic;
	uint32_t ready[VLPI_PENDING_MAX];
	uint8_t prio[VLPI_PENDING_MAX];
	unsigned n;

	if (vcpu >= v->spec->n_vcpus)
		return;
	if (vits_direct_enabled()) {
		/* The vPE's copy of the guest's bytes: the one asked for, or (INVALL) those of the vLPIs
		 * mapped to this vCPU, the only ones the GIC reads for its vPE (a vLPI mapped later gets
		 * its byte copied then): at most VITS_MAX_ITES bytes rather than the whole table. */
		if (vlpi != VITS_ALL_VLPIS) {
			copy_direct_prop(v, vcpu, vlpi);
		} else {
			unsigned cursor = 0;
			uint32_t l;

			while (vits_next_vlpi_of(&v->its, vcpu, &cursor, &l))
				copy_direct_prop(v, vcpu, l);
		}
		spin_lock(&its_lock);
		if (vits_direct_invall(phys_its, pcpu_of(v, vcpu)) != ITS_OK)
			v->count.phys_errors++;
		spin_unlock(&its_lock);
	}
	spin_lock(&g->lock);
	n = vlpi_pending_recheck(&v->pend[vcpu], &g->r[vcpu].lpi, vlpi, &guest_mem, v, ready, prio, VLPI_PENDING_MAX);
	spin_unlock(&g->lock);
	for (unsigned i = 0; i < n; i++)
		queue_vlpi(v, vcpu, ready[i], prio[i]);
}

/* MOVALL with GICv4.0: no command moves pending state between vPEs without moving the event
 * with it (VMOVI; the event still targets from until the guest's MAPC or MOVI), so the vLPIs
 * pending in from's saved vPE table are taken out of it and delivered to to through its list
 * registers. */
static void move_direct_pending(struct vits_part *v, unsigned from, unsigned to)
{
	uint32_t vlpi[32];
	unsigned n;

	do {
		spin_lock(&its_lock);
		n = vits_direct_take_pending(pcpu_of(v, from), vlpi, 32);
		spin_unlock(&its_lock);
		for (unsigned i = 0; i < n; i++)
			deliver(v, to, vlpi[i]);
	} while (n == 32);
}

/* MOVALL: the vLPIs pending at vCPU from and not yet in one of its list registers (queued, kept
 * while disabled, or in its vPE's saved table) become pending at vCPU to. */
static void phys_move_pending(void *ctx, unsigned from, unsigned to)
{
	struct vits_part *v = ctx;
	struct vgic_part *g = v->vgic;
	unsigned lo = from < to ? from : to, hi = from < to ? to : from;
	unsigned moved;

	if (from >= v->spec->n_vcpus || to >= v->spec->n_vcpus || from == to)
		return;
	if (vits_direct_enabled())
		move_direct_pending(v, from, to);
	spin_lock(&g->lock);
	vlpi_pending_move(&v->pend[from], &v->pend[to]);
	spin_unlock(&g->lock);
	spin_lock(&g->qlock[lo]); /* both queues, in index order */
	spin_lock(&g->qlock[hi]);
	moved = vgic_queue_move_waiting(&g->q[from], &g->q[to], GIC_LPI_FIRST);
	spin_unlock(&g->qlock[hi]);
	spin_unlock(&g->qlock[lo]);
	if (moved)
		vgic_kick(g, to);
}

static const struct vits_phys_ops phys_ops = {
	phys_map_device, phys_unmap_device, phys_map_event,  phys_unmap_event,  phys_move_event,
	phys_inject,     phys_clear,        phys_invalidate, phys_move_pending,
};

/* ---- Partitions ------------------------------------------------------------------------------ */

bool vits_part_init(struct vits_part *v, struct vgic_part *g, const struct partition_spec *s,
		    const struct platform *plat, struct part_log *log)
{
	struct vits_device devs[VITS_MAX_DEVICES];
	struct vits_config cfg = { .frame_ipa = plat->gic.its.base,
				   .devices = devs,
				   .n_vcpus = s->n_vcpus,
				   .lpi_id_bits = VITS_GUEST_LPI_ID_BITS };
	unsigned per_dev;

	memset(v, 0, sizeof(*v));
	if (!s->vpci || !s->vpci->msi)
		return true;
	if (!its_up) /* boot_partitions dropped the bus's MSIs already; never reached */
		return true;
	for (unsigned i = 0; i < s->vpci->n_fns && cfg.n_devices < VITS_MAX_DEVICES; i++)
		if (s->vpci->fns[i].msi)
			devs[cfg.n_devices++] =
				(struct vits_device){ s->vpci->fns[i].vdevfn, s->vpci->fns[i].its_devid };
	for (per_dev = VITS_MAX_ITES; per_dev * cfg.n_devices > VITS_MAX_ITES; per_dev /= 2)
		;
	cfg.max_events_per_device = per_dev;
	if (n_registered >= PART_MAX_PARTITIONS || vits_init(&v->its, &cfg) != 0) {
		log_printf("partition %s: its virtual ITS cannot be set up\n", s->name);
		return false;
	}
	for (unsigned vc = 0; vc < s->n_vcpus; vc++) {
		vgicr_enable_lpis(&g->r[vc], VITS_GUEST_LPI_ID_BITS);
		vlpi_pending_init(&v->pend[vc]);
	}
	g->d.lpi_id_bits = VITS_GUEST_LPI_ID_BITS;
	v->present = true;
	v->vgic = g;
	v->spec = s;
	v->log = log;
	v->index = n_registered;
	registry[n_registered++] = v;
	log_printf("partition %s: virtual ITS at 0x%llx, %u devices, %u events each\n", s->name,
		   (unsigned long long)cfg.frame_ipa, cfg.n_devices, per_dev);
	if (msi_path_reason)
		log_printf("partition %s: MSIs take the emulated path (one exit each): %s\n", s->name, msi_path_reason);
	else
		log_printf("partition %s: MSIs are injected directly (GICv4.0, a vPE per vCPU, no exit)\n", s->name);
	return true;
}

void vits_part_reset(struct vits_part *v)
{
	unsigned scrubbed = 0;

	if (!v->present)
		return;
	spin_lock(&v->lock);
	vits_reset(&v->its, &phys_ops, v);
	spin_unlock(&v->lock);
	spin_lock(&its_lock);
	lpi_route_free_partition(&routes, v->index);
	/* No vLPI left pending in a vPE's table may reach the next boot (its vCPUs are parked, so
	 * their vPEs are non-resident: vgic_vcpu_stop). */
	for (unsigned vc = 0; vc < v->spec->n_vcpus; vc++) {
		if (vits_direct_scrub(phys_its, pcpu_of(v, vc)))
			scrubbed++;
		else
			part_log_printf(v->log, "vits: partition %s: vCPU %u: its vPE could not be cleared\n",
					v->spec->name, vc);
	}
	spin_unlock(&its_lock);
	if (vits_direct_enabled())
		part_log_printf(v->log, "partition %s: %u of %u vPEs cleared for the next boot\n", v->spec->name,
				scrubbed, v->spec->n_vcpus);
	spin_lock(&v->vgic->lock);
	for (unsigned vc = 0; vc < v->spec->n_vcpus; vc++)
		vlpi_pending_init(&v->pend[vc]);
	spin_unlock(&v->vgic->lock);
	memset(&v->count, 0, sizeof(v->count));
}

/* Refusals the model recorded, one console line each, within the partition's budget. */
static void print_refusals(struct vits_part *v)
{
	struct vits_refusal r[VITS_LOG_MAX];
	uint64_t dropped = 0;
	unsigned n = vits_take_refusals(&v->its, r, VITS_LOG_MAX, &dropped);
	char line[160];

	for (unsigned i = 0; i < n; i++) {
		vits_refusal_describe(&r[i], line, sizeof(line));
		part_log_printf(v->log, "vits: partition %s: refused %s\n", v->spec->name, line);
	}
	if (dropped)
		part_log_printf(v->log, "vits: partition %s: %llu more refusals not shown\n", v->spec->name,
				(unsigned long long)dropped);
}

enum vdev_outcome vits_part_mmio(void *dev, unsigned vcpu, struct vdev_access *a)
{
	struct vits_part *v = dev;
	enum vdev_outcome o;

	(void)vcpu;
	if (!v->present || !vits_in_frame(&v->its, a->ipa))
		return VDEV_NOT_MINE;
	if (a->kind != VDEV_LOAD_STORE)
		return vdev_not_load_store(a, "virtual ITS");
	spin_lock(&v->lock);
	o = vits_mmio(&v->its, a->ipa - v->its.cfg.frame_ipa, a->write, a->size, &a->val, &guest_mem, &phys_ops, v);
	if (v->its.n_log)
		print_refusals(v);
	spin_unlock(&v->lock);
	return o == VDEV_FAULT ? vdev_refuse(a, "virtual ITS") : o;
}

void vits_part_report(struct vits_part *v)
{
	if (!v->present)
		return;
	part_log_printf(v->log,
			"stats: partition %s: vits commands=%llu refused=%llu lpis=%llu delivered=%llu "
			"undeliverable=%llu phys-errors=%llu\n",
			v->spec->name, (unsigned long long)v->its.stats.commands,
			(unsigned long long)v->its.stats.refused, (unsigned long long)v->count.lpis,
			(unsigned long long)v->count.delivered, (unsigned long long)v->count.undeliverable,
			(unsigned long long)v->count.phys_errors);
}

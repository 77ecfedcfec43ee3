/* Physical GICv3 ITS driver (gicv3_its.h). */
#include "drivers/irqchip/gicv3_its.h"

#include <string.h>

#include "core/base/log.h"
#include "core/hw/gicv4.h"
#include "core/hw/its_cmd.h"
#include "core/vdev/vits.h"

/* GITS_* registers are core/vdev/vits.h's, shared with the model; these are what only the physical
 * side programs (IHI 0069, GITS_BASER<n>.Page_Size and the cacheability/shareability fields). */
#define GITS_BASER_PAGE_4K 0
#define GITS_BASER_PAGE_16K 1
#define GITS_BASER_PAGE_64K 2
#define ITS_MIN_PINTID 8192u /* MAPTI's pINTID must be an LPI */

#define PAGE_4K 0x1000u
#define PAGE_64K 0x10000u
#define CMDQ_BYTES (ITS_CMDQ_PAGES * PAGE_4K)
#define MAX_FLAT_DEVICE_IDS (1u << 16) /* 64 Ki device IDs: 512 KiB of 8-byte entries */
#define MAX_TABLE_PAGES 256            /* GITS_BASER.Size is 8 bits */

const char *its_status_name(enum its_status st)
{
	switch (st) {
	case ITS_OK:
		return "ok";
	case ITS_E_NODEV:
		return "no physical LPIs";
	case ITS_E_UNSUPPORTED:
		return "unsupported";
	case ITS_E_NOMEM:
		return "out of memory";
	case ITS_E_TIMEOUT:
		return "command queue timeout";
	case ITS_E_STALLED:
		return "command queue stalled";
	case ITS_E_RANGE:
		return "out of range";
	}
	return "?";
}

static uint64_t rd64(const struct gicv3_its *its, uint32_t off)
{
	return its->ops->read64(its->ops->ctx, its->base + off);
}

static void wr64(const struct gicv3_its *its, uint32_t off, uint64_t v)
{
	its->ops->write64(its->ops->ctx, its->base + off, v);
}

static uint32_t rd32(const struct gicv3_its *its, uint32_t off)
{
	return its->ops->read32(its->ops->ctx, its->base + off);
}

static void wr32(const struct gicv3_its *its, uint32_t off, uint32_t v)
{
	its->ops->write32(its->ops->ctx, its->base + off, v);
}

static uint64_t now(const struct gicv3_its *its)
{
	return its->ops->now_ns(its->ops->ctx);
}

enum its_status its_probe(struct gicv3_its *its, uintptr_t base, const char *path, const struct gicv3_its_ops *ops)
{
	uint64_t typer;

	memset(its, 0, sizeof(*its));
	its->ops = ops;
	its->base = base;
	its->path = path;
	typer = rd64(its, GITS_TYPER);
	if (!(typer & GITS_TYPER_PHYSICAL))
		return ITS_E_NODEV;
	its->feat = (struct its_features){
		.itt_entry_size = (unsigned)FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, typer) + 1,
		.event_bits = (unsigned)FIELD_GET(GITS_TYPER_ID_BITS, typer) + 1,
		.dev_bits = (unsigned)FIELD_GET(GITS_TYPER_DEVBITS, typer) + 1,
		.hcc = (unsigned)FIELD_GET(GITS_TYPER_HCC, typer),
		.cid_bits = (typer & GITS_TYPER_CIL) ? (unsigned)FIELD_GET(GITS_TYPER_CIDBITS, typer) + 1 : 16,
		.pta = (typer & GITS_TYPER_PTA) != 0,
		.virt = (typer & GITS_TYPER_VIRTUAL) != 0,
		.vmovp = (typer & GITS_TYPER_VMOVP) != 0,
	};
	if (its->feat.virt)
		its->feat.its_number = (unsigned)FIELD_GET(GITS_CTLR_ITS_NUMBER, rd32(its, GITS_CTLR));
	return ITS_OK;
}

static bool alloc_zeroed(struct gicv3_its *its, uint64_t size, uint64_t align, pa_t *out)
{
	if (!its->alloc(its->alloc_ctx, size, align, out))
		return false;
	memset((void *)(uintptr_t)pa_val(*out), 0, size);
	return true;
}

static uint64_t page_bytes(unsigned code)
{
	return code == GITS_BASER_PAGE_4K ? PAGE_4K : code == GITS_BASER_PAGE_16K ? 4 * PAGE_4K : PAGE_64K;
}

/* One GITS_BASER<n>: a flat table of `ids` entries, in pages of the size the register keeps
 * (bulkhead asks for 64 KiB, which every ITS implements or replaces with a smaller one). */
static enum its_status setup_table(struct gicv3_its *its, unsigned n, uint64_t ids, const char *what)
{
	uint64_t baser = rd64(its, GITS_BASER(n));
	unsigned esz = (unsigned)FIELD_GET(GITS_BASER_ENTRY_SIZE, baser) + 1;
	uint64_t want = FIELD_SET(baser, GITS_BASER_PAGE_SIZE, GITS_BASER_PAGE_64K), psz, bytes, pages;
	pa_t table;

	wr64(its, GITS_BASER(n), want);
	psz = page_bytes((unsigned)FIELD_GET(GITS_BASER_PAGE_SIZE, rd64(its, GITS_BASER(n))));
	bytes = ids * esz;
	pages = (bytes + psz - 1) / psz;
	if (!pages)
		pages = 1;
	if (pages > MAX_TABLE_PAGES) {
		log_printf("its: %s: %s table of %llu entries needs %llu pages, more than GITS_BASER%u holds\n",
			   its->path, what, (unsigned long long)ids, (unsigned long long)pages, n);
		return ITS_E_UNSUPPORTED;
	}
	if (!alloc_zeroed(its, pages * psz, psz, &table))
		return ITS_E_NOMEM;
	baser = FIELD_PREP(GITS_BASER_VALID, 1) | FIELD_PREP(GITS_BASER_INNER_CACHE, GIC_MEM_CACHE_WAWB) |
		(baser & (GITS_BASER_TYPE | GITS_BASER_ENTRY_SIZE)) |
		FIELD_PREP(GITS_BASER_SHAREABILITY, GIC_MEM_INNER_SHAREABLE) |
		FIELD_PREP(GITS_BASER_PAGE_SIZE, psz == PAGE_4K    ? GITS_BASER_PAGE_4K
						 : psz == PAGE_64K ? GITS_BASER_PAGE_64K
								   : GITS_BASER_PAGE_16K) |
		FIELD_PREP(GITS_BASER_SIZE, pages - 1);
	/* A 64 KiB-page table is 64 KiB aligned, so PA[15:12] are zero either way. */
	baser |= pa_val(table) & GITS_BASER_PA;
	wr64(its, GITS_BASER(n), baser);
	return ITS_OK;
}

static enum its_status setup_tables(struct gicv3_its *its)
{
	for (unsigned n = 0; n < GITS_BASER_COUNT; n++) {
		uint64_t baser = rd64(its, GITS_BASER(n));
		enum its_status st = ITS_OK;

		switch (FIELD_GET(GITS_BASER_TYPE, baser)) {
		case GITS_BASER_TYPE_DEVICE: {
			uint64_t ids = its->feat.dev_bits >= 16 ? MAX_FLAT_DEVICE_IDS
								: UINT64_C(1) << its->feat.dev_bits;

			st = setup_table(its, n, ids, "device");
			its->dev_table_ids = (uint32_t)ids;
			break;
		}
		case GITS_BASER_TYPE_COLLECTION:
			/* Collections the ITS holds itself need no memory. */
			if (its->feat.hcc < its->n_cpus)
				st = setup_table(its, n, its->n_cpus, "collection");
			break;
		case GITS_BASER_TYPE_VPE:
			/* GICv4: one entry per vPE bulkhead may map. Without Virtual the register is
			 * not used and stays invalid. */
			if (its->feat.virt) {
				st = setup_table(its, n, ITS_MAX_VPES, "vPE");
				its->vpe_table_ids = ITS_MAX_VPES;
			}
			break;
		default:
			break; /* unimplemented registers stay invalid */
		}
		if (st != ITS_OK)
			return st;
	}
	return ITS_OK;
}

/* ---- The command queue ------------------------------------------------------------------ */

static enum its_status wait_creadr(struct gicv3_its *its, uint32_t target)
{
	uint64_t deadline = now(its) + ITS_WAIT_NS;

	for (;;) {
		uint64_t creadr = rd64(its, GITS_CREADR);

		if (creadr & GITS_CREADR_STALLED) {
			log_printf("its: %s: command queue stalled at offset 0x%llx\n", its->path,
				   (unsigned long long)(creadr & GITS_CQUEUE_OFFSET));
			return ITS_E_STALLED;
		}
		if ((creadr & GITS_CQUEUE_OFFSET) == target)
			return ITS_OK;
		if (now(its) > deadline) {
			its->timeouts++;
			log_printf("its: %s: timeout: GITS_CREADR 0x%llx did not reach 0x%x within %llu ms\n",
				   its->path, (unsigned long long)creadr, target,
				   (unsigned long long)(ITS_WAIT_NS / 1000000));
			return ITS_E_TIMEOUT;
		}
	}
}

/* Queue cmds (at most one per CPU), then post (a SYNC or VSYNC), and wait until the ITS has
 * consumed them all. The queue is never more than these few commands deep: each call waits, so
 * there is always room. */
static enum its_status submit_then(struct gicv3_its *its, const struct its_cmd *cmds, unsigned n,
				   const struct its_cmd *post)
{
	uint64_t *q = (uint64_t *)(uintptr_t)pa_val(its->cmdq);

	for (unsigned i = 0; i <= n; i++) {
		uint64_t raw[ITS_CMD_WORDS];

		its_cmd_encode(i < n ? &cmds[i] : post, raw);
		memcpy(&q[its->cwriter / 8], raw, sizeof(raw));
		its->cwriter = (its->cwriter + ITS_CMD_BYTES) % CMDQ_BYTES;
		its->commands++;
	}
	its->ops->publish(its->ops->ctx);
	wr64(its, GITS_CWRITER, FIELD_PREP(GITS_CQUEUE_OFFSET, its->cwriter >> 5));
	return wait_creadr(its, its->cwriter);
}

/* Does CPU cpu have a collection (below n_cpus and up when the ITS was set up)? */
static bool cpu_ok(const struct gicv3_its *its, unsigned cpu)
{
	return cpu < its->n_cpus && !((its->absent >> cpu) & 1);
}

/* cmds, then a SYNC on CPU sync_cpu's redistributor (the one the commands act on). */
static enum its_status submit(struct gicv3_its *its, const struct its_cmd *cmds, unsigned n, unsigned sync_cpu)
{
	struct its_cmd sync = { .op = ITS_CMD_SYNC,
				.rdbase = its->rdbase[cpu_ok(its, sync_cpu) ? sync_cpu : its->sync_first] };

	return submit_then(its, cmds, n, &sync);
}

/* MAPC collection i to CPU i for every CPU that is up, MAPC_BATCH at a time with a SYNC after each batch:
 * a decoded command is ~90 bytes, and all ITS_MAX_CPUS of them at once made its_init the deepest
 * frame of the boot (5.7 KiB of a CPU's stack). */
#define MAPC_BATCH 8u

static enum its_status map_collections(struct gicv3_its *its)
{
	struct its_cmd mapc[MAPC_BATCH];
	unsigned n = 0;

	for (unsigned cpu = 0; cpu < its->n_cpus; cpu++) {
		enum its_status st;

		if (!cpu_ok(its, cpu))
			continue;
		mapc[n++] = (struct its_cmd){
			.op = ITS_CMD_MAPC, .icid = (uint16_t)cpu, .rdbase = its->rdbase[cpu], .valid = true
		};
		if (n < MAPC_BATCH && cpu + 1 < its->n_cpus)
			continue;
		st = submit(its, mapc, n, its->sync_first);
		if (st != ITS_OK)
			return st;
		n = 0;
	}
	return n ? submit(its, mapc, n, its->sync_first) : ITS_OK;
}

enum its_status its_init(struct gicv3_its *its, const struct its_params *p)
{
	uint64_t deadline, cbaser;
	enum its_status st;

	if (p->n_cpus == 0 || p->n_cpus > ITS_MAX_CPUS || p->n_cpus > (UINT64_C(1) << its->feat.cid_bits))
		return ITS_E_RANGE;
	its->alloc = p->alloc;
	its->free = p->free;
	its->alloc_ctx = p->alloc_ctx;
	its->n_cpus = p->n_cpus;
	its->absent = p->n_cpus < 64 ? p->absent & ((UINT64_C(1) << p->n_cpus) - 1) : p->absent;
	for (its->sync_first = 0; !cpu_ok(its, its->sync_first); its->sync_first++)
		if (its->sync_first + 1 == its->n_cpus)
			return ITS_E_RANGE; /* no CPU is up */
	for (unsigned i = 0; i < p->n_cpus; i++)
		its->rdbase[i] = its->feat.pta ? p->redist_pa[i] >> 16 : p->proc_num[i];
	/* Disabled and quiescent before the tables move (firmware may have left it running). */
	wr32(its, GITS_CTLR, rd32(its, GITS_CTLR) & ~(uint32_t)GITS_CTLR_ENABLED);
	deadline = now(its) + ITS_WAIT_NS;
	while (!(rd32(its, GITS_CTLR) & GITS_CTLR_QUIESCENT)) {
		if (now(its) > deadline) {
			its->timeouts++;
			log_printf("its: %s: timeout: GITS_CTLR.Quiescent not set within %llu ms\n", its->path,
				   (unsigned long long)(ITS_WAIT_NS / 1000000));
			return ITS_E_TIMEOUT;
		}
	}
	st = setup_tables(its);
	if (st != ITS_OK)
		return st;
	if (!alloc_zeroed(its, CMDQ_BYTES, PAGE_64K, &its->cmdq))
		return ITS_E_NOMEM;
	cbaser = FIELD_PREP(GITS_CBASER_VALID, 1) | FIELD_PREP(GITS_CBASER_INNER_CACHE, GIC_MEM_CACHE_WAWB) |
		 (pa_val(its->cmdq) & GITS_CBASER_PA) | FIELD_PREP(GITS_CBASER_SHAREABILITY, GIC_MEM_INNER_SHAREABLE) |
		 FIELD_PREP(GITS_CBASER_SIZE, ITS_CMDQ_PAGES - 1);
	wr64(its, GITS_CBASER, cbaser);
	its->cwriter = 0;
	wr64(its, GITS_CWRITER, 0);
	its->ops->publish(its->ops->ctx);
	wr32(its, GITS_CTLR, rd32(its, GITS_CTLR) | (uint32_t)GITS_CTLR_ENABLED);
	its->enabled = true;
	return map_collections(its);
}

/* ---- Devices and events ------------------------------------------------------------------ */

static struct its_device *device(struct gicv3_its *its, uint32_t devid, bool create)
{
	struct its_device *free_slot = NULL;

	for (unsigned i = 0; i < ITS_MAX_DEVICES; i++) {
		if (its->dev[i].event_bits && its->dev[i].devid == devid)
			return &its->dev[i];
		if (!its->dev[i].event_bits && !free_slot)
			free_slot = &its->dev[i];
	}
	if (create && free_slot)
		free_slot->devid = devid;
	return create ? free_slot : NULL;
}

static uint64_t itt_bytes(const struct gicv3_its *its, unsigned event_bits)
{
	uint64_t bytes = (UINT64_C(1) << event_bits) * its->feat.itt_entry_size;

	return bytes < ITS_ITT_ALIGN ? ITS_ITT_ALIGN : bytes;
}

enum its_status its_map_device(struct gicv3_its *its, uint32_t devid, unsigned event_bits)
{
	struct its_device *d;
	struct its_cmd c;
	pa_t old = pa(0);
	unsigned old_bits = 0;
	enum its_status st;

	if (!its->enabled || devid >= its->dev_table_ids || event_bits == 0 || event_bits > its->feat.event_bits)
		return ITS_E_RANGE;
	d = device(its, devid, true);
	if (!d)
		return ITS_E_RANGE;
	if (d->event_bits < event_bits) {
		old = d->itt;
		old_bits = d->event_bits;
		if (!alloc_zeroed(its, itt_bytes(its, event_bits), ITS_ITT_ALIGN, &d->itt))
			return ITS_E_NOMEM;
		d->event_bits = event_bits;
	}
	c = (struct its_cmd){
		.op = ITS_CMD_MAPD, .devid = devid, .size = d->event_bits, .itt_addr = pa_val(d->itt), .valid = true
	};
	d->mapped = true;
	st = submit(its, &c, 1, 0);
	/* The replaced ITT, once the MAPD naming the new one has completed (if it has not, the ITS
	 * may still read the old one: it is kept). */
	if (st == ITS_OK && old_bits && its->free)
		its->free(its->alloc_ctx, old, itt_bytes(its, old_bits));
	return st;
}

enum its_status its_unmap_device(struct gicv3_its *its, uint32_t devid)
{
	struct its_device *d = device(its, devid, false);
	struct its_cmd c = { .op = ITS_CMD_MAPD, .devid = devid, .valid = false };
	enum its_status st;

	if (!its->enabled || !d || !d->mapped)
		return ITS_E_RANGE;
	d->mapped = false;
	st = submit(its, &c, 1, 0);
	/* The MAPD V=0 and its SYNC completed: the ITS reads the ITT no more, and the slot is free. */
	if (st == ITS_OK && its->free) {
		its->free(its->alloc_ctx, d->itt, itt_bytes(its, d->event_bits));
		d->itt = pa(0);
		d->event_bits = 0;
	}
	return st;
}

/* A mapped device and an event ID its ITT holds. */
static bool event_ok(struct gicv3_its *its, uint32_t devid, uint32_t eventid)
{
	struct its_device *d = device(its, devid, false);

	return its->enabled && d && d->mapped && (uint64_t)eventid < (UINT64_C(1) << d->event_bits);
}

enum its_status its_map_event(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint32_t plpi, unsigned cpu)
{
	struct its_cmd c = {
		.op = ITS_CMD_MAPTI, .devid = devid, .eventid = eventid, .intid = plpi, .icid = (uint16_t)cpu
	};

	if (!event_ok(its, devid, eventid) || !cpu_ok(its, cpu) || plpi < ITS_MIN_PINTID)
		return ITS_E_RANGE;
	return submit(its, &c, 1, cpu);
}

enum its_status its_move_event(struct gicv3_its *its, uint32_t devid, uint32_t eventid, unsigned cpu)
{
	struct its_cmd c = { .op = ITS_CMD_MOVI, .devid = devid, .eventid = eventid, .icid = (uint16_t)cpu };

	if (!event_ok(its, devid, eventid) || !cpu_ok(its, cpu))
		return ITS_E_RANGE;
	return submit(its, &c, 1, cpu);
}

static enum its_status event_cmd(struct gicv3_its *its, enum its_cmd_op op, uint32_t devid, uint32_t eventid)
{
	struct its_cmd c = { .op = op, .devid = devid, .eventid = eventid };

	if (!event_ok(its, devid, eventid))
		return ITS_E_RANGE;
	return submit(its, &c, 1, 0);
}

enum its_status its_discard(struct gicv3_its *its, uint32_t devid, uint32_t eventid)
{
	return event_cmd(its, ITS_CMD_DISCARD, devid, eventid);
}

enum its_status its_int(struct gicv3_its *its, uint32_t devid, uint32_t eventid)
{
	return event_cmd(its, ITS_CMD_INT, devid, eventid);
}

enum its_status its_clear(struct gicv3_its *its, uint32_t devid, uint32_t eventid)
{
	return event_cmd(its, ITS_CMD_CLEAR, devid, eventid);
}

enum its_status its_inv(struct gicv3_its *its, uint32_t devid, uint32_t eventid)
{
	return event_cmd(its, ITS_CMD_INV, devid, eventid);
}

/* ---- GICv4.0 vPEs --------------------------------------------------------------------------- */

static bool vpe_mapped(const struct gicv3_its *its, uint16_t vpeid)
{
	return its->enabled && vpeid < its->vpe_table_ids && (its->vpe_mapped & BIT64(vpeid));
}

/* One V* command on a mapped vPE (or none: cmd NULL), then VSYNC of that vPE. */
static enum its_status submit_vsync(struct gicv3_its *its, const struct its_cmd *cmd, uint16_t vpeid)
{
	struct its_cmd vsync = { .op = ITS_CMD_VSYNC, .vpeid = vpeid };

	return submit_then(its, cmd, cmd ? 1 : 0, &vsync);
}

enum its_status its_vmapp(struct gicv3_its *its, uint16_t vpeid, unsigned cpu, pa_t vpt, unsigned id_bits)
{
	struct its_cmd c = {
		.op = ITS_CMD_VMAPP, .vpeid = vpeid, .valid = true, .vpt_addr = pa_val(vpt), .size = id_bits
	};

	if (!its->enabled || vpeid >= its->vpe_table_ids || !cpu_ok(its, cpu) || gicv4_vpt_bytes(id_bits) == 0 ||
	    pa_val(vpt) % GICV4_VPT_ALIGN != 0 || pa_val(vpt) == 0)
		return ITS_E_RANGE;
	c.rdbase = its->rdbase[cpu];
	its->vpe_mapped |= BIT64(vpeid);
	its->vpe_cpu[vpeid] = (uint8_t)cpu;
	its->vpe_id_bits[vpeid] = (uint8_t)id_bits;
	return submit_vsync(its, &c, vpeid);
}

enum its_status its_vunmapp(struct gicv3_its *its, uint16_t vpeid)
{
	struct its_cmd c = { .op = ITS_CMD_VMAPP, .vpeid = vpeid, .valid = false };

	if (!vpe_mapped(its, vpeid))
		return ITS_E_RANGE;
	/* An unmapped vPE cannot be VSYNCed: SYNC on the redistributor it was on. */
	c.rdbase = its->rdbase[its->vpe_cpu[vpeid]];
	its->vpe_mapped &= ~BIT64(vpeid);
	return submit(its, &c, 1, its->vpe_cpu[vpeid]);
}

enum its_status its_vmapti(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint16_t vpeid, uint32_t vintid,
			   uint32_t doorbell)
{
	struct its_cmd c = { .op = ITS_CMD_VMAPTI,
			     .devid = devid,
			     .eventid = eventid,
			     .vpeid = vpeid,
			     .intid = vintid,
			     .doorbell = doorbell };

	if (!event_ok(its, devid, eventid) || !vpe_mapped(its, vpeid) || vintid < GICV4_VLPI_FIRST ||
	    (uint64_t)vintid >= (UINT64_C(1) << its->vpe_id_bits[vpeid]) ||
	    (doorbell != ITS_DOORBELL_NONE && doorbell < ITS_MIN_PINTID))
		return ITS_E_RANGE;
	return submit_vsync(its, &c, vpeid);
}

enum its_status its_vmovi(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint16_t vpeid, uint32_t doorbell)
{
	struct its_cmd c = { .op = ITS_CMD_VMOVI,
			     .devid = devid,
			     .eventid = eventid,
			     .vpeid = vpeid,
			     .doorbell = doorbell,
			     .db_valid = doorbell != ITS_DOORBELL_NONE };

	if (!event_ok(its, devid, eventid) || !vpe_mapped(its, vpeid) ||
	    (doorbell != ITS_DOORBELL_NONE && doorbell < ITS_MIN_PINTID))
		return ITS_E_RANGE;
	return submit_vsync(its, &c, vpeid);
}

enum its_status its_vmovp(struct gicv3_its *its, uint16_t vpeid, unsigned cpu)
{
	struct its_cmd c = { .op = ITS_CMD_VMOVP, .vpeid = vpeid };

	if (!vpe_mapped(its, vpeid) || !cpu_ok(its, cpu))
		return ITS_E_RANGE;
	c.rdbase = its->rdbase[cpu];
	/* Without GITS_TYPER.VMOVP the command carries the list of ITSes it is sent to (this one)
	 * and a sequence number shared by them; with it, both are ignored. */
	if (!its->feat.vmovp) {
		c.its_list = (uint16_t)(1u << its->feat.its_number);
		c.seqnum = its->vmovp_seq++;
	}
	its->vpe_cpu[vpeid] = (uint8_t)cpu;
	return submit_vsync(its, &c, vpeid);
}

enum its_status its_vclear(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint16_t vpeid)
{
	struct its_cmd c = { .op = ITS_CMD_CLEAR, .devid = devid, .eventid = eventid };

	if (!event_ok(its, devid, eventid) || !vpe_mapped(its, vpeid))
		return ITS_E_RANGE;
	return submit_vsync(its, &c, vpeid);
}

enum its_status its_vinvall(struct gicv3_its *its, uint16_t vpeid)
{
	struct its_cmd c = { .op = ITS_CMD_VINVALL, .vpeid = vpeid };

	if (!vpe_mapped(its, vpeid))
		return ITS_E_RANGE;
	return submit_vsync(its, &c, vpeid);
}

enum its_status its_vsync(struct gicv3_its *its, uint16_t vpeid)
{
	if (!vpe_mapped(its, vpeid))
		return ITS_E_RANGE;
	return submit_vsync(its, NULL, vpeid);
}

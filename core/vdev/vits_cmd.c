/* The commands of a virtual ITS (vits.h): each one checked against the partition's devices,
 * vCPUs and LPI range, then applied to bulkhead's tables and the physical side; and the record
 * of what was refused. */
#include "core/vdev/vits_cmd.h"

#include <string.h>

#include "core/base/format.h"

static int device_index(const struct vits *its, uint32_t vdevid)
{
	for (unsigned i = 0; i < its->cfg.n_devices; i++) {
		if (its->dev_ids[i].vdevid == vdevid)
			return (int)i;
	}
	return -1;
}

static const struct vits_collection *find_collection(const struct vits *its, uint16_t icid)
{
	for (unsigned i = 0; i < VITS_MAX_COLLECTIONS; i++) {
		if (its->coll[i].valid && its->coll[i].icid == icid)
			return &its->coll[i];
	}
	return NULL;
}

static struct vits_collection *collection(struct vits *its, uint16_t icid)
{
	return (struct vits_collection *)find_collection(its, icid);
}

/* ---- refusals ---------------------------------------------------------------------- */

void vits_refuse(struct vits *its, enum vits_refusal_code code, const struct its_cmd *c, uint64_t value)
{
	struct vits_refusal r = { .code = code, .value = value };

	if (c) {
		r.op = (uint8_t)c->op;
		r.devid = c->devid;
		r.eventid = c->eventid;
	}
	its->stats.refused++;
	if (its->n_log == VITS_LOG_MAX) {
		its->stats.log_drops++;
		return;
	}
	its->log[its->n_log++] = r;
}

unsigned vits_take_refusals(struct vits *its, struct vits_refusal *out, unsigned max, uint64_t *dropped)
{
	unsigned n = its->n_log < max ? its->n_log : max;

	if (n)
		memcpy(out, its->log, n * sizeof(out[0]));
	memmove(its->log, its->log + n, (its->n_log - n) * sizeof(its->log[0]));
	its->n_log -= n;
	if (dropped) {
		*dropped = its->stats.log_drops;
		its->stats.log_drops = 0;
	}
	return n;
}

static const struct {
	const char *name;
	const char *text;
} refusal_text[] = {
	[VITS_REFUSE_FOREIGN_DEVICE] = { "vits-foreign-device", "device not assigned to the partition" },
	[VITS_REFUSE_DEVICE_UNMAPPED] = { "vits-device-unmapped", "device not mapped by MAPD" },
	[VITS_REFUSE_SIZE] = { "vits-size", "more event ID bits than the vITS offers" },
	[VITS_REFUSE_ITT_ADDRESS] = { "vits-itt-address", "ITT not in the partition's RAM" },
	[VITS_REFUSE_EVENT_RANGE] = { "vits-event-range", "event ID beyond the device's mapped size" },
	[VITS_REFUSE_EVENT_UNMAPPED] = { "vits-event-unmapped", "event has no translation" },
	[VITS_REFUSE_VLPI_RANGE] = { "vits-vlpi-range", "INTID is not an LPI of the partition" },
	[VITS_REFUSE_COLLECTION_UNMAPPED] = { "vits-collection-unmapped", "collection not mapped by MAPC" },
	[VITS_REFUSE_TARGET] = { "vits-target", "target is not a vCPU of the partition" },
	[VITS_REFUSE_COLLECTION_FULL] = { "vits-collection-full", "too many collections" },
	[VITS_REFUSE_COLLECTION_BUSY] = { "vits-collection-busy", "collection still has events mapped" },
	[VITS_REFUSE_GICV4_COMMAND] = { "vits-gicv4-command", "GICv4 command on an ITS without Virtual" },
	[VITS_REFUSE_UNKNOWN_COMMAND] = { "vits-unknown-command", "unknown command number" },
	[VITS_REFUSE_QUEUE_UNREADABLE] = { "vits-queue-unreadable", "command queue not in the partition's RAM" },
	[VITS_REFUSE_CWRITER_RANGE] = { "vits-cwriter-range", "GITS_CWRITER beyond the command queue" },
	[VITS_REFUSE_TRANSLATER_CPU_WRITE] = { "vits-translater-cpu-write", "CPU store to GITS_TRANSLATER" },
	[VITS_REFUSE_PHYS_FAILED] = { "vits-phys-failed", "the physical ITS refused" },
	[VITS_REFUSE_MAPI_EVENT] = { "vits-mapi-event", "MAPI EventID (its INTID) is not an LPI of the partition" },
	[VITS_REFUSE_ITE_FULL] = { "vits-ite-full", "the device has all its translations in use" },
	[VITS_REFUSE_ITT_BUDGET] = { "vits-itt-budget", "the partition's mapped ITTs would exceed their bound" },
};

const char *vits_refusal_code_name(enum vits_refusal_code code)
{
	if ((unsigned)code >= sizeof(refusal_text) / sizeof(refusal_text[0]))
		return "vits-unknown";
	return refusal_text[code].name;
}

void vits_refusal_describe(const struct vits_refusal *r, char *buf, size_t size)
{
	const char *text = (unsigned)r->code < sizeof(refusal_text) / sizeof(refusal_text[0])
				   ? refusal_text[r->code].text
				   : "refused";

	if (r->code == VITS_REFUSE_PHYS_FAILED)
		fmt_snprintf(buf, size, "%s (0x%02x) DeviceID 0x%x EventID %u: %s (error %lld) [%s]",
			     its_cmd_name(r->op), r->op, r->devid, r->eventid, text, (long long)(int64_t)r->value,
			     vits_refusal_code_name(r->code));
	else if (r->op == 0)
		fmt_snprintf(buf, size, "register access (0x%llx): %s [%s]", (unsigned long long)r->value, text,
			     vits_refusal_code_name(r->code));
	else
		fmt_snprintf(buf, size, "%s (0x%02x) DeviceID 0x%x EventID %u value 0x%llx: %s [%s]",
			     its_cmd_name(r->op), r->op, r->devid, r->eventid, (unsigned long long)r->value, text,
			     vits_refusal_code_name(r->code));
}

/* ---- commands ---------------------------------------------------------------------- */

/* The result of one call that reached the physical ITS: counted against the batch's bound. */
static bool phys_ok(struct vits_exec *x, int err)
{
	x->its->phys_calls++;
	if (err < 0)
		vits_refuse(x->its, VITS_REFUSE_PHYS_FAILED, x->c, (uint64_t)(int64_t)err);
	return err >= 0;
}

/* The command's device, mapped: its index, or -1 (refused). */
static int mapped_device(struct vits_exec *x)
{
	int d = device_index(x->its, x->c->devid);

	if (d < 0) {
		vits_refuse(x->its, VITS_REFUSE_FOREIGN_DEVICE, x->c, x->c->devid);
		return -1;
	}
	if (!x->its->dev[d].mapped) {
		vits_refuse(x->its, VITS_REFUSE_DEVICE_UNMAPPED, x->c, x->c->devid);
		return -1;
	}
	if ((uint64_t)x->c->eventid >= (UINT64_C(1) << x->its->dev[d].event_bits)) {
		vits_refuse(x->its, VITS_REFUSE_EVENT_RANGE, x->c, x->c->eventid);
		return -1;
	}
	return d;
}

/* The command's event with a translation, or NULL (refused). */
static struct vits_ite *mapped_event(struct vits_exec *x, int *dev)
{
	struct vits_ite *e;

	*dev = mapped_device(x);
	if (*dev < 0)
		return NULL;
	e = vits_ite_find(x->its, (unsigned)*dev, x->c->eventid);
	if (!e || !e->vlpi) {
		vits_refuse(x->its, VITS_REFUSE_EVENT_UNMAPPED, x->c, x->c->eventid);
		return NULL;
	}
	return e;
}

static struct vits_collection *mapped_collection(struct vits_exec *x, uint16_t icid)
{
	struct vits_collection *col = collection(x->its, icid);

	if (!col)
		vits_refuse(x->its, VITS_REFUSE_COLLECTION_UNMAPPED, x->c, icid);
	return col;
}

static bool target_ok(struct vits_exec *x, uint64_t rdbase)
{
	if (rdbase >= x->its->cfg.n_vcpus) {
		vits_refuse(x->its, VITS_REFUSE_TARGET, x->c, rdbase);
		return false;
	}
	return true;
}

static unsigned vcpu_of(struct vits *its, const struct vits_ite *e)
{
	return collection(its, e->icid)->vcpu; /* an ITE's collection stays mapped (MAPC V=0 refuses) */
}

/* Drop the translation of slot e on both sides; the slot stays the event's. The physical side
 * is told even if it fails: the translation is forgotten here either way, and a failure is
 * reported. */
static void unmap_translation(struct vits_exec *x, unsigned dev, struct vits_ite *e)
{
	if (!e->vlpi)
		return;
	if (x->phys->clear)
		x->phys->clear(x->ctx, x->its->dev_ids[dev].pdevid, e->eventid, vcpu_of(x->its, e), e->vlpi);
	phys_ok(x, x->phys->unmap_event(x->ctx, x->its->dev_ids[dev].pdevid, e->eventid));
	e->vlpi = 0;
	e->icid = 0;
}

/* ... and give the slot back. */
static void drop_event(struct vits_exec *x, unsigned dev, struct vits_ite *e)
{
	unmap_translation(x, dev, e);
	vits_ite_give_back(x->its, dev, e);
}

static void drop_device(struct vits_exec *x, unsigned dev)
{
	struct vits_dev_state *s = &x->its->dev[dev];
	struct vits_ite *slots = &x->its->ite[dev * x->its->cfg.max_events_per_device];

	if (!s->mapped)
		return;
	for (unsigned i = 0; i < x->its->cfg.max_events_per_device; i++)
		drop_event(x, dev, &slots[i]);
	phys_ok(x, x->phys->unmap_device(x->ctx, x->its->dev_ids[dev].pdevid));
	x->its->itt_events -= UINT64_C(1) << s->event_bits;
	s->mapped = false;
	s->event_bits = 0;
	s->itt_addr = 0;
}

static bool guest_ram(const struct vits_mem_ops *mem, void *ctx, uint64_t ipa, uint64_t len)
{
	uint8_t b;

	/* First and last byte: the tables the partition names are never read, so this only keeps
	 * a guest from pointing its ITS at memory that is not its own. */
	return ipa + len > ipa && mem->read(ctx, ipa, &b, 1) && mem->read(ctx, ipa + len - 1, &b, 1);
}

static void cmd_mapd(struct vits_exec *x)
{
	const struct its_cmd *c = x->c;
	int d = device_index(x->its, c->devid);
	struct vits_dev_state *s;

	if (d < 0) {
		vits_refuse(x->its, VITS_REFUSE_FOREIGN_DEVICE, c, c->devid);
		return;
	}
	s = &x->its->dev[d];
	if (!c->valid) {
		drop_device(x, (unsigned)d);
		return;
	}
	if (c->size > x->its->event_bits) {
		vits_refuse(x->its, VITS_REFUSE_SIZE, c, c->size);
		return;
	}
	/* The physical ITS needs an ITT of 2^Size entries too: bounded per partition (a remap gives
	 * the device's old one back first). */
	if (x->its->itt_events - (s->mapped ? UINT64_C(1) << s->event_bits : 0) + (UINT64_C(1) << c->size) >
	    VITS_ITT_EVENTS_MAX) {
		vits_refuse(x->its, VITS_REFUSE_ITT_BUDGET, c, c->size);
		return;
	}
	if (!guest_ram(x->mem, x->ctx, c->itt_addr, (UINT64_C(1) << c->size) * VITS_ITT_ENTRY_BYTES)) {
		vits_refuse(x->its, VITS_REFUSE_ITT_ADDRESS, c, c->itt_addr);
		return;
	}
	drop_device(x, (unsigned)d); /* a remap starts from an empty ITT, as on an ITS */
	if (!phys_ok(x, x->phys->map_device(x->ctx, x->its->dev_ids[d].pdevid, c->size)))
		return;
	s->mapped = true;
	s->event_bits = (uint8_t)c->size;
	s->itt_addr = c->itt_addr;
	x->its->itt_events += UINT64_C(1) << c->size;
}

static void cmd_mapc(struct vits_exec *x)
{
	const struct its_cmd *c = x->c;
	struct vits_collection *col = collection(x->its, c->icid);
	unsigned per = x->its->cfg.max_events_per_device;

	if (!c->valid) {
		if (!col)
			return;
		for (unsigned i = 0; i < x->its->cfg.n_devices * per; i++) {
			if (x->its->ite[i].vlpi && x->its->ite[i].icid == c->icid) {
				vits_refuse(x->its, VITS_REFUSE_COLLECTION_BUSY, c, c->icid);
				return;
			}
		}
		col->valid = false;
		return;
	}
	if (!target_ok(x, c->rdbase))
		return;
	if (!col) {
		for (unsigned i = 0; i < VITS_MAX_COLLECTIONS && !col; i++) {
			if (!x->its->coll[i].valid)
				col = &x->its->coll[i];
		}
		if (!col) {
			vits_refuse(x->its, VITS_REFUSE_COLLECTION_FULL, c, c->icid);
			return;
		}
		*col = (struct vits_collection){ .valid = true, .icid = c->icid, .vcpu = (uint16_t)c->rdbase };
		return;
	}
	if (col->vcpu == c->rdbase)
		return;
	/* Retarget: the events of this collection follow it to the new vCPU. */
	for (unsigned i = 0; i < x->its->cfg.n_devices * per; i++) {
		struct vits_ite *e = &x->its->ite[i];

		if (e->vlpi && e->icid == c->icid)
			phys_ok(x, x->phys->move_event(x->ctx, x->its->dev_ids[i / per].pdevid, e->eventid,
						       (unsigned)c->rdbase));
	}
	col->vcpu = (uint16_t)c->rdbase;
}

static void cmd_mapti(struct vits_exec *x)
{
	const struct its_cmd *c = x->c;
	int d = mapped_device(x);
	struct vits_collection *col;
	struct vits_ite *e;

	if (d < 0)
		return;
	/* MAPI is MAPTI with pINTID = EventID: the same translation, its own refusal. */
	if (c->intid < GIC_LPI_FIRST || (uint64_t)c->intid >= (UINT64_C(1) << x->its->cfg.lpi_id_bits)) {
		vits_refuse(x->its, c->op == ITS_CMD_MAPI ? VITS_REFUSE_MAPI_EVENT : VITS_REFUSE_VLPI_RANGE, c,
			    c->intid);
		return;
	}
	col = mapped_collection(x, c->icid);
	if (!col)
		return;
	e = vits_ite_find(x->its, (unsigned)d, c->eventid);
	if (e) {
		unmap_translation(x, (unsigned)d, e); /* mapping a mapped event replaces its translation */
	} else {
		e = vits_ite_take(x->its, (unsigned)d, c->eventid);
		if (!e) {
			vits_refuse(x->its, VITS_REFUSE_ITE_FULL, c, x->its->cfg.max_events_per_device);
			return;
		}
	}
	if (!phys_ok(x, x->phys->map_event(x->ctx, x->its->dev_ids[d].pdevid, c->eventid, c->intid, col->vcpu))) {
		vits_ite_give_back(x->its, (unsigned)d, e);
		return;
	}
	e->vlpi = c->intid;
	e->icid = c->icid;
}

static void cmd_movi(struct vits_exec *x)
{
	int d;
	struct vits_ite *e = mapped_event(x, &d);
	struct vits_collection *col;

	if (!e)
		return;
	col = mapped_collection(x, x->c->icid);
	if (!col)
		return;
	if (col->vcpu != vcpu_of(x->its, e) &&
	    !phys_ok(x, x->phys->move_event(x->ctx, x->its->dev_ids[d].pdevid, x->c->eventid, col->vcpu)))
		return;
	e->icid = x->c->icid;
}

static void cmd_event(struct vits_exec *x)
{
	int d;
	struct vits_ite *e = mapped_event(x, &d);

	if (!e)
		return;
	switch (x->c->op) {
	case ITS_CMD_DISCARD:
		drop_event(x, (unsigned)d, e);
		break;
	case ITS_CMD_INT:
		x->phys->inject(x->ctx, vcpu_of(x->its, e), e->vlpi);
		break;
	case ITS_CMD_CLEAR:
		x->phys->clear(x->ctx, x->its->dev_ids[d].pdevid, x->c->eventid, vcpu_of(x->its, e), e->vlpi);
		break;
	default: /* INV */
		x->phys->invalidate(x->ctx, vcpu_of(x->its, e), e->vlpi);
		break;
	}
}

void vits_execute(struct vits_exec *x)
{
	const struct its_cmd *c = x->c;
	struct vits_collection *col;

	switch (c->op) {
	case ITS_CMD_MAPD:
		cmd_mapd(x);
		break;
	case ITS_CMD_MAPC:
		cmd_mapc(x);
		break;
	case ITS_CMD_MAPTI:
	case ITS_CMD_MAPI:
		cmd_mapti(x);
		break;
	case ITS_CMD_MOVI:
		cmd_movi(x);
		break;
	case ITS_CMD_DISCARD:
	case ITS_CMD_INT:
	case ITS_CMD_CLEAR:
	case ITS_CMD_INV:
		cmd_event(x);
		break;
	case ITS_CMD_INVALL:
		col = mapped_collection(x, c->icid);
		if (col)
			x->phys->invalidate(x->ctx, col->vcpu, VITS_ALL_VLPIS);
		break;
	case ITS_CMD_SYNC:
		target_ok(x, c->rdbase); /* every effect is complete already */
		break;
	case ITS_CMD_MOVALL:
		if (target_ok(x, c->rdbase) && target_ok(x, c->rdbase2) && c->rdbase != c->rdbase2)
			x->phys->move_pending(x->ctx, (unsigned)c->rdbase, (unsigned)c->rdbase2);
		break;
	default: /* the GICv4 commands */
		vits_refuse(x->its, VITS_REFUSE_GICV4_COMMAND, c, c->op);
		break;
	}
}

void vits_forget_all(struct vits *its, const struct vits_phys_ops *phys, void *ctx)
{
	struct its_cmd none = { .op = ITS_CMD_MAPD };
	struct vits_phys_ops quiet = *phys;
	struct vits_exec x = { .its = its, .c = &none, .phys = &quiet, .ctx = ctx };

	quiet.clear = NULL; /* the arch resets the vCPUs' queues itself */
	for (unsigned d = 0; d < its->cfg.n_devices; d++)
		drop_device(&x, d);
	memset(its->coll, 0, sizeof(its->coll));
}

bool vits_next_vlpi_of(const struct vits *its, unsigned vcpu, unsigned *cursor, uint32_t *vlpi)
{
	for (; *cursor < its->cfg.n_devices * its->cfg.max_events_per_device; (*cursor)++) {
		const struct vits_ite *e = &its->ite[*cursor];
		const struct vits_collection *col;

		if (!e->vlpi)
			continue;
		col = find_collection(its, e->icid);
		if (col && col->vcpu == vcpu) {
			*vlpi = e->vlpi;
			(*cursor)++;
			return true;
		}
	}
	return false;
}

bool vits_lookup(const struct vits *its, uint32_t vdevid, uint32_t eventid, unsigned *vcpu, uint32_t *vlpi)
{
	int d = device_index(its, vdevid);
	const struct vits_collection *col;
	const struct vits_ite *e;

	if (d < 0 || !its->dev[d].mapped)
		return false;
	e = vits_ite_find(its, (unsigned)d, eventid);
	col = e && e->vlpi ? find_collection(its, e->icid) : NULL;
	if (!col)
		return false;
	*vcpu = col->vcpu;
	*vlpi = e->vlpi;
	return true;
}

/* The translation slots of a virtual ITS (vits.h): each partition device has
 * max_events_per_device of them, each naming the EventID it translates, so EventIDs may be sparse
 * over the whole lpi_id_bits range while the storage stays bounded. */
#include "core/vdev/vits_cmd.h"

static struct vits_ite *slice(const struct vits *its, unsigned dev)
{
	return (struct vits_ite *)&its->ite[dev * its->cfg.max_events_per_device];
}

struct vits_ite *vits_ite_find(const struct vits *its, unsigned dev, uint32_t eventid)
{
	struct vits_ite *s = slice(its, dev);

	for (unsigned i = 0; i < its->cfg.max_events_per_device; i++) {
		if (s[i].used && s[i].eventid == eventid)
			return &s[i];
	}
	return NULL;
}

struct vits_ite *vits_ite_take(struct vits *its, unsigned dev, uint32_t eventid)
{
	struct vits_ite *s = slice(its, dev);

	for (unsigned i = 0; i < its->cfg.max_events_per_device; i++) {
		if (!s[i].used) {
			s[i] = (struct vits_ite){ .used = true, .eventid = eventid };
			its->dev[dev].n_ites++;
			return &s[i];
		}
	}
	return NULL;
}

void vits_ite_give_back(struct vits *its, unsigned dev, struct vits_ite *e)
{
	if (!e->used)
		return;
	*e = (struct vits_ite){ 0 };
	its->dev[dev].n_ites--;
}

unsigned vits_translations(const struct vits *its)
{
	unsigned n = 0;

	for (unsigned d = 0; d < its->cfg.n_devices; d++)
		n += its->dev[d].n_ites;
	return n;
}

static int pdevice_index(const struct vits *its, uint32_t pdevid)
{
	for (unsigned i = 0; i < its->cfg.n_devices; i++) {
		if (its->dev_ids[i].pdevid == pdevid)
			return (int)i;
	}
	return -1;
}

bool vits_set_phys(struct vits *its, uint32_t pdevid, uint32_t eventid, uint32_t value)
{
	int d = pdevice_index(its, pdevid);
	struct vits_ite *e = d < 0 ? NULL : vits_ite_find(its, (unsigned)d, eventid);

	if (!e)
		return false;
	e->phys = value;
	return true;
}

bool vits_phys(const struct vits *its, uint32_t pdevid, uint32_t eventid, uint32_t *value)
{
	int d = pdevice_index(its, pdevid);
	const struct vits_ite *e = d < 0 ? NULL : vits_ite_find(its, (unsigned)d, eventid);

	if (!e)
		return false;
	*value = e->phys;
	return true;
}

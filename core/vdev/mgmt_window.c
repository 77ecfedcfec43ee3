/* The management window's registers (mgmt_window.h). */
#include "core/vdev/mgmt_window.h"

#include <string.h>

#define DEVICE "management window"

void mgmt_window_reset(struct mgmt_window *w)
{
	memset(w, 0, sizeof(*w));
}

static uint32_t data_word(const struct mgmt_window *w, uint64_t off)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 4; i++)
		if (off + i < w->length)
			v |= (uint32_t)(unsigned char)w->data[off + i] << (8 * i);
	return v;
}

enum vdev_outcome mgmt_window_access(struct mgmt_window *w, uint64_t base, struct vdev_access *a, int *command)
{
	uint64_t off = a->ipa - base;

	*command = 0;
	if (!vdev_in_window(a, base, MGMT_WINDOW_SIZE))
		return VDEV_NOT_MINE;
	if (a->kind != VDEV_LOAD_STORE)
		return vdev_not_load_store(a, DEVICE);
	if (a->size != 4 || (off & 3))
		return vdev_refuse(a, DEVICE);
	if (off >= MGMT_REG_NAME && off < MGMT_REG_NAME + MGMT_NAME_MAX) {
		unsigned word = (unsigned)(off - MGMT_REG_NAME) / 8, shift = (unsigned)(off & 4) * 8;

		if (a->write)
			w->name[word] = (w->name[word] & ~(UINT64_C(0xffffffff) << shift)) | (a->val << shift);
		else
			a->val = (uint32_t)(w->name[word] >> shift);
		return VDEV_HANDLED;
	}
	if (a->write) {
		if (off != MGMT_REG_COMMAND)
			return vdev_refuse(a, DEVICE);
		*command = (int)(uint32_t)a->val;
		return VDEV_HANDLED;
	}
	if (off >= MGMT_REG_DATA) {
		a->val = data_word(w, off - MGMT_REG_DATA);
		return VDEV_HANDLED;
	}
	switch (off) {
	case MGMT_REG_MAGIC:
		a->val = MGMT_MAGIC;
		return VDEV_HANDLED;
	case MGMT_REG_VERSION:
		a->val = MGMT_VERSION;
		return VDEV_HANDLED;
	case MGMT_REG_STATUS:
		a->val = (uint32_t)w->status;
		return VDEV_HANDLED;
	case MGMT_REG_LENGTH:
		a->val = w->length;
		return VDEV_HANDLED;
	default:
		a->val = 0; /* reserved: reads as zero */
		return VDEV_HANDLED;
	}
}

void mgmt_window_result(struct mgmt_window *w, int status, const char *text, uint32_t len)
{
	w->status = status;
	w->length = 0;
	if (status != MGMT_OK || len > MGMT_DATA_SIZE)
		return;
	memcpy(w->data, text, len);
	w->length = len;
}

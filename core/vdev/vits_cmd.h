/* Inside the virtual ITS (vits.h): the register side (vits.c) hands each command it reads from
 * the guest's queue to the command side (vits_cmd.c). Not for use outside core/vdev/vits*.c. */
#ifndef BULKHEAD_CORE_VITS_CMD_H
#define BULKHEAD_CORE_VITS_CMD_H

#include "core/vdev/vits.h"

struct vits_exec {
	struct vits *its;
	const struct its_cmd *c;
	const struct vits_mem_ops *mem;
	const struct vits_phys_ops *phys;
	void *ctx;
};

/* Check the decoded command x->c and apply it, or refuse it. */
void vits_execute(struct vits_exec *x);
/* Record a refusal (c: the command, or NULL for a register access). */
void vits_refuse(struct vits *its, enum vits_refusal_code code, const struct its_cmd *c, uint64_t value);
/* Unmap every event and device on the physical side and forget every translation and
 * collection (partition reset). */
void vits_forget_all(struct vits *its, const struct vits_phys_ops *phys, void *ctx);

/* Device dev's slot for eventid (taken, with or without a translation), or NULL. */
struct vits_ite *vits_ite_find(const struct vits *its, unsigned dev, uint32_t eventid);
/* A free slot of device dev, now eventid's (no translation yet, phys 0), or NULL when all
 * max_events_per_device are taken. */
struct vits_ite *vits_ite_take(struct vits *its, unsigned dev, uint32_t eventid);
/* The slot is free again. */
void vits_ite_give_back(struct vits *its, unsigned dev, struct vits_ite *e);

#endif

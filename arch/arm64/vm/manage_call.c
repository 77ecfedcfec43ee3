/* The management interface on the trap side (manage_call.h). A stop or restart, even of the
 * caller itself, goes through partition_stop_remote(): the target's vCPUs in guest code get
 * IPI_PARTITION_STOP (the calling vCPU too, which then parks right after this trap returns), so
 * no emulated device and no hypercall ever parks a vCPU from inside its handler. */
#include "arch/arm64/vm/manage_call.h"

#include <string.h>

#include "arch/arm64/cpu/part_log.h"
#include "arch/arm64/vm/channels.h"
#include "arch/arm64/vm/partition_run.h"
#include "core/base/log.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/partition/manage.h"

static struct partition_rt *parts;
static unsigned n_parts;
static const struct partition_map *pmap;
static const struct group_set *groups;

void manage_init(struct partition_rt *p, unsigned n, const struct partition_map *map, const struct group_set *gs)
{
	parts = p;
	n_parts = n;
	pmap = map;
	groups = gs;
	for (unsigned i = 0; i < n; i++)
		mgmt_window_reset(&p[i].mgmt);
}

static enum mgmt_state state_of(const struct partition_rt *p)
{
	switch (p->state) {
	case PART_RUNNING:
		return MGMT_RUNNING;
	case PART_STOPPING:
		return MGMT_STOPPING;
	case PART_STOPPED:
		return MGMT_STOPPED;
	case PART_RESETTING:
		return MGMT_RESETTING;
	}
	return MGMT_STOPPED;
}

static int find(const char *name)
{
	for (unsigned i = 0; i < n_parts; i++)
		if (parts[i].dtb && strcmp(parts[i].spec.name, name) == 0)
			return (int)i;
	return -1;
}

static void list(struct mgmt_out *o)
{
	for (unsigned i = 0; i < n_parts; i++) {
		const struct partition_rt *p = &parts[i];
		struct mgmt_part_info pi = {
			.name = p->spec.name,
			.state = state_of(p),
			.n_vcpus = p->spec.n_vcpus,
			.boots = p->boots,
			.last_stop = p->last_stop,
			.host = p->spec.is_host,
		};

		if (!p->dtb)
			continue;
		for (unsigned m = 0; m < p->spec.n_mem; m++)
			pi.memory += p->spec.mem[m].size;
		mgmt_format_partition(o, &pi);
	}
}

static int refuse(struct partition_rt *caller, int op, const char *target, int err)
{
	part_log_printf(&caller->log, "manage: partition %s: %s %s refused: %s\n", caller->spec.name, mgmt_op_name(op),
			target, mgmt_err_name(err));
	return err;
}

/* One call of `caller`; a read's text goes to o. */
static int manage(struct partition_rt *caller, int op, const uint64_t name_words[4], struct mgmt_out *o)
{
	char name[MGMT_NAME_MAX];
	enum mgmt_action act;
	struct partition_rt *t = NULL;
	int ti = 0, ret;

	if (!mgmt_op_known(op))
		return refuse(caller, op, "(no target)", MGMT_ERR_OP);
	if (op == MGMT_OP_RING) { /* its target is a channel, not a partition */
		if (!mgmt_name_unpack(name_words, name))
			return refuse(caller, op, "(malformed name)", MGMT_ERR_INVALID);
		ret = channel_ring(caller, name);
		return ret ? refuse(caller, op, name, ret) : MGMT_OK;
	}
	if (mgmt_op_has_target(op)) {
		if (!mgmt_name_unpack(name_words, name))
			return refuse(caller, op, "(malformed name)", MGMT_ERR_INVALID);
		ti = find(name);
		if (ti < 0)
			return refuse(caller, op, name, MGMT_ERR_NO_TARGET);
		t = &parts[ti];
	}
	if (!t || op == MGMT_OP_STATS) {
		ret = mgmt_decide(caller->spec.manages, (unsigned)ti, op, MGMT_RUNNING, &act);
		if (ret)
			return refuse(caller, op, t ? name : "(no target)", ret);
		if (op == MGMT_OP_LIST)
			list(o);
		else if (op == MGMT_OP_GROUPS)
			mgmt_format_groups(o, pmap, groups);
		else if (op == MGMT_OP_CHANNELS)
			channels_list(caller, o);
		else {
			uint64_t sums[EXIT_NR];

			exit_stats_sums(t, sums);
			mgmt_format_counters(o, t->spec.name, exit_reason_names, sums, EXIT_NR);
		}
		return o->overflow ? MGMT_ERR_TOO_LONG : MGMT_OK;
	}
	spin_lock(&t->lock);
	ret = mgmt_decide(caller->spec.manages, (unsigned)ti, op, state_of(t), &act);
	if (ret) {
		spin_unlock(&t->lock);
		return refuse(caller, op, name, ret);
	}
	part_log_printf(&caller->log, "manage: partition %s: %s %s\n", caller->spec.name, mgmt_op_name(op), name);
	t->last_stop = act == MGMT_ACT_STOP ? MGMT_STOP_MANAGED : MGMT_STOP_MANAGED_RESTART;
	partition_stop_remote(t, act != MGMT_ACT_STOP);
	spin_unlock(&t->lock);
	return MGMT_OK;
}

void manage_hypercall(struct partition_rt *p, struct trap_frame *f)
{
	struct mgmt_out o;
	uint64_t dst, buf_ipa = f->x[2], size = f->x[3];
	int op = (int)f->x[1];
	int ret;

	spin_lock(&p->mgmt_lock);
	mgmt_out_init(&o, p->mgmt_text, sizeof(p->mgmt_text));
	ret = manage(p, op, &f->x[4], &o);
	f->x[1] = ret == MGMT_OK || ret == MGMT_ERR_TOO_LONG ? o.len : 0;
	if (ret == MGMT_OK && o.len) {
		/* The whole buffer must be the caller's own memory; the text goes in only if it fits. */
		if (!size || !guest_mem_access(&p->mem, buf_ipa, size, &dst))
			ret = refuse(p, op, "(buffer outside the partition's memory)", MGMT_ERR_INVALID);
		else if (o.len > size)
			ret = MGMT_ERR_TOO_LONG;
		else
			memcpy((void *)dst, o.buf, o.len);
	}
	spin_unlock(&p->mgmt_lock);
	f->x[0] = (uint64_t)(int64_t)ret;
}

enum vdev_outcome manage_window_mmio(void *dev, unsigned vcpu, struct vdev_access *a)
{
	struct partition_rt *p = dev;
	struct mgmt_out o;
	enum vdev_outcome out;
	int cmd;

	(void)vcpu;
	spin_lock(&p->mgmt_lock);
	out = mgmt_window_access(&p->mgmt, MGMT_WINDOW_IPA, a, &cmd);
	if (out == VDEV_HANDLED && cmd) {
		int ret;

		mgmt_out_init(&o, p->mgmt_text, sizeof(p->mgmt_text));
		ret = manage(p, cmd, p->mgmt.name, &o);
		mgmt_window_result(&p->mgmt, ret, o.buf, (uint32_t)o.len);
	}
	spin_unlock(&p->mgmt_lock);
	return out;
}
